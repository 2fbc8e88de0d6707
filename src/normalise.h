/* normalise.h: per-sample normalisation of the noisy map (none | minmax | zscore).
 * A flat map (max == min, or std == 0) becomes all zeros, never NaN. */
#ifndef LG_NORMALISE_H
#define LG_NORMALISE_H

#include <math.h>
#include <stddef.h>
#include "hd.h"

/* v -> (v - shift) * scale; the coefficients come from the map's statistics. */
LG_INLINE void lg_minmax_coeffs(double vmin, double vmax, float *shift, float *scale)
{
    *shift = (float)vmin;
    *scale = vmax > vmin ? (float)(1.0 / (vmax - vmin)) : 0.0f;
}

LG_INLINE void lg_zscore_coeffs(double mean, double var, float *shift, float *scale)
{
    *shift = (float)mean;
    *scale = var > 0.0 ? (float)(1.0 / sqrt(var)) : 0.0f;
}

LG_INLINE float lg_normalise_value(float v, float shift, float scale)
{
    return (v - shift) * scale;
}

/* Normalise map[n] in place with method enum lg_normalise (config.h). */
void lg_normalise_map(int method, float *map, size_t n);

#endif
