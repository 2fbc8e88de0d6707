// pipeline_cuda.cu: pipeline.hpp on a CUDA device: each body launched over its indices
// (lg_launch_kernel), two non-blocking streams, cuFFT in FFTW's layouts, pinned host buffers;
// and the binding of a rank to its device. Every CUDA call is checked; on a failure the
// pipeline's destructor frees what was allocated.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <cuda_runtime.h>
#include <cufft.h>

#include "pipeline.hpp"

#define LG_CUDA_OK(call)                                                                           \
    do {                                                                                           \
        const cudaError_t err_ = (call);                                                           \
        if (err_ != cudaSuccess) {                                                                 \
            fprintf(stderr, "lensgen: %s:%d: CUDA error %d (%s) in %s\n", __FILE__, __LINE__,      \
                    (int)err_, cudaGetErrorString(err_), #call);                                   \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

#define LG_CUFFT_OK(call)                                                                          \
    do {                                                                                           \
        const cufftResult err_ = (call);                                                           \
        if (err_ != CUFFT_SUCCESS) {                                                               \
            fprintf(stderr, "lensgen: %s:%d: cuFFT error %d in %s\n", __FILE__, __LINE__,          \
                    (int)err_, #call);                                                             \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

template <class F> __global__ void lg_launch_kernel(size_t n, F f)
{
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        f(i);
}

struct CudaExec {
    struct plan {
        cufftHandle fwd = 0, inv = 0;
        bool made = false;
    };
    cudaStream_t st[2] = {nullptr, nullptr};
    int device = 0;

    int init(int)
    {
        LG_CUDA_OK(cudaGetDevice(&device)); // the one lg_gpu_bind selected on this thread
        for (int k = 0; k < 2; ++k)
            LG_CUDA_OK(cudaStreamCreateWithFlags(&st[k], cudaStreamNonBlocking));
        return 0;
    }
    void finish()
    {
        for (int k = 0; k < 2; ++k)
            if (st[k])
                cudaStreamDestroy(st[k]);
    }
    int enter()
    {
        LG_CUDA_OK(cudaSetDevice(device));
        return 0;
    }
    int alloc(void **p, size_t bytes)
    {
        *p = nullptr;
        LG_CUDA_OK(cudaMalloc(p, bytes ? bytes : 1));
        LG_CUDA_OK(cudaMemset(*p, 0, bytes));
        return 0;
    }
    void release(void *p)
    {
        if (p)
            cudaFree(p);
    }
    // page-aligned for the writer's O_DIRECT path, then pinned for asynchronous copies
    int alloc_host(void **p, size_t bytes)
    {
        if (posix_memalign(p, 4096, bytes ? bytes : 1) != 0) {
            *p = nullptr;
            fprintf(stderr, "lensgen: out of host memory (%zu bytes)\n", bytes);
            return 1;
        }
        memset(*p, 0, bytes);
        const cudaError_t err = cudaHostRegister(*p, bytes ? bytes : 1, cudaHostRegisterDefault);
        if (err != cudaSuccess) {
            free(*p);
            *p = nullptr;
            LG_CUDA_OK(err);
        }
        return 0;
    }
    void release_host(void *p)
    {
        if (p) {
            cudaHostUnregister(p);
            free(p);
        }
    }
    int to_device(void *d, const void *h, size_t bytes, int s)
    {
        LG_CUDA_OK(cudaMemcpyAsync(d, h, bytes, cudaMemcpyHostToDevice, st[s]));
        return 0;
    }
    int to_host(void *h, const void *d, size_t bytes, int s)
    {
        LG_CUDA_OK(cudaMemcpyAsync(h, d, bytes, cudaMemcpyDeviceToHost, st[s]));
        return 0;
    }
    int sync()
    {
        for (int k = 0; k < 2; ++k)
            LG_CUDA_OK(cudaStreamSynchronize(st[k]));
        return 0;
    }
    template <class F> int launch(int s, size_t n, F f)
    {
        if (n == 0)
            return 0;
        const unsigned threads = 256;
        lg_launch_kernel<<<(unsigned)((n + threads - 1) / threads), threads, 0, st[s]>>>(n, f);
        LG_CUDA_OK(cudaGetLastError());
        return 0;
    }
    int plan_lines(plan &pl, int p, size_t width, int s)
    {
        int len[1] = {p}, rembed[1] = {p}, cembed[1] = {p / 2 + 1};
        const int w = (int)width;
        LG_CUFFT_OK(cufftPlanMany(&pl.fwd, 1, len, rembed, w, 1, cembed, w, 1, CUFFT_R2C, w));
        pl.made = true;
        LG_CUFFT_OK(cufftPlanMany(&pl.inv, 1, len, cembed, w, 1, rembed, w, 1, CUFFT_C2R, w));
        LG_CUFFT_OK(cufftSetStream(pl.fwd, st[s]));
        LG_CUFFT_OK(cufftSetStream(pl.inv, st[s]));
        return 0;
    }
    int plan_grids(plan &pl, int p, int batch, int s)
    {
        int dims[2] = {p, p};
        LG_CUFFT_OK(
            cufftPlanMany(&pl.fwd, 2, dims, nullptr, 1, 0, nullptr, 1, 0, CUFFT_R2C, batch));
        pl.made = true;
        LG_CUFFT_OK(
            cufftPlanMany(&pl.inv, 2, dims, nullptr, 1, 0, nullptr, 1, 0, CUFFT_C2R, batch));
        LG_CUFFT_OK(cufftSetStream(pl.fwd, st[s]));
        LG_CUFFT_OK(cufftSetStream(pl.inv, st[s]));
        return 0;
    }
    int r2c(plan &pl, float *in, lg_cplx *out)
    {
        LG_CUFFT_OK(cufftExecR2C(pl.fwd, in, (cufftComplex *)out));
        return 0;
    }
    int c2r(plan &pl, lg_cplx *in, float *out)
    {
        LG_CUFFT_OK(cufftExecC2R(pl.inv, (cufftComplex *)in, out));
        return 0;
    }
    void destroy(plan &pl)
    {
        if (pl.made) {
            if (pl.fwd)
                cufftDestroy(pl.fwd);
            if (pl.inv)
                cufftDestroy(pl.inv);
        }
        pl = plan();
    }
};

static_assert(sizeof(lg_cplx) == sizeof(cufftComplex), "complex layout");

extern "C" lg_gpu_pipe *lg_gpu_pipe_create_cuda(const lg_gpu_setup *s)
{
    auto *p = new (std::nothrow) lg_pipeline<CudaExec>(*s);
    if (p && p->create(*s) != 0) {
        delete p;
        p = nullptr;
    }
    return p;
}

extern "C" int lg_gpu_bind_cuda(int local_rank, lg_cuda_device *out)
{
    int n = 0;
    const cudaError_t err = cudaGetDeviceCount(&n);
    if (err != cudaSuccess || n < 1) {
        const char *vis = getenv("CUDA_VISIBLE_DEVICES");
        const char *what = err == cudaErrorInsufficientDriver
                               ? "no usable CUDA driver (not a GPU node, or a driver older than "
                                 "this build's CUDA runtime)"
                           : err == cudaErrorNoDevice || err == cudaSuccess
                               ? "no CUDA device is visible"
                               : cudaGetErrorString(err);
        snprintf(out->why, sizeof out->why, "%s%s%s%s", what, vis ? " (CUDA_VISIBLE_DEVICES=" : "",
                 vis ? vis : "", vis ? ")" : "");
        cudaGetLastError(); // clear the sticky error
        return -1;
    }
    const int dev = local_rank % n;
    cudaDeviceProp prop;
    if (cudaSetDevice(dev) != cudaSuccess || cudaGetDeviceProperties(&prop, dev) != cudaSuccess) {
        snprintf(out->why, sizeof out->why, "device %d of %d: %s", dev, n,
                 cudaGetErrorString(cudaGetLastError()));
        return -1;
    }
    out->device = dev;
    out->n_visible = n;
    snprintf(out->name, sizeof out->name, "%.127s", prop.name);
    if (cudaDeviceGetPCIBusId(out->pci_bus_id, (int)sizeof out->pci_bus_id, dev) != cudaSuccess)
        snprintf(out->pci_bus_id, sizeof out->pci_bus_id, "?");
    cudaRuntimeGetVersion(&out->runtime_version);
    cudaDriverGetVersion(&out->driver_version);
    // the cusp quadrature keeps a small explicit stack per thread (cusp_nodes.h)
    cudaDeviceSetLimit(cudaLimitStackSize, 16384);
    cudaGetLastError();
    return 0;
}
