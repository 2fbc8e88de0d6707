/* cusp_means.h: pixel means of a component near its centre, where kappa has a cusp (SIS 1/r,
 * NFW ln r, steep Sersic) and no fixed sub-pixel rule converges. */
#ifndef LG_CUSP_MEANS_H
#define LG_CUSP_MEANS_H

#include "cusp_nodes.h" /* the nodes, LG_CUSP_PIXELS and LG_CUSP_DEPTH */
#include "grid.h"
#include "profiles.h"

/* comp[npix^2]: overwrite the pixels near the centre of component p with their refined means. */
void lg_refine_cusp(const lg_kappa_par *p, const lg_grid *g, float *comp);

#endif
