/* kappa_map.h: the convergence map of a lens (float32, pixel centres). */
#ifndef LG_KAPPA_MAP_H
#define LG_KAPPA_MAP_H

#include "grid.h"
#include "lens_model.h"
#include "profiles.h"

/* map[npix*npix] = kappa of the lens: the sum of its components (point mass: cloud-in-cell). */
void lg_kappa_map(const lg_lens_model *m, const lg_grid *g, float *map);

/* map = kappa of one component given by its float parameters (tests, benchmarks). */
void lg_kappa_map_par(const lg_kappa_par *p, const lg_grid *g, float *map);

/* map += kappa of one component. */
void lg_kappa_map_add(const lg_component *c, const lg_grid *g, float *map);

#endif
