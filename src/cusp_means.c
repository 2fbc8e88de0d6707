/* cusp_means.c: adaptive pixel means near a cusp. The recursion only places quadrature nodes
 * (offsets from the centre and weights); the kernel then runs over all nodes of a pixel in one
 * vectorised loop per profile, as the map loops do, rather than through a per-point switch. */
#include "cusp_means.h"

#include <math.h>

#include "gauss_legendre.h"
#include "kappa_at.h"

/* Nodes of one pixel: at most 16 leaves of 16 nodes per level plus one Duffy cell (4 x 64),
 * so LG_CUSP_DEPTH 8 needs ~2,300; a fuller list is evaluated and emptied. */
#define MAX_NODES 4096

typedef struct {
    int n;
    double sum; /* weighted kappa of the nodes already evaluated */
    float x[MAX_NODES], y[MAX_NODES], w[MAX_NODES], k[MAX_NODES];
} node_list;

// clang-format off
#define NODE_LOOP(FORMULA)                                                                  \
    do {                                                                                    \
        _Pragma("omp simd")                                                                 \
        for (int i = 0; i < n; ++i)                                                         \
            k[i] = FORMULA(&par, x[i], y[i]);                                               \
    } while (0)
// clang-format on

/* kappa at every node: the profile is chosen once, the loop over nodes vectorises. */
static void eval_nodes(const lg_kappa_par *p, node_list *l)
{
    const lg_kappa_par par = *p;
    const int n = l->n;
    const float *restrict x = l->x, *restrict y = l->y;
    float *restrict k = l->k;
    switch (par.profile) {
    case LG_COMP_NFW:
        if (par.elliptical)
            NODE_LOOP(lg_kappa_nfw_ell);
        else
            NODE_LOOP(lg_kappa_nfw);
        break;
    case LG_COMP_SIS: NODE_LOOP(lg_kappa_sis); break;
    case LG_COMP_SIE: NODE_LOOP(lg_kappa_sie); break;
    case LG_COMP_SERSIC:
        if (par.elliptical)
            NODE_LOOP(lg_kappa_sersic_ell);
        else
            NODE_LOOP(lg_kappa_sersic);
        break;
    default: NODE_LOOP(lg_kappa_at); /* cored NFW: its form depends on beta */
    }
}

static void flush(const lg_kappa_par *p, node_list *l)
{
    eval_nodes(p, l);
    double s = 0.0;
    for (int i = 0; i < l->n; ++i)
        s += (double)l->w[i] * l->k[i];
    l->sum += s;
    l->n = 0;
}

static void add_node(const lg_kappa_par *p, node_list *l, double x, double y, double w)
{
    if (l->n == MAX_NODES)
        flush(p, l);
    l->x[l->n] = (float)x;
    l->y[l->n] = (float)y;
    l->w[l->n] = (float)w;
    l->n++;
}

/* Distance from the centre (0, 0) to the nearest point of the cell [x0, x0 + h] x [y0, y0 + h],
 * in the profile's own metric (q x'^2 + y'^2/q >= q_min r^2), so elliptical cusps refine as far. */
static double cell_distance(const lg_kappa_par *p, double x0, double y0, double h)
{
    const double dx = x0 > 0 ? x0 : (x0 + h < 0 ? -(x0 + h) : 0.0);
    const double dy = y0 > 0 ? y0 : (y0 + h < 0 ? -(y0 + h) : 0.0);
    const double q = p->elliptical ? p->q : 1.0, q_min = q < 1.0 ? q : 1.0 / q;
    return sqrt(q_min * (dx * dx + dy * dy));
}

typedef struct {
    const lg_kappa_par *p;
    node_list *l;
    const lg_gl_rule *g4, *g8;
} cusp_ctx;

/* 4 x 4 Gauss-Legendre over a cell of weight `scale` in its pixel: error ~ rho^-8 for a 1/r
 * cusp at a distance of half the cell or more (rho >= 3.7), below 3e-5 of the cell's mass. */
