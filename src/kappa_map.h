/* kappa_map.h: the convergence map of one lens on the grid. */
#ifndef LG_KAPPA_MAP_H
#define LG_KAPPA_MAP_H

#include "grid.h"
#include "profiles.h"

/* Fill map[npix*npix] with kappa at the pixel centres (the point mass: cloud-in-cell). */
void lg_kappa_map(const lg_kappa_par *p, const lg_grid *g, float *map);

#endif
