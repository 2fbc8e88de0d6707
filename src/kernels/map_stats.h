/* map_stats.h: per-sample statistics of a map, for the CPU (normalise.c, noise.c) and the
 * device (one thread per sample) alike: the normalisation of the observed map and its
 * signal-to-noise. Sums run in pixel order in double, so both give the same numbers.
 *
 * Normalisation (README, "Normalisation"): raw = v * scale + offset. A map counts as flat, and
 * becomes all zeros with scale 0 (never NaN or Inf), when its spread (max - min, or std) is at
 * most LG_NORM_FLAT_REL times its largest |value|, or below LG_NORM_FLAT_ABS, or when the map
 * holds a NaN or an infinity. */
#ifndef LG_MAP_STATS_H
#define LG_MAP_STATS_H

#include <float.h>
#include <math.h>
#include <stddef.h>

#include "hd.h"
#include "run_enums.h"

/* A float keeps 24 bits (steps of 6e-8 of a value): a spread below 1e-6 of the largest |value|
 * (~8 rounding steps) is rounding, not signal. */
#define LG_NORM_FLAT_REL 1e-6
/* Below the smallest normal float (1.2e-38) values lose bits, and 1 / spread nears float
 * overflow: such a spread is flat whatever the values (an off-map Sersic, peak 2e-38). */
#define LG_NORM_FLAT_ABS ((double)FLT_MIN)

/* v -> (v - shift) * inv, with raw = normalised * spread + shift; spread 0 marks a flat map. */
typedef struct {
    double shift, spread;
    float inv;
} lg_norm_coeffs;

/* The coefficients for a map with that shift and spread whose largest |value| is magnitude;
 * the map is flat when the three are not finite or the spread is below the thresholds. */
LG_INLINE lg_norm_coeffs lg_norm_coeffs_make(double shift, double spread, double magnitude)
{
    lg_norm_coeffs c = {shift, spread, 0.0f};
    float inv = (float)(1.0 / spread);
    if (isfinite(shift) && isfinite(magnitude) && spread >= LG_NORM_FLAT_ABS &&
        spread > LG_NORM_FLAT_REL * magnitude && isfinite(inv))
        c.inv = inv;
    else
        c.spread = 0.0;
    return c;
}

/* In double: v - shift of two finite floats can exceed the float range (3e38 - -3e38); the
 * result, at most a few million in size for a map that is not flat, cannot. */
LG_INLINE float lg_normalise_value(float v, float shift, float inv)
{
    return (float)(((double)v - (double)shift) * (double)inv);
}

/* Normalise map[n] in place with `method` (enum lg_normalise); *offset and *scale receive the
 * statistics (method none: 0 and 1). min and max are exact in any order; the sum (NaN or
 * infinite when a value is) only tells whether the map is finite. */
LG_INLINE void lg_normalise_map_inline(int method, float *map, size_t n, double *offset,
                                       double *scale)
{
    *offset = 0.0;
    *scale = 1.0;
    if (method == LG_NORM_NONE || n == 0)
        return;
    float lo = map[0], hi = map[0];
    double total = 0.0;
    for (size_t i = 0; i < n; ++i) {
        lo = map[i] < lo ? map[i] : lo;
        hi = map[i] > hi ? map[i] : hi;
        total += map[i];
    }
    const double magnitude = isfinite(total) ? fmax(fabs((double)lo), fabs((double)hi)) : NAN;
    lg_norm_coeffs c;
    if (method == LG_NORM_MINMAX) {
        c = lg_norm_coeffs_make(lo, (double)hi - lo, magnitude);
    } else {
        double sum = 0.0, sum2 = 0.0;
        for (size_t i = 0; i < n; ++i)
            sum += map[i];
        const double mean = sum / (double)n;
        for (size_t i = 0; i < n; ++i)
            sum2 += ((double)map[i] - mean) * ((double)map[i] - mean);
        c = lg_norm_coeffs_make(mean, sqrt(sum2 / (double)n), magnitude);
    }
    const float shift = (float)c.shift, inv = c.inv;
    for (size_t i = 0; i < n; ++i) /* flat: zeros, also for NaN or Inf (0 * Inf is NaN) */
        map[i] = c.spread == 0.0 ? 0.0f : lg_normalise_value(map[i], shift, inv);
    *offset = shift; /* the float shift is what was subtracted */
    *scale = c.spread;
}

/* What the signal-to-noise of a sample needs to know of its noise (noise.h). */
typedef struct {
    int type;                    /* enum lg_noise_type */
    double sigma_white;          /* Gaussian: per-pixel sigma before smoothing */
    double norm2;                /* sum of the squared smoothing weights (1 without smoothing) */
    double exposure, background; /* Poisson */
} lg_snr_model;

/* snr_mf = sqrt(sum kappa^2 / var), snr_peak = max S / sigma of the observed map (noise.h);
 * both NaN without noise. kappa: the noise-free map; signal: as the observed map shows it. */
LG_INLINE void lg_snr_of(const lg_snr_model *m, const float *kappa, const float *signal, size_t n,
                         double *mf, double *peak)
{
    if (m->type == LG_NOISE_NONE) {
        *mf = *peak = NAN;
        return;
    }
    if (m->type == LG_NOISE_GAUSSIAN) {
        double k2 = 0.0;
        float smax = -INFINITY;
        for (size_t i = 0; i < n; ++i) {
            k2 += (double)kappa[i] * kappa[i];
            smax = signal[i] > smax ? signal[i] : smax;
        }
        *mf = sqrt(k2) / m->sigma_white;
        *peak = smax / (m->sigma_white * sqrt(m->norm2));
        return;
    }
    double mf2 = 0.0, pk = -INFINITY;
    for (size_t i = 0; i < n; ++i) {
        double var = ((double)kappa[i] + m->background) / m->exposure;
        if (var > 0.0) {
            mf2 += (double)kappa[i] * kappa[i] / var;
            pk = fmax(pk, signal[i] / sqrt(var * m->norm2));
        }
    }
    *mf = sqrt(mf2);
    *peak = pk;
}

#endif
