/* batch_bodies.h: the per-index bodies of the device backend's kernels. Each is a function of
 * (index, arguments) alone, so a CUDA kernel is a thin launch over the indices
 * (gpu/pipeline_cuda.cu) and the host emulation runs the very same bodies in a loop
 * (gpu/pipeline_host.cpp); tests compare both with the CPU backend. Maps are [sample][iy][ix],
 * n2 = npix^2 floats per sample; pointers point at the first sample of the range launched. */
#ifndef LG_BATCH_BODIES_H
#define LG_BATCH_BODIES_H

#include <stddef.h>
#include <stdint.h>

#include "hd.h"
#include "map_stats.h"
#include "pixel_kappa.h"
#include "rng.h"
#include "run_enums.h"

/* A complex number as FFTW and cuFFT lay it out. */
typedef struct {
    float re, im;
} lg_cplx;

/* ---- kappa ---------------------------------------------------------------------------- */

typedef struct {
    lg_grid grid;
    lg_gl_rule rule, g4, g8; /* sub-pixel rule (n = supersample; 1: pixel centres), cusp rules */
} lg_kappa_setup;

/* map[i] = kappa of pixel i % n2 of sample i / n2. */
LG_INLINE void lg_kb_kappa(size_t i, const lg_kappa_setup *s, const lg_kappa_lens *lens, float *map)
{
    const size_t n = (size_t)s->grid.npix, n2 = n * n, pix = i % n2;
    map[i] = lg_lens_pixel(&lens[i / n2], &s->grid, (int)(pix % n), (int)(pix / n), &s->rule,
                           &s->g4, &s->g8);
}

/* ---- noise ---------------------------------------------------------------------------- */

typedef struct {
    int type; /* enum lg_noise_type */
    uint64_t seed;
    float sigma;                 /* Gaussian: per-pixel sigma before smoothing */
    double exposure, background; /* Poisson */
} lg_white_setup;

/* field[i] = the white noise (observed - kappa) of pixel i % n2 of sample first + i / n2,
 * as noise.c draws it. */
LG_INLINE void lg_kb_white(size_t i, const lg_white_setup *w, size_t n2, uint64_t first,
                           const float *kappa, float *field)
{
    const uint64_t index = first + i / n2;
    const uint32_t p = (uint32_t)(i % n2);
    if (w->type == LG_NOISE_GAUSSIAN) {
        field[i] = lg_gauss_pixel(w->seed, index, (uint32_t)n2, p) * w->sigma;
    } else if (w->type == LG_NOISE_POISSON) {
        const double lam = ((double)kappa[i] + w->background) * w->exposure;
        field[i] =
            (float)(lg_poisson(w->seed, index, p, lam) / w->exposure - w->background - kappa[i]);
    } else {
        field[i] = 0.0f;
    }
}

/* out[i] += signal[i] */
LG_INLINE void lg_kb_add(size_t i, const float *signal, float *out)
{
    out[i] += signal[i];
}

/* dst[i] = src[i] */
LG_INLINE void lg_kb_copy(size_t i, const float *src, float *dst)
{
    dst[i] = src[i];
}

/* ---- separable smoothing (smoothing.c): lines of length p, W = samples x n lines side by
 * side: element (position r, line l) at r W + l; line l = s n + c belongs to sample s. ---- */

/* Pass 1 (transposed = 0) takes column c of map s (positions = rows); pass 2 (transposed = 1)
 * row c (positions = columns). Positions >= n are the zero padding. */
LG_INLINE void lg_kb_smooth_pad(size_t i, int n, size_t width, int transposed, const float *map,
                                float *lines)
{
    const size_t r = i / width, l = i % width, s = l / (size_t)n, c = l % (size_t)n;
    const size_t nn = (size_t)n * (size_t)n;
    float v = 0.0f;
    if (r < (size_t)n)
        v = transposed ? map[s * nn + c * n + r] : map[s * nn + r * n + c];
    lines[i] = v;
}

/* spectrum (frequency k = i / W) times the kernel's transform. */
LG_INLINE void lg_kb_smooth_mul(size_t i, size_t width, const lg_cplx *kernel_k, lg_cplx *spec)
{
    const lg_cplx a = spec[i], b = kernel_k[i / width];
    const lg_cplx r = {a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re};
    spec[i] = r;
}

/* Back from lines to map element i; pass 2 also divides by the kernel weight inside the map
 * (inv_inside[iy] inv_inside[ix], as lg_smooth). */
LG_INLINE void lg_kb_smooth_unpad(size_t i, int n, size_t width, int transposed,
                                  const float *inv_inside, const float *lines, float *map)
{
    const size_t nn = (size_t)n * (size_t)n, s = i / nn, iy = (i % nn) / n, ix = i % n;
    if (!transposed)
        map[i] = lines[iy * width + s * n + ix];
    else
        map[i] = lines[ix * width + s * n + iy] * (inv_inside[iy] * inv_inside[ix]);
}

