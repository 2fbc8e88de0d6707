/* test_los_sampling.c: the draws of the line-of-sight population (src/los_population.c,
 * docs/physics.md §17): masses (KS test against the Sheth-Tormen mixture of the slices, by GSL
 * quadrature), redshifts (chi^2 of the per-slice counts), positions (KS tests in the slices'
 * disks), the Lovell (2020) field-halo WDM thinning and concentrations, the truncated-NFW scales,
 * kappa_sheet against the mean over draws, the streams' guarantees, and the cost of a draw. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "ks_test.h"
#include <gsl/gsl_integration.h>
#include <math.h>

#include "constants.h"
#include "halo.h"
#include "lens_model.h"
#include "los_population.h"
#include "subhalo_fixture.h"
#include "peak_height.h"
#include "profile_eval.h"

#define SEED 20240917u
#define Z_L 0.5
#define Z_S 1.5

static lg_cosmology cosmo;
static lg_power power;

static int setup(void **state)
{
    (void)state;
    return power_fixture(&cosmo, &power);
}

/* Pools n_draws draws: every halo's fields into arrays of the pooled length (caller frees). */
typedef struct {
    size_t n;
    double *m, *c, *r_frac2, *phi, *kappa;
    int *slice, *index, *sample;
} pooled;

static pooled pool(const lg_los_params *p, int n_draws, lg_los_population *plan)
{
    pooled out = {0};
    size_t cap = 0;
    lg_los_population pop;
    assert_int_equal(lg_los_population_alloc(&pop, p->n_max), 0);
    assert_int_equal(lg_los_plan(p, &cosmo, &power, Z_L, Z_S, &pop), 0);
    for (int s = 0; s < n_draws; ++s) {
        assert_int_equal(lg_los_sample(p, &power, SEED, (uint64_t)s, &pop), 0);
        assert_false(pop.cap_hit);
        if (out.n + (size_t)pop.n > cap) {
            cap = 2 * (out.n + (size_t)pop.n);
            out.m = realloc(out.m, cap * sizeof *out.m);
            out.c = realloc(out.c, cap * sizeof *out.c);
            out.r_frac2 = realloc(out.r_frac2, cap * sizeof *out.r_frac2);
            out.phi = realloc(out.phi, cap * sizeof *out.phi);
            out.slice = realloc(out.slice, cap * sizeof *out.slice);
            out.index = realloc(out.index, cap * sizeof *out.index);
            out.sample = realloc(out.sample, cap * sizeof *out.sample);
            assert_non_null(out.m && out.c && out.r_frac2 && out.phi && out.slice && out.index &&
                            out.sample);
        }
        for (int i = 0; i < pop.n; ++i) {
            const size_t j = out.n++;
            const double r_max = pop.slices[pop.slice[i]].r_arcsec;
            out.m[j] = pop.m[i];
            out.c[j] = pop.c[i];
            out.r_frac2[j] =
                (pop.x_arcsec[i] * pop.x_arcsec[i] + pop.y_arcsec[i] * pop.y_arcsec[i]) /
                (r_max * r_max);
            out.phi[j] = atan2(pop.y_arcsec[i], pop.x_arcsec[i]) / (2.0 * LG_PI) + 0.5;
            out.slice[j] = pop.slice[i];
            out.index[j] = pop.index[i];
            out.sample[j] = s;
            assert_true(pop.z[i] == pop.slices[pop.slice[i]].z_lo);
        }
    }
    *plan = pop; /* its slices are those of every draw (same z_l, z_s) */
    return out;
}

static void pooled_free(pooled *p)
{
    free(p->m);
    free(p->c);
    free(p->r_frac2);
    free(p->phi);
    free(p->slice);
    free(p->index);
    free(p->sample);
}

/* ---- Masses: KS against sum_s n_s F_s(m) / N, F_s by 4-point Gauss-Legendre on a fine grid
 * in ln M of lg_sheth_tormen_dndlnm at the slice's plane. Redshifts: chi^2 of the slice counts.
 * Positions: r^2 / r_max^2 and phi uniform. */
