/* profile_sersic.c: the Sersic convergence profile (docs/physics.md §3.6) and every lensing
 * quantity of it, double precision, in the component's frame (profile_eval.h).
 *
 *   kappa(R) = kappa_e exp(-b_n [(R/R_e)^(1/n) - 1])      (Graham & Driver 2005, PASA 22, 118,
 *                                                          eq. 1; b_n from P(2n, b_n) = 1/2, eq. 4)
 * With a = 2n, x = (R/R_e)^(1/n), z = b_n x and substituting t = b_n (R'/R_e)^(1/n),
 *   m(R) = int_0^R R' kappa dR' = A0 P(a, z),   A0 = kappa_e R_e^2 n e^{b_n} b_n^{-a} Gamma(a),
 * (Graham & Driver 2005 eq. 2 for the enclosed light), so the total mass is 2 pi A0 and
 *   kappa_mean(<R) = 2 m / R^2,   alpha(R) = 2 m / R = 2 n R_e kappa_e e^{b_n} b_n^{-a} Gamma(a)
 *   P(a, z) / x^n  (docs/physics.md §3.6),   gamma = kappa_mean - kappa.
 * Potential psi(R) = int_0^R alpha dR' = 2 int_0^R m(R')/R' dR' with dR'/R' = n dt/t:
 *   psi = 2 n A0 S(a, z),   S = (1/Gamma(a)) int_0^z gamma(a, t)/t dt,
 * and expanding gamma(a, t) = t^a e^{-t} sum_k t^k / (a (a+1)...(a+k)) (Abramowitz & Stegun
 * 6.5.29) term by term, int_0^z t^{a+k-1} e^{-t} dt = gamma(a+k, z), then exchanging the sums:
 *   S = sum_j D_j H_j,  D_j = z^{a+j} e^{-z} / Gamma(a+j+1),  H_j = sum_{k<=j} 1/(a+k),
 * a series of positive terms (no cancellation), whose partial sums of D_j give P(a, z) too
 * (A&S 6.5.29). For large z, S -> ln z - digamma(a) (from int_0^inf t^{a-1} e^{-t} ln t dt =
 * Gamma(a) digamma(a)), with a neglected tail T < z^{a-1} e^{-z}/Gamma(a) (bounding
 * ln(t/z) <= (t - z)/z); this branch is taken when that bound is < 1e-18. psi(0) = 0.
 * Accuracy: ~1e-14 relative (the exp of D_0's exponent): alpha against GSL's P to 1.2e-14
 * (tests/unit/test_sersic_profile.c), alpha and psi against quadratures of kappa and alpha to
 * 4e-12 (tests/unit/test_galaxy_quantities.c). Cost: ~0.2 us a point (q = 1), dominated by the
 * series (up to ~a + z + 10 sqrt(z) terms); elliptical ~10-15 us (lg_elliptical_eval).
 *
 * Elliptical (q < 1): kappa(R_ell) with the product-average radius, through lg_elliptical_eval.
 * The product-average ellipse R_ell < R has area pi R^2, so the total mass does NOT depend on q.
 *
 * The centre: closer than 1e-12 arcsec, alpha = gamma = 0 (direction average) and kappa, psi
 * take their R -> 0 limits (kappa_e e^{b_n}, 0). Thread-safe, no allocation. */
#include <math.h>
#include <stddef.h>

#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>

#include "constants.h"
#include "elliptical.h"
#include "profile_eval.h"

#define LG_SERSIC_R_MIN 1e-12 /* arcsec: the centre */

/* Ciotti & Bertin 1999 (A&A 352, 447) eq. 18: asymptotic b_n, good for n > 0.36. */
static double b_n_ciotti_bertin(double n)
{
    return 2.0 * n - 1.0 / 3.0 + 4.0 / (405.0 * n) + 46.0 / (25515.0 * n * n) +
           131.0 / (1148175.0 * n * n * n) - 2194697.0 / (30690717750.0 * n * n * n * n);
}

/* b_n: the root of P(2n, b) = 1/2 (Graham & Driver 2005 eq. 4; Ciotti 1991). Newton on GSL's
 * regularised incomplete gamma, d P(a, b)/db = b^{a-1} e^{-b} / Gamma(a), safeguarded by
 * bisection in the bracket (0, a]: the median of a Gamma(a) variate is below its mean a
 * (Chen & Rubin 1986). Converges to |db| < 1e-15 b (~1e-15 absolute: GSL's P is accurate to a
 * few ulp). Returns NaN for n <= 0 or n > 100. */
double lg_sersic_b_n(double n)
{
    if (!(n > 0.0 && n <= 100.0))
        return NAN;
    const double a = 2.0 * n, lg_a = gsl_sf_lngamma(a);
    double lo = 0.0, hi = a;
    double b = n > 0.36 ? b_n_ciotti_bertin(n) : 0.5 * a;
    if (!(b > lo && b < hi))
        b = 0.5 * (lo + hi);
    for (int it = 0; it < 200; ++it) {
        const double g = gsl_sf_gamma_inc_P(a, b) - 0.5;
        if (g == 0.0)
            return b;
        if (g < 0.0)
            lo = b;
        else
            hi = b;
        const double dg = exp((a - 1.0) * log(b) - b - lg_a);
        double nb = b - g / dg;
        if (!(nb > lo && nb < hi))
            nb = 0.5 * (lo + hi);
        const double step = fabs(nb - b);
        b = nb;
        if (step <= 1e-15 * b || hi - lo <= 4e-16 * b)
            break;
    }
    return b;
}