/* ---- lensing maps by FFT (derived_maps.c): padded grids of p = 2n, p x (p/2 + 1) spectra ---- */

/* grid[i] of sample i / p^2: kappa in the lower-left n x n corner, zeros elsewhere. */
LG_INLINE void lg_kb_fft_pad(size_t i, int n, const float *kappa, float *grid)
{
    const size_t p = 2 * (size_t)n, s = i / (p * p), j = (i % (p * p)) / p, k = i % p;
    grid[i] = j < (size_t)n && k < (size_t)n ? kappa[s * n * n + j * n + k] : 0.0f;
}

/* out = spectrum of kappa times one kernel's spectrum (pc = p (p/2 + 1) per sample). */
LG_INLINE void lg_kb_fft_mul(size_t i, size_t pc, const lg_cplx *kernel, const lg_cplx *kappa_k,
                             lg_cplx *out)
{
    const lg_cplx a = kappa_k[i], b = kernel[i % pc];
    const lg_cplx r = {a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re};
    out[i] = r;
}

/* map element i from the lower-left n x n corner of its sample's padded grid. */
LG_INLINE void lg_kb_fft_unpad(size_t i, int n, const float *grid, float *map)
{
    const size_t nn = (size_t)n * (size_t)n, p = 2 * (size_t)n, s = i / nn;
    map[i] = grid[s * p * p + ((i % nn) / n) * p + i % n];
}

/* mu from kappa and the shear, in double as derived_maps.c. */
LG_INLINE void lg_kb_mu(size_t i, const float *kappa, const float *g1, const float *g2, float *mu)
{
    const double k1 = kappa[i], s1 = g1[i], s2 = g2[i];
    mu[i] = (float)(1.0 / ((1.0 - k1) * (1.0 - k1) - s1 * s1 - s2 * s2));
}

/* ---- per sample (one index per sample) ------------------------------------------------- */

/* stats[4 s ..]: snr_mf, snr_peak of sample s (lg_snr_of). */
LG_INLINE void lg_kb_snr(size_t s, const lg_snr_model *m, size_t n2, const float *kappa,
                         const float *signal, double *stats)
{
    lg_snr_of(m, kappa + s * n2, signal + s * n2, n2, &stats[4 * s], &stats[4 * s + 1]);
}

/* Normalise map s in place; stats[4 s + 2 ..]: offset, scale. */
LG_INLINE void lg_kb_normalise(size_t s, int method, size_t n2, float *map, double *stats)
{
    lg_normalise_map_inline(method, map + s * n2, n2, &stats[4 * s + 2], &stats[4 * s + 3]);
}

/* ---- augmentation (augment.c): rotations by 90 degrees, then the mirror x -> -x ---------- */

/* out[m][i] for every map m present: the value the CPU's in-place transforms leave at pixel i,
 * gathered from its source pixel. aug[2 s], aug[2 s + 1]: rot90 and flip of sample s. Vectors
 * rotate (ax, ay) -> (-ay, ax) per turn, spin-2 maps change sign per turn; the mirror negates
 * alpha_x and gamma2. All exact: a permutation and sign changes. */
LG_INLINE void lg_kb_augment(size_t i, int n, const int *aug, float *const *in, float *const *out)
{
    const size_t nn = (size_t)n * (size_t)n, s = i / nn;
    const int rot = aug[2 * s], flip = aug[2 * s + 1];
    int x = (int)(i % (size_t)n), y = (int)((i % nn) / (size_t)n);
    if (flip)
        x = n - 1 - x;
    for (int k = 0; k < rot; ++k) { /* new(x, y) = old(y, n - 1 - x) */
        const int ox = y, oy = n - 1 - x;
        x = ox;
        y = oy;
    }
    const size_t src = s * nn + (size_t)y * n + (size_t)x;
    for (int m = 0; m < LG_N_MAPS; ++m)
        if (in[m] && m != LG_MAP_ALPHA_X && m != LG_MAP_ALPHA_Y)
            out[m][i] = in[m][src];
    const float sign2 = (rot & 1) ? -1.0f : 1.0f;
    if (in[LG_MAP_GAMMA1])
        out[LG_MAP_GAMMA1][i] = sign2 * in[LG_MAP_GAMMA1][src];
    if (in[LG_MAP_GAMMA2])
        out[LG_MAP_GAMMA2][i] = (flip ? -sign2 : sign2) * in[LG_MAP_GAMMA2][src];
    if (in[LG_MAP_ALPHA_X] && in[LG_MAP_ALPHA_Y]) {
        float ax = in[LG_MAP_ALPHA_X][src], ay = in[LG_MAP_ALPHA_Y][src];
        for (int k = 0; k < rot; ++k) {
            const float t = ax;
            ax = -ay;
            ay = t;
        }
        out[LG_MAP_ALPHA_X][i] = flip ? -ax : ax;
        out[LG_MAP_ALPHA_Y][i] = ay;
    }
}

#endif
