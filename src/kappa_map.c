/* kappa_map.c: the convergence map of a lens: the sum of its components, each through the
 * inline float32 formula of its profile (profiles.h), one vectorised loop per component. */
#include "kappa_map.h"

#include <math.h>
#include <string.h>

#include "gauss_legendre.h"
#include "cusp_means.h"
#include "lens.h"
#include "pixel_kappa.h"
#include "profiles_cnfw.h"
#include "profiles_sersic.h"

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
                row[ix] += FORMULA(&par, lg_pixel_center(&grid, ix) - par.cx, dy);          \
        }                                                                                   \
    } while (0)
// clang-format on

/* Cored NFW: beta is the same for every pixel of a component, so the form (closed or
 * Feynman, profiles_cnfw.h) is chosen once per component; a per-pixel select of both would not
 * vectorise, and neither does GCC 12 when beta is read from the parameter struct inside the
 * loop, so the parameters are copied to scalars here. */
// clang-format off
#define CNFW_LOOP(SIGMA)                                                                    \
    for (int iy = 0; iy < n; ++iy) {                                                        \
        const float dy = lg_pixel_center(&grid, iy) - cy;                                   \
        float *restrict row = map + (size_t)iy * n;                                         \
        _Pragma("omp simd")                                                                 \
        for (int ix = 0; ix < n; ++ix) {                                                    \
            const float dx = lg_pixel_center(&grid, ix) - cx;                               \
            const float xp = c * dx + s * dy, yp = -s * dx + c * dy;                        \
            row[ix] += k2 * SIGMA(beta, (q * xp * xp + yp * yp / q) * s2);                  \
        }                                                                                   \
    }
// clang-format on

static void add_cored_nfw(const lg_kappa_par *p, const lg_grid *g, float *map)
{
    const int n = g->npix;
    const float beta = p->beta, k2 = 2.0f * p->kappa_s, s2 = p->inv_theta_s * p->inv_theta_s;
    const float cx = p->cx, cy = p->cy, c = p->cos_phi, s = p->sin_phi;
    const float q = p->elliptical ? p->q : 1.0f;
    const lg_grid grid = *g;
    if (lg_cnfw_use_feynman(beta))
        CNFW_LOOP(lg_cnfw_sigma_feynman)
    else
        CNFW_LOOP(lg_cnfw_sigma_closed)
}

/* Cloud-in-cell deposit of a point mass (pixel_kappa.h): the map gains pi theta_E^2 / A_pix
 * in total, i.e. the mass M / Sigma_crit, split over the four pixels around the centre. Pixels
 * off the map take their share with them (mass is conserved for centres >= 1 pixel inside). */
static void add_point_mass(const lg_kappa_par *p, const lg_grid *g, float *map)
{
    const int n = g->npix;
    const double d = g->pixel;
    const int ix0 = (int)floor(((double)p->cx + g->half_width) / d - 0.5);
    const int iy0 = (int)floor(((double)p->cy + g->half_width) / d - 0.5);
    for (int iy = iy0; iy <= iy0 + 1; ++iy)
        for (int ix = ix0; ix <= ix0 + 1; ++ix)
            if (ix >= 0 && iy >= 0 && ix < n && iy < n)
                map[(size_t)iy * n + (size_t)ix] += lg_point_mass_share(p, g, ix, iy);
}

/* Profiles without a float kernel yet: the double-precision evaluator, pixel by pixel. */
static void add_by_double(const lg_component *c, const lg_grid *g, float *map)
{
    const int n = g->npix;
    for (int iy = 0; iy < n; ++iy)
        for (int ix = 0; ix < n; ++ix) {
            lg_lensq q = {0, 0, 0, 0, 0, 0};
            lg_component_eval(c, lg_pixel_center_d(g, ix), lg_pixel_center_d(g, iy), &q);
            map[(size_t)iy * n + ix] += (float)q.kappa;
        }
}

/* map += kappa of a component with a float kernel; returns 0, or -1 for a type without one. */
static int add_par(const lg_kappa_par *p, const lg_grid *g, float *map)
{
    const int n = g->npix;
    switch (p->profile) {
    case LG_COMP_NFW:
        if (p->elliptical)
            PIXEL_LOOP(lg_kappa_nfw_ell);
        else
            PIXEL_LOOP(lg_kappa_nfw);
        return 0;
    case LG_COMP_CNFW: add_cored_nfw(p, g, map); return 0;
    case LG_COMP_SIS: PIXEL_LOOP(lg_kappa_sis); return 0;
    case LG_COMP_SIE: PIXEL_LOOP(lg_kappa_sie); return 0;
    case LG_COMP_SERSIC:
        if (p->elliptical)
            PIXEL_LOOP(lg_kappa_sersic_ell);
        else
            PIXEL_LOOP(lg_kappa_sersic);
        return 0;
    case LG_COMP_POINT: add_point_mass(p, g, map); return 0;
    default: return -1;
    }
}

void lg_kappa_map_par(const lg_kappa_par *p, const lg_grid *g, float *map)
{
    memset(map, 0, sizeof(float) * (size_t)g->npix * (size_t)g->npix);
    add_par(p, g, map);
}

void lg_kappa_map_add(const lg_component *c, const lg_grid *g, float *map)
{
    lg_kappa_par kp;
    lg_component_kappa_par(c, &kp);
    if (add_par(&kp, g, map) != 0)
        add_by_double(c, g, map);
}

/* map += the pixel means of one component: k x k Gauss-Legendre sub-pixel samples (the kernel
 * evaluated with the centre shifted by minus each node's offset and its amplitude times the
 * node's weight: kappa is linear in kappa_s, theta_E and kappa_e), refined near the centre. */
static void add_pixel_means(const lg_component *c, const lg_grid *g, int k, float *comp, float *map)
{
    lg_kappa_par kp;
    lg_component_kappa_par(c, &kp);
    if (kp.profile == LG_COMP_POINT) {
        add_point_mass(&kp, g, map); /* a deposit: its pixel mean is itself */
        return;
    }
    const size_t n2 = (size_t)g->npix * (size_t)g->npix;
    memset(comp, 0, sizeof(float) * n2);
    const lg_gl_rule *r = lg_gl_unit(k); /* k <= LG_GL_UNIT_MAX: the deck's range */
    lg_kappa_par sub = kp;
    for (int sy = 0; sy < k; ++sy)
        for (int sx = 0; sx < k; ++sx) {
            const float w = (float)(r->w[sx] * r->w[sy]);
            sub.kappa_s = kp.kappa_s * w;
            sub.theta_e = kp.theta_e * w;
            sub.kappa_e = kp.kappa_e * w;
            sub.cx = (float)((double)kp.cx - (r->x[sx] - 0.5) * g->pixel_d);
            sub.cy = (float)((double)kp.cy - (r->x[sy] - 0.5) * g->pixel_d);
            if (add_par(&sub, g, comp) != 0) {
                add_by_double(c, g, map); /* no float kernel: pixel centres */
                return;
            }
        }
    lg_refine_cusp(&kp, g, comp);
#pragma omp simd
    for (size_t i = 0; i < n2; ++i)
        map[i] += comp[i];
}

void lg_kappa_map(const lg_lens_model *m, const lg_grid *g, int supersample, float *scratch,
                  float *map)
{
    memset(map, 0, sizeof(float) * (size_t)g->npix * (size_t)g->npix);
    for (int i = 0; i < m->n; ++i) {
        if (supersample > 1)
            add_pixel_means(&m->c[i], g, supersample, scratch, map);
        else
            lg_kappa_map_add(&m->c[i], g, map);
    }
}
