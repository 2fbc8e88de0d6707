/* kappa_map.c: pixel loops over the inline profile formulas of profiles.h. One loop per
 * profile so the compiler vectorises each (with -fno-math-errno, logf/atanf/sqrtf become
 * glibc's vector variants). */
#include "kappa_map.h"

#include <math.h>
#include <string.h>

/* The parameters are copied to locals so the compiler knows the map cannot alias them. */
// clang-format off
#define PIXEL_LOOP(FORMULA)                                                                 \
    do {                                                                                    \
        const lg_kappa_par par = *p;                                                        \
        const lg_grid grid = *g;                                                            \
        for (int iy = 0; iy < n; ++iy) {                                                    \
            const float dy = lg_pixel_center(&grid, iy) - par.cy;                           \
            float *restrict row = map + (size_t)iy * n;                                     \
            _Pragma("omp simd")                                                             \
            for (int ix = 0; ix < n; ++ix)                                                  \
                row[ix] = FORMULA(&par, lg_pixel_center(&grid, ix) - par.cx, dy);           \
        }                                                                                   \
    } while (0)
// clang-format on

/* Cloud-in-cell deposit of the point mass: the map holds pi theta_E^2 / A_pix in total,
 * i.e. the mass M / Sigma_crit, split over the four pixels around the centre. Pixels
 * off the map take their share with them (mass is conserved for centres >= 1 pixel inside). */
static void point_mass_map(const lg_kappa_par *p, const lg_grid *g, float *map)
{
    const int n = g->npix;
    memset(map, 0, sizeof(float) * (size_t)n * (size_t)n);
    const double d = g->pixel;
    const double total = 3.14159265358979323846 * (double)p->theta_e * p->theta_e / (d * d);
    const double fx = ((double)p->cx + g->half_width) / d - 0.5;
    const double fy = ((double)p->cy + g->half_width) / d - 0.5;
    const double ix0 = floor(fx), iy0 = floor(fy);
    const double wx = fx - ix0, wy = fy - iy0;
    for (int j = 0; j < 2; ++j)
        for (int i = 0; i < 2; ++i) {
            double ix = ix0 + i, iy = iy0 + j;
            if (ix < 0 || iy < 0 || ix >= n || iy >= n)
                continue;
            double w = (i ? wx : 1.0 - wx) * (j ? wy : 1.0 - wy);
            map[(size_t)iy * n + (size_t)ix] += (float)(total * w);
        }
}

void lg_kappa_map(const lg_kappa_par *p, const lg_grid *g, float *map)
{
    const int n = g->npix;
    switch (p->profile) {
    case LG_NFW: PIXEL_LOOP(lg_kappa_nfw); break;
    case LG_NFW_ELL: PIXEL_LOOP(lg_kappa_nfw_ell); break;
    case LG_SIS: PIXEL_LOOP(lg_kappa_sis); break;
    case LG_POINT_MASS: point_mass_map(p, g, map); break;
    default: memset(map, 0, sizeof(float) * (size_t)n * (size_t)n); break;
    }
}
