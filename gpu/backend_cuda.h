/* backend_cuda.h: the CUDA backend of the stage table (backend.h) and the binding of a rank to a
 * device. C only: the engine includes this, never CUDA headers. Builds without CUDA have the
 * same functions; they report that no device is usable (why: the build has no CUDA).
 *
 * Emulation: LENSGEN_CUDA_EMULATE=N (N >= 1) makes N "emulated devices" visible. The backend
 * then runs the very same kernel bodies and pipeline on the host (gpu/pipeline.hpp with the
 * host executor), so every build can test the CUDA path end to end without a GPU. */
#ifndef LG_BACKEND_CUDA_H
#define LG_BACKEND_CUDA_H

#include "backend.h"
#include "pipeline.h" /* lg_cuda_device */

/* Bind the calling process to device local_rank % n_visible (cudaSetDevice) and describe it in
 * *out. Returns 0, or -1 when no device is usable (out->why says why; nothing was changed). */
int lg_cuda_bind(int local_rank, lg_cuda_device *out);

/* The stage table of the CUDA backend: sampling (GSL) and analytic derived maps on the host,
 * every other map stage on the bound device. Call lg_cuda_bind first. */
extern const lg_backend_ops lg_backend_cuda_ops;

#endif
