/* ray_elliptical.h: the deflection of the NFW, cored NFW and Sersic lens profiles for ray
 * shooting, in float32 over a row of rays, by the same 1-D integrals as the double-precision
 * evaluator (elliptical.c; Schramm 1990, Keeton 2001):
 *   alpha_x' = q x' J_0, alpha_y' = q y' J_1,
 *   J_n = int_0^inf kappa(R^2(tau)) (1 + tau)^(n - 3/2) (tau + q^2)^-(n + 1/2) dtau,
 *   R^2(tau) = q (x'^2 / (1 + tau) + y'^2 / (tau + q^2)),
 * (q = 1 included: the circular profiles take the same path).
 *
 * Why not the double evaluator: it runs ~72 nodes of three special functions per ray, one ray at
 * a time (~5 us); a composite lens took ~0.4 s per 64 x 64 image at 3 x 3 sub-pixels. Here the
 * nodes depend on q alone, so they are made once per component, and each node is one
 * vectorised pass of the float convergence kernel (profiles.h) over the row.
 *
 * Nodes: 8-point Gauss-Legendre on tau in [0, q^2/2], then panels of length <= 3 in ln tau up
 * to tau = LG_EL_TAU_MAX, 8 points each. Beyond it (R < r 1e-6) the integrand is left out: it
 * holds the mass inside R, a fraction ~(R/r)^(2 - slope) of the deflection (< 1e-7 for the
 * profiles here, whose kappa is at most logarithmic at the centre or capped; at 1e10 a Sersic
 * of n = 8 was off by 1.4e-4). The integrands are analytic in |Im ln tau| < pi/2, so 8 points
 * on a panel of 3 converge like 2.5^-16 ~ 5e-7 (panels of 2, 3 and 4 agree to float rounding,
 * tests/unit/test_imaging.c). */
#ifndef LG_RAY_ELLIPTICAL_H
#define LG_RAY_ELLIPTICAL_H

#include "lens_model.h"
#include "profiles.h"

#define LG_EL_TAU_MAX 1e12
#define LG_EL_MAX_NODES 160

/* One component's nodes: per node the weights of J_0 and J_1 and the factors of x'^2 and y'^2
 * in R^2 (times the kernel's radius scale), and the float kernel's parameters. */
typedef struct {
    int type; /* LG_COMP_NFW, LG_COMP_CNFW or LG_COMP_SERSIC */
    int n;
    lg_kappa_par par;
    float cx, cy, cos_phi, sin_phi, q;
    float fx[LG_EL_MAX_NODES], fy[LG_EL_MAX_NODES], w0[LG_EL_MAX_NODES], w1[LG_EL_MAX_NODES];
} lg_el_nodes;

/* The nodes of component c: 1, or 0 when c is not one of these profiles. */
int lg_el_nodes_of(const lg_component *c, lg_el_nodes *e);

/* Add the deflection at the rays (x[j], y), j < nr, to (ax, ay). work: 4 nr floats. */
void lg_el_alpha_row(const lg_el_nodes *e, const float *x, float y, int nr, float *ax, float *ay,
                     float *work);

#endif
