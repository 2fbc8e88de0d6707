/* rng.h: counter-based random numbers (docs/physics.md §6).
 *
 * Every random number of a sample is a pure function of (seed, sample index, stream, block):
 * Philox4x32-10 from Random123, key = seed, counter = {block, stream, index_lo, index_hi}.
 * The dataset therefore does not depend on ranks, threads, batch size or device.
 * The transformations below are inline so the CUDA backend uses the very same code. */
#ifndef LG_RNG_H
#define LG_RNG_H

#include <stdint.h>
#include <math.h>
#include <Random123/philox.h>
#include "hd.h"
#include "vector_math.h"

/* Stream word = purpose << 24 | sub-stream (24 bits). */
enum {
    LG_STREAM_PARAMS = 1u << 24,        /* sub = parameter id, block = attempt */
    LG_STREAM_GAUSS = 2u << 24,         /* block = group of 4 pixels */
    LG_STREAM_POISSON = 3u << 24,       /* sub = attempt (0: inversion), block = pixel */
    LG_STREAM_IMAGE_POISSON = 4u << 24, /* lensed images' counts: as LG_STREAM_POISSON */
    LG_STREAM_READ_NOISE = 5u << 24,    /* lensed images' read noise: block = pixel */
    LG_STREAM_SUBHALO_COUNT = 6u << 24, /* subhalo count: as LG_STREAM_POISSON, block 0 */
    LG_STREAM_SUBHALO = 7u << 24,       /* sub = quantity << 20 | attempt, block = subhalo */
    LG_STREAM_LOS_COUNT = 8u << 24,     /* line-of-sight halo count: as LG_STREAM_SUBHALO_COUNT */
    LG_STREAM_LOS = 9u << 24,           /* sub = quantity << 20, block = line-of-sight halo */
};

typedef struct {
    uint32_t w[4];
} lg_bits4;

LG_INLINE lg_bits4 lg_philox(uint64_t seed, uint64_t index, uint32_t stream, uint32_t block)
{
    philox4x32_ctr_t c = {{block, stream, (uint32_t)index, (uint32_t)(index >> 32)}};
    philox4x32_key_t k = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    philox4x32_ctr_t r = philox4x32(c, k);
    lg_bits4 out = {{r.v[0], r.v[1], r.v[2], r.v[3]}};
    return out;
}

/* Uniform float in the open interval (0, 1) from the top 23 bits: (k + 0.5) 2^-23 is exact
 * in float for k < 2^23, so 0 and 1 never occur (safe for logf). */
LG_INLINE float lg_u01f(uint32_t x)
{
    return ((float)(x >> 9) + 0.5f) * (1.0f / 8388608.0f);
}

/* Uniform double in (0, 1) from 52 bits of two words: (k + 0.5) 2^-52 is exact for
 * k < 2^52, so no modulo bias and never 0 or 1. */
LG_INLINE double lg_u01d(uint32_t hi, uint32_t lo)
{
    uint64_t m = ((uint64_t)hi << 20) | (uint64_t)(lo >> 12);
    return ((double)m + 0.5) * (1.0 / 4503599627370496.0);
}

/* Box-Muller: two standard normal floats from two uniforms in (0, 1). */
LG_INLINE void lg_box_muller_f(float u1, float u2, float *z0, float *z1)
{
    const float two_pi = 6.28318530717958647692f;
    float r = sqrtf(-2.0f * logf(u1));
    float a = two_pi * u2;
    *z0 = r * cosf(a);
    *z1 = r * sinf(a);
}

/* One standard normal double from four words (Box-Muller, cosine branch). */
LG_INLINE double lg_normal_d(lg_bits4 b)
{
    const double two_pi = 6.28318530717958647692;
    double u1 = lg_u01d(b.w[0], b.w[1]);
    double u2 = lg_u01d(b.w[2], b.w[3]);
    return sqrt(-2.0 * log(u1)) * cos(two_pi * u2);
}

/* Four standard normal floats from Philox group g of the Gaussian stream (w0,w1 and w2,w3
 * are two Box-Muller pairs). */
