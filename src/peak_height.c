/* peak_height.c: EH98 no-wiggle P(k), top-hat sigma(R), growth factor, peak height, and the DG19
 * concentration relation (docs/physics.md §16.3). Integrals by GSL's adaptive Gauss-Kronrod. */
#include "peak_height.h"

#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>

#include "constants.h"

#define WORKSPACE 2000
#define LN_K_MIN (-6.0 * 2.302585092994046) /* k = 1e-6 / Mpc: below it k^3 P is negligible */
#define X_MAX 500.0 /* k R beyond which the top-hat's W^2 ~ 9/x^4 leaves < 1e-8 of sigma^2 */

double lg_eh98_nowiggle(const lg_power *p, double k)
{
    const double theta = p->T_cmb / 2.7;
    const double ks = 0.43 * k * p->s_eh;
    const double gamma_eff =
        p->Omega_m * p->h * (p->alpha_g + (1.0 - p->alpha_g) / (1.0 + ks * ks * ks * ks));
    const double q = k * theta * theta / (gamma_eff * p->h);
    const double l0 = log(2.0 * 2.718281828459045 + 1.8 * q);
    const double c0 = 14.2 + 731.0 / (1.0 + 62.5 * q);
    return l0 / (l0 + c0 * q * q);
}

/* Top-hat window in Fourier space; its series below x = 1e-3 avoids the cancellation. */
static double tophat(double x)
{
    if (x < 1e-3)
        return 1.0 - x * x / 10.0;
    return 3.0 * (sin(x) - x * cos(x)) / (x * x * x);
}

typedef struct {
    const lg_power *p;
    double r;
} sigma_arg;

/* d sigma^2 / d ln k without the amplitude: k^3 k^n_s T^2 W^2 / (2 pi^2). */
static double sigma2_integrand(double ln_k, void *arg)
{
    const sigma_arg *a = arg;
    const double k = exp(ln_k), t = lg_eh98_nowiggle(a->p, k), w = tophat(k * a->r);
    return pow(k, 3.0 + a->p->n_s) * t * t * w * w / (2.0 * LG_PI * LG_PI);
}

/* sigma^2(R) / amplitude; NaN when the quadrature fails. */
static double sigma2_unit(const lg_power *p, double r)
{
    sigma_arg a = {p, r};
    gsl_function f = {sigma2_integrand, &a};
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(WORKSPACE);
    double result = NAN, err;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    /* split at k R = 1, where the integrand peaks and the oscillations begin */
    double lo, hi;
    int s1 = gsl_integration_qag(&f, LN_K_MIN, -log(r), 0.0, 1e-10, WORKSPACE, GSL_INTEG_GAUSS61, w,
                                 &lo, &err);
    int s2 = gsl_integration_qag(&f, -log(r), log(X_MAX / r), 0.0, 1e-10, WORKSPACE,
                                 GSL_INTEG_GAUSS61, w, &hi, &err);
    gsl_set_error_handler(old);
    if (s1 == GSL_SUCCESS && s2 == GSL_SUCCESS)
        result = lo + hi;
    gsl_integration_workspace_free(w);
    return result;
}

static double radius_of_mass(const lg_power *p, double m)
{
    return cbrt(3.0 * m / (4.0 * LG_PI * p->rho_m0));
}

int lg_power_init(lg_power *p, const lg_cosmology *cosmo, double Omega_b, double sigma_8,
                  double n_s, double T_cmb)
{
    p->h = cosmo->H0 / 100.0;
    p->Omega_m = cosmo->Omega_m;
    p->Omega_b = Omega_b;
    p->n_s = n_s;
    p->sigma_8 = sigma_8;
    p->T_cmb = T_cmb;
    p->rho_m0 = cosmo->Omega_m * lg_rho_crit(cosmo, 0.0);
    const double omh2 = p->Omega_m * p->h * p->h, obh2 = Omega_b * p->h * p->h;
    const double fb = Omega_b / p->Omega_m;
    p->s_eh = 44.5 * log(9.83 / omh2) / sqrt(1.0 + 10.0 * pow(obh2, 0.75));
    p->alpha_g = 1.0 - 0.328 * log(431.0 * omh2) * fb + 0.38 * log(22.3 * omh2) * fb * fb;
    p->amplitude = 1.0;
    const double s8 = sigma2_unit(p, 8.0 / p->h);
    if (!(s8 > 0.0))
        return -1;
    p->amplitude = sigma_8 * sigma_8 / s8;
    for (int i = 0; i < LG_SIGMA_TABLE_N; ++i) {
        const double m = pow(10.0, LG_SIGMA_TABLE_LOG10_MIN + i * LG_SIGMA_TABLE_DLOG10);
        const double s2 = sigma2_unit(p, radius_of_mass(p, m));
        if (!(s2 > 0.0))
            return -1;
        p->ln_sigma[i] = 0.5 * log(p->amplitude * s2);
    }
    return 0;
}

double lg_sigma_r(const lg_power *p, double r_mpc)
{
    return sqrt(p->amplitude * sigma2_unit(p, r_mpc));
}

double lg_sigma_m(const lg_power *p, double m)
{
    const double t = (log10(m) - LG_SIGMA_TABLE_LOG10_MIN) / LG_SIGMA_TABLE_DLOG10;
    if (!(t >= 0.0) || t > LG_SIGMA_TABLE_N - 1)
        return lg_sigma_r(p, radius_of_mass(p, m));
    int i = (int)t;
    if (i == LG_SIGMA_TABLE_N - 1)
        i--;
    const double f = t - i;
    return exp((1.0 - f) * p->ln_sigma[i] + f * p->ln_sigma[i + 1]);
}

/* (a E(a))^-3 = (Omega_m / a + Omega_L a^2)^(-3/2): finite, ~ a^(3/2), at a = 0. */
static double growth_integrand(double a, void *arg)
{
    const double om = *(const double *)arg;
    if (a <= 0.0)
        return 0.0;
    const double x = om / a + (1.0 - om) * a * a;
    return 1.0 / (x * sqrt(x));
}

static double growth_unnormalised(double om, double a)
{
    gsl_function f = {growth_integrand, &om};
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(WORKSPACE);
    double result, err;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    gsl_integration_qag(&f, 0.0, a, 0.0, 1e-12, WORKSPACE, GSL_INTEG_GAUSS61, w, &result, &err);
    gsl_set_error_handler(old);
    gsl_integration_workspace_free(w);
    const double e = sqrt(om / (a * a * a) + 1.0 - om);
    return e * result;
}

double lg_growth_factor(double Omega_m, double z)
{
    return growth_unnormalised(Omega_m, 1.0 / (1.0 + z)) / growth_unnormalised(Omega_m, 1.0);
}

double lg_peak_height(const lg_power *p, double m, double z)
{
    const double delta_c = 0.15 * pow(12.0 * LG_PI, 2.0 / 3.0);
    return delta_c / (lg_sigma_m(p, m) * lg_growth_factor(p->Omega_m, z));
}

double lg_dg19_concentration(const lg_power *p, const lg_dg19_c *c, double m, double z,
                             double growth)
{
    /* nu(m, z) / nu(m_ref, 0) = sigma(m_ref) / (sigma(m) D(z)): delta_c cancels */
    const double ratio = lg_sigma_m(p, c->m_ref) / (lg_sigma_m(p, m) * growth);
    return c->c_0 * pow(1.0 + z, c->zeta) * pow(ratio, -c->beta);
}