#define GRID 300
static void test_mass_redshift_position(void **state)
{
    (void)state;
    lg_los_params p;
    lg_los_params_default(&p);
    p.dz = 0.25;
    lg_los_population plan;
    pooled d = pool(&p, 12, &plan);
    const int ns = plan.n_slices;
    const double x0 = log(p.m_min), dx = (log(p.m_max) - x0) / GRID;
    const double gx[4] = {-0.8611363115940526, -0.3399810435848563, 0.3399810435848563,
                          0.8611363115940526};
    const double gw[4] = {0.3478548451374538, 0.6521451548625461, 0.6521451548625461,
                          0.3478548451374538};
    double *cum = malloc((size_t)ns * (GRID + 1) * sizeof *cum);
    assert_non_null(cum);
    for (int s = 0; s < ns; ++s) {
        double *c = cum + (size_t)s * (GRID + 1);
        c[0] = 0.0;
        for (int j = 0; j < GRID; ++j) {
            double sum = 0.0;
            for (int g = 0; g < 4; ++g)
                sum +=
                    gw[g] * lg_sheth_tormen_dndlnm(&power, exp(x0 + (j + 0.5 + 0.5 * gx[g]) * dx),
                                                   plan.slices[s].z_lo);
            c[j + 1] = c[j] + 0.5 * dx * sum;
        }
    }
    double *u = malloc(d.n * sizeof *u);
    assert_non_null(u);
    for (size_t i = 0; i < d.n; ++i) {
        const double t = (log(d.m[i]) - x0) / dx;
        const int j = t < GRID ? (int)t : GRID - 1;
        double f = 0.0;
        for (int s = 0; s < ns; ++s) {
            const double *c = cum + (size_t)s * (GRID + 1);
            f += plan.slices[s].n_expected * (c[j] + (t - j) * (c[j + 1] - c[j])) / c[GRID];
        }
        u[i] = f / plan.n_expected;
    }
    double lambda = ks_lambda(u, d.n);
    printf("masses: %zu halos in %d slices, KS sqrt(n) D = %.3f, p = %.3f\n", d.n, ns, lambda,
           ks_pvalue(lambda));
    assert_true(ks_pvalue(lambda) > 1e-3);

    /* redshifts: counts per slice against 12 x n_expected */
    double chi2 = 0.0;
    for (int s = 0; s < ns; ++s) {
        size_t k = 0;
        for (size_t i = 0; i < d.n; ++i)
            k += d.slice[i] == s;
        const double e = 12.0 * plan.slices[s].n_expected;
        chi2 += (k - e) * (k - e) / e;
    }
    printf("slices: chi^2 = %.2f for %d slices\n", chi2, ns);
    assert_true(chi2 < ns - 1 + 5.0 * sqrt(2.0 * (ns - 1)));

    /* positions: uniform in each slice's disk */
    memcpy(u, d.r_frac2, d.n * sizeof *u);
    for (size_t i = 0; i < d.n; ++i)
        assert_true(u[i] <= 1.0);
    lambda = ks_lambda(u, d.n);
    const double p_r = ks_pvalue(lambda);
    memcpy(u, d.phi, d.n * sizeof *u);
    lambda = ks_lambda(u, d.n);
    printf("positions: KS p = %.3f (r^2), %.3f (phi)\n", p_r, ks_pvalue(lambda));
    assert_true(p_r > 1e-3 && ks_pvalue(lambda) > 1e-3);
    free(u);
    free(cum);
    pooled_free(&d);
    lg_los_population_free(&plan);
}

/* ---- Redshifts with the default slicing (75 slices of 0.02). */
static void test_redshift_default_slices(void **state)
{
    (void)state;
    lg_los_params p;
    lg_los_params_default(&p);
    const int n_draws = 10;
    lg_los_population plan;
    pooled d = pool(&p, n_draws, &plan);
    double chi2 = 0.0;
    int bins = 0;
    double e_acc = 0.0, k_acc = 0.0;
    for (int s = 0; s < plan.n_slices; ++s) { /* adjacent slices merged until 20 expected */
        for (size_t i = 0; i < d.n; ++i)
            k_acc += d.slice[i] == s;
        e_acc += n_draws * plan.slices[s].n_expected;
        if (e_acc >= 20.0 || s == plan.n_slices - 1) {
            chi2 += (k_acc - e_acc) * (k_acc - e_acc) / e_acc;
            bins++;
            e_acc = k_acc = 0.0;
        }
    }
    printf("default slices: %zu halos, chi^2 = %.2f for %d bins\n", d.n, chi2, bins);
    assert_true(chi2 < bins - 1 + 5.0 * sqrt(2.0 * (bins - 1)));
    pooled_free(&d);
    lg_los_population_free(&plan);
}