LG_INLINE void lg_normal4f(uint64_t seed, uint64_t index, uint32_t g, float z[4])
{
    lg_bits4 b = lg_philox(seed, index, LG_STREAM_GAUSS, g);
    lg_box_muller_f(lg_u01f(b.w[0]), lg_u01f(b.w[1]), &z[0], &z[1]);
    lg_box_muller_f(lg_u01f(b.w[2]), lg_u01f(b.w[3]), &z[2], &z[3]);
}

/* The standard normal field of n pixels, pixel by pixel: the layout every backend follows.
 * G = n/4 Philox groups give H = 2G Box-Muller pairs; pair j < G uses words (w0, w1) of
 * group j, pair j >= G words (w2, w3) of group j - G. Pixel j < H takes r cos(a) of pair j,
 * pixel j + H takes r sin(a). The last n - 4G pixels (n not a multiple of 4) take
 * lg_normal4f of group G in order. (Pairs split this way vectorise on the CPU.) */
LG_INLINE float lg_gauss_pixel(uint64_t seed, uint64_t index, uint32_t n, uint32_t p)
{
    const uint32_t G = n / 4, H = 2 * G;
    if (p >= 2 * H) {
        float z[4];
        lg_normal4f(seed, index, G, z);
        return z[p - 2 * H];
    }
    const uint32_t j = p < H ? p : p - H;
    lg_bits4 b = lg_philox(seed, index, LG_STREAM_GAUSS, j < G ? j : j - G);
    const uint32_t w_r = j < G ? b.w[0] : b.w[2], w_a = j < G ? b.w[1] : b.w[3];
    float z0, z1;
    lg_box_muller_f(lg_u01f(w_r), lg_u01f(w_a), &z0, &z1);
    return p < H ? z0 : z1;
}

/* Poisson deviate of mean lam for one pixel (docs/physics.md §5.3), from Philox stream `stream`
 * (sub-stream 0 and up: the attempts).
 * lam < 10: inversion by sequential search (exact, one uniform).
 * lam >= 10: PTRS transformed rejection, Hörmann (1993), Insurance: Mathematics and
 * Economics 12, 39, with his constants; one Philox call (two uniforms) per attempt.
 * Each pixel owns its counters (block = pixel), so the number of attempts elsewhere
 * never shifts its random numbers. */
LG_INLINE double lg_poisson_in(uint64_t seed, uint64_t index, uint32_t stream, uint32_t pixel,
                               double lam)
{
    if (!(lam > 0.0))
        return 0.0;
    if (lam < 10.0) {
        lg_bits4 b = lg_philox(seed, index, stream, pixel);
        double u = lg_u01d(b.w[0], b.w[1]);
        double p = exp(-lam), cdf = p;
        double k = 0.0;
        /* The tail beyond k = 1000 has probability below 1e-300 for lam < 10. */
        while (u > cdf && k < 1000.0) {
            k += 1.0;
            p *= lam / k;
            cdf += p;
        }
        return k;
    }
    const double slam = sqrt(lam), loglam = log(lam);
    const double b = 0.931 + 2.53 * slam;
    const double a = -0.059 + 0.02483 * b;
    const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    const double vr = 0.9277 - 3.6224 / (b - 2.0);
    for (uint32_t attempt = 0;; ++attempt) {
        lg_bits4 r = lg_philox(seed, index, stream | ((attempt + 1u) & 0xffffffu), pixel);
        double u = lg_u01d(r.w[0], r.w[1]) - 0.5;
        double v = lg_u01d(r.w[2], r.w[3]);
        double us = 0.5 - fabs(u);
        double k = floor((2.0 * a / us + b) * u + lam + 0.43);
        if (us >= 0.07 && v <= vr)
            return k;
        if (k < 0.0 || (us < 0.013 && v > us))
            continue;
        if (log(v) + log(inv_alpha) - log(a / (us * us) + b) <= -lam + k * loglam - lgamma(k + 1.0))
            return k;
    }
}

/* The Poisson deviate of kappa_noisy's noise.type = poisson. */
LG_INLINE double lg_poisson(uint64_t seed, uint64_t index, uint32_t pixel, double lam)
{
    return lg_poisson_in(seed, index, LG_STREAM_POISSON, pixel, lam);
}

#endif
