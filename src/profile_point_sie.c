/* profile_point_sie.c: point mass, singular isothermal sphere and ellipse
 * (docs/physics.md §3.1-3.3), every lensing quantity in closed form, double precision, in the
 * component's frame (profile_eval.h).
 *
 * Sign conventions (docs/physics.md §4.1): kappa = (psi_xx + psi_yy)/2,
 * gamma1 = (psi_xx - psi_yy)/2, gamma2 = psi_xy. For any circularly symmetric lens
 * gamma1 + i gamma2 = -gamma e^{2 i theta} with gamma = kappa_mean(<r) - kappa(r) (Schneider,
 * Kochanek & Wambsganss 2006, Part 1 §2).
 *
 * The centre. Closer than LG_CENTRE_R_MIN = 1e-12 arcsec (far below any pixel or probe scale)
 * a point counts as the centre: the vector and spin-2 quantities (alpha, gamma), which depend
 * on the direction of approach, take their direction average 0; kappa and psi take their value
 * at r = LG_CENTRE_R_MIN (point mass: kappa 0, psi = theta_E^2 ln 1e-12; SIS/SIE:
 * kappa = theta_E/(2e-12), psi = 0). Every returned value is finite. */
#include "profile_eval.h"

#include <math.h>

#define LG_CENTRE_R_MIN 1e-12

/* Point mass (Schneider, Kochanek & Wambsganss 2006, Part 1 eq. 2.20 ff.): kappa = 0 off the
 * centre (a delta function; maps deposit it by cloud-in-cell), alpha = theta_E^2 / r radial,
 * psi = theta_E^2 ln r, gamma = kappa_mean = theta_E^2 / r^2. */
void lg_point_eval(const lg_component *c, double xp, double yp, lg_lensq *out)
{
    const double te2 = c->theta_e * c->theta_e;
    const double r = hypot(xp, yp);
    if (r < LG_CENTRE_R_MIN) {
        *out = (lg_lensq){0.0, 0.0, 0.0, 0.0, 0.0, te2 * log(LG_CENTRE_R_MIN)};
        return;
    }
    out->kappa = 0.0;
    lg_circular_fill(0.0, te2 / r, te2 * log(r), xp, yp, out);
}

/* SIS (docs/physics.md §3.2): kappa = theta_E/(2r), alpha = theta_E radial, psi = theta_E r,
 * gamma = kappa_mean - kappa = theta_E/r - theta_E/(2r) = kappa. */
void lg_sis_eval(const lg_component *c, double xp, double yp, lg_lensq *out)
{
    const double te = c->theta_e;
    const double r = hypot(xp, yp);
    if (r < LG_CENTRE_R_MIN) {
        *out = (lg_lensq){0.5 * te / LG_CENTRE_R_MIN, 0.0, 0.0, 0.0, 0.0, 0.0};
        return;
    }
    out->kappa = 0.5 * te / r;
    lg_circular_fill(out->kappa, te, te * r, xp, yp, out);
}

/* atan(f u)/f and atanh(f v)/f, smooth through f -> 0. For f < LG_SIE_SERIES_F the Taylor
 * series to (f u)^8 (|f u| <= f/q, truncation (f/q)^10/11 < 1e-18 for q > 0.9998): the
 * SIE -> SIS limit is exact to double rounding, and q = 1 gives the SIS exactly. */
#define LG_SIE_SERIES_F 0.02

static double atan_over_f(double f, double u)
{
    if (f < LG_SIE_SERIES_F) {
        const double t = (f * u) * (f * u);
        return u * (1.0 + t * (-1.0 / 3 + t * (1.0 / 5 + t * (-1.0 / 7 + t * (1.0 / 9)))));
    }
    return atan(f * u) / f;
}

static double atanh_over_f(double f, double v)
{
    if (f < LG_SIE_SERIES_F) {
        const double t = (f * v) * (f * v);
        return v * (1.0 + t * (1.0 / 3 + t * (1.0 / 5 + t * (1.0 / 7 + t * (1.0 / 9)))));
    }
    return atanh(f * v) / f;
}

/* SIE with the product-average normalisation kappa = theta_E / (2 R_ell),
 * R_ell = sqrt(q x'^2 + y'^2/q) (lenstronomy's SIE; docs/physics.md §1.4, §3.3), i.e.
 * kappa = (B/2)/w with B = theta_E sqrt(q), w = sqrt(q^2 x'^2 + y'^2).
 * Deflection: Kormann, Schneider & Bartelmann 1994 (A&A 284, 285), as written by Keeton 2001
 * (astro-ph/0102341, eqs. for the SIE, s = 0) with f = sqrt(1 - q^2), b = B/f:
 *   alpha_x' = b atan(f x'/w),   alpha_y' = b atanh(f y'/w).
 * Hessian (derived from these; check: 1 + f^2 x'^2/w^2 = r^2/w^2, 1 - f^2 y'^2/w^2 = q^2 r^2/w^2):
 *   psi_x'x' = B y'^2/(w r^2),  psi_y'y' = B x'^2/(w r^2),  psi_x'y' = -B x'y'/(w r^2),
 * so kappa = B/(2w) as required and gamma = -kappa (cos 2theta, sin 2theta) exactly as for the
 * SIS (isothermal). Potential: psi is homogeneous of degree 1, so psi = x' alpha_x' + y' alpha_y'
 * (Euler). Valid for 0 < q <= 1; q -> 1 tends to the SIS smoothly (series above). */
void lg_sie_eval(const lg_component *c, double xp, double yp, lg_lensq *out)
{
    const double q = c->q, te = c->theta_e;
    const double r = hypot(xp, yp);
    if (r < LG_CENTRE_R_MIN) {
        *out = (lg_lensq){0.5 * te / LG_CENTRE_R_MIN, 0.0, 0.0, 0.0, 0.0, 0.0};
        return;
    }
    const double big_b = te * sqrt(q);
    const double f = sqrt((1.0 - q) * (1.0 + q));
    const double w = hypot(q * xp, yp);
    const double ax = big_b * atan_over_f(f, xp / w);
    const double ay = big_b * atanh_over_f(f, yp / w);
    const double kappa = 0.5 * big_b / w;
    /* cos 2theta, sin 2theta from the unit vector (no trigonometric calls) */
    const double cu = xp / r, su = yp / r;
    out->kappa = kappa;
    out->alpha_x = ax;
    out->alpha_y = ay;
    out->gamma1 = -kappa * (cu * cu - su * su);
    out->gamma2 = -kappa * 2.0 * cu * su;
    out->psi = xp * ax + yp * ay;
}
