/* cusp_nodes.h: the quadrature nodes of a pixel's adaptive mean near a cusp (SIS 1/r, NFW ln r,
 * steep Sersic), one node at a time, for the CPU (which gathers them and evaluates the kernel
 * in one vectorised loop, cusp_means.c) and the device (which evaluates each as it comes).
 * Both see the same nodes in the same order, so their sums agree.
 *
 * A cell nearer the centre than half its size is split into quarters, LG_CUSP_DEPTH times at
 * most; other cells get 4 x 4 Gauss-Legendre nodes (error ~ rho^-8 for a 1/r cusp at a distance
 * of half the cell or more, below 3e-5 of the cell's mass); the last cell holding the centre
 * is the sum of the four triangles (centre, edge), each mapped to the unit square by Duffy's
 * transformation x = t (A + s (B - A)), whose Jacobian t cancels a 1/r cusp; t = u^4 also
 * smooths ln r (NFW) and Sersic's r^(1/n). The recursion is an explicit stack (device code). */
#ifndef LG_CUSP_NODES_H
#define LG_CUSP_NODES_H

#include <math.h>

#include "gl_rule.h"
#include "grid.h"
#include "hd.h"
#include "profiles.h"

/* Pixels closer to a component's centre than LG_CUSP_PIXELS pixels get the adaptive mean,
 * refined down to pixel / 2^LG_CUSP_DEPTH. */
#ifndef LG_CUSP_PIXELS
#define LG_CUSP_PIXELS 2.0
#endif
#ifndef LG_CUSP_DEPTH
#define LG_CUSP_DEPTH 8
#endif

typedef struct {
    double x0, y0, h, scale;
    int depth;
} lg_cusp_cell;

enum { LG_CUSP_NONE = 0, LG_CUSP_GL, LG_CUSP_DUFFY };

typedef struct {
    double q_min;              /* the profile's metric: q x'^2 + y'^2/q >= q_min r^2 */
    const lg_gl_rule *g4, *g8; /* the 4- and 8-point rules on [0, 1] */
    lg_cusp_cell stack[3 * LG_CUSP_DEPTH + 4], cell;
    int top, kind, k; /* cell being emitted: kind, next node */
} lg_cusp_iter;

/* Distance from the centre (0, 0) to the nearest point of the cell [x0, x0 + h] x [y0, y0 + h],
 * in the profile's own metric, so elliptical cusps refine as far. */
LG_INLINE double lg_cusp_cell_distance(double q_min, double x0, double y0, double h)
{
    const double dx = x0 > 0 ? x0 : (x0 + h < 0 ? -(x0 + h) : 0.0);
    const double dy = y0 > 0 ? y0 : (y0 + h < 0 ? -(y0 + h) : 0.0);
    return sqrt(q_min * (dx * dx + dy * dy));
}

LG_INLINE double lg_cusp_q_min(const lg_kappa_par *p)
{
    const double q = p->elliptical ? p->q : 1.0;
    return q < 1.0 ? q : 1.0 / q;
}

/* Start the nodes of pixel (ix, iy) of component p, or return 0 when the pixel is not near
 * enough to the centre to need them. */
LG_INLINE int lg_cusp_begin(lg_cusp_iter *it, const lg_kappa_par *p, const lg_grid *g, int ix,
                            int iy, const lg_gl_rule *g4, const lg_gl_rule *g8)
{
    const double d = g->pixel_d, hw = g->half_width_d;
    const int reach = (int)ceil(LG_CUSP_PIXELS) + 1;
    const int icx = (int)floor(((double)p->cx + hw) / d),
              icy = (int)floor(((double)p->cy + hw) / d);
    if (ix < icx - reach || ix > icx + reach || iy < icy - reach || iy > icy + reach)
        return 0;
    const double x0 = -hw + ix * d - (double)p->cx, y0 = -hw + iy * d - (double)p->cy;
    it->q_min = lg_cusp_q_min(p);
    if (lg_cusp_cell_distance(it->q_min, x0, y0, d) >= LG_CUSP_PIXELS * d)
        return 0;
    it->g4 = g4;
    it->g8 = g8;
    it->top = 1;
    it->kind = LG_CUSP_NONE;
    it->k = 0;
    const lg_cusp_cell whole = {x0, y0, d, 1.0, LG_CUSP_DEPTH};
    it->stack[0] = whole;
    it->cell = whole;
    return 1;
}

/* The next node: offset (x, y) from the centre and weight w (of the pixel mean); 0 when done. */
LG_INLINE int lg_cusp_next(lg_cusp_iter *it, double *x, double *y, double *w)
{
    for (;;) {
        const lg_cusp_cell *c = &it->cell;
        if (it->kind == LG_CUSP_GL && it->k < 16) {
            const int i = it->k % 4, j = it->k / 4;
            *x = c->x0 + c->h * it->g4->x[i];
            *y = c->y0 + c->h * it->g4->x[j];
            *w = c->scale * it->g4->w[i] * it->g4->w[j];
            it->k++;
            return 1;
        }
        if (it->kind == LG_CUSP_DUFFY && it->k < 256) {
            const int e = it->k / 64, j = (it->k / 8) % 8, i = it->k % 8;
            const double x0 = c->x0, y0 = c->y0, h = c->h;
            const double ax = e == 1 || e == 2 ? x0 + h : x0, ay = e >= 2 ? y0 + h : y0;
            const double bx = e == 0 || e == 1 ? x0 + h : x0, by = e == 1 || e == 2 ? y0 + h : y0;
            const double area2 = ax * by - ay * bx; /* twice the signed triangle area */
            const double qx = ax + it->g8->x[j] * (bx - ax), qy = ay + it->g8->x[j] * (by - ay);
            const double u = it->g8->x[i], t = u * u * u * u;
            /* dA = area2 t dt ds with dt = 4 u^3 du; the mean divides by h^2 */
            *x = t * qx;
            *y = t * qy;
            *w = c->scale * (it->g8->w[i] * it->g8->w[j] * area2 * t * 4.0 * u * u * u / (h * h));
            it->k++;
            return 1;
        }
        if (it->top == 0)
            return 0;
        it->cell = it->stack[--it->top];
        it->k = 0;
        c = &it->cell;
        const double dist = lg_cusp_cell_distance(it->q_min, c->x0, c->y0, c->h);
        if (dist >= 0.5 * c->h || (c->depth == 0 && dist > 0.0)) {
            it->kind = LG_CUSP_GL;
        } else if (c->depth == 0) {
            it->kind = LG_CUSP_DUFFY;
        } else { /* quarters, pushed last-first so they come out in order */
            const double s = 0.5 * c->h, sc = 0.25 * c->scale;
            const int dd = c->depth - 1;
            const lg_cusp_cell q3 = {c->x0 + s, c->y0 + s, s, sc, dd},
                               q2 = {c->x0, c->y0 + s, s, sc, dd},
                               q1 = {c->x0 + s, c->y0, s, sc, dd}, q0 = {c->x0, c->y0, s, sc, dd};
            it->stack[it->top++] = q3;
            it->stack[it->top++] = q2;
            it->stack[it->top++] = q1;
            it->stack[it->top++] = q0;
            it->kind = LG_CUSP_NONE;
        }
    }
}

#endif
