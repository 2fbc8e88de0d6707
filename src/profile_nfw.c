/* profile_nfw.c: NFW and cored-NFW lensing quantities in double precision
 * (docs/physics.md §3.4, §3.9).
 *
 * NFW (Navarro, Frenk & White 1996), x = R/theta_s (Bartelmann 1996, A&A 313, 697; Wright &
 * Brainerd 2000, ApJ 534, 34; Golse & Kneib 2002, A&A 390, 821; docs/physics.md §3.4):
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
 * Cored NFW (docs/physics.md §3.9: Baltz, Marshall & Oguri 2009, JCAP 01, 015; lenstronomy
 * Profiles/cnfw.py, whose _F and _G these equal after rearrangement):
 * rho = rho_s r_s^3/[(r + r_c)(r + r_s)^2], beta = r_c/r_s, kappa_s = rho_s r_s/Sigma_crit
 * with THIS rho_s. Derived here from the partial fractions in r
 *   1/[(r+b)(1+r)^2] = [1/(r+b) - 1/(1+r)]/(1-b)^2 - 1/[(1-b)(1+r)^2]
 * and int_0^inf dz/[r (r+a)] = F(x/a)/a (r = sqrt(x^2+z^2)); with e = 1 - beta,
 *   e^2 Sigma(x) = e h(x) + beta F(x) - F(x/beta)                  kappa = 2 kappa_s Sigma
 *   e^2 G(x) = (1-2 beta) g(x) + beta^2 g(x/beta) + x^2 [beta F(x) - F(x/beta)]
 *   e^2 Q(x) = (1-2 beta) N(x) + beta^2 N(x/beta) + beta A(x) - beta^2 A(x/beta)
 * alpha = 4 kappa_s theta_s G/x, psi = 4 kappa_s theta_s^2 Q, where G = int_0^x x' Sigma dx',
 * Q = int_0^x G/x' dx' (Q(0) = 0: psi in closed form) and A(x) = (x^2-1)F + ln(2/x)
 * = int_0^x x' F dx' (from d/dx[(x^2-1)F] = xF + 1/x). Sigma(0) = (beta - 1 - ln beta)/e^2;
 * beta -> 0 gives the NFW. dSigma/dx^2 uses dF/dx^2 = h/2 - 1/(2x^2) and nfw_dh_reg, so that
 * the 1/x^2 poles cancel exactly. For |1 - beta| < CNFW_BAND the forms are 0/0: each quantity
 * is interpolated in beta (4-point Lagrange on the closed forms at
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

/* h = (1 - F)/(y^2 - 1) = sum t^k/(2k+3), given f = F(y) */
static double nfw_h_f(double y2, double f)
{
    const double t = 1.0 - y2;
    return fabs(t) < NFW_BAND ? nfw_series(t, 0.0, 3.0) : (1.0 - f) / (y2 - 1.0);
}

static double nfw_h(double y2)
{
    return nfw_h_f(y2, nfw_F(y2));
}

/* dh/d(y^2) + 1/(2 y^2) = (3F - 4 + y^2)/(2 (y^2-1)^2) (from dh/d(y^2) = (3 y^2 F - 2 y^2 - 1)
 * /(2 y^2 (y^2-1)^2)) = 1/(2 y^2) - sum (k+1) t^k/(2k+5): free of the 1/y^2 pole, so that
 * sums of such derivatives do not cancel at small y. Likewise dF/d(y^2) = h/2 - 1/(2 y^2). */
static double nfw_dh_reg_f(double y2, double f)
{
    const double t = 1.0 - y2;
    return fabs(t) < NFW_BAND ? 0.5 / y2 - nfw_series(t, 1.0, 5.0)
                              : (3.0 * f - 4.0 + y2) / (2.0 * t * t);
}

/* g(y) = ln(y/2) + F: the mean convergence inside y is 4 kappa_s g/y^2; f = F(y). */
static double nfw_g_f(double y, double f)
{
    if (y >= 1.0)
        return log(0.5 * y) + f;
    const double s = sqrt((1.0 - y) * (1.0 + y)), y2 = y * y;
    return log1p(-y2 / (2.0 * (1.0 + s))) + f * y2 / (1.0 + s);
}