/* ---- WDM: survivors are CDM candidates with their masses; the survival fraction in mass bins
 * follows the Lovell (2020) field fit (chi^2 with binomial variances given the masses); the
 * concentration is the CDM one times (1 + 60 m_hm/m)^-0.17. */
static void test_wdm(void **state)
{
    (void)state;
    assert_true(fabs(lg_los_wdm_ratio(1e8, 1e8) - 1.0 / (1.0 + pow(2.3, 0.8))) < 1e-15);
    assert_true(lg_los_wdm_ratio(1e8, 0.0) == 1.0);
    /* not the subhalo fit (1 + (4.2 m_hm/m)^2.5)^-0.2 */
    assert_true(fabs(lg_los_wdm_ratio(1e8, 1e8) - pow(1.0 + pow(4.2, 2.5), -0.2)) > 0.1);
    lg_los_params cdm, wdm;
    lg_los_params_default(&cdm);
    cdm.dz = 0.1;
    wdm = cdm;
    wdm.m_hm = 1e8;
    enum { NB = 10 };
    double obs[NB] = {0}, expect[NB] = {0}, var[NB] = {0};
    lg_los_population a, b;
    assert_int_equal(lg_los_population_alloc(&a, cdm.n_max), 0);
    assert_int_equal(lg_los_population_alloc(&b, cdm.n_max), 0);
    for (int s = 0; s < 20; ++s) {
        assert_int_equal(lg_los_draw(&cdm, &cosmo, &power, Z_L, Z_S, SEED, s, &a), 0);
        assert_int_equal(lg_los_draw(&wdm, &cosmo, &power, Z_L, Z_S, SEED, s, &b), 0);
        assert_int_equal(a.n, b.n_candidates);
        int j = 0;
        for (int i = 0; i < a.n; ++i) {
            const double r = lg_los_wdm_ratio(a.m[i], wdm.m_hm);
            const int bin = (int)(NB * log(a.m[i] / cdm.m_min) / log(cdm.m_max / cdm.m_min));
            const int survived = j < b.n && b.index[j] == i;
            expect[bin] += r;
            var[bin] += r * (1.0 - r);
            obs[bin] += survived;
            if (survived) {
                assert_true(b.m[j] == a.m[i] && b.x_arcsec[j] == a.x_arcsec[i] &&
                            b.slice[j] == a.slice[i]);
                const double f = lg_wdm_concentration(1.0, a.m[i], wdm.m_hm, 0.0, 0);
                assert_true(fabs(b.c[j] / (a.c[i] * f) - 1.0) < 1e-13);
                j++;
            }
        }
        assert_int_equal(j, b.n);
    }
    double chi2 = 0.0;
    for (int k = 0; k < NB; ++k) {
        printf("  bin %d: survivors %.0f, expected %.1f\n", k, obs[k], expect[k]);
        chi2 += (obs[k] - expect[k]) * (obs[k] - expect[k]) / var[k];
    }
    printf("WDM thinning (m_hm = 1e8): chi^2 = %.2f for %d bins\n", chi2, NB);
    assert_true(chi2 < NB + 5.0 * sqrt(2.0 * NB));
    lg_los_population_free(&a);
    lg_los_population_free(&b);
}

/* ---- kappa_sheet (and m_expected) against the mean over draws, CDM and WDM; every halo's
 * scales against an independent computation of the truncated NFW. */
static void check_profile(const lg_los_params *p, const lg_los_population *pop, int i)
{
    const double z = pop->z[i], m = pop->m[i], c = pop->c[i];
    const double d_a = lg_angular_diameter_distance(&cosmo, z) * LG_ARCSEC_RAD; /* Mpc/" */
    const double sigma_crit = lg_sigma_crit(&cosmo, z, Z_S) * d_a * d_a;        /* Msun/"^2 */
    const double r200 = cbrt(3.0 * m / (4.0 * LG_PI * 200.0 * lg_rho_crit(&cosmo, z)));
    assert_true(fabs(pop->theta_s[i] / (r200 / c / d_a) - 1.0) < 1e-9);
    assert_true(fabs(pop->tau[i] / (c * cbrt(200.0 / p->trunc_n)) - 1.0) < 1e-12);
    /* M200 = the NFW mass inside r200: 4 pi kappa_s theta_s^2 (ln(1 + c) - c/(1 + c)) */
    const double m200 = 4.0 * LG_PI * pop->kappa_s[i] * pop->theta_s[i] * pop->theta_s[i] *
                        (log(1.0 + c) - c / (1.0 + c)) * sigma_crit;
    assert_true(fabs(m200 / m - 1.0) < 1e-9);
    lg_component tnfw = {.type = LG_COMP_TNFW,
                         .kappa_s = pop->kappa_s[i],
                         .theta_s = pop->theta_s[i],
                         .tau = pop->tau[i]};
    assert_true(fabs(lg_tnfw_total_mass(&tnfw) * sigma_crit / pop->m_tnfw[i] - 1.0) < 1e-9);
}

