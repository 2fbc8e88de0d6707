/* normalise.c: statistics in double, summed in pixel order (deterministic). */
#include "normalise.h"

#include <math.h>

#include "config.h"

void lg_normalise_map(int method, float *map, size_t n, double *offset, double *scale)
{
    *offset = 0.0;
    *scale = 1.0;
    if (method == LG_NORM_NONE || n == 0)
        return;
    /* min and max are exact in any order, so a vector reduction changes nothing; the sum
     * (NaN or infinite when a value is) only tells whether the map is finite */
    float lo = map[0], hi = map[0];
    double total = 0.0;
#pragma omp simd reduction(min : lo) reduction(max : hi) reduction(+ : total)
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
        double mean = sum / (double)n;
        for (size_t i = 0; i < n; ++i)
            sum2 += ((double)map[i] - mean) * ((double)map[i] - mean);
        c = lg_norm_coeffs_make(mean, sqrt(sum2 / (double)n), magnitude);
    }
    const float shift = (float)c.shift, inv = c.inv;
    if (c.spread == 0.0) {
        /* flat: zeros, also where a value is NaN or infinite (0 * Inf would be NaN) */
        for (size_t i = 0; i < n; ++i)
            map[i] = 0.0f;
    } else {
#pragma omp simd
        for (size_t i = 0; i < n; ++i)
            map[i] = lg_normalise_value(map[i], shift, inv);
    }
    /* the float shift is what was subtracted */
    *offset = shift;
    *scale = c.spread;
}
