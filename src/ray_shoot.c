/* ray_shoot.c: ray shooting a row of sub-pixels at a time (ray_shoot.h). */
#include "ray_shoot.h"

#include "ray_elliptical.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int lg_alpha_par_of(const lg_component *c, lg_alpha_par *p)
{
    *p = (lg_alpha_par){0};
    p->cx = (float)c->cx;
    p->cy = (float)c->cy;
    p->cos_phi = (float)cos(c->phi);
    p->sin_phi = (float)sin(c->phi);
    switch (c->type) {
    case LG_COMP_POINT:
        p->kind = LG_ALPHA_POINT;
        p->b = (float)(c->theta_e * c->theta_e);
        return 1;
    case LG_COMP_SIS:
        p->kind = LG_ALPHA_SIS;
        p->b = (float)c->theta_e;
        return 1;
    case LG_COMP_SIE:
        p->kind = LG_ALPHA_SIE;
        p->b = (float)(c->theta_e * sqrt(c->q));
        p->q = (float)c->q;
        p->f = (float)sqrt((1.0 - c->q) * (1.0 + c->q));
        return 1;
    default: return 0;
    }
}

/* The kernels read their parameters from a local copy, so the compiler knows the row
 * cannot alias them. */
// clang-format off
#define ALPHA_LOOP(KERNEL)                                                                  \
    _Pragma("omp simd")                                                                     \
    for (int j = 0; j < nr; ++j) {                                                          \
        float a = ax[j], b = ay[j];                                                         \
        KERNEL(&par, x[j] - par.cx, dy, &a, &b);                                            \
        ax[j] = a;                                                                          \
        ay[j] = b;                                                                          \
    }
// clang-format on

static void add_alpha_float(const lg_alpha_par *p, const float *restrict x, float y, int nr,
                            float *restrict ax, float *restrict ay)
{
    const lg_alpha_par par = *p;
    const float dy = y - par.cy;
    switch (par.kind) {
    case LG_ALPHA_POINT: ALPHA_LOOP(lg_alpha_point) break;
    case LG_ALPHA_SIS: ALPHA_LOOP(lg_alpha_sis) break;
    default: ALPHA_LOOP(lg_alpha_sie) break;
    }
}

/* A component without a float kernel (none of today's profiles: a new one until it has one):
 * the double-precision evaluator, ray by ray. */
static void add_alpha_double(const lg_component *c, const float *x, float y, int nr, float *ax,
                             float *ay)
{
    for (int j = 0; j < nr; ++j) {
        lg_lensq q = {0, 0, 0, 0, 0, 0};
        lg_component_eval(c, x[j], y, &q);
        ax[j] += (float)q.alpha_x;
        ay[j] += (float)q.alpha_y;
    }
}

/* Position t (arcsec) on the map's pixel-centre lattice: index i0 and weight w of i0 + 1,
 * clamped to the outermost centres. */
static void lattice(const lg_grid *g, float t, int *i0, float *w)
{
    const int n = g->npix;
    float f = (t + g->half_width) / g->pixel - 0.5f;
    f = f < 0.0f ? 0.0f : f > (float)(n - 1) ? (float)(n - 1) : f;
    int i = (int)f;
    i = i > n - 2 ? n - 2 : i;
    *i0 = i < 0 ? 0 : i;
    *w = n > 1 ? f - (float)*i0 : 0.0f;
}

/* Deflection maps at pixel centres, bilinearly interpolated. */
static void alpha_from_maps(const float *mx, const float *my, const lg_grid *g, const float *x,
                            float y, int nr, float *ax, float *ay)
{
    const int n = g->npix;
    int iy;
    float wy;
    lattice(g, y, &iy, &wy);
    const int iy1 = n > 1 ? iy + 1 : iy;
    for (int j = 0; j < nr; ++j) {
        int ix;
        float wx;
        lattice(g, x[j], &ix, &wx);
        const int ix1 = n > 1 ? ix + 1 : ix;
        const size_t a = (size_t)iy * n, b = (size_t)iy1 * n;
        ax[j] = (1.0f - wy) * ((1.0f - wx) * mx[a + ix] + wx * mx[a + ix1]) +
                wy * ((1.0f - wx) * mx[b + ix] + wx * mx[b + ix1]);
        ay[j] = (1.0f - wy) * ((1.0f - wx) * my[a + ix] + wx * my[a + ix1]) +
                wy * ((1.0f - wx) * my[b + ix] + wx * my[b + ix1]);
    }
}

