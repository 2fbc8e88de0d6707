/* test_subhalo_population.c: the DG19 subhalo population (src/subhalo_population.c,
 * docs/physics.md §16) against its analytic laws: Poisson counts of the integrated mass function,
 * the power-law masses (KS test, ML slope), the WDM suppression of Lovell (2020), the projected
 * cored-NFW positions (GSL quadrature), the truncated-NFW scales in lg_nfw_scale's convention,
 * and the determinism of the counter-based streams.
 *
 * With LG_SUBHALO_DUMP=FILE set, test_wdm_ratio writes the pooled CDM and WDM masses for
 * validation/subhalo_mass_function/plot.py. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "ks_test.h"
#include <gsl/gsl_integration.h>
#include <math.h>

#include "constants.h"
#include "halo.h"
#include "lens.h"
#include "peak_height.h"
#include "powerlaw_ml.h"
#include "subhalo_fixture.h"
#include "subhalo_population.h"

#define SEED 20240613u

static lg_cosmology cosmo;
static lg_power power;
static lg_subhalo_host host;

static int setup(void **state)
{
    (void)state;
    return subhalo_fixture(&cosmo, &power, &host);
}

static lg_subhalo_population draw(const lg_subhalo_params *p, uint64_t index)
{
    lg_subhalo_population pop;
    assert_int_equal(lg_subhalo_population_alloc(&pop, p->n_max), 0);
    assert_int_equal(lg_subhalo_draw(p, &host, &cosmo, &power, SEED, index, &pop), 0);
    return pop;
}

/* f_host and the mass-function integral in closed form against GSL quadrature. */
static double dn_dm(double m, void *arg)
{
    const lg_subhalo_params *p = arg;
    return pow(m / p->m_pivot, p->alpha) / p->m_pivot;
}

static void test_expected_count(void **state)
{
    (void)state;
    lg_subhalo_params p;
    lg_subhalo_params_default(&p);
    assert_true(fabs(lg_subhalo_f_host(&p, 1e13, 0.5) - 1.0) < 1e-14);
    assert_true(fabs(lg_subhalo_f_host(&p, 2e13, 1.5) / pow(2.0, 2.58) - 1.0) < 1e-12);
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    gsl_function f = {dn_dm, &p};
    double integral, err;
    gsl_integration_qag(&f, p.m_min, p.m_max, 0.0, 1e-12, 1000, GSL_INTEG_GAUSS61, w, &integral,
                        &err);
    gsl_integration_workspace_free(w);
    const double r = 20.0, n = lg_subhalo_expected(&p, 1e13, 0.5, r, p.m_min, p.m_max);
    printf("expected count in 20 kpc: %.6f (quadrature %.6f)\n", n,
           p.sigma_sub * LG_PI * r * r * integral);
    assert_true(fabs(n / (p.sigma_sub * LG_PI * r * r * integral) - 1.0) < 1e-10);
}

/* (a) Over many samples the counts have the analytic mean and a variance equal to it, both for
 * a small mean (Poisson inversion) and a large one (PTRS). */
static void test_counts_poisson(void **state)
{
    (void)state;
    const double sigma_sub[2] = {0.00005, 0.0025};
    const int n_samples = 4000;
    for (int t = 0; t < 2; ++t) {
        lg_subhalo_params p;
        lg_subhalo_params_default(&p);
        p.sigma_sub = sigma_sub[t];
        double sum = 0.0, sum2 = 0.0, mu = 0.0;
        for (int s = 0; s < n_samples; ++s) {
            lg_subhalo_population pop = draw(&p, (uint64_t)s);
            mu = pop.n_expected;
            assert_int_equal(pop.n, pop.n_drawn);
            sum += pop.n;
            sum2 += (double)pop.n * pop.n;
            lg_subhalo_population_free(&pop);
        }
        const double mean = sum / n_samples;
        const double var = (sum2 - n_samples * mean * mean) / (n_samples - 1);
        const double se_mean = sqrt(mu / n_samples);
        const double se_var = sqrt((mu + 2.0 * mu * mu) / n_samples);
        printf("mu = %.4f: mean %.4f (%.2f se), variance %.4f (%.2f se)\n", mu, mean,
               (mean - mu) / se_mean, var, (var - mu) / se_var);
        assert_true(fabs(mean - mu) < 4.0 * se_mean);
        assert_true(fabs(var - mu) < 4.0 * se_var);
    }
}

