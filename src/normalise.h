/* normalise.h: per-sample normalisation of the observed map (none | minmax | zscore), with
 * the statistics it used, so every map can be un-normalised: raw = v * scale + offset
 * (the rules, and the flat-map case, in map_stats.h). */
#ifndef LG_NORMALISE_H
#define LG_NORMALISE_H

#include <stddef.h>

#include "map_stats.h" /* coefficients and the inline normalisation */

/* Normalise map[n] in place with method enum lg_normalise (config.h); *offset and *scale
 * receive the statistics (raw = normalised * scale + offset; method none: 0 and 1). */
void lg_normalise_map(int method, float *map, size_t n, double *offset, double *scale);

#endif
