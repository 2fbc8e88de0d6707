/* profile_nfw.c: NFW and cored-NFW lensing quantities in double precision (physics.md §3).
 *
 * NFW (Navarro, Frenk & White 1996), x = R/theta_s (Bartelmann 1996, A&A 313, 697; Wright &
 * Brainerd 2000, ApJ 534, 34, eqs. 11-16; Golse & Kneib 2002, A&A 390, 821, eqs. 8-14):
 *   F(x) = arccosh(1/x)/sqrt(1-x^2) = atanh(s)/s, s = sqrt(1-x^2)   (x < 1)
 *        = arccos(1/x)/sqrt(x^2-1) = atan(s)/s,  s = sqrt(x^2-1)    (x > 1),   F(1) = 1,
 *   kappa = 2 kappa_s h(x), h = (1 - F)/(x^2 - 1);  mean kappa(<x) = 4 kappa_s g(x)/x^2,
 *   g = ln(x/2) + F;  alpha = 4 kappa_s theta_s g/x (radial);  gamma = mean kappa - kappa;
 *   psi = 4 kappa_s theta_s^2 N(x), N = [ln^2(x/2) - arccosh^2(1/x)]/2 (x < 1),
 *                                      [ln^2(x/2) + arccos^2(1/x)]/2  (x >= 1).
 * Where these are 0/0 or cancel, equivalent forms are used (derived here, tested):
 *   x near 1 (|1 - x^2| < 0.05): h = sum_k t^k/(2k+3), t = 1 - x^2, and its derivatives;
 *   x < 1: with D = ln((1+s)/2) = log1p(-x^2/(2(1+s))):  g = D + F x^2/(1+s),
 *          N = D ln(x^2/(2(1+s)))/2 (both O(x^2 ln x) without cancellation).
 * Shear components in the profile frame: gamma1 = -gamma cos 2theta, gamma2 = -gamma sin 2theta.
 * At R = 0 alpha = gamma = psi = 0; the reported NFW kappa is clamped at x = LG_NFW_X_MIN as in
 * the float maps (profiles.h), while gamma and the elliptical integrals use the exact kappa.
 *
 * Cored NFW (Baltz, Marshall & Oguri 2009, JCAP 01, 015, eqs. 3, 12-14; lenstronomy
 * Profiles/cnfw.py): rho = rho_s r_s^3/[(r + r_c)(r + r_s)^2], beta = r_c/r_s, kappa_s =
 * rho_s r_s/Sigma_crit with THIS rho_s. Derived here by partial fractions in r,
 *   1/[(r+b)(1+r)^2] = [1/(r+b) - 1/(1+r)]/(1-b)^2 - 1/[(1-b)(1+r)^2],
 * and int_0^inf dz/[r (r+a)] = F(x/a)/a (r = sqrt(x^2+z^2)); then (e = 1 - beta)
 *   e^2 Sigma(x) = e h(x) + beta F(x) - F(x/beta)                        (kappa = 2 kappa_s Sigma)
 *   e^2 G(x) = (1-2 beta) g(x) + beta^2 g(x/beta) + x^2 [beta F(x) - F(x/beta)]
 *   e^2 Q(x) = (1-2 beta) N(x) + beta^2 N(x/beta) + beta A(x) - beta^2 A(x/beta)
 * with alpha = 4 kappa_s theta_s G/x, psi = 4 kappa_s theta_s^2 Q, A(x) = (x^2-1)F + ln(2/x)
 * (= int_0^x x' F dx', from d/dx[(x^2-1)F] = xF + 1/x), G = int_0^x x' Sigma dx'
 * (equal to BMO09 eq. 14 / lenstronomy _G, rearranged), Q = int_0^x G/x' dx' with Q(0) = 0:
 * psi is in closed form. Sigma(0) = (beta - 1 - ln beta)/e^2. beta -> 0 gives the NFW.
 * For |1 - beta| < CNFW_BAND the forms are 0/0: each quantity is interpolated (4-point Lagrange,
 * nodes 1 +- CNFW_BAND, 1 +- 2 CNFW_BAND; measured ~1e-9 relative), beta = 1 included. */
#include <math.h>

#include "elliptical.h"
#include "profile_eval.h"
#include "profiles.h"

#define NFW_BAND 0.05  /* |1 - x^2| below which h, dh, dF use their series */
#define CNFW_BAND 5e-3 /* |1 - beta| below which the cored forms are interpolated in beta */