/* val[j] = brightness at (bx[j], by[j]). */
static void light_row(const lg_light_f *light, const float *restrict bx, const float *restrict by,
                      int nr, float *restrict val)
{
    const lg_sersic_f s = light->sersic;
#pragma omp simd
    for (int j = 0; j < nr; ++j)
        val[j] = lg_sersic_f_at(&s, bx[j], by[j]);
    for (int k = 0; k < light->n_clumps && k < LG_LIGHT_MAX_CLUMPS; ++k) {
        const lg_gauss_f c = light->clump[k];
#pragma omp simd
        for (int j = 0; j < nr; ++j)
            val[j] += lg_gauss_f_at(&c, bx[j], by[j]);
    }
}

/* acc[ix] += the ss values of pixel ix's sub-pixels in the row. */
static void add_to_pixels(const float *val, int n, int ss, double *acc)
{
    for (int ix = 0; ix < n; ++ix)
        for (int sx = 0; sx < ss; ++sx)
            acc[ix] += val[ix * ss + sx];
}

void lg_deflector_make(const lg_lens_model *m, lg_deflector *d)
{
    d->model = m;
    for (int k = 0; k < m->n; ++k)
        d->kind[k] = lg_alpha_par_of(&m->c[k], &d->par[k]) ? 1
                     : lg_el_nodes_of(&m->c[k], &d->el[k]) ? 2
                                                           : 0;
}

void lg_deflector_row(const lg_deflector *d, const float *x, float y, int nr, float *ax, float *ay,
                      float *work)
{
    memset(ax, 0, sizeof(float) * (size_t)nr);
    memset(ay, 0, sizeof(float) * (size_t)nr);
    for (int k = 0; k < d->model->n; ++k)
        if (d->kind[k] == 1)
            add_alpha_float(&d->par[k], x, y, nr, ax, ay);
        else if (d->kind[k] == 2)
            lg_el_alpha_row(&d->el[k], x, y, nr, ax, ay, work);
        else
            add_alpha_double(&d->model->c[k], x, y, nr, ax, ay);
}

int lg_ray_render(const lg_lens_model *m, const float *alpha_x, const float *alpha_y,
                  const lg_light_f *light, const lg_grid *g, int ss, float *image, float *source)
{
    const int n = g->npix, nr = n * ss;
    const double d = g->pixel_d, area = d * d / ((double)ss * ss);
    float *buf = malloc(sizeof(float) * 10 * (size_t)nr);
    double *acc = malloc(sizeof(double) * 2 * (size_t)n);
    if (!buf || !acc) {
        free(buf);
        free(acc);
        return -1;
    }
    float *x = buf, *ax = buf + nr, *ay = buf + 2 * nr, *bx = buf + 3 * nr, *by = buf + 4 * nr,
          *val = buf + 5 * nr, *work = buf + 6 * nr;
    for (int j = 0; j < nr; ++j)
        x[j] = (float)(-g->half_width_d + (j + 0.5) / ss * d);
    lg_deflector def;
    lg_deflector_make(m, &def);
    for (int iy = 0; iy < n; ++iy) {
        memset(acc, 0, sizeof(double) * 2 * (size_t)n);
        for (int sy = 0; sy < ss; ++sy) {
            const float y = (float)(-g->half_width_d + (iy + (sy + 0.5) / ss) * d);
            for (int j = 0; j < nr; ++j)
                by[j] = y;
            if (source) {
                light_row(light, x, by, nr, val);
                add_to_pixels(val, n, ss, acc + n);
            }
            if (!image)
                continue;
            if (alpha_x && alpha_y)
                alpha_from_maps(alpha_x, alpha_y, g, x, y, nr, ax, ay);
            else
                lg_deflector_row(&def, x, y, nr, ax, ay, work);
            for (int j = 0; j < nr; ++j) {
                bx[j] = x[j] - ax[j];
                by[j] = y - ay[j];
            }
            light_row(light, bx, by, nr, val);
            add_to_pixels(val, n, ss, acc);
        }
        for (int ix = 0; ix < n; ++ix) {
            if (image)
                image[(size_t)iy * n + ix] = (float)(acc[ix] * area);
            if (source)
                source[(size_t)iy * n + ix] = (float)(acc[n + ix] * area);
        }
    }
    free(buf);
    free(acc);
    return 0;
}