/* (b) The pooled masses follow the truncated power law: KS test against its CDF, and the ML
 * slope recovers alpha. The streams are fixed, so the outcome is too; 3 standard errors are
 * asserted for the slope (a 1-sigma bound fails by chance for a third of all seeds). */
static void test_mass_power_law(void **state)
{
    (void)state;
    lg_subhalo_params p;
    lg_subhalo_params_default(&p);
    p.sigma_sub = 0.01;
    const int n_samples = 100;
    double *all = NULL;
    size_t n_all = 0;
    for (int s = 0; s < n_samples; ++s) {
        lg_subhalo_population pop = draw(&p, (uint64_t)s);
        all = realloc(all, (n_all + (size_t)pop.n) * sizeof *all);
        assert_non_null(all);
        for (int i = 0; i < pop.n; ++i) {
            assert_true(pop.m[i] >= p.m_min && pop.m[i] <= p.m_max);
            all[n_all++] = pop.m[i];
        }
        lg_subhalo_population_free(&pop);
    }
    qsort(all, n_all, sizeof *all, cmp_double);
    const double beta = p.alpha + 1.0, span = pow(p.m_max / p.m_min, beta) - 1.0;
    double d = 0.0;
    for (size_t i = 0; i < n_all; ++i) {
        const double cdf = (pow(all[i] / p.m_min, beta) - 1.0) / span;
        d = fmax(d, fmax(fabs(cdf - (double)i / n_all), fabs((double)(i + 1) / n_all - cdf)));
    }
    const double pks = ks_pvalue(sqrt((double)n_all) * d);
    double err;
    const double slope = lg_powerlaw_ml_slope(all, (int)n_all, p.m_min, p.m_max, &err);
    printf("%zu masses: KS D = %.2e, p = %.3f; ML slope %.5f +- %.5f (alpha %.2f, %.2f se)\n",
           n_all, d, pks, slope, err, p.alpha, (slope - p.alpha) / err);
    assert_true(pks > 1e-3);
    assert_true(fabs(slope - p.alpha) < 3.0 * err);
    free(all);
}

/* Number of candidates of mass in [lo, hi) expected, up to a constant: int dN/dm (x ratio). */
static double bin_integral(double lo, double hi, double alpha, double m_hm, int wdm)
{
    double sum = 0.0;
    const int n = 2000; /* midpoint rule in ln m: smooth integrand, error << the counting error */
    for (int i = 0; i < n; ++i) {
        const double m = lo * pow(hi / lo, (i + 0.5) / n);
        sum += pow(m, alpha + 1.0) * (wdm ? lg_subhalo_wdm_ratio(m, m_hm) : 1.0);
    }
    return sum * log(hi / lo) / n;
}

/* (c) WDM keeps each CDM candidate with probability (1 + (4.2 m_hm/m)^2.5)^-0.2: the binned
 * WDM/CDM ratio follows the bin average of that law within binomial errors, and each survivor
 * is its CDM candidate with the concentration lowered by Bose et al. (2016). */
