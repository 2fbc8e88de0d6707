// pipeline_host.cpp: the emulated device: pipeline.hpp over HostExec, which runs each kernel
// body over every index in an OpenMP loop and transforms with FFTW (the same layouts as
// cuFFT). Also the C interface of pipeline.h, which picks this or the CUDA implementation.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <fftw3.h>
#include <omp.h>

#include "pipeline.hpp"

// (at namespace scope: nvcc-compatible, though only the C++ compiler sees this file)
struct HostExec {
    struct plan {
        fftwf_plan fwd = nullptr, inv = nullptr;
    };
    int n_threads = 1;

    int init(int threads)
    {
        n_threads = threads > 0 ? threads : 1;
        return 0;
    }
    void finish()
    {
    }
    int enter()
    {
        return 0;
    }
    int alloc(void **p, size_t bytes)
    {
        *p = fftwf_malloc(bytes ? bytes : 1);
        if (!*p) {
            fprintf(stderr, "lensgen: emulated device: out of memory (%zu bytes)\n", bytes);
            return 1;
        }
        memset(*p, 0, bytes);
        return 0;
    }
    void release(void *p)
    {
        fftwf_free(p);
    }
    int alloc_host(void **p, size_t bytes)
    {
        if (posix_memalign(p, 4096, bytes ? bytes : 1) != 0) {
            *p = nullptr;
            fprintf(stderr, "lensgen: emulated device: out of host memory (%zu bytes)\n", bytes);
            return 1;
        }
        memset(*p, 0, bytes);
        return 0;
    }
    void release_host(void *p)
    {
        free(p);
    }
    int to_device(void *d, const void *h, size_t bytes, int)
    {
        memcpy(d, h, bytes);
        return 0;
    }
    int to_host(void *h, const void *d, size_t bytes, int)
    {
        memcpy(h, d, bytes);
        return 0;
    }
    int sync()
    {
        return 0;
    }
    // Every index, as a grid of CUDA threads would; dynamic chunks: cusp pixels cost more.
    template <class F> int launch(int, size_t n, F f)
    {
        const long long count = (long long)n;
#pragma omp parallel for schedule(dynamic, 256) num_threads(n_threads)
        for (long long i = 0; i < count; ++i)
            f((size_t)i);
        return 0;
    }
    // width lines of length p, element (r, l) at r width + l (FFTW's advanced interface).
    int plan_lines(plan &pl, int p, size_t width, int)
    {
        float *r = (float *)fftwf_malloc(sizeof(float) * (size_t)p * width);
        fftwf_complex *c = fftwf_alloc_complex((size_t)(p / 2 + 1) * width);
        const int w = (int)width;
        if (r && c) {
            pl.fwd = fftwf_plan_many_dft_r2c(1, &p, w, r, nullptr, w, 1, c, nullptr, w, 1,
                                             FFTW_ESTIMATE);
            pl.inv = fftwf_plan_many_dft_c2r(1, &p, w, c, nullptr, w, 1, r, nullptr, w, 1,
                                             FFTW_ESTIMATE);
        }
        fftwf_free(r);
        fftwf_free(c);
        return planned(pl);
    }
    // batch grids of p x p, contiguous, spectra p x (p/2 + 1).
    int plan_grids(plan &pl, int p, int batch, int)
    {
        const int dims[2] = {p, p};
        const size_t real = (size_t)p * p, spec = (size_t)p * (p / 2 + 1);
        float *r = (float *)fftwf_malloc(sizeof(float) * real * batch);
        fftwf_complex *c = fftwf_alloc_complex(spec * batch);
        if (r && c) {
            pl.fwd = fftwf_plan_many_dft_r2c(2, dims, batch, r, nullptr, 1, (int)real, c, nullptr,
                                             1, (int)spec, FFTW_ESTIMATE);
            pl.inv = fftwf_plan_many_dft_c2r(2, dims, batch, c, nullptr, 1, (int)spec, r, nullptr,
                                             1, (int)real, FFTW_ESTIMATE);
        }
        fftwf_free(r);
        fftwf_free(c);
        return planned(pl);
    }
    int r2c(plan &pl, float *in, lg_cplx *out)
    {
        fftwf_execute_dft_r2c(pl.fwd, in, (fftwf_complex *)out);
        return 0;
    }
    int c2r(plan &pl, lg_cplx *in, float *out)
    {
        fftwf_execute_dft_c2r(pl.inv, (fftwf_complex *)in, out);
        return 0;
    }
    void destroy(plan &pl)
    {
        if (pl.fwd)
            fftwf_destroy_plan(pl.fwd);
        if (pl.inv)
            fftwf_destroy_plan(pl.inv);
        pl.fwd = pl.inv = nullptr;
    }

