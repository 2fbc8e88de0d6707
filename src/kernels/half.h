/* half.h: float32 -> IEEE 754 binary16 (output.dtype = float16), rounding to nearest, ties to
 * even, as every IEEE conversion does: overflow to +-inf (|x| >= 65520), subnormal halves below
 * 2^-14, NaN kept a NaN. On x86-64 with F16C (every AVX2 CPU) the conversion instruction does
 * 8 values at a time; else the compiler's _Float16 where it has one (GCC >= 12 on x86-64 makes a
 * scalar instruction of it); lg_half_from_float_soft is the portable version, and the unit test
 * checks they agree. */
#ifndef LG_HALF_H
#define LG_HALF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hd.h"

LG_INLINE uint16_t lg_half_from_float_soft(float f)
{
    uint32_t x;
    memcpy(&x, &f, sizeof x);
    const uint32_t sign = (x >> 16) & 0x8000u, absx = x & 0x7fffffffu;
    if (absx >= 0x7f800000u) /* inf, or NaN (quiet, top payload bits kept) */
        return (uint16_t)(sign | 0x7c00u |
                          (absx > 0x7f800000u ? 0x200u | (absx >> 13 & 0x3ffu) : 0));
    if (absx >= 0x477ff000u) /* 65520 and above round to inf */
        return (uint16_t)(sign | 0x7c00u);
    const uint32_t exp = absx >> 23, mant = absx & 0x7fffffu;
    if (exp < 113) { /* below 2^-14: a subnormal half in units of 2^-24, or zero */
        if (exp < 102)
            return (uint16_t)sign;
        const uint32_t m = mant | 0x800000u, shift = 126 - exp;
        uint32_t q = m >> shift;
        const uint32_t rem = m & ((1u << shift) - 1u), halfway = 1u << (shift - 1);
        q += rem > halfway || (rem == halfway && (q & 1u));
        return (uint16_t)(sign | q);
    }
    uint32_t h = ((exp - 112) << 10) | (mant >> 13);
    const uint32_t rem = mant & 0x1fffu;
    h += rem > 0x1000u || (rem == 0x1000u && (h & 1u)); /* a carry moves into the exponent */
    return (uint16_t)(sign | h);
}

#if defined(__F16C__) && !defined(__CUDACC__)
#include <immintrin.h>
#define LG_HAVE_F16C 1
#elif defined(__FLT16_MAX__) && !defined(__CUDACC__)
#define LG_HAVE_FLOAT16 1
#endif

/* out[i] = the binary16 bits of in[i]. */
static inline void lg_half_from_float_n(const float *restrict in, uint16_t *restrict out, size_t n)
{
#if defined(LG_HAVE_F16C)
    size_t i = 0;
    for (; i + 8 <= n; i += 8) /* rounding: to nearest, ties to even; no exception flags */
        _mm_storeu_si128((__m128i *)(out + i),
                         _mm256_cvtps_ph(_mm256_loadu_ps(in + i),
                                         _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
    for (; i < n; ++i)
        out[i] = lg_half_from_float_soft(in[i]);
#elif defined(LG_HAVE_FLOAT16)
#pragma omp simd
    for (size_t i = 0; i < n; ++i) {
        _Float16 h = (_Float16)in[i];
        memcpy(&out[i], &h, sizeof h);
    }
#else
    for (size_t i = 0; i < n; ++i)
        out[i] = lg_half_from_float_soft(in[i]);
#endif
}

#endif
