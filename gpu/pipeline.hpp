// pipeline.hpp: the map stages of the CUDA backend, written once over an executor: CudaExec
// (pipeline_cuda.cu: kernels on two streams, cuFFT) or HostExec (pipeline_host.cpp: the same
// bodies in OpenMP loops, FFTW). An executor provides
//   int alloc(void **, size_t) / void release(void *)            device memory (zeroed)
//   int alloc_host(void **, size_t) / void release_host(void *)  pinned, 4096-aligned host memory
//   int to_device(void *, const void *, size_t, int stream), to_host(...)  copies, ordered on
//   stream int sync()                                                   wait for both streams
//   template <class F> int launch(int stream, size_t n, F f)     f(i) for i < n, on stream
//   Plan; int plan_lines(Plan &, int p, size_t width, int stream)  width batched 1-D r2c/c2r
//   int plan_grids(Plan &, int p, int batch, int stream)           batched 2-D p x p r2c/c2r
//   int r2c(Plan &, float *, lg_cplx *), c2r(Plan &, lg_cplx *, float *); void destroy(Plan &)
// and says on stderr what failed. Unnormalised transforms, FFTW's layout, as the CPU uses.
#ifndef LG_GPU_PIPELINE_HPP
#define LG_GPU_PIPELINE_HPP

#include <cstdio>
#include <cstring>

#include "pipeline.h"

#ifdef __CUDACC__
#define LG_LAMBDA __host__ __device__
#else
#define LG_LAMBDA
#endif

// The C interface's handle: the stages of one implementation.
struct lg_gpu_pipe {
    virtual ~lg_gpu_pipe()
    {
    }
    // Make this pipeline's device current on the calling thread (the engine computes on a
    // thread of its own, and CUDA's current device is per thread); before every stage.
    virtual int enter() = 0;
    virtual int kappa(int64_t count) = 0;
    virtual int upload(int maps, int64_t count) = 0;
    virtual int derived(int64_t count) = 0;
    virtual int noise(int64_t first, int64_t count) = 0;
    virtual int normalise(int64_t count) = 0;
    virtual int augment(int64_t count) = 0;
    virtual int download(int64_t count) = 0;
    lg_kappa_lens *lenses = nullptr;
    int *aug = nullptr;
    float *host_map[LG_N_MAPS] = {};
    double *stats = nullptr;
};

struct lg_map_ptrs {
    float *m[LG_N_MAPS];
};

// Which map each FFT kernel (lg_fft_lensing_kernels' order) gives.
static const int lg_fft_kernel_map[5] = {LG_MAP_PSI, LG_MAP_ALPHA_X, LG_MAP_ALPHA_Y, LG_MAP_GAMMA1,
                                         LG_MAP_GAMMA2};

