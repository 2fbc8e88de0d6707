// device_headers_check.cu: the per-pixel physics, RNG transformations and normalisation
// headers must compile as CUDA __host__ __device__ code, so the GPU backend (issue 4) can
// call the very functions the CPU path uses. CTest compiles this file with nvcc.
#include "grid.h"
#include "normalise.h"
#include "profiles.h"
#include "profiles_cnfw.h"
#include "profiles_sersic.h"
#include "rng.h"
#include "sampling.h"

__global__ void device_headers_check(float *out, lg_kappa_par p, lg_grid g, lg_dist d, lg_choice c,
                                     uint64_t seed)
{
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    const int n = g.npix * g.npix;
    if (i >= n)
        return;
    const float x = lg_pixel_center(&g, i % g.npix) - p.cx;
    const float y = lg_pixel_center(&g, i / g.npix) - p.cy;
    float v = lg_kappa_nfw(&p, x, y) + lg_kappa_nfw_ell(&p, x, y) + lg_kappa_sis(&p, x, y);
    v += lg_kappa_sie(&p, x, y) + lg_kappa_sersic(&p, x, y) + lg_kappa_sersic_ell(&p, x, y);
    v += lg_kappa_cnfw(&p, x, y) + lg_kappa_cnfw_ell(&p, x, y);
    v += lg_gauss_pixel(seed, 7, (uint32_t)n, (uint32_t)i);
    v += (float)lg_poisson(seed, 7, (uint32_t)i, 25.0);
    v += (float)lg_dist_draw(&d, seed, (uint64_t)i, LG_PID_Z_L);
    v += (float)lg_choice_draw(&c, seed, (uint64_t)i, LG_PID_PROFILE);
    out[i] = lg_normalise_value(v, 0.5f, 2.0f);
}