static double nfw_g(double y)
{
    return nfw_g_f(y, nfw_F(y * y));
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

/* ---- radial profiles for lg_elliptical_eval ---------------------------------------- */

/* kappa, dkappa/d(R^2) and alpha of the circular NFW or cored NFW at one radius. The
 * elliptical quadrature asks for all three at each node, in turn: they share F(x), F(x/beta),
 * so they are computed together and kept in a one-entry per-thread cache keyed by the
 * parameters and the radius (r2 for kappa and dkappa, r = sqrt(r2) for alpha). */
typedef struct {
    int type;
    double kappa_s, theta_s, beta, r2, r;
    double q[3]; /* kappa, dkappa/d(R^2), alpha */
} radial_cache;
static _Thread_local radial_cache r_cache = {.type = -1};

static void cnfw_radial(double x2, double b, double out[3]);

static const double *radial_at(const lg_component *c, double r2, double r, int by_r)
{
    radial_cache *k = &r_cache;
    if (k->type == c->type && k->kappa_s == c->kappa_s && k->theta_s == c->theta_s &&
        k->beta == c->beta && (by_r ? k->r == r : k->r2 == r2))
        return k->q;
    if (by_r)
        r2 = r * r;
    else
        r = sqrt(r2);
    const double ts = c->theta_s, x = r / ts, x2 = r2 / (ts * ts), ks = c->kappa_s;
    if (c->type == LG_COMP_CNFW) {
        double v[3]; /* Sigma, dSigma/dx^2, G */
        cnfw_radial(x2, c->beta, v);
        k->q[0] = 2.0 * ks * v[0];
        k->q[1] = 2.0 * ks * v[1] / (ts * ts);
        k->q[2] = x > 0.0 ? 4.0 * ks * ts * v[2] / x : 0.0;
    } else {
        const double xc2 = x2 > 0.0 ? x2 : (double)LG_NFW_X_MIN * (double)LG_NFW_X_MIN;
        const double f = nfw_F(xc2);
        k->q[0] = 2.0 * ks * nfw_h_f(xc2, f);
        k->q[1] = 2.0 * ks * (nfw_dh_reg_f(xc2, f) - 0.5 / xc2) / (ts * ts);
        k->q[2] = x > 0.0 ? 4.0 * ks * ts * nfw_g_f(x, f) / x : 0.0;
    }
    k->type = c->type;
    k->kappa_s = ks;
    k->theta_s = ts;
    k->beta = c->beta;
    k->r2 = r2;
    k->r = r;
    return k->q;
}

static double radial_kappa(double r2, const void *par)
{
    return radial_at(par, r2, 0.0, 0)[0];
}

static double radial_dkappa(double r2, const void *par)
{
    return radial_at(par, r2, 0.0, 0)[1];
}

static double radial_alpha(double r, const void *par)
{
    return radial_at(par, 0.0, r, 1)[2];
}

/* ---- NFW ---------------------------------------------------------------------------- */

void lg_nfw_eval(const lg_component *c, double xp, double yp, lg_lensq *out)
{
    const double ts = c->theta_s, r2 = xp * xp + yp * yp, x2 = r2 / (ts * ts);
    const double xmin2 = (double)LG_NFW_X_MIN * (double)LG_NFW_X_MIN;
    if (c->q < 1.0) {
        const lg_radial_profile p = {radial_kappa, radial_dkappa, radial_alpha, c};
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
    const double x = sqrt(x2); /* alpha = R mean kappa = R 4 kappa_s g(x)/x^2 */
    lg_circular_fill(2.0 * c->kappa_s * nfw_h(x2), sqrt(r2) * 4.0 * c->kappa_s * nfw_g(x) / x2,
                     4.0 * c->kappa_s * ts * ts * nfw_N(x), xp, yp, out);
}

/* ---- cored NFW ---------------------------------------------------------------------- */

/* The closed forms (see top), valid for beta away from 1, at x^2 = x2: v = Sigma,
 * dSigma/d(x^2), G and (nq = 4) Q. At x = 0: Sigma(0) = (b - 1 - ln b)/(1-b)^2, G = Q = 0,
 * and dSigma/dx^2, which diverges like ln x, is taken at x^2 = 1e-300. */
static void cnfw_closed(double x2, double b, int nq, double v[4])
{
    const double e = 1.0 - b, inv = 1.0 / (e * e);
    const int centre = !(x2 > 0.0);
    if (centre)
        x2 = 1e-300;
    const double y2 = x2 / (b * b), x = sqrt(x2), y = x / b;
    const double fx = nfw_F(x2), fy = nfw_F(y2), hx = nfw_h_f(x2, fx), hy = nfw_h_f(y2, fy);
    /* dSigma: the 1/(2 x^2) poles of the three terms cancel exactly (nfw_dh_reg) */
    v[1] = (e * nfw_dh_reg_f(x2, fx) + 0.5 * b * hx - 0.5 * hy / (b * b)) * inv;
    if (centre) {
        v[0] = (-e - log1p(-e)) * inv;
        v[2] = v[3] = 0.0;
        return;
    }
    v[0] = (e * hx + b * fx - fy) * inv;
    v[2] = ((1.0 - 2.0 * b) * nfw_g_f(x, fx) + b * b * nfw_g_f(y, fy) + x2 * (b * fx - fy)) * inv;
    if (nq > 3)
        v[3] =
            ((1.0 - 2.0 * b) * nfw_N(x) + b * b * nfw_N(y) + b * nfw_A(x) - b * b * nfw_A(y)) * inv;
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

/* The first nq cored-NFW quantities at x^2 for core ratio b > 0, interpolated in beta near 1. */
static void cnfw_values(double x2, double b, int nq, double v[4])
{
    if (fabs(1.0 - b) >= CNFW_BAND) {
        cnfw_closed(x2, b, nq, v);
        return;
    }
    double w[4], u[4];
    cnfw_weights(b, w);
    v[0] = v[1] = v[2] = v[3] = 0.0;
    for (int j = 0; j < 4; ++j) {
        cnfw_closed(x2, 1.0 + CNFW_BAND * cnfw_t[j], nq, u);
        for (int i = 0; i < nq; ++i)
            v[i] += w[j] * u[i];
    }
}

static void cnfw_radial(double x2, double b, double out[3])
{
    double v[4];
    cnfw_values(x2, b, 3, v);
    out[0] = v[0];
    out[1] = v[1];
    out[2] = v[2];
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

void lg_cnfw_eval(const lg_component *c, double xp, double yp, lg_lensq *out)
{
    if (!(c->beta > 0.0)) { /* no core: the NFW */
        lg_nfw_eval(c, xp, yp, out);
        return;
    }
    if (c->q < 1.0) {
        const lg_radial_profile p = {radial_kappa, radial_dkappa, radial_alpha, c};
        lg_elliptical_eval(&p, c->q, xp, yp, out);
        return;
    }
    const double ts = c->theta_s, r2 = xp * xp + yp * yp, x2 = r2 / (ts * ts);
    double v[4];
    cnfw_values(x2, c->beta, 4, v);
    out->kappa = 2.0 * c->kappa_s * v[0];
    if (!(x2 > 0.0)) {
        out->alpha_x = out->alpha_y = out->gamma1 = out->gamma2 = out->psi = 0.0;
        return;
    }
    lg_circular_fill(out->kappa, sqrt(r2) * 4.0 * c->kappa_s * v[2] / x2,
                     4.0 * c->kappa_s * ts * ts * v[3], xp, yp, out);
}

/* ---- the NFW functions for the truncated NFW (profile_tnfw.c) ---------------------- */

double lg_nfw_F_h(double y2, double *h)
{
    const double f = nfw_F(y2);
    *h = nfw_h_f(y2, f);
    return f;
}

double lg_nfw_g_of(double y)
{
    return nfw_g(y);
}

double lg_nfw_A_of(double y)
{
    return nfw_A(y);
}
