/* normalise.h: per-sample normalisation of the observed map (none | minmax | zscore), with
 * the statistics it used, so every map can be un-normalised: raw = v * scale + offset.
 * A map whose spread (max - min, or std) is below LG_NORM_FLAT, or whose inverse spread is
 * not a finite float, counts as flat: it becomes all zeros with scale 0, never NaN or Inf. */
#ifndef LG_NORMALISE_H
#define LG_NORMALISE_H

#include <math.h>
#include <stddef.h>
#include "hd.h"

/* Spreads below this are rounding, not signal (kappa maps hold values of order 1e-6 and up). */
#define LG_NORM_FLAT 1e-30

/* v -> (v - shift) * inv, with raw = normalised * spread + shift; spread 0 marks a flat map. */
typedef struct {
    double shift, spread;
    float inv;
} lg_norm_coeffs;

LG_INLINE lg_norm_coeffs lg_norm_coeffs_make(double shift, double spread)
{
    lg_norm_coeffs c = {shift, spread, 0.0f};
    float inv = (float)(1.0 / spread);
    if (spread >= LG_NORM_FLAT && isfinite(inv))
        c.inv = inv;
    else
        c.spread = 0.0;
    return c;
}

LG_INLINE float lg_normalise_value(float v, float shift, float inv)
{
    return (v - shift) * inv;
}

/* Normalise map[n] in place with method enum lg_normalise (config.h); *offset and *scale
 * receive the statistics (raw = normalised * scale + offset; method none: 0 and 1). */
void lg_normalise_map(int method, float *map, size_t n, double *offset, double *scale);

#endif