  private:
    static int planned(const plan &pl)
    {
        if (pl.fwd && pl.inv)
            return 0;
        fprintf(stderr, "lensgen: emulated device: FFTW could not plan a transform\n");
        return 1;
    }
};

// pipeline_cuda.cu, when the build has CUDA.
#ifdef LG_HAVE_CUDA
extern "C" lg_gpu_pipe *lg_gpu_pipe_create_cuda(const lg_gpu_setup *s);
extern "C" int lg_gpu_bind_cuda(int local_rank, lg_cuda_device *out);
#endif

extern "C" int lg_gpu_emulated_devices(void)
{
    const char *e = getenv("LENSGEN_CUDA_EMULATE");
    const int n = e ? atoi(e) : 0;
    return n > 0 ? n : 0;
}

extern "C" int lg_gpu_bind(int local_rank, lg_cuda_device *out)
{
    memset(out, 0, sizeof *out);
    const int emulated = lg_gpu_emulated_devices();
    if (emulated > 0) {
        out->emulated = 1;
        out->n_visible = emulated;
        out->device = local_rank % emulated;
        snprintf(out->name, sizeof out->name, "emulated CUDA device %d (host)", out->device);
        snprintf(out->pci_bus_id, sizeof out->pci_bus_id, "emulated:%d", out->device);
        return 0;
    }
#ifdef LG_HAVE_CUDA
    return lg_gpu_bind_cuda(local_rank, out);
#else
    snprintf(out->why, sizeof out->why,
             "this lensgen was built without CUDA (configure with -DLENSGEN_CUDA=ON where nvcc "
             "is installed)");
    return -1;
#endif
}

extern "C" lg_gpu_pipe *lg_gpu_pipe_create(const lg_gpu_setup *s, int emulated)
{
    if (!emulated) {
#ifdef LG_HAVE_CUDA
        return lg_gpu_pipe_create_cuda(s);
#else
        fprintf(stderr, "lensgen: this build has no CUDA\n");
        return nullptr;
#endif
    }
    auto *p = new (std::nothrow) lg_pipeline<HostExec>(*s);
    if (p && p->create(*s) != 0) {
        delete p;
        p = nullptr;
    }
    return p;
}

extern "C" double lg_gpu_pipe_device_bytes(const lg_gpu_setup *s)
{
    return lg_pipeline_bytes(*s);
}

extern "C" void lg_gpu_pipe_destroy(lg_gpu_pipe *p)
{
    delete p;
}

extern "C" lg_kappa_lens *lg_gpu_pipe_lenses(lg_gpu_pipe *p)
{
    return p->lenses;
}
extern "C" int *lg_gpu_pipe_aug(lg_gpu_pipe *p)
{
    return p->aug;
}
extern "C" float *lg_gpu_pipe_host_map(lg_gpu_pipe *p, int map)
{
    return p->host_map[map];
}
extern "C" const double *lg_gpu_pipe_stats(const lg_gpu_pipe *p)
{
    return p->stats;
}
extern "C" int lg_gpu_pipe_kappa(lg_gpu_pipe *p, int64_t count)
{
    return p->enter() || p->kappa(count);
}
extern "C" int lg_gpu_pipe_upload(lg_gpu_pipe *p, int maps, int64_t count)
{
    return p->enter() || p->upload(maps, count);
}
extern "C" int lg_gpu_pipe_derived(lg_gpu_pipe *p, int64_t count)
{
    return p->enter() || p->derived(count);
}
extern "C" int lg_gpu_pipe_noise(lg_gpu_pipe *p, int64_t first, int64_t count)
{
    return p->enter() || p->noise(first, count);
}
extern "C" int lg_gpu_pipe_normalise(lg_gpu_pipe *p, int64_t count)
{
    return p->enter() || p->normalise(count);
}
extern "C" int lg_gpu_pipe_augment(lg_gpu_pipe *p, int64_t count)
{
    return p->enter() || p->augment(count);
}
extern "C" int lg_gpu_pipe_download(lg_gpu_pipe *p, int64_t count)
{
    return p->enter() || p->download(count);
}