/* F at y2 = y^2. atanh(s) is ill-conditioned as s -> 1: there ln((1+s)/y) is used. */
static double nfw_F(double y2)
{
    const double t = 1.0 - y2;
    if (t > 0.0) {
        const double s = sqrt(t);
        return (s > 0.5 ? log((1.0 + s) / sqrt(y2)) : atanh(s)) / s;
    }
    if (t < 0.0) {
        const double s = sqrt(-t);
        return atan(s) / s;
    }
    return 1.0;
}

/* sum_{k<16} (a k + 1) t^k/(2k + b), Horner; truncation < 1e-19 for |t| < NFW_BAND. The
 * series of F = atanh(s)/s = sum t^k/(2k+1) (t = 1 - y^2) gives those of h, dF and dh. */
static double nfw_series(double t, double a, double b)
{
    double s = 0.0;
    for (int k = 15; k >= 0; --k)
        s = s * t + (a * k + 1.0) / (2.0 * k + b);
    return s;
}

/* h = (1 - F)/(y^2 - 1) = sum t^k/(2k+3) */
static double nfw_h(double y2)
{
    const double t = 1.0 - y2;
    return fabs(t) < NFW_BAND ? nfw_series(t, 0.0, 3.0) : (1.0 - nfw_F(y2)) / (y2 - 1.0);
}

/* dh/d(y^2) + 1/(2 y^2) = (3F - 4 + y^2)/(2 (y^2-1)^2) (from dh/d(y^2) = (3 y^2 F - 2 y^2 - 1)
 * /(2 y^2 (y^2-1)^2)) = 1/(2 y^2) - sum (k+1) t^k/(2k+5): free of the 1/y^2 pole, so that
 * sums of such derivatives do not cancel at small y. Likewise dF/d(y^2) = h/2 - 1/(2 y^2). */
static double nfw_dh_reg(double y2)
{
    const double t = 1.0 - y2;
    return fabs(t) < NFW_BAND ? 0.5 / y2 - nfw_series(t, 1.0, 5.0)
                              : (3.0 * nfw_F(y2) - 4.0 + y2) / (2.0 * t * t);
}

/* g(y) = ln(y/2) + F: the mean convergence inside y is 4 kappa_s g/y^2. */
static double nfw_g(double y)
{
    if (y >= 1.0)
        return log(0.5 * y) + nfw_F(y * y);
    const double s = sqrt((1.0 - y) * (1.0 + y)), y2 = y * y;
    return log1p(-y2 / (2.0 * (1.0 + s))) + nfw_F(y2) * y2 / (1.0 + s);
}

/* N(y) = psi/(4 kappa_s theta_s^2); for y < 1, (ln(y/2) + L)(ln(y/2) - L)/2, L = acosh(1/y). */
static double nfw_N(double y)
{
    if (y >= 1.0) {
        const double l = log(0.5 * y), a = atan(sqrt((y - 1.0) * (y + 1.0)));
        return 0.5 * (l * l + a * a);
    }
    const double s = sqrt((1.0 - y) * (1.0 + y)), y2 = y * y;
    return 0.5 * log1p(-y2 / (2.0 * (1.0 + s))) * log(y2 / (2.0 * (1.0 + s)));
}

/* A(y) = (y^2 - 1) F + ln(2/y) = int_0^y y' F(y') dy'; for y < 1, (1-s) ln(2/y) - s D. */
static double nfw_A(double y)
{
    if (y >= 1.0) {
        const double s = sqrt((y - 1.0) * (y + 1.0));
        return s * atan(s) + log(2.0 / y);
    }
    const double s = sqrt((1.0 - y) * (1.0 + y)), y2 = y * y;
    return y2 / (1.0 + s) * log(2.0 / y) - s * log1p(-y2 / (2.0 * (1.0 + s)));
}

/* ---- NFW ---------------------------------------------------------------------------- */

static double nfw_kappa_r2(double r2, const void *par)
{
    const lg_component *c = par;
    double x2 = r2 / (c->theta_s * c->theta_s);
    if (!(x2 > 0.0))
        x2 = (double)LG_NFW_X_MIN * (double)LG_NFW_X_MIN;
    return 2.0 * c->kappa_s * nfw_h(x2);
}