/* A0 = kappa_e R_e^2 n e^{b_n} b_n^{-2n} Gamma(2n) = (total mass) / (2 pi). */
static double sersic_a0(const lg_component *c)
{
    const double a = 2.0 * c->n;
    return c->kappa_e * c->r_e * c->r_e * c->n * exp(c->b_n - a * log(c->b_n) + gsl_sf_lngamma(a));
}

/* Total mass in Sigma_crit arcsec^2: 2 pi n R_e^2 kappa_e e^{b_n} b_n^{-2n} Gamma(2n)
 * (Graham & Driver 2005 eq. 2 with R -> infinity). Independent of q for the product-average
 * radius (the ellipse R_ell < R has semi-axes R/sqrt(q), R sqrt(q): area pi R^2). */
double lg_sersic_total_mass(const lg_component *c)
{
    return 2.0 * LG_PI * sersic_a0(c);
}

/* Per-evaluation constants of a component. */
typedef struct {
    double kappa_e, r_e, n, b, a; /* a = 2n */
    double a0;                    /* see sersic_a0 */
    double lg_a1;                 /* ln Gamma(a + 1) */
} sersic_k;

static sersic_k sersic_consts(const lg_component *c)
{
    sersic_k k = {c->kappa_e, c->r_e, c->n, c->b_n, 2.0 * c->n, sersic_a0(c), 0.0};
    k.lg_a1 = gsl_sf_lngamma(k.a + 1.0);
    return k;
}

/* P(a, z) and, if s != NULL, S(a, z) (see the header comment), z > 0. */
static double gamma_sums(const sersic_k *k, double z, double *s)
{
    const double a = k->a, lz = log(z);
    /* ln of the bound z^{a-1} e^{-z} / Gamma(a) on Q(a, z) and on the tail of S (for a > 1
     * times 1/(1 - (a-1)/z) <= 1.5 where this branch is taken) */
    const double tail = (a - 1.0) * lz - z - (k->lg_a1 - log(a));
    if (z > a + 1.0 && tail < -41.5) { /* e^-41.5 ~ 1e-18 */
        if (s)
            *s = lz - gsl_sf_psi(a);
        return 1.0;
    }
    double d = exp(a * lz - z - k->lg_a1), h = 1.0 / a; /* D_0, H_0 */
    double sp = d, ss = d * h;
    for (int j = 1; j < 4000; ++j) {
        d *= z / (a + j);
        h += 1.0 / (a + j);
        sp += d;
        ss += d * h;
        if (a + j > z && d * h <= 1e-17 * ss)
            break;
    }
    if (s)
        *s = ss;
    return sp < 1.0 ? sp : 1.0;
}

/* z = b_n (R/R_e)^(1/n) */
static double sersic_z(const sersic_k *k, double r)
{
    return k->b * pow(r / k->r_e, 1.0 / k->n);
}

/* Circular deflection alpha(R) = 2 m(R) / R = 2 A0 P(a, z) / R. */
static double sersic_alpha(const sersic_k *k, double r)
{
    if (r < LG_SERSIC_R_MIN)
        return 0.0;
    return 2.0 * k->a0 * gamma_sums(k, sersic_z(k, r), NULL) / r;
}

/* Callbacks for lg_elliptical_eval (elliptical.h); par is a const sersic_k *. */
static double cb_kappa(double r2, const void *par)
{
    const sersic_k *k = par;
    return k->kappa_e * exp(k->b - k->b * pow(r2 / (k->r_e * k->r_e), 0.5 / k->n));
}

/* d kappa / d(R^2) = -b_n x kappa / (2 n R^2); R^2 clamped at (1e-12 arcsec)^2 (it diverges
 * at the centre for n > 1/2) so the value stays finite. */
static double cb_dkappa(double r2, const void *par)
{
    const sersic_k *k = par;
    const double rr =
        r2 > LG_SERSIC_R_MIN * LG_SERSIC_R_MIN ? r2 : LG_SERSIC_R_MIN * LG_SERSIC_R_MIN;
    const double x = pow(rr / (k->r_e * k->r_e), 0.5 / k->n);
    return -k->b * x * k->kappa_e * exp(k->b - k->b * x) / (2.0 * k->n * rr);
}

static double cb_alpha(double r, const void *par)
{
    return sersic_alpha(par, r);
}

void lg_sersic_eval(const lg_component *c, double xp, double yp, lg_lensq *out)
{
    const sersic_k k = sersic_consts(c);
    if (c->q < 1.0) {
        const lg_radial_profile prof = {cb_kappa, cb_dkappa, cb_alpha, &k};
        lg_elliptical_eval(&prof, c->q, xp, yp, out);
        return;
    }
    const double r = hypot(xp, yp);
    if (r < LG_SERSIC_R_MIN) {
        const lg_lensq centre = {k.kappa_e * exp(k.b), 0.0, 0.0, 0.0, 0.0, 0.0};
        *out = centre;
        return;
    }
    const double z = sersic_z(&k, r);
    double s;
    const double p = gamma_sums(&k, z, &s);
    const double kappa = k.kappa_e * exp(k.b - z);
    const double alpha = 2.0 * k.a0 * p / r;
    out->kappa = kappa;
    lg_circular_fill(kappa, alpha, 2.0 * k.n * k.a0 * s, xp, yp, out);
}
