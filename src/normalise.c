/* normalise.c: statistics in double, summed in pixel order (deterministic). */
#include "normalise.h"

#include <math.h>

#include "config.h"

void lg_normalise_map(int method, float *map, size_t n, double *offset, double *scale)
{
    lg_norm_coeffs c;
    *offset = 0.0;
    *scale = 1.0;
    if (method == LG_NORM_NONE || n == 0)
        return;
    if (method == LG_NORM_MINMAX) {
        float lo = map[0], hi = map[0];
        /* min and max are exact in any order, so a vector reduction changes nothing */
#pragma omp simd reduction(min : lo) reduction(max : hi)
        for (size_t i = 1; i < n; ++i) {
            lo = map[i] < lo ? map[i] : lo;
            hi = map[i] > hi ? map[i] : hi;
        }
        c = lg_norm_coeffs_make(lo, (double)hi - lo);
    } else {
        double sum = 0.0, sum2 = 0.0;
        for (size_t i = 0; i < n; ++i)
            sum += map[i];
        double mean = sum / (double)n;
        for (size_t i = 0; i < n; ++i)
            sum2 += ((double)map[i] - mean) * ((double)map[i] - mean);
        c = lg_norm_coeffs_make(mean, sqrt(sum2 / (double)n));
    }
    const float shift = (float)c.shift, inv = c.inv;
#pragma omp simd
    for (size_t i = 0; i < n; ++i)
        map[i] = lg_normalise_value(map[i], shift, inv);
    /* the float shift is what was subtracted */
    *offset = shift;
    *scale = c.spread;
}