static double nfw_dkappa_r2(double r2, const void *par)
{
    const lg_component *c = par;
    const double ts2 = c->theta_s * c->theta_s;
    double x2 = r2 / ts2;
    if (!(x2 > 0.0))
        x2 = (double)LG_NFW_X_MIN * (double)LG_NFW_X_MIN;
    return 2.0 * c->kappa_s * (nfw_dh_reg(x2) - 0.5 / x2) / ts2;
}

static double nfw_alpha_r(double r, const void *par)
{
    const lg_component *c = par;
    const double x = r / c->theta_s;
    return x > 0.0 ? 4.0 * c->kappa_s * c->theta_s * nfw_g(x) / x : 0.0;
}

/* Quantities of a circular profile from kappa (exact), mean kappa inside R, and psi. */
static void circular_fill(double xp, double yp, double kap, double kbar, double psi, lg_lensq *out)
{
    const double r2 = xp * xp + yp * yp;
    out->alpha_x = kbar * xp; /* alpha = R mean kappa, radial */
    out->alpha_y = kbar * yp;
    const double gam = r2 > 0.0 ? (kbar - kap) / r2 : 0.0;
    out->gamma1 = -gam * (xp * xp - yp * yp); /* -gamma cos 2 theta */
    out->gamma2 = -gam * 2.0 * xp * yp;       /* -gamma sin 2 theta */
    out->psi = psi;
}

void lg_nfw_eval(const lg_component *c, double xp, double yp, lg_lensq *out)
{
    const double ts = c->theta_s, r2 = xp * xp + yp * yp, x2 = r2 / (ts * ts);
    const double xmin2 = (double)LG_NFW_X_MIN * (double)LG_NFW_X_MIN;
    if (c->q < 1.0) {
        const lg_radial_profile p = {nfw_kappa_r2, nfw_dkappa_r2, nfw_alpha_r, c};
        lg_elliptical_eval(&p, c->q, xp, yp, out);
        const double xe2 = (c->q * xp * xp + yp * yp / c->q) / (ts * ts);
        out->kappa = 2.0 * c->kappa_s * nfw_h(xe2 > xmin2 ? xe2 : xmin2);
        return;
    }
    out->kappa = 2.0 * c->kappa_s * nfw_h(x2 > xmin2 ? x2 : xmin2);
    if (!(x2 > 0.0)) {
        out->alpha_x = out->alpha_y = out->gamma1 = out->gamma2 = out->psi = 0.0;
        return;
    }
    const double x = sqrt(x2);
    circular_fill(xp, yp, 2.0 * c->kappa_s * nfw_h(x2), 4.0 * c->kappa_s * nfw_g(x) / x2,
                  4.0 * c->kappa_s * ts * ts * nfw_N(x), out);
}

/* ---- cored NFW ---------------------------------------------------------------------- */

enum { CNFW_SIGMA, CNFW_DSIGMA, CNFW_G, CNFW_Q };

/* The closed forms (see top), valid for beta away from 1. At x = 0: Sigma(0) =
 * (b - 1 - ln b)/(1-b)^2, G = Q = 0; dSigma/dx^2 diverges like ln x: taken at x^2 = 1e-300. */
static double cnfw_closed(int which, double x2, double b)
{
    const double e = 1.0 - b;
    if (!(x2 > 0.0)) {
        if (which == CNFW_SIGMA)
            return (-e - log1p(-e)) / (e * e);
        if (which != CNFW_DSIGMA)
            return 0.0;
        x2 = 1e-300;
    }
    const double y2 = x2 / (b * b);
    double num = 0.0;
    switch (which) {
    case CNFW_SIGMA: num = e * nfw_h(x2) + b * nfw_F(x2) - nfw_F(y2); break;
    case CNFW_DSIGMA: /* the 1/(2 x^2) poles of the three terms cancel exactly */
        num = e * nfw_dh_reg(x2) + 0.5 * b * nfw_h(x2) - 0.5 * nfw_h(y2) / (b * b);
        break;
    case CNFW_G: {
        const double x = sqrt(x2);
        num = (1.0 - 2.0 * b) * nfw_g(x) + b * b * nfw_g(x / b) + x2 * (b * nfw_F(x2) - nfw_F(y2));
        break;
    }
    default: {
        const double x = sqrt(x2);
        num =
            (1.0 - 2.0 * b) * nfw_N(x) + b * b * nfw_N(x / b) + b * nfw_A(x) - b * b * nfw_A(x / b);
    }
    }
    return num / (e * e);
}