static void test_kappa_sheet(void **state)
{
    (void)state;
    const double m_hm[2] = {0.0, 1e8};
    const int n_draws = 300;
    for (int t = 0; t < 2; ++t) {
        lg_los_params p;
        lg_los_params_default(&p);
        p.cone_arcsec = 2.0;
        p.dz = 0.05;
        p.m_hm = m_hm[t];
        lg_los_population pop;
        assert_int_equal(lg_los_population_alloc(&pop, p.n_max), 0);
        assert_int_equal(lg_los_plan(&p, &cosmo, &power, Z_L, Z_S, &pop), 0);
        double k1 = 0.0, k2 = 0.0, m1 = 0.0, m2 = 0.0;
        for (int s = 0; s < n_draws; ++s) {
            assert_int_equal(lg_los_sample(&p, &power, SEED, s, &pop), 0);
            double k = 0.0;
            for (int i = 0; i < pop.n; ++i) {
                const lg_los_slice *sl = &pop.slices[pop.slice[i]];
                k += pop.m_tnfw[i] / sl->sigma_crit / (LG_PI * p.cone_arcsec * p.cone_arcsec);
                if (s == 0)
                    check_profile(&p, &pop, i);
            }
            assert_true(fabs(k / pop.kappa_drawn - 1.0) < 1e-12);
            k1 += k;
            k2 += k * k;
            m1 += pop.m_total;
            m2 += pop.m_total * pop.m_total;
        }
        double m_exp = 0.0;
        for (int s = 0; s < pop.n_slices; ++s)
            m_exp += pop.slices[s].m_expected;
        const double kmean = k1 / n_draws, kse = sqrt((k2 / n_draws - kmean * kmean) / n_draws);
        const double mmean = m1 / n_draws, mse = sqrt((m2 / n_draws - mmean * mmean) / n_draws);
        printf("m_hm %.0e: kappa_sheet %.6f, mean over %d draws %.6f +- %.6f (%.2f se); sum M200 "
               "%.4e, mean %.4e (%.2f se)\n",
               p.m_hm, pop.kappa_sheet, n_draws, kmean, kse, (kmean - pop.kappa_sheet) / kse, m_exp,
               mmean, (mmean - m_exp) / mse);
        assert_true(fabs(kmean - pop.kappa_sheet) < 4.0 * kse);
        assert_true(fabs(mmean - m_exp) < 4.0 * mse);
        lg_los_population_free(&pop);
    }
}

/* ---- Streams: bitwise reproducible; halo k the same under a smaller cap and under a doubled
 * delta_los (more halos); cap_hit. */
