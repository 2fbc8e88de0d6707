/* normalise.c: the normalisation of map_stats.h (shared with the device backend). */
#include "normalise.h"

void lg_normalise_map(int method, float *map, size_t n, double *offset, double *scale)
{
    lg_normalise_map_inline(method, map, n, offset, scale);
}
