/* hd.h: one macro so per-pixel physics compiles as plain C and as CUDA
 * __host__ __device__ code (the GPU backend reuses these headers). */
#ifndef LG_HD_H
#define LG_HD_H

#ifdef __CUDACC__
#define LG_HD __host__ __device__ __forceinline__
#define LG_INLINE static __host__ __device__ __forceinline__
#else
#define LG_HD static inline
#define LG_INLINE static inline
#endif

#endif
