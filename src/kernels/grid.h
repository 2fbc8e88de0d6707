/* grid.h: pixel centres (docs/physics.md §1.3): x_i = -half_width + (i + 0.5) d,
 * d = 2 half_width/npix, x to the right, y up; maps are row-major [iy][ix]. */
#ifndef LG_GRID_H
#define LG_GRID_H

#include "hd.h"

typedef struct {
    int npix;
    float half_width;             /* arcsec */
    float pixel;                  /* d, arcsec */
    double half_width_d, pixel_d; /* the same in double, for double-precision maps */
} lg_grid;

LG_INLINE lg_grid lg_grid_make(int npix, double half_width)
{
    lg_grid g = {npix, (float)half_width, (float)(2.0 * half_width / npix), half_width,
                 2.0 * half_width / npix};
    return g;
}

LG_INLINE float lg_pixel_center(const lg_grid *g, int i)
{
    return -g->half_width + ((float)i + 0.5f) * g->pixel;
}

/* The same pixel centre in double precision (the analytic maps and probe). */
LG_INLINE double lg_pixel_center_d(const lg_grid *g, int i)
{
    return -g->half_width_d + ((double)i + 0.5) * g->pixel_d;
}

#endif
