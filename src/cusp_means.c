/* cusp_means.c: adaptive pixel means near a cusp. The nodes come from cusp_nodes.h (shared with
 * the device kernels, pixel_kappa.h); here a pixel's nodes are gathered first and the kernel
 * then runs over all of them in one vectorised loop per profile, as the map loops do, rather
 * than through a per-point switch. */
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

/* Sum in node order, as the device does (pixel_kappa.h): the two agree bitwise. */
static void flush(const lg_kappa_par *p, node_list *l)
{
    eval_nodes(p, l);
    double s = l->sum;
    for (int i = 0; i < l->n; ++i)
        s += (double)l->w[i] * l->k[i];
    l->sum = s;
    l->n = 0;
}

void lg_refine_cusp(const lg_kappa_par *p, const lg_grid *g, float *comp)
{
    const int n = g->npix, reach = (int)ceil(LG_CUSP_PIXELS) + 1;
    const double d = g->pixel_d, hw = g->half_width_d;
    const int icx = (int)floor(((double)p->cx + hw) / d),
              icy = (int)floor(((double)p->cy + hw) / d);
    const lg_gl_rule *g4 = lg_gl_unit(4), *g8 = lg_gl_unit(8);
    node_list list; /* ~64 KiB: on the stack of the calling thread */
    for (int iy = icy - reach; iy <= icy + reach; ++iy)
        for (int ix = icx - reach; ix <= icx + reach; ++ix) {
            lg_cusp_iter it;
            if (ix < 0 || iy < 0 || ix >= n || iy >= n || !lg_cusp_begin(&it, p, g, ix, iy, g4, g8))
                continue;
            list.n = 0;
            list.sum = 0.0;
            double x, y, w;
            while (lg_cusp_next(&it, &x, &y, &w)) {
                if (list.n == MAX_NODES)
                    flush(p, &list);
                list.x[list.n] = (float)x;
                list.y[list.n] = (float)y;
                list.w[list.n] = (float)w;
                list.n++;
            }
            flush(p, &list);
            comp[(size_t)iy * n + ix] = (float)list.sum;
        }
}
