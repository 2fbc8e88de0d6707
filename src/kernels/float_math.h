/* float_math.h: logf, atanf and expf in float from +, *, / and bit operations only.
 *
 * Why our own rather than libm/libmvec: (1) in the vectorised NFW loop GCC evaluates the
 * libmvec logf under a zero-mask for the lanes it does not need, and logf(0) sends glibc's
 * vector logf to a scalar fallback that took half the run time; inline arithmetic has no such
 * path. (2) Built only from correctly rounded IEEE operations (no FMA contraction: C17 mode
 * here, --fmad=false for CUDA), the same code gives the same bits on the CPU and the GPU.
 * The polynomials are those of the Cephes library (S. L. Moshier, "Methods and Programs for
 * Mathematical Functions", 1989; logf.c and atanf.c): peak relative error ~1e-7 in float. */
#ifndef LG_FLOAT_MATH_H
#define LG_FLOAT_MATH_H

#include <stdint.h>
#include <string.h>

#include "hd.h"

LG_INLINE uint32_t lg_float_bits(float x)
{
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

LG_INLINE float lg_bits_float(uint32_t u)
{
    float x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* Natural log of a positive, finite, normal float. */
LG_INLINE float lg_logf(float x)
{
    /* x = m 2^e with m in [sqrt(1/2), sqrt(2)): shift the exponent so the mantissa lands
     * in that interval (0x3f3504f3 is sqrt(1/2)) */
    const uint32_t u = lg_float_bits(x) - 0x3f3504f3u;
    const float e = (float)((int32_t)u >> 23);
    const float m = lg_bits_float((u & 0x007fffffu) + 0x3f3504f3u);
    const float f = m - 1.0f; /* in [-0.293, 0.414] */
    const float z = f * f;
    float p = 7.0376836292e-2f;
    p = p * f - 1.1514610310e-1f;
    p = p * f + 1.1676998740e-1f;
    p = p * f - 1.2420140846e-1f;
    p = p * f + 1.4249322787e-1f;
    p = p * f - 1.6668057665e-1f;
    p = p * f + 2.0000714765e-1f;
    p = p * f - 2.4999993993e-1f;
    p = p * f + 3.3333331174e-1f;
    float y = p * f * z;
    y = y + -2.12194440e-4f * e; /* ln 2 split in two parts for accuracy */
    y = y + -0.5f * z;
    return f + y + 0.693359375f * e;
}

/* Arc tangent of a float > 0 (range reduction at tan(pi/8) and tan(3 pi/8)). Both reduced
 * arguments are computed and one selected: compilers do not if-convert a division that might
 * trap, and a branch would stop the pixel loop from vectorising. */
LG_INLINE float lg_atanf_pos(float x)
{
    const int big = x > 2.414213562373095f, mid = x > 0.4142135623730950f;
    const float x_big = -1.0f / x, x_mid = (x - 1.0f) / (x + 1.0f);
    const float xr = big ? x_big : mid ? x_mid : x;
    const float base = big ? 1.5707963267948966f : mid ? 0.7853981633974483f : 0.0f;
    const float z = xr * xr;
    float p = 8.05374449538e-2f;
    p = p * z - 1.38776856032e-1f;
    p = p * z + 1.99777106478e-1f;
    p = p * z - 3.33329491539e-1f;
    return base + (p * z * xr + xr);
}

/* e^x in float from + * / and bit operations (Cephes expf, S. L. Moshier 1989: reduction
 * x = k ln 2 + r, |r| <= ln2/2, with ln 2 split in two parts, degree-7 polynomial, scale by
 * 2^k built from its bits). Rounding to the nearest integer by adding and subtracting 1.5 2^23
 * (exact in IEEE float, which this project keeps: no -ffast-math). Results below FLT_MIN
 * (x < -87.33) are 0; x > 88 saturates at e^88. Max relative error 8.3e-8 (measured). */
LG_INLINE float lg_expf(float x)
{
    const float xc = x < -87.33f ? -87.33f : (x > 88.0f ? 88.0f : x);
    const float kf = (xc * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
    const float r = (xc - kf * 0.693359375f) - kf * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    const float e = p * r * r + r + 1.0f;
    const float scale = lg_bits_float((uint32_t)((int32_t)kf + 127) << 23); /* 2^k */
    return x < -87.33f ? 0.0f : e * scale;
}

#endif