/* Weights of 4-point Lagrange interpolation in beta on the nodes 1 + CNFW_BAND t_j,
 * t_j = -2, -1, 1, 2 (the closed forms there lose ~eps/CNFW_BAND^2 ~ 1e-11). */
static const double cnfw_t[4] = {-2.0, -1.0, 1.0, 2.0};
static void cnfw_weights(double beta, double w[4])
{
    const double u = (beta - 1.0) / CNFW_BAND;
    for (int j = 0; j < 4; ++j) {
        w[j] = 1.0;
        for (int k = 0; k < 4; ++k)
            if (k != j)
                w[j] *= (u - cnfw_t[k]) / (cnfw_t[j] - cnfw_t[k]);
    }
}

/* One cored-NFW quantity at x^2 for core ratio b > 0, interpolated in beta near 1. */
static double cnfw_quantity(int which, double x2, double b)
{
    if (fabs(1.0 - b) >= CNFW_BAND)
        return cnfw_closed(which, x2, b);
    double w[4], sum = 0.0;
    cnfw_weights(b, w);
    for (int j = 0; j < 4; ++j)
        sum += w[j] * cnfw_closed(which, x2, 1.0 + CNFW_BAND * cnfw_t[j]);
    return sum;
}

/* int_0^c x^2/((x+b)(1+x)^2) dx by the partial fractions
 * x^2/((x+b)(1+x)^2) = [b^2/(x+b) + (1-2b)/(1+x)]/(1-b)^2 - 1/((1-b)(1+x)^2). */
static double cnfw_mass3d_closed(double c, double b)
{
    const double e = 1.0 - b;
    return (b * b * log1p(c / b) + (1.0 - 2.0 * b) * log1p(c)) / (e * e) - c / (e * (1.0 + c));
}

double lg_cnfw_mass3d(double c, double beta)
{
    if (!(beta > 0.0))
        return log1p(c) - c / (1.0 + c);
    if (fabs(1.0 - beta) >= CNFW_BAND)
        return cnfw_mass3d_closed(c, beta);
    double w[4], sum = 0.0;
    cnfw_weights(beta, w);
    for (int j = 0; j < 4; ++j)
        sum += w[j] * cnfw_mass3d_closed(c, 1.0 + CNFW_BAND * cnfw_t[j]);
    return sum;
}

static double cnfw_kappa_r2(double r2, const void *par)
{
    const lg_component *c = par;
    return 2.0 * c->kappa_s * cnfw_quantity(CNFW_SIGMA, r2 / (c->theta_s * c->theta_s), c->beta);
}

static double cnfw_dkappa_r2(double r2, const void *par)
{
    const lg_component *c = par;
    const double ts2 = c->theta_s * c->theta_s;
    return 2.0 * c->kappa_s * cnfw_quantity(CNFW_DSIGMA, r2 / ts2, c->beta) / ts2;
}

static double cnfw_alpha_r(double r, const void *par)
{
    const lg_component *c = par;
    const double x = r / c->theta_s;
    return x > 0.0 ? 4.0 * c->kappa_s * c->theta_s * cnfw_quantity(CNFW_G, x * x, c->beta) / x
                   : 0.0;
}

void lg_cnfw_eval(const lg_component *c, double xp, double yp, lg_lensq *out)
{
    if (!(c->beta > 0.0)) { /* no core: the NFW */
        lg_nfw_eval(c, xp, yp, out);
        return;
    }
    if (c->q < 1.0) {
        const lg_radial_profile p = {cnfw_kappa_r2, cnfw_dkappa_r2, cnfw_alpha_r, c};
        lg_elliptical_eval(&p, c->q, xp, yp, out);
        return;
    }
    const double ts = c->theta_s, r2 = xp * xp + yp * yp, x2 = r2 / (ts * ts);
    const double kap = 2.0 * c->kappa_s * cnfw_quantity(CNFW_SIGMA, x2, c->beta);
    out->kappa = kap;
    if (!(x2 > 0.0)) {
        out->alpha_x = out->alpha_y = out->gamma1 = out->gamma2 = out->psi = 0.0;
        return;
    }
    circular_fill(xp, yp, kap, 4.0 * c->kappa_s * cnfw_quantity(CNFW_G, x2, c->beta) / x2,
                  4.0 * c->kappa_s * ts * ts * cnfw_quantity(CNFW_Q, x2, c->beta), out);
}
