/* vector_math.h: let the compiler vectorise pixel loops that call logf, sinf, cosf (noise).
 * glibc's libmvec has SIMD variants of these, but <math.h> declares them only under
 * -ffast-math, which we avoid (it would relax IEEE semantics everywhere). Declaring the
 * variants ourselves keeps strict semantics and gets the vector calls (x86-64 glibc only). */
#ifndef LG_VECTOR_MATH_H
#define LG_VECTOR_MATH_H

#include <math.h>

#if defined(__x86_64__) && defined(__GLIBC__) && !defined(__CUDACC__) &&                           \
    !defined(__FAST_MATH__) && !defined(__clang__)
#pragma omp declare simd notinbranch
extern float logf(float);
#pragma omp declare simd notinbranch
extern float sinf(float);
#pragma omp declare simd notinbranch
extern float cosf(float);
#endif

#endif