static void test_wdm_ratio(void **state)
{
    (void)state;
    lg_subhalo_params cdm, wdm;
    lg_subhalo_params_default(&cdm);
    cdm.sigma_sub = 0.01;
    wdm = cdm;
    wdm.m_hm = 1e8;
    enum { N_BINS = 16 };
    double n_cdm[N_BINS] = {0}, n_wdm[N_BINS] = {0};
    const int n_samples = 200;
    const char *dump_path = getenv("LG_SUBHALO_DUMP");
    FILE *dump = dump_path ? fopen(dump_path, "w") : NULL;
    for (int s = 0; s < n_samples; ++s) {
        lg_subhalo_population a = draw(&cdm, (uint64_t)s), b = draw(&wdm, (uint64_t)s);
        if (s == 0 && dump)
            fprintf(dump, "# n_samples %d n_expected %.10g alpha %g m_min %g m_max %g m_hm %g\n",
                    n_samples, a.n_expected, cdm.alpha, cdm.m_min, cdm.m_max, wdm.m_hm);
        for (int i = 0; i < a.n; ++i) {
            n_cdm[(int)(N_BINS * log(a.m[i] / cdm.m_min) / log(cdm.m_max / cdm.m_min))] += 1.0;
            if (dump)
                fprintf(dump, "cdm %.10g\n", a.m[i]);
        }
        for (int i = 0; i < b.n; ++i) {
            const int k = b.index[i];
            assert_true(b.m[i] == a.m[k] && b.x_kpc[i] == a.x_kpc[k] && b.z_kpc[i] == a.z_kpc[k]);
            assert_true(b.c[i] == lg_wdm_concentration(a.c[k], a.m[k], wdm.m_hm, host.z_l, 0));
            n_wdm[(int)(N_BINS * log(b.m[i] / cdm.m_min) / log(cdm.m_max / cdm.m_min))] += 1.0;
            if (dump)
                fprintf(dump, "wdm %.10g\n", b.m[i]);
        }
        lg_subhalo_population_free(&a);
        lg_subhalo_population_free(&b);
    }
    if (dump)
        fclose(dump);
    double chi2 = 0.0;
    int used = 0;
    for (int j = 0; j < N_BINS; ++j) {
        const double lo = cdm.m_min * pow(cdm.m_max / cdm.m_min, (double)j / N_BINS);
        const double hi = cdm.m_min * pow(cdm.m_max / cdm.m_min, (double)(j + 1) / N_BINS);
        const double q = bin_integral(lo, hi, cdm.alpha, wdm.m_hm, 1) /
                         bin_integral(lo, hi, cdm.alpha, wdm.m_hm, 0);
        if (n_cdm[j] < 30)
            continue;
        const double r = n_wdm[j] / n_cdm[j], se = sqrt(q * (1.0 - q) / n_cdm[j]);
        printf("m %.2e..%.2e: CDM %6.0f, WDM/CDM %.4f, expected %.4f (%.2f se)\n", lo, hi, n_cdm[j],
               r, q, (r - q) / se);
        assert_true(fabs(r - q) < 4.0 * se);
        chi2 += (r - q) * (r - q) / (se * se);
        used++;
    }
    printf("chi2 = %.1f for %d bins\n", chi2, used);
    assert_true(used >= 12);
}

/* Surface density of the cored NFW in the cylinder (|z| < r200) at projected radius R, times
 * 2 pi R: the projected radial law of the positions. */
typedef struct {
    double r_core, r_s, r200, rr;
} proj_arg;

static double rho_cored(double r, const proj_arg *a)
{
    const double x = fmax(r, a->r_core) / a->r_s;
    return 1.0 / (x * (1.0 + x) * (1.0 + x));
}

static double along_z(double z, void *arg)
{
    const proj_arg *a = arg;
    return rho_cored(hypot(a->rr, z), a);
}

static double ring(double rr, void *arg)
{
    proj_arg a = *(const proj_arg *)arg;
    a.rr = rr;
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    gsl_function f = {along_z, &a};
    double v1, v2, err;
    /* the integrand has a kink where hypot(R, z) = r_core: split there */
    const double zc = a.r_core > rr ? sqrt(a.r_core * a.r_core - rr * rr) : 0.0;
    gsl_integration_qag(&f, 0.0, zc, 0.0, 1e-11, 1000, GSL_INTEG_GAUSS61, w, &v1, &err);
    gsl_integration_qag(&f, zc, a.r200, 0.0, 1e-11, 1000, GSL_INTEG_GAUSS61, w, &v2, &err);
    gsl_integration_workspace_free(w);
    return 2.0 * LG_PI * rr * (v1 + v2);
}

