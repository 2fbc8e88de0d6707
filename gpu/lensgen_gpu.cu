// lensgen_gpu.cu: single kernels over the shared inline physics and RNG headers (compiled here
// as __host__ __device__ through LG_INLINE) for tests/gpu/test_gpu.c: Philox words, the
// Gaussian field, kappa per component. The backend's pipeline is pipeline_cuda.cu.
#include <cstdio>

#include <cuda_runtime.h>

#include "lensgen_gpu.h"

// inline functions and types only: no extern "C" needed
#include "grid.h"
#include "kappa_at.h"
#include "lens_model.h"
#include "profiles.h"
#include "profiles_cnfw.h"
#include "profiles_sersic.h"
#include "rng.h"

#define CUDA_CHECK(call)                                                                           \
    do {                                                                                           \
        cudaError_t err_ = (call);                                                                 \
        if (err_ != cudaSuccess) {                                                                 \
            fprintf(stderr, "%s:%d: CUDA error %d (%s) in %s\n", __FILE__, __LINE__, (int)err_,    \
                    cudaGetErrorString(err_), #call);                                              \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

#define CUDA_CHECK_LAUNCH() CUDA_CHECK(cudaGetLastError())

__global__ static void kappa_kernel(const lg_kappa_par *pars, int n, lg_grid g, float *maps)
{
    const size_t npix2 = (size_t)g.npix * g.npix;
    const size_t i = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= (size_t)n * npix2)
        return;
    const lg_kappa_par p = pars[i / npix2];
    const int pix = (int)(i % npix2), ix = pix % g.npix, iy = pix / g.npix;
    maps[i] = lg_kappa_at(&p, lg_pixel_center(&g, ix) - p.cx, lg_pixel_center(&g, iy) - p.cy);
}

__global__ static void gauss_kernel(uint64_t seed, uint64_t index, uint32_t n, float *out)
{
    const uint32_t p = blockIdx.x * blockDim.x + threadIdx.x;
    if (p < n)
        out[p] = lg_gauss_pixel(seed, index, n, p);
}

__global__ static void philox_kernel(uint64_t seed, uint64_t index, uint32_t stream, uint32_t n,
                                     uint32_t *out)
{
    const uint32_t b = blockIdx.x * blockDim.x + threadIdx.x;
    if (b >= n)
        return;
    const lg_bits4 w = lg_philox(seed, index, stream, b);
    for (int k = 0; k < 4; ++k)
        out[4 * (size_t)b + k] = w.w[k];
}

extern "C" int lg_gpu_device_count(void)
{
    int n = 0;
    const cudaError_t err = cudaGetDeviceCount(&n);
    if (err == cudaErrorInsufficientDriver || err == cudaErrorNoDevice) {
        cudaGetLastError(); // clear the sticky error
        return 0;
    }
    return err == cudaSuccess ? n : 0;
}

static unsigned blocks_for(size_t n, unsigned threads)
{
    return (unsigned)((n + threads - 1) / threads);
}

// Device memory that is freed however the function returns (a failed call included).
template <class T> struct device_buffer {
    T *p = nullptr;
    ~device_buffer()
    {
        if (p)
            cudaFree(p);
    }
};

extern "C" int lg_gpu_kappa_maps(const lg_kappa_par *pars, int n, const lg_grid *g, float *out)
{
    for (int i = 0; i < n; ++i)
        if (pars[i].profile == LG_COMP_POINT)
            return 2;
    const size_t total = (size_t)n * g->npix * g->npix;
    device_buffer<lg_kappa_par> d_pars;
    device_buffer<float> d_maps;
    CUDA_CHECK(cudaMalloc(&d_pars.p, sizeof(lg_kappa_par) * (size_t)n));
    CUDA_CHECK(cudaMalloc(&d_maps.p, sizeof(float) * total));
    CUDA_CHECK(
        cudaMemcpy(d_pars.p, pars, sizeof(lg_kappa_par) * (size_t)n, cudaMemcpyHostToDevice));
    kappa_kernel<<<blocks_for(total, 256), 256>>>(d_pars.p, n, *g, d_maps.p);
    CUDA_CHECK_LAUNCH();
    CUDA_CHECK(cudaMemcpy(out, d_maps.p, sizeof(float) * total, cudaMemcpyDeviceToHost));
    return 0;
}

extern "C" int lg_gpu_gauss_field(uint64_t seed, uint64_t index, uint32_t n, float *out)
{
    device_buffer<float> d;
    CUDA_CHECK(cudaMalloc(&d.p, sizeof(float) * n));
    gauss_kernel<<<blocks_for(n, 256), 256>>>(seed, index, n, d.p);
    CUDA_CHECK_LAUNCH();
    CUDA_CHECK(cudaMemcpy(out, d.p, sizeof(float) * n, cudaMemcpyDeviceToHost));
    return 0;
}

extern "C" int lg_gpu_philox(uint64_t seed, uint64_t index, uint32_t stream, uint32_t n_blocks,
                             uint32_t *out)
{
    device_buffer<uint32_t> d;
    CUDA_CHECK(cudaMalloc(&d.p, sizeof(uint32_t) * 4 * (size_t)n_blocks));
    philox_kernel<<<blocks_for(n_blocks, 256), 256>>>(seed, index, stream, n_blocks, d.p);
    CUDA_CHECK_LAUNCH();
    CUDA_CHECK(
        cudaMemcpy(out, d.p, sizeof(uint32_t) * 4 * (size_t)n_blocks, cudaMemcpyDeviceToHost));
    return 0;
}
