/* ray_elliptical.c: float32 deflection of elliptical-mass profiles over a row of rays
 * (ray_elliptical.h). */
#include "ray_elliptical.h"

#include <math.h>

#include "gauss_legendre.h"
#include "lens.h"
#include "profiles_cnfw.h"
#include "profiles_sersic.h"

#define EL_GL 8
#define EL_PANEL 3.0

/* Append node tau with weight wt (in dtau); scale: the kernel's R^2 unit (1/theta_s^2 or
 * 1/r_e^2). */
static void add_node(lg_el_nodes *e, double q, double scale, double tau, double wt)
{
    const double a = 1.0 / (1.0 + tau), b = 1.0 / (tau + q * q), w = wt * sqrt(a * b);
    e->fx[e->n] = (float)(q * a * scale);
    e->fy[e->n] = (float)(q * b * scale);
    e->w0[e->n] = (float)(w * a);
    e->w1[e->n] = (float)(w * b);
    ++e->n;
}

int lg_el_nodes_of(const lg_component *c, lg_el_nodes *e)
{
    if (c->type != LG_COMP_NFW && c->type != LG_COMP_CNFW && c->type != LG_COMP_SERSIC)
        return 0;
    double gx[EL_GL], gw[EL_GL];
    if (lg_gauss_legendre(EL_GL, gx, gw) != 0)
        return 0;
    e->type = c->type;
    e->n = 0;
    lg_component_kappa_par(c, &e->par);
    e->cx = (float)c->cx;
    e->cy = (float)c->cy;
    e->cos_phi = (float)cos(c->phi);
    e->sin_phi = (float)sin(c->phi);
    const double q = c->q < 1.0 ? c->q : 1.0;
    e->q = (float)q;
    const double scale =
        c->type == LG_COMP_SERSIC ? 1.0 / (c->r_e * c->r_e) : 1.0 / (c->theta_s * c->theta_s);
    const double tau_a = 0.5 * q * q;
    for (int i = 0; i < EL_GL; ++i)
        add_node(e, q, scale, 0.5 * tau_a * (gx[i] + 1.0), 0.5 * tau_a * gw[i]);
    const double s_a = log(tau_a), s_b = log(LG_EL_TAU_MAX);
    const int np = (int)ceil((s_b - s_a) / EL_PANEL);
    const double half = 0.5 * (s_b - s_a) / np;
    for (int k = 0; k < np && e->n + EL_GL <= LG_EL_MAX_NODES; ++k)
        for (int i = 0; i < EL_GL; ++i) {
            const double tau = exp(s_a + (2 * k + 1) * half + half * gx[i]);
            add_node(e, q, scale, tau, half * gw[i] * tau);
        }
    return 1;
}

/* The convergence kernel at R^2 in the kernel's unit, one vectorised pass per node. */
// clang-format off
#define NODE_LOOP(KAPPA)                                                                    \
    for (int k = 0; k < e->n; ++k) {                                                        \
        const float fx = e->fx[k], fy = e->fy[k], w0 = e->w0[k], w1 = e->w1[k];             \
        _Pragma("omp simd")                                                                 \
        for (int j = 0; j < nr; ++j) {                                                      \
            const float kap = KAPPA(fx * x2[j] + fy * y2[j]);                               \
            j0[j] += w0 * kap;                                                              \
            j1[j] += w1 * kap;                                                              \
        }                                                                                   \
    }
// clang-format on

void lg_el_alpha_row(const lg_el_nodes *e, const float *x, float y, int nr, float *ax, float *ay,
                     float *work)
{
    float *restrict x2 = work, *restrict y2 = work + nr, *restrict j0 = work + 2 * nr,
                    *restrict j1 = work + 3 * nr;
    const float c = e->cos_phi, s = e->sin_phi, dy = y - e->cy;
    for (int j = 0; j < nr; ++j) {
        const float dx = x[j] - e->cx;
        const float xp = c * dx + s * dy, yp = -s * dx + c * dy;
        x2[j] = xp * xp;
        y2[j] = yp * yp;
        j0[j] = j1[j] = 0.0f;
    }
    const lg_kappa_par par = e->par;
    const float k2 = 2.0f * par.kappa_s, beta = par.beta;
#define NFW_K(t) (k2 * lg_nfw_h(t))
#define CNFW_CLOSED_K(t) (k2 * lg_cnfw_sigma_closed(beta, t))
#define CNFW_FEYNMAN_K(t) (k2 * lg_cnfw_sigma_feynman(beta, t))
#define SERSIC_K(t) lg_sersic_kappa_s2(&par, t)
    if (e->type == LG_COMP_SERSIC)
        NODE_LOOP(SERSIC_K)
    else if (e->type == LG_COMP_NFW || !(beta > 0.0f))
        NODE_LOOP(NFW_K)
    else if (lg_cnfw_use_feynman(beta))
        NODE_LOOP(CNFW_FEYNMAN_K)
    else
        NODE_LOOP(CNFW_CLOSED_K)
#undef NFW_K
#undef CNFW_CLOSED_K
#undef CNFW_FEYNMAN_K
#undef SERSIC_K
    const float q = e->q;
    for (int j = 0; j < nr; ++j) {
        const float dx = x[j] - e->cx;
        const float xp = c * dx + s * dy, yp = -s * dx + c * dy;
        const float axp = q * xp * j0[j], ayp = q * yp * j1[j];
        ax[j] += c * axp - s * ayp;
        ay[j] += s * axp + c * ayp;
    }
}
