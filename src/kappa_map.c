/* kappa_map.c: the convergence map of a lens: the sum of its components, each through the
 * inline float32 formula of its profile (profiles.h), one vectorised loop per component. */
#include "kappa_map.h"

#include <math.h>
#include <string.h>

#include "kappa_at.h"
#include "lens.h"
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

/* Cloud-in-cell deposit of a point mass: the map gains pi theta_E^2 / A_pix in total,
 * i.e. the mass M / Sigma_crit, split over the four pixels around the centre. Pixels
 * off the map take their share with them (mass is conserved for centres >= 1 pixel inside). */
static void add_point_mass(const lg_kappa_par *p, const lg_grid *g, float *map)
{
    const int n = g->npix;
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

/* Mean of the component over the square cell [x0, x0 + h] x [y0, y0 + h] (offsets from its
 * centre): 3 x 3 Gauss-Legendre (exact for polynomials of degree 5) once the cell is far from
 * the centre compared with its size, else the mean of its four quarters. Distances are taken
 * in the profile's own metric (q x'^2 + y'^2/q >= q r^2), so elliptical cusps refine as far. */
static double cell_mean(const lg_kappa_par *p, double x0, double y0, double h, int depth)
{
    const double xc = x0 + 0.5 * h, yc = y0 + 0.5 * h, q = p->elliptical ? p->q : 1.0;
    const double q_min = q < 1.0 ? q : 1.0 / q;
    if (depth == 0 || q_min * (xc * xc + yc * yc) > LG_CUSP_FAR * LG_CUSP_FAR * h * h) {
        static const double node[3] = {-0.77459666924148338, 0.0, 0.77459666924148338};
        static const double weight[3] = {5.0 / 18.0, 8.0 / 18.0, 5.0 / 18.0};
        double sum = 0.0;
        for (int j = 0; j < 3; ++j)
            for (int i = 0; i < 3; ++i)
                sum += weight[i] * weight[j] *
                       lg_kappa_at(p, (float)(xc + 0.5 * h * node[i]),
                                   (float)(yc + 0.5 * h * node[j]));
        return sum;
    }
    const double s = 0.5 * h;
    return 0.25 * (cell_mean(p, x0, y0, s, depth - 1) + cell_mean(p, x0 + s, y0, s, depth - 1) +
                   cell_mean(p, x0, y0 + s, s, depth - 1) +
                   cell_mean(p, x0 + s, y0 + s, s, depth - 1));
}

/* The pixels within LG_CUSP_PIXELS of the pixel holding the centre get their adaptively
 * refined mean: there the k x k sub-pixel average misses the cusp (kappa ~ 1/r or ln r). */
static void refine_cusp(const lg_kappa_par *p, const lg_grid *g, float *comp)
{
    const int n = g->npix;
    const double d = g->pixel_d, hw = g->half_width_d;
    const int icx = (int)floor(((double)p->cx + hw) / d), icy = (int)floor(((double)p->cy + hw) / d);
    for (int iy = icy - LG_CUSP_PIXELS; iy <= icy + LG_CUSP_PIXELS; ++iy)
        for (int ix = icx - LG_CUSP_PIXELS; ix <= icx + LG_CUSP_PIXELS; ++ix) {
            if (ix < 0 || iy < 0 || ix >= n || iy >= n)
                continue;
            const double x0 = -hw + ix * d - (double)p->cx, y0 = -hw + iy * d - (double)p->cy;
            comp[(size_t)iy * n + ix] = (float)cell_mean(p, x0, y0, d, LG_CUSP_DEPTH);
        }
}

/* map += the pixel means of one component: the mean of k x k sub-pixel samples (the kernel
 * evaluated with the centre shifted by minus each sub-pixel offset, its amplitude divided by
 * k^2: kappa is linear in kappa_s, theta_E and kappa_e), refined near the centre. */
static void add_pixel_means(const lg_component *c, const lg_grid *g, int k, float *comp,
                            float *map)
{
    lg_kappa_par kp;
    lg_component_kappa_par(c, &kp);
    if (kp.profile == LG_COMP_POINT) {
        add_point_mass(&kp, g, map); /* a deposit: its pixel mean is itself */
        return;
    }
    const size_t n2 = (size_t)g->npix * (size_t)g->npix;
    memset(comp, 0, sizeof(float) * n2);
    lg_kappa_par sub = kp;
    const float w = 1.0f / (float)(k * k);
    sub.kappa_s *= w;
    sub.theta_e *= w;
    sub.kappa_e *= w;
    for (int sy = 0; sy < k; ++sy)
        for (int sx = 0; sx < k; ++sx) {
            sub.cx = kp.cx - ((float)sx + 0.5f - 0.5f * (float)k) / (float)k * g->pixel;
            sub.cy = kp.cy - ((float)sy + 0.5f - 0.5f * (float)k) / (float)k * g->pixel;
            if (add_par(&sub, g, comp) != 0) {
                add_by_double(c, g, map); /* no float kernel: pixel centres */
                return;
            }
        }
    refine_cusp(&kp, g, comp);
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
