/* cusp_means.h: pixel means of a component near its centre, where kappa has a cusp (SIS 1/r,
 * NFW ln r, steep Sersic) and no fixed sub-pixel rule converges. */
#ifndef LG_CUSP_MEANS_H
#define LG_CUSP_MEANS_H

#include "grid.h"
#include "profiles.h"

/* Pixels closer to a component's centre than LG_CUSP_PIXELS pixels get an adaptive mean: cells
 * nearer the centre than half their size are split, down to pixel / 2^LG_CUSP_DEPTH, the
 * others integrated by 4 x 4 Gauss-Legendre, the last cell holding the centre by Duffy's
 * transformation. */
#ifndef LG_CUSP_PIXELS
#define LG_CUSP_PIXELS 2.0
#endif
#ifndef LG_CUSP_DEPTH
#define LG_CUSP_DEPTH 8
#endif

/* comp[npix^2]: overwrite the pixels near the centre of component p with their refined means. */
void lg_refine_cusp(const lg_kappa_par *p, const lg_grid *g, float *comp);

#endif