static double projected_mass(const proj_arg *a, double r)
{
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    gsl_function f = {ring, (void *)a};
    double v, err;
    gsl_integration_qag(&f, 0.0, r, 0.0, 1e-10, 1000, GSL_INTEG_GAUSS61, w, &v, &err);
    gsl_integration_workspace_free(w);
    return v;
}

/* (d) The fraction of subhalos projected inside half the cylinder radius equals the projected
 * cored NFW's, for DG19's cylinder (3 theta_E, well inside the core) and for one of 50 theta_E
 * (305 kpc, past r_core = 186 kpc, so the NFW part is sampled too); every subhalo lies in the
 * cylinder; its truncated-NFW scales follow lg_nfw_scale's convention and
 * r_t = 1.4 (m/1e7)^(1/3) (r/50 kpc)^(2/3) kpc. */
static void check_profile(const lg_subhalo_population *pop, int i)
{
    double kappa_s, theta_s;
    lg_nfw_scale(&cosmo, pop->m[i], pop->c[i], host.z_l, host.sigma_crit, &kappa_s, &theta_s);
    assert_true(fabs(pop->kappa_s[i] / kappa_s - 1.0) < 1e-12);
    assert_true(fabs(pop->r_s_arcsec[i] / theta_s - 1.0) < 1e-12);
    const double rt = 1.4 * cbrt(pop->m[i] / 1e7) * pow(pop->r3d_kpc[i] / 50.0, 2.0 / 3.0);
    assert_true(fabs(pop->r_t_kpc[i] / rt - 1.0) < 1e-12);
    assert_true(fabs(pop->tau[i] - pop->r_t_kpc[i] / pop->r_s_kpc[i]) < 1e-12);
    assert_true(fabs(pop->r_t_arcsec[i] / pop->r_s_arcsec[i] - pop->tau[i]) < 1e-12);
}

static void test_positions(void **state)
{
    (void)state;
    const double r_max_theta_e[2] = {3.0, 50.0}, sigma_sub[2] = {0.002, 0.00002};
    for (int t = 0; t < 2; ++t) {
        lg_subhalo_params p;
        lg_subhalo_params_default(&p);
        p.sigma_sub = sigma_sub[t];
        p.r_max_theta_e = r_max_theta_e[t];
        double inside = 0.0, total = 0.0, r_max = 0.0;
        proj_arg a = {0};
        for (int s = 0; s < 200; ++s) {
            lg_subhalo_population pop = draw(&p, (uint64_t)s);
            a = (proj_arg){0.5 * pop.host_r200_kpc, pop.host_rs_kpc, pop.host_r200_kpc, 0.0};
            r_max = pop.r_max_kpc;
            assert_int_equal(pop.position_capped, 0);
            for (int i = 0; i < pop.n; ++i) {
                const double rr = hypot(pop.x_kpc[i], pop.y_kpc[i]);
                assert_true(rr < r_max && fabs(pop.z_kpc[i]) < pop.host_r200_kpc);
                inside += rr < 0.5 * r_max;
                total += 1.0;
                if (s == 0)
                    check_profile(&pop, i);
            }
            lg_subhalo_population_free(&pop);
        }
        const double q = projected_mass(&a, 0.5 * r_max) / projected_mass(&a, r_max);
        const double f = inside / total, se = sqrt(q * (1.0 - q) / total);
        printf("R_max %.1f kpc (r_core %.1f): %.0f subhalos, fraction inside R_max/2 %.4f, "
               "projected cored NFW %.4f (%.2f se)\n",
               r_max, a.r_core, total, f, q, (f - q) / se);
        assert_true(fabs(f - q) < 4.0 * se);
    }
}