static void nodes_gl(const cusp_ctx *c, double x0, double y0, double h, double scale)
{
    for (int j = 0; j < 4; ++j)
        for (int i = 0; i < 4; ++i)
            add_node(c->p, c->l, x0 + h * c->g4->x[i], y0 + h * c->g4->x[j],
                     scale * c->g4->w[i] * c->g4->w[j]);
}

/* A cell holding the centre: the sum of the triangles (centre, edge), each mapped to the unit
 * square by Duffy's transformation x = t (A + s (B - A)), whose Jacobian t cancels a 1/r cusp;
 * t = u^4 also smooths ln r (NFW) and Sersic's r^(1/n). */
static void nodes_duffy(const cusp_ctx *c, double x0, double y0, double h, double scale)
{
    const double cx[5] = {x0, x0 + h, x0 + h, x0, x0}, cy[5] = {y0, y0, y0 + h, y0 + h, y0};
    const lg_gl_rule *g8 = c->g8;
    for (int e = 0; e < 4; ++e) {
        const double ax = cx[e], ay = cy[e], bx = cx[e + 1], by = cy[e + 1];
        const double area2 = ax * by - ay * bx; /* twice the signed triangle area */
        for (int j = 0; j < 8; ++j) {
            const double qx = ax + g8->x[j] * (bx - ax), qy = ay + g8->x[j] * (by - ay);
            for (int i = 0; i < 8; ++i) {
                const double u = g8->x[i], t = u * u * u * u;
                /* dA = area2 t dt ds with dt = 4 u^3 du; the mean divides by h^2 */
                const double w = g8->w[i] * g8->w[j] * area2 * t * 4.0 * u * u * u / (h * h);
                add_node(c->p, c->l, t * qx, t * qy, scale * w);
            }
        }
    }
}

/* Cells nearer the centre than half their size are split into quarters, `depth` times at
 * most; the others get Gauss-Legendre nodes, the last cell holding the centre Duffy's. */
static void nodes_cell(const cusp_ctx *c, double x0, double y0, double h, int depth, double scale)
{
    const double dist = cell_distance(c->p, x0, y0, h);
    if (dist >= 0.5 * h || (depth == 0 && dist > 0.0)) {
        nodes_gl(c, x0, y0, h, scale);
    } else if (depth == 0) {
        nodes_duffy(c, x0, y0, h, scale);
    } else {
        const double s = 0.5 * h;
        nodes_cell(c, x0, y0, s, depth - 1, 0.25 * scale);
        nodes_cell(c, x0 + s, y0, s, depth - 1, 0.25 * scale);
        nodes_cell(c, x0, y0 + s, s, depth - 1, 0.25 * scale);
        nodes_cell(c, x0 + s, y0 + s, s, depth - 1, 0.25 * scale);
    }
}

void lg_refine_cusp(const lg_kappa_par *p, const lg_grid *g, float *comp)
{
    const int n = g->npix, reach = (int)ceil(LG_CUSP_PIXELS) + 1;
    const double d = g->pixel_d, hw = g->half_width_d;
    const int icx = (int)floor(((double)p->cx + hw) / d),
              icy = (int)floor(((double)p->cy + hw) / d);
    node_list list; /* ~64 KiB: on the stack of the calling thread */
    cusp_ctx c = {p, &list, lg_gl_unit(4), lg_gl_unit(8)};
    for (int iy = icy - reach; iy <= icy + reach; ++iy)
        for (int ix = icx - reach; ix <= icx + reach; ++ix) {
            if (ix < 0 || iy < 0 || ix >= n || iy >= n)
                continue;
            const double x0 = -hw + ix * d - (double)p->cx, y0 = -hw + iy * d - (double)p->cy;
            if (cell_distance(p, x0, y0, d) >= LG_CUSP_PIXELS * d)
                continue;
            list.n = 0;
            list.sum = 0.0;
            nodes_cell(&c, x0, y0, d, LG_CUSP_DEPTH, 1.0);
            flush(p, &list);
            comp[(size_t)iy * n + ix] = (float)list.sum;
        }
}
