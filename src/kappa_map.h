/* kappa_map.h: the convergence map of a lens (float32): the mean over each pixel, as a
 * detector pixel integrates (map.supersample k >= 2), or the value at pixel centres (k = 1). */
#ifndef LG_KAPPA_MAP_H
#define LG_KAPPA_MAP_H

#include "cusp_means.h"
#include "grid.h"
#include "lens_model.h"
#include "profiles.h"

/* map[npix*npix] = kappa of the lens: the sum of its components (point mass: cloud-in-cell).
 * supersample k >= 2: each pixel holds its mean by k x k Gauss-Legendre sub-pixel samples, and
 * the pixels near each centre their adaptively refined mean; scratch holds npix^2 floats.
 * k = 1: values at pixel centres (scratch unused). */
void lg_kappa_map(const lg_lens_model *m, const lg_grid *g, int supersample, float *scratch,
                  float *map);

/* map = kappa of one component given by its float parameters (tests, benchmarks). */
void lg_kappa_map_par(const lg_kappa_par *p, const lg_grid *g, float *map);

/* map += kappa of one component. */
void lg_kappa_map_add(const lg_component *c, const lg_grid *g, float *map);

#endif