template <class Exec> class lg_pipeline : public lg_gpu_pipe
{
  public:
    Exec ex;

    explicit lg_pipeline(const lg_gpu_setup &setup) : s(setup)
    {
        n = s.npix;
        n2 = (size_t)n * (size_t)n;
        chunk = (s.capacity + 1) / 2; // two chunks, two streams
        s.smooth_kernel_k = nullptr;  // the tables live in device copies below
        s.smooth_inv_inside = nullptr;
        s.fft_kernels = nullptr;
    }

    // Everything allocated once; returns 0 or -1.
    int create(const lg_gpu_setup &tables)
    {
        if (ex.init(s.n_threads) != 0)
            return -1;
        const size_t cap = (size_t)s.capacity;
        if (host(&lenses, cap * sizeof(lg_kappa_lens)) || host(&aug, 2 * cap * sizeof(int)) ||
            host(&stats, 4 * cap * sizeof(double)) || dev(&d_lenses, cap * sizeof(lg_kappa_lens)) ||
            dev(&d_aug, 2 * cap * sizeof(int)) || dev(&d_stats, 4 * cap * sizeof(double)))
            return -1;
        for (int m = 0; m < LG_N_MAPS; ++m) {
            if (!(s.maps >> m & 1))
                continue;
            if (host(&host_map[m], cap * n2 * sizeof(float)) || dev(&d_map[m], cap * n2 * 4))
                return -1;
            if (s.augment && dev(&d_alt[m], cap * n2 * sizeof(float)))
                return -1;
        }
        if (s.smooth) {
            const size_t pc = (size_t)(s.smooth_p / 2 + 1), width = (size_t)chunk * n;
            if (dev(&d_smooth_k, pc * sizeof(lg_cplx)) || dev(&d_inv_inside, n * sizeof(float)) ||
                ex.to_device(d_smooth_k, tables.smooth_kernel_k, pc * sizeof(lg_cplx), 0) ||
                ex.to_device(d_inv_inside, tables.smooth_inv_inside, n * sizeof(float), 0))
                return -1;
            if (s.smooth_observed && dev(&d_signal, cap * n2 * sizeof(float)))
                return -1;
            for (int k = 0; k < 2; ++k)
                if (dev(&w[k].lines, (size_t)s.smooth_p * width * sizeof(float)) ||
                    dev(&w[k].spec, pc * width * sizeof(lg_cplx)) ||
                    ex.plan_lines(w[k].lines_plan, s.smooth_p, width, k) != 0)
                    return -1;
        }
        if (s.derived_fft) {
            const size_t p = 2 * (size_t)n, pc = p * (p / 2 + 1), c = (size_t)chunk;
            if (dev(&d_fft_k, 5 * pc * sizeof(lg_cplx)) ||
                ex.to_device(d_fft_k, tables.fft_kernels, 5 * pc * sizeof(lg_cplx), 0))
                return -1;
            for (int k = 0; k < 2; ++k)
                if (dev(&w[k].grid, c * p * p * sizeof(float)) ||
                    dev(&w[k].kk, c * pc * sizeof(lg_cplx)) ||
                    dev(&w[k].wk, c * pc * sizeof(lg_cplx)) ||
                    ex.plan_grids(w[k].grid_plan, (int)p, (int)c, k) != 0)
                    return -1;
        }
        return ex.sync();
    }

    int enter() override
    {
        return ex.enter();
    }

    ~lg_pipeline() override
    {
        ex.enter();
        ex.sync();
        for (int k = 0; k < 2; ++k) {
            ex.destroy(w[k].lines_plan);
            ex.destroy(w[k].grid_plan);
            ex.release(w[k].lines);
            ex.release(w[k].spec);
            ex.release(w[k].grid);
            ex.release(w[k].kk);
            ex.release(w[k].wk);
        }
        for (int m = 0; m < LG_N_MAPS; ++m) {
            ex.release(d_map[m]);
            ex.release(d_alt[m]);
            ex.release_host(host_map[m]);
        }
        ex.release(d_signal);
        ex.release(d_lenses);
        ex.release(d_aug);
        ex.release(d_stats);
        ex.release(d_smooth_k);
        ex.release(d_inv_inside);
        ex.release(d_fft_k);
        ex.release_host(lenses);
        ex.release_host(aug);
        ex.release_host(stats);
        ex.finish();
    }

    int kappa(int64_t count) override
    {
        const lg_kappa_setup ks = s.kappa;
        if (!(s.maps >> LG_MAP_KAPPA & 1))
            return 0; /* not written and nothing needs it (lg_maps_computed) */
        for (int64_t c0 = 0; c0 < count; c0 += chunk) {
            const int st = stream_of(c0);
            const size_t cnt = (size_t)(count - c0 < chunk ? count - c0 : chunk);
            const lg_kappa_lens *lens = d_lenses + c0;
            float *map = d_map[LG_MAP_KAPPA] + c0 * n2;
            if (ex.to_device(d_lenses + c0, lenses + c0, cnt * sizeof(lg_kappa_lens), st) ||
                ex.launch(st, cnt * n2,
                          [=] LG_LAMBDA(size_t i) { lg_kb_kappa(i, &ks, lens, map); }))
                return 1;
        }
        return 0;
    }

    int upload(int maps, int64_t count) override
    {
        for (int64_t c0 = 0; c0 < count; c0 += chunk)
            for (int m = 0; m < LG_N_MAPS; ++m)
                if ((maps & s.maps) >> m & 1)
                    if (ex.to_device(d_map[m] + c0 * n2, host_map[m] + c0 * n2,
                                     cnt_of(c0, count) * n2 * sizeof(float), stream_of(c0)))
                        return 1;
        return 0;
    }

    int derived(int64_t count) override
    {
        if (!s.derived_fft)
            return 0;
        const int npix = n;
        const size_t p = 2 * (size_t)n, pc = p * (p / 2 + 1);
        for (int64_t c0 = 0; c0 < count; c0 += chunk) {
            const int st = stream_of(c0);
            const size_t cnt = cnt_of(c0, count);
            work &wk = w[st];
            const float *kappa = d_map[LG_MAP_KAPPA] + c0 * n2;
            float *grid = wk.grid;
            lg_cplx *kk = wk.kk, *spec = wk.wk;
            if (ex.launch(st, cnt * p * p,
                          [=] LG_LAMBDA(size_t i) { lg_kb_fft_pad(i, npix, kappa, grid); }) ||
                ex.r2c(wk.grid_plan, grid, kk))
                return 1;
            for (int k = 0; k < 5; ++k) {
                const lg_cplx *kernel = d_fft_k + (size_t)k * pc;
                float *map = d_map[lg_fft_kernel_map[k]] + c0 * n2;
                if (ex.launch(
                        st, cnt * pc,
                        [=] LG_LAMBDA(size_t i) { lg_kb_fft_mul(i, pc, kernel, kk, spec); }) ||
                    ex.c2r(wk.grid_plan, spec, grid) ||
                    ex.launch(st, cnt * n2,
                              [=] LG_LAMBDA(size_t i) { lg_kb_fft_unpad(i, npix, grid, map); }))
                    return 1;
            }
            if (s.maps >> LG_MAP_MU & 1) {
                const float *g1 = d_map[LG_MAP_GAMMA1] + c0 * n2,
                            *g2 = d_map[LG_MAP_GAMMA2] + c0 * n2;
                float *mu = d_map[LG_MAP_MU] + c0 * n2;
                if (ex.launch(st, cnt * n2,
                              [=] LG_LAMBDA(size_t i) { lg_kb_mu(i, kappa, g1, g2, mu); }))
                    return 1;
            }
        }
        return 0;
    }

    int noise(int64_t first, int64_t count) override
    {
        if (!d_map[LG_MAP_KAPPA_NOISY])
            return 0;
        const lg_white_setup ws = s.white;
        const lg_snr_model sm = s.snr;
        const size_t nn = n2;
        for (int64_t c0 = 0; c0 < count; c0 += chunk) {
            const int st = stream_of(c0);
            const size_t cnt = cnt_of(c0, count);
            const uint64_t f0 = (uint64_t)(first + c0);
            const float *kappa = d_map[LG_MAP_KAPPA] + c0 * n2;
            float *field = d_map[LG_MAP_KAPPA_NOISY] + c0 * n2;
            double *stats_c = d_stats + 4 * c0;
            if (ex.launch(st, cnt * n2,
                          [=] LG_LAMBDA(size_t i) { lg_kb_white(i, &ws, nn, f0, kappa, field); }))
                return 1;
            const float *signal = kappa;
            if (s.smooth) {
                if (smooth(field, cnt, st))
                    return 1;
                if (s.smooth_observed) {
                    float *sig = d_signal + c0 * n2;
                    if (ex.launch(st, cnt * n2,
                                  [=] LG_LAMBDA(size_t i) { lg_kb_copy(i, kappa, sig); }) ||
                        smooth(sig, cnt, st))
                        return 1;
                    signal = sig;
                }
            }
            if (ex.launch(st, cnt * n2, [=] LG_LAMBDA(size_t i) { lg_kb_add(i, signal, field); }) ||
                ex.launch(st, cnt, [=] LG_LAMBDA(size_t j) {
                    lg_kb_snr(j, &sm, nn, kappa, signal, stats_c);
                }))
                return 1;
        }
        return 0;
    }

    int normalise(int64_t count) override
    {
        if (!d_map[LG_MAP_KAPPA_NOISY] || s.normalise == LG_NORM_NONE)
            return 0;
        const int method = s.normalise;
        const size_t nn = n2;
        for (int64_t c0 = 0; c0 < count; c0 += chunk) {
            float *map = d_map[LG_MAP_KAPPA_NOISY] + c0 * n2;
            double *stats_c = d_stats + 4 * c0;
            if (ex.launch(stream_of(c0), cnt_of(c0, count), [=] LG_LAMBDA(size_t j) {
                    lg_kb_normalise(j, method, nn, map, stats_c);
                }))
                return 1;
        }
        return 0;
    }

    int augment(int64_t count) override
    {
        if (!s.augment)
            return 0;
        const int npix = n;
        for (int64_t c0 = 0; c0 < count; c0 += chunk) {
            const int st = stream_of(c0);
            const size_t cnt = cnt_of(c0, count);
            lg_map_ptrs in, out;
            for (int m = 0; m < LG_N_MAPS; ++m) {
                in.m[m] = d_map[m] ? d_map[m] + c0 * n2 : nullptr;
                out.m[m] = d_alt[m] ? d_alt[m] + c0 * n2 : nullptr;
            }
            const int *a = d_aug + 2 * c0;
            if (ex.to_device(d_aug + 2 * c0, aug + 2 * c0, 2 * cnt * sizeof(int), st) ||
                ex.launch(st, cnt * n2,
                          [=] LG_LAMBDA(size_t i) { lg_kb_augment(i, npix, a, in.m, out.m); }))
                return 1;
        }
        for (int m = 0; m < LG_N_MAPS; ++m) { // the transformed maps are now the maps
            float *t = d_map[m];
            d_map[m] = d_alt[m];
            d_alt[m] = t;
        }
        return 0;
    }

    int download(int64_t count) override
    {
        for (int64_t c0 = 0; c0 < count; c0 += chunk) {
            const int st = stream_of(c0);
            const size_t cnt = cnt_of(c0, count);
            for (int m = 0; m < LG_N_MAPS; ++m)
                if ((s.maps_out & s.maps) >> m & 1)
                    if (ex.to_host(host_map[m] + c0 * n2, d_map[m] + c0 * n2,
                                   cnt * n2 * sizeof(float), st))
                        return 1;
            if (ex.to_host(stats + 4 * c0, d_stats + 4 * c0, 4 * cnt * sizeof(double), st))
                return 1;
        }
        return ex.sync();
    }

    // (public: nvcc's extended lambdas may not sit in private members or use private types)
    struct work {
        float *lines = nullptr, *grid = nullptr;
        lg_cplx *spec = nullptr, *kk = nullptr, *wk = nullptr;
        typename Exec::plan lines_plan, grid_plan;
    };
    lg_gpu_setup s;
    int n = 0;
    size_t n2 = 0;
    int64_t chunk = 1;
    float *d_map[LG_N_MAPS] = {}, *d_alt[LG_N_MAPS] = {}, *d_signal = nullptr;
    lg_kappa_lens *d_lenses = nullptr;
    int *d_aug = nullptr;
    double *d_stats = nullptr;
    lg_cplx *d_smooth_k = nullptr, *d_fft_k = nullptr;
    float *d_inv_inside = nullptr;
    work w[2];

    template <class T> int dev(T **p, size_t bytes)
    {
        void *v = nullptr;
        const int err = ex.alloc(&v, bytes);
        *p = (T *)v;
        return err;
    }
    template <class T> int host(T **p, size_t bytes)
    {
        void *v = nullptr;
        const int err = ex.alloc_host(&v, bytes);
        *p = (T *)v;
        return err;
    }
    int stream_of(int64_t c0) const
    {
        return (int)((c0 / chunk) & 1);
    }
    size_t cnt_of(int64_t c0, int64_t count) const
    {
        return (size_t)(count - c0 < chunk ? count - c0 : chunk);
    }

    // Smooth cnt maps at map in place (smoothing.c's two separable passes) on stream st.
    int smooth(float *map, size_t cnt, int st)
    {
        work &wk = w[st];
        const int npix = n;
        const size_t width = (size_t)chunk * n, valid = cnt * n, p = (size_t)s.smooth_p;
        const size_t pc = p / 2 + 1;
        float *lines = wk.lines;
        lg_cplx *spec = wk.spec;
        const lg_cplx *kern = d_smooth_k;
        const float *inside = d_inv_inside;
        for (int pass = 0; pass < 2; ++pass) {
            if (ex.launch(st, p * width,
                          [=] LG_LAMBDA(size_t i) {
                              if (i % width < valid)
                                  lg_kb_smooth_pad(i, npix, width, pass, map, lines);
                          }) ||
                ex.r2c(wk.lines_plan, lines, spec) ||
                ex.launch(st, pc * width,
                          [=] LG_LAMBDA(size_t i) { lg_kb_smooth_mul(i, width, kern, spec); }) ||
                ex.c2r(wk.lines_plan, spec, lines) ||
                ex.launch(st, cnt * n2, [=] LG_LAMBDA(size_t i) {
                    lg_kb_smooth_unpad(i, npix, width, pass, inside, lines, map);
                }))
                return 1;
        }
        return 0;
    }
};

// Device bytes of a set-up (the buffers of create above).
static inline double lg_pipeline_bytes(const lg_gpu_setup &s)
{
    const double cap = (double)s.capacity, n2 = (double)s.npix * s.npix, chunk = (cap + 1) / 2;
    int n_maps = 0;
    for (int m = 0; m < LG_N_MAPS; ++m)
        n_maps += s.maps >> m & 1;
    double b = cap * (sizeof(lg_kappa_lens) + 2 * sizeof(int) + 4 * sizeof(double));
    b += cap * n2 * 4 * n_maps * (s.augment ? 2 : 1);
    if (s.smooth) {
        const double width = chunk * s.npix, p = s.smooth_p;
        b += 2 * width * (p * 4 + (p / 2 + 1) * 8) + (s.smooth_observed ? cap * n2 * 4 : 0);
    }
    if (s.derived_fft) {
        const double p = 2.0 * s.npix, pc = p * (p / 2 + 1);
        b += 5 * pc * 8 + 2 * chunk * (p * p * 4 + 2 * pc * 8);
    }
    return b;
}

#endif
