/* normalise.h: per-sample normalisation of the observed map (none | minmax | zscore), with
 * the statistics it used, so every map can be un-normalised: raw = v * scale + offset.
 * A map counts as flat, and becomes all zeros with scale 0 (never NaN or Inf), when its spread
 * (max - min, or std) is at most LG_NORM_FLAT_REL times its largest |value|, or below
 * LG_NORM_FLAT_ABS, or when the map holds a NaN or an infinity. */
#ifndef LG_NORMALISE_H
#define LG_NORMALISE_H

#include <float.h>
#include <math.h>
#include <stddef.h>
#include "hd.h"

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

/* Normalise map[n] in place with method enum lg_normalise (config.h); *offset and *scale
 * receive the statistics (raw = normalised * scale + offset; method none: 0 and 1). */
void lg_normalise_map(int method, float *map, size_t n, double *offset, double *scale);

#endif
