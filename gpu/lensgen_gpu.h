/* lensgen_gpu.h: the CUDA side of lensgen, callable from C. Every function reports CUDA errors
 * with file and line on stderr and returns non-zero; none needs a GPU to link. Single kernels
 * for tests/gpu/test_gpu.c; the backend's device side is pipeline.h. */
#ifndef LG_GPU_H
#define LG_GPU_H

#include <stddef.h>
#include <stdint.h>

#include "grid.h"
#include "profiles.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Number of usable CUDA devices: 0 when there is no driver (cudaErrorInsufficientDriver) or no
 * device (cudaErrorNoDevice), as on machines without a GPU. */
int lg_gpu_device_count(void);

/* maps[i] = kappa of the one component pars[i] on grid g, computed on the current device with
 * the same inline float formulas as the CPU (profiles*.h); out holds n x npix^2 floats on the
 * host. The point mass (a cloud-in-cell deposit) is not a per-pixel formula: it returns 2. */
int lg_gpu_kappa_maps(const lg_kappa_par *pars, int n, const lg_grid *g, float *out);

/* The standard normal field of sample `index` (layout of lg_gauss_pixel), n pixels. */
int lg_gpu_gauss_field(uint64_t seed, uint64_t index, uint32_t n, float *out);

/* Philox4x32-10 words of (seed, index, stream, block = 0 .. n_blocks-1), 4 per block. */
int lg_gpu_philox(uint64_t seed, uint64_t index, uint32_t stream, uint32_t n_blocks, uint32_t *out);

#ifdef __cplusplus
}
#endif

#endif
