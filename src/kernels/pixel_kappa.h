/* pixel_kappa.h: the convergence of one pixel of a lens, as the whole map computes it
 * (kappa_map.c): per component, the mean of k x k Gauss-Legendre sub-pixel samples (each the
 * kernel with the centre shifted by minus the node's offset and the amplitude times the node's
 * weight), the adaptive mean near the centre (cusp_nodes.h), or the value at the pixel centre
 * (k = 1); a point mass as its cloud-in-cell share. The device kernels call this per pixel; the
 * CPU map loops do the same arithmetic in vectorised loops (and the point-mass share here). */
#ifndef LG_PIXEL_KAPPA_H
#define LG_PIXEL_KAPPA_H

#include <math.h>

#include "cusp_nodes.h"
#include "gl_rule.h"
#include "grid.h"
#include "hd.h"
#include "kappa_at.h"
#include "lens_model.h"

/* A sample's lens as float kernel parameters (lg_component_kappa_par of each component). */
typedef struct {
    int n;
    lg_kappa_par c[LG_MAX_COMPONENTS];
} lg_kappa_lens;

/* The share of a point mass's cloud-in-cell deposit that falls on pixel (ix, iy): of its mass
 * M / Sigma_crit = pi theta_E^2 / A_pix in pixel units, the bilinear weight of the pixel. */
LG_INLINE float lg_point_mass_share(const lg_kappa_par *p, const lg_grid *g, int ix, int iy)
{
    const double d = g->pixel;
    const double total = 3.14159265358979323846 * (double)p->theta_e * p->theta_e / (d * d);
    const double fx = ((double)p->cx + g->half_width) / d - 0.5;
    const double fy = ((double)p->cy + g->half_width) / d - 0.5;
    const double ix0 = floor(fx), iy0 = floor(fy);
    const double i = (double)ix - ix0, j = (double)iy - iy0;
    if (!(i == 0.0 || i == 1.0) || !(j == 0.0 || j == 1.0))
        return 0.0f;
    const double wx = fx - ix0, wy = fy - iy0;
    const double w = (i != 0.0 ? wx : 1.0 - wx) * (j != 0.0 ? wy : 1.0 - wy);
    return (float)(total * w);
}

/* The adaptive mean of pixel (ix, iy) of component p, when it is near the centre (returns 1). */
LG_INLINE int lg_cusp_pixel_mean(const lg_kappa_par *p, const lg_grid *g, int ix, int iy,
                                 const lg_gl_rule *g4, const lg_gl_rule *g8, float *mean)
{
    lg_cusp_iter it;
    if (!lg_cusp_begin(&it, p, g, ix, iy, g4, g8))
        return 0;
    double x, y, w, sum = 0.0;
    while (lg_cusp_next(&it, &x, &y, &w))
        sum += (double)(float)w * lg_kappa_at(p, (float)x, (float)y);
    *mean = (float)sum;
    return 1;
}

/* Component p's contribution to pixel (ix, iy) with k x k sub-pixel samples (k = 1: centre). */
LG_INLINE float lg_component_pixel(const lg_kappa_par *p, const lg_grid *g, int ix, int iy,
                                   const lg_gl_rule *rule, const lg_gl_rule *g4,
                                   const lg_gl_rule *g8)
{
    if (p->profile == LG_COMP_POINT)
        return lg_point_mass_share(p, g, ix, iy);
    const float px = lg_pixel_center(g, ix), py = lg_pixel_center(g, iy);
    if (rule->n <= 1)
        return lg_kappa_at(p, px - p->cx, py - p->cy);
    float v = 0.0f;
    if (lg_cusp_pixel_mean(p, g, ix, iy, g4, g8, &v))
        return v;
    lg_kappa_par sub = *p;
    for (int sy = 0; sy < rule->n; ++sy)
        for (int sx = 0; sx < rule->n; ++sx) {
            const float w = (float)(rule->w[sx] * rule->w[sy]);
            sub.kappa_s = p->kappa_s * w;
            sub.theta_e = p->theta_e * w;
            sub.kappa_e = p->kappa_e * w;
            sub.cx = (float)((double)p->cx - (rule->x[sx] - 0.5) * g->pixel_d);
            sub.cy = (float)((double)p->cy - (rule->x[sy] - 0.5) * g->pixel_d);
            v += lg_kappa_at(&sub, px - sub.cx, py - sub.cy);
        }
    return v;
}

/* Pixel (ix, iy) of the lens's kappa map: its components' contributions, summed in order. */
LG_INLINE float lg_lens_pixel(const lg_kappa_lens *l, const lg_grid *g, int ix, int iy,
                              const lg_gl_rule *rule, const lg_gl_rule *g4, const lg_gl_rule *g8)
{
    float acc = 0.0f;
    for (int c = 0; c < l->n; ++c)
        acc += lg_component_pixel(&l->c[c], g, ix, iy, rule, g4, g8);
    return acc;
}

#endif