/* (e) Determinism. Guaranteed: the same (seed, index) gives bitwise the same population;
 * candidate k's position and concentration scatter depend on (seed, index, k) alone, and its
 * mass on those and (alpha, m_min, m_max) alone; so a different m_max keeps every position, a
 * smaller cap keeps candidates 0..n_max-1 entirely, and WDM survivors are CDM candidates. */
static void test_determinism(void **state)
{
    (void)state;
    lg_subhalo_params p;
    lg_subhalo_params_default(&p);
    p.sigma_sub = 0.001;
    lg_subhalo_population a = draw(&p, 7), b = draw(&p, 7), c = draw(&p, 8);
    assert_true(a.n > 20 && a.n == b.n);
    assert_memory_equal(a.m, b.m, (size_t)a.n * sizeof *a.m);
    assert_memory_equal(a.x_arcsec, b.x_arcsec, (size_t)a.n * sizeof *a.m);
    assert_memory_equal(a.tau, b.tau, (size_t)a.n * sizeof *a.m);
    assert_memory_equal(a.kappa_s, b.kappa_s, (size_t)a.n * sizeof *a.m);
    assert_true(a.m[0] != c.m[0]);

    lg_subhalo_params p2 = p;
    p2.m_max = 1e7; /* a different count and different masses, the same positions */
    lg_subhalo_population d = draw(&p2, 7);
    assert_true(d.n != a.n);
    const int shared = d.n < a.n ? d.n : a.n;
    for (int i = 0; i < shared; ++i)
        assert_true(d.x_kpc[i] == a.x_kpc[i] && d.y_kpc[i] == a.y_kpc[i] &&
                    d.z_kpc[i] == a.z_kpc[i]);

    lg_subhalo_params p3 = p;
    p3.n_max = a.n / 2; /* the cap keeps the first candidates unchanged */
    lg_subhalo_population e = draw(&p3, 7);
    assert_true(e.cap_hit && e.n == p3.n_max && e.n_drawn == a.n);
    for (int i = 0; i < e.n; ++i)
        assert_true(e.m[i] == a.m[i] && e.x_kpc[i] == a.x_kpc[i] && e.c[i] == a.c[i] &&
                    e.kappa_s[i] == a.kappa_s[i]);
    assert_false(a.cap_hit);
    printf("n = %d (index 7), %d with m_max = 1e7, %d of %d under the cap\n", a.n, d.n, e.n,
           e.n_drawn);
    lg_subhalo_population *all[5] = {&a, &b, &c, &d, &e};
    for (int i = 0; i < 5; ++i)
        lg_subhalo_population_free(all[i]);
}

/* Summary labels: the total mass is the sum of the masses, the slope that of
 * lg_powerlaw_ml_slope; a population below 2 subhalos has no slope. */
static void test_summary(void **state)
{
    (void)state;
    lg_subhalo_params p;
    lg_subhalo_params_default(&p);
    p.sigma_sub = 0.001;
    lg_subhalo_population a = draw(&p, 3);
    double sum = 0.0, err;
    for (int i = 0; i < a.n; ++i)
        sum += a.m[i];
    assert_true(fabs(a.m_sub_total - sum) <= 1e-12 * sum);
    assert_true(a.slope_ml == lg_powerlaw_ml_slope(a.m, a.n, p.m_min, p.m_max, &err));
    assert_true(a.slope_err == err && err > 0.0);
    lg_subhalo_population_free(&a);
    double one = 1e7;
    assert_true(isnan(lg_powerlaw_ml_slope(&one, 1, 1e6, 1e10, &err)) && isnan(err));
    p.sigma_sub = 0.0;
    lg_subhalo_population z = draw(&p, 3);
    assert_true(z.n == 0 && z.n_expected == 0.0 && z.m_sub_total == 0.0 && isnan(z.slope_ml));
    lg_subhalo_population_free(&z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expected_count), cmocka_unit_test(test_counts_poisson),
        cmocka_unit_test(test_mass_power_law), cmocka_unit_test(test_wdm_ratio),
        cmocka_unit_test(test_positions),      cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_summary),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
