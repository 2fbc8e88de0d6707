/* profile_eval.h: each profile's quantities in its own frame: (xp, yp) relative to the centre,
 * rotated so the major axis lies along +xp. lens_model.c translates, rotates and adds.
 * Each function WRITES (not adds) all six fields of *out: kappa, alpha (in this frame),
 * gamma1, gamma2 (in this frame), psi. */
#ifndef LG_PROFILE_EVAL_H
#define LG_PROFILE_EVAL_H

#include "lens_model.h"

void lg_point_eval(const lg_component *c, double xp, double yp, lg_lensq *out);
void lg_sis_eval(const lg_component *c, double xp, double yp, lg_lensq *out);
void lg_sie_eval(const lg_component *c, double xp, double yp, lg_lensq *out);
void lg_nfw_eval(const lg_component *c, double xp, double yp, lg_lensq *out);
void lg_cnfw_eval(const lg_component *c, double xp, double yp, lg_lensq *out);
void lg_sersic_eval(const lg_component *c, double xp, double yp, lg_lensq *out);
void lg_tnfw_eval(const lg_component *c, double xp, double yp, lg_lensq *out);

/* The deflection, shear and potential of a circularly symmetric profile at (xp, yp), r > 0:
 * alpha = alpha_r along the radius, gamma = alpha_r/r - kappa (mean kappa inside r minus kappa)
 * as gamma1 = -gamma cos 2theta, gamma2 = -gamma sin 2theta; psi as given. Writes all but
 * out->kappa (which a profile may clamp). */
void lg_circular_fill(double kappa, double alpha_r, double psi, double xp, double yp,
                      lg_lensq *out);

/* Sersic b_n: the root of P(2n, b) = 1/2 (regularised lower incomplete gamma). */
double lg_sersic_b_n(double n);
/* Total mass of a Sersic component in units of Sigma_crit x arcsec^2 (the map integral):
 * 2 pi n R_e^2 kappa_e e^{b_n} b_n^{-2n} Gamma(2n), for any q: the ellipse R_ell < R of the
 * product-average radius has area pi R^2. */
double lg_sersic_total_mass(const lg_component *c);

/* Cored NFW (Baltz, Marshall & Oguri 2009): 3-D mass inside r = c r_s in units of
 * 4 pi rho_s r_s^3, for core ratio beta = r_c/r_s; beta -> 0 gives ln(1+c) - c/(1+c). */
double lg_cnfw_mass3d(double c, double beta);

/* NFW functions of y = R/r_s (profile_nfw.c, docs/physics.md §3.4), exact also near y = 1 and
 * y -> 0: F(y) given y2 = y^2, with h = (1 - F)/(y^2 - 1) in *h; g = ln(y/2) + F;
 * A = (y^2 - 1) F + ln(2/y) = int_0^y y' F dy'. */
double lg_nfw_F_h(double y2, double *h);
double lg_nfw_g_of(double y);
double lg_nfw_A_of(double y);

/* Truncated NFW (Baltz, Marshall & Oguri 2009; profile_tnfw.c): total mass in units of
 * Sigma_crit x arcsec^2 (the map integral), 4 pi kappa_s theta_s^2 m(tau), finite for
 * tau < infinity (+inf for tau = +inf); m(tau) alone is lg_tnfw_mass_factor. */
double lg_tnfw_mass_factor(double tau);
double lg_tnfw_total_mass(const lg_component *c);

#endif