static void test_determinism(void **state)
{
    (void)state;
    lg_los_params p;
    lg_los_params_default(&p);
    p.cone_arcsec = 1.0;
    lg_los_population a, b;
    assert_int_equal(lg_los_population_alloc(&a, p.n_max), 0);
    assert_int_equal(lg_los_population_alloc(&b, p.n_max), 0);
    assert_int_equal(lg_los_draw(&p, &cosmo, &power, Z_L, Z_S, SEED, 7, &a), 0);
    assert_int_equal(lg_los_draw(&p, &cosmo, &power, Z_L, Z_S, SEED, 7, &b), 0);
    assert_int_equal(a.n, b.n);
    assert_memory_equal(a.m, b.m, (size_t)a.n * sizeof *a.m);
    assert_memory_equal(a.kappa_s, b.kappa_s, (size_t)a.n * sizeof *a.kappa_s);
    lg_los_params q = p;
    q.n_max = a.n / 2;
    assert_int_equal(lg_los_draw(&q, &cosmo, &power, Z_L, Z_S, SEED, 7, &b), 0);
    assert_true(b.cap_hit && b.n == q.n_max && b.n_drawn == a.n_drawn);
    q = p;
    q.delta_los = 2.0;
    lg_los_population c;
    assert_int_equal(lg_los_population_alloc(&c, q.n_max), 0);
    assert_int_equal(lg_los_draw(&q, &cosmo, &power, Z_L, Z_S, SEED, 7, &c), 0);
    printf("n = %d, capped at %d, with delta_los = 2: %d\n", a.n, b.n, c.n);
    assert_true(c.n > a.n);
    for (int i = 0; i < b.n; ++i)
        assert_true(b.m[i] == a.m[i] && b.x_arcsec[i] == a.x_arcsec[i] && b.c[i] == a.c[i]);
    for (int i = 0; i < a.n; ++i)
        assert_true(c.m[i] == a.m[i] && c.slice[i] == a.slice[i] &&
                    c.y_arcsec[i] == a.y_arcsec[i] && c.kappa_s[i] == a.kappa_s[i]);
    assert_int_equal(lg_los_draw(&p, &cosmo, &power, Z_L, Z_S, SEED, 8, &b), 0);
    assert_true(b.m[0] != a.m[0]);
    q = p;
    q.n_max = p.n_max + 1; /* a population smaller than n_max */
    assert_int_equal(lg_los_draw(&q, &cosmo, &power, Z_L, Z_S, SEED, 7, &b), -1);
    lg_los_population fresh;
    assert_int_equal(lg_los_population_alloc(&fresh, p.n_max), 0);
    assert_int_equal(lg_los_sample(&p, &power, SEED, 7, &fresh), -1); /* no plan yet */
    assert_int_equal(lg_los_plan(&p, &cosmo, &power, Z_L, Z_S, &fresh), 0);
    assert_int_equal(lg_los_sample(&p, &power, SEED, 7, &fresh), 0); /* = lg_los_draw */
    assert_int_equal(fresh.n, a.n);
    assert_memory_equal(fresh.theta_s, a.theta_s, (size_t)a.n * sizeof *a.theta_s);
    lg_los_population_free(&fresh);
    q = p;
    q.angle_pad = 1.5;
    assert_int_equal(lg_los_draw(&q, &cosmo, &power, Z_L, Z_S, SEED, 7, &b), -2);
    assert_int_equal(lg_los_sample(&p, &power, SEED, 7, &b), -1); /* a failed plan leaves none */
    q = p;
    q.delta_los = INFINITY;
    assert_int_equal(lg_los_plan(&q, &cosmo, &power, Z_L, Z_S, &b), -2);
    q = p;
    q.dz = 1e-6; /* 1.5 million slices */
    assert_int_equal(lg_los_plan(&q, &cosmo, &power, Z_L, Z_S, &b), -2);
    lg_los_population_free(&a);
    lg_los_population_free(&b);
    lg_los_population_free(&c);
}

/* ---- The cost of a draw for the typical case (printed, not asserted). */
static void test_cost(void **state)
{
    (void)state;
    lg_los_params p;
    lg_los_params_default(&p);
    lg_los_population pop;
    assert_int_equal(lg_los_population_alloc(&pop, p.n_max), 0);
    struct timespec t0, t1;
    const int n = 5;
    timespec_get(&t0, TIME_UTC);
    for (int s = 0; s < n; ++s)
        assert_int_equal(lg_los_draw(&p, &cosmo, &power, Z_L, Z_S, SEED, s, &pop), 0);
    timespec_get(&t1, TIME_UTC);
    const double dt = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
    timespec_get(&t0, TIME_UTC);
    for (int s = 0; s < n; ++s)
        assert_int_equal(lg_los_plan(&p, &cosmo, &power, Z_L, Z_S, &pop), 0);
    timespec_get(&t1, TIME_UTC);
    const double dp = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
    printf("z_l %.1f, z_s %.1f, cone %.0f\", %.0e..%.0e Msun: N_exp %.1f, kappa_sheet %.5f, %d "
           "slices; %.2f ms per draw (plan %.2f ms)\n",
           Z_L, Z_S, p.cone_arcsec, p.m_min, p.m_max, pop.n_expected, pop.kappa_sheet, pop.n_slices,
           1e3 * dt / n, 1e3 * dp / n);
    lg_los_population_free(&pop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mass_redshift_position),
        cmocka_unit_test(test_redshift_default_slices),
        cmocka_unit_test(test_wdm),
        cmocka_unit_test(test_kappa_sheet),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_cost),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
