/* test_los_population.c: the line-of-sight halo population (src/los_population.c,
 * docs/physics.md §17), its laws against independent computations: the Sheth-Tormen mass
 * function against its closed-form mass fractions (incomplete gamma functions), the slices'
 * volumes and expected counts against GSL quadrature of pyHalo's double-cone radius, and Poisson
 * counts. The draws themselves: tests/unit/test_los_sampling.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>

#include "constants.h"
#include "los_population.h"
#include "subhalo_fixture.h"
#include "peak_height.h"

#define SEED 20240917u
#define Z_L 0.5
#define Z_S 1.5

static lg_cosmology cosmo;
static lg_power power;

static int setup(void **state)
{
    (void)state;
    gsl_set_error_handler_off(); /* qag's status is checked where it matters */
    return power_fixture(&cosmo, &power);
}

static double qag(double (*fn)(double, void *), void *arg, double a, double b, double rel)
{
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    gsl_function f = {fn, arg};
    double r, err;
    const int status =
        gsl_integration_qag(&f, a, b, 0.0, rel, 1000, GSL_INTEG_GAUSS61, w, &r, &err);
    /* the sigma table's slope is piecewise smooth: roundoff may stop short of rel, never far */
    assert_true(status == GSL_SUCCESS || (status == GSL_EROUND && err < 1e3 * rel * fabs(r)));
    gsl_integration_workspace_free(w);
    return r;
}

/* ---- Sheth-Tormen: int_nu1^nu2 f(nu) dln nu in closed form. With t = a nu^2 / 2,
 * int f dln nu = (A / sqrt(pi)) [Gamma(1/2) P(1/2, t) + 2^-p Gamma(1/2 - p) P(1/2 - p, t)]. */
#define ST_A 0.3222
#define ST_a 0.707
#define ST_p 0.3
static double st_cumulative(double nu)
{
    const double t = 0.5 * ST_a * nu * nu;
    return ST_A / sqrt(LG_PI) *
           (gsl_sf_gamma(0.5) * gsl_sf_gamma_inc_P(0.5, t) +
            pow(2.0, -ST_p) * gsl_sf_gamma(0.5 - ST_p) * gsl_sf_gamma_inc_P(0.5 - ST_p, t));
}

typedef struct {
    double z;
} st_arg;
static double st_mass_integrand(double ln_m, void *arg)
{
    const st_arg *a = arg;
    const double m = exp(ln_m);
    return m * lg_sheth_tormen_dndlnm(&power, m, a->z) / power.rho_m0;
}

static void test_sheth_tormen(void **state)
{
    (void)state;
    /* A normalises f: the fraction of all mass in halos is 1 (to A's four digits) */
    const double total = st_cumulative(1e9);
    printf("int f dln nu over all nu = %.6f\n", total);
    assert_true(fabs(total - 1.0) < 2e-4);
    const double delta_c = 0.15 * pow(12.0 * LG_PI, 2.0 / 3.0);
    const double zs[2] = {0.0, 1.0}, m_lo = 1e6, m_hi = 1e15;
    for (int i = 0; i < 2; ++i) {
        st_arg a = {zs[i]};
        const double quad = qag(st_mass_integrand, &a, log(m_lo), log(m_hi), 1e-9);
        const double d = lg_growth_factor(cosmo.Omega_m, zs[i]);
        const double closed = st_cumulative(delta_c / (lg_sigma_m(&power, m_hi) * d)) -
                              st_cumulative(delta_c / (lg_sigma_m(&power, m_lo) * d));
        printf("z = %.0f: mass fraction in 1e6..1e15 Msun: %.6f (closed form %.6f)\n", zs[i], quad,
               closed);
        assert_true(fabs(quad / closed - 1.0) < 1e-3);
    }
    /* comoving units and the 1/M: dn/dlnM (z = 0, 1e8 Msun) ~ rho_m0 / M f |slope| */
    const double n8 = lg_sheth_tormen_dndlnm(&power, 1e8, 0.0);
    printf("dn/dlnM(1e8 Msun, z = 0) = %.4f Mpc^-3\n", n8);
    assert_true(n8 > 1.0 && n8 < 100.0);
}

/* ---- pyHalo's double-cone radius, from D_A (its rendering_scale): theta chi (1 - pad (D_s /
 * D_ls) (D_lz / D_z)) behind the lens. */
typedef struct {
    const lg_los_params *p;
} vol_arg;
static double cone_area_dchi(double z, void *arg)
{
    const vol_arg *a = arg;
    const double theta = a->p->cone_arcsec * LG_ARCSEC_RAD, chi = lg_comoving_distance(&cosmo, z);
    double scale = 1.0;
    if (z > Z_L)
        scale = 1.0 - a->p->angle_pad * lg_angular_diameter_distance(&cosmo, Z_S) /
                          lg_angular_diameter_distance_z1z2(&cosmo, Z_L, Z_S) *
                          lg_angular_diameter_distance_z1z2(&cosmo, Z_L, z) /
                          lg_angular_diameter_distance(&cosmo, z);
    const double r = theta * chi * scale;
    return LG_PI * r * r * cosmo.d_hubble / lg_efunc(&cosmo, z);
}
static double st_count_integrand(double ln_m, void *arg)
{
    return lg_sheth_tormen_dndlnm(&power, exp(ln_m), *(const double *)arg);
}

static void test_slices_and_expected_count(void **state)
{
    (void)state;
    const double pads[2] = {1.0, 0.95};
    double n_vol[75]; /* Mpc^-3 at each slice's plane, the same for both pads */
    for (int t = 0; t < 2; ++t) {
        lg_los_params p;
        lg_los_params_default(&p);
        p.angle_pad = pads[t];
        p.delta_los = 1.7;
        lg_los_population pop;
        assert_int_equal(lg_los_population_alloc(&pop, 0), 0);
        assert_int_equal(lg_los_plan(&p, &cosmo, &power, Z_L, Z_S, &pop), 0);
        /* contiguous slices of dz from z_min; one starts at z_l; the last ends at z_s */
        assert_int_equal(pop.n_slices, 75);
        assert_true(pop.slices[0].z_lo == p.z_min);
        int at_lens = 0;
        for (int i = 0; i < pop.n_slices; ++i) {
            const lg_los_slice *s = &pop.slices[i];
            assert_true(s->z_hi - s->z_lo <= p.dz + 1e-12 && s->z_hi > s->z_lo);
            if (i > 0)
                assert_true(s->z_lo == pop.slices[i - 1].z_hi);
            at_lens += s->z_lo == Z_L;
        }
        assert_int_equal(at_lens, 1);
        assert_true(fabs(pop.slices[pop.n_slices - 1].z_hi - Z_S) < 1e-12);
        double n_quad = 0.0, v_sum = 0.0, worst_v = 0.0, worst_n = 0.0;
        vol_arg va = {&p};
        for (int i = 0; i < pop.n_slices; ++i) {
            const lg_los_slice *s = &pop.slices[i];
            const double v = qag(cone_area_dchi, &va, s->z_lo, s->z_hi, 1e-11);
            double z = s->z_lo;
            if (t == 0)
                n_vol[i] = qag(st_count_integrand, &z, log(p.m_min), log(p.m_max), 1e-10);
            const double n = n_vol[i];
            worst_v = fmax(worst_v, fabs(s->volume / v - 1.0));
            worst_n = fmax(worst_n, fabs(s->n_expected / (p.delta_los * n * v) - 1.0));
            n_quad += p.delta_los * n * v;
            v_sum += s->volume;
            /* the disk's angular radius at the plane: cone_arcsec x pyHalo's rendering scale */
            const double r_expect =
                sqrt(cone_area_dchi(z, &va) * lg_efunc(&cosmo, z) / cosmo.d_hubble / LG_PI) /
                lg_comoving_distance(&cosmo, z) / LG_ARCSEC_RAD;
            assert_true(fabs(s->r_arcsec - r_expect) < 1e-9 * p.cone_arcsec);
        }
        const double n_exp = lg_los_expected(&p, &cosmo, &power, Z_L, Z_S);
        printf("angle_pad %.2f: N_exp = %.3f (quadrature %.3f); worst slice volume %.1e, count "
               "%.1e\n",
               p.angle_pad, n_exp, n_quad, worst_v, worst_n);
        assert_true(worst_v < 1e-9);
        assert_true(worst_n < 1e-4);
        assert_true(fabs(n_exp / n_quad - 1.0) < 1e-4);
        if (t == 0) { /* the closed double cone: pi/3 R_l^2 (chi_l - chi_min^3/chi_l^2 + chi_ls) */
            const double chi_l = lg_comoving_distance(&cosmo, Z_L);
            const double chi_0 = lg_comoving_distance(&cosmo, p.z_min);
            const double chi_s = lg_comoving_distance(&cosmo, Z_S);
            const double th = p.cone_arcsec * LG_ARCSEC_RAD;
            const double v =
                LG_PI / 3.0 * th * th *
                (chi_l * chi_l * chi_l - chi_0 * chi_0 * chi_0 + chi_l * chi_l * (chi_s - chi_l));
            printf("double cone volume %.6f Mpc^3 (closed form %.6f)\n", v_sum, v);
            assert_true(fabs(v_sum / v - 1.0) < 1e-12);
        }
        lg_los_population_free(&pop);
    }
    lg_los_params p;
    lg_los_params_default(&p);
    assert_true(lg_los_expected(&p, &cosmo, &power, 1.5, 0.5) == -1.0);
    p.dz = 0.0;
    assert_true(lg_los_expected(&p, &cosmo, &power, Z_L, Z_S) == -1.0);
}

/* ---- Counts: mean and variance equal N_exp over 2000 draws, small and large means. */
static void test_counts_poisson(void **state)
{
    (void)state;
    const double cones[2] = {0.05, 0.4};
    const int n_samples = 2000;
    for (int t = 0; t < 2; ++t) {
        lg_los_params p;
        lg_los_params_default(&p);
        p.cone_arcsec = cones[t];
        p.dz = 0.1;
        lg_los_population pop;
        assert_int_equal(lg_los_population_alloc(&pop, p.n_max), 0);
        assert_int_equal(lg_los_plan(&p, &cosmo, &power, Z_L, Z_S, &pop), 0);
        double sum = 0.0, sum2 = 0.0;
        for (int s = 0; s < n_samples; ++s) {
            assert_int_equal(lg_los_sample(&p, &power, SEED, s, &pop), 0);
            assert_int_equal(pop.n, pop.n_drawn);
            sum += pop.n;
            sum2 += (double)pop.n * pop.n;
        }
        const double mu = pop.n_expected, mean = sum / n_samples;
        const double var = (sum2 - n_samples * mean * mean) / (n_samples - 1);
        const double se_mean = sqrt(mu / n_samples), se_var = sqrt((mu + 2 * mu * mu) / n_samples);
        printf("cone %.2f\": mu = %.4f: mean %.4f (%.2f se), variance %.4f (%.2f se)\n", cones[t],
               mu, mean, (mean - mu) / se_mean, var, (var - mu) / se_var);
        assert_true(fabs(mean - mu) < 4.0 * se_mean);
        assert_true(fabs(var - mu) < 4.0 * se_var);
        lg_los_population_free(&pop);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sheth_tormen),
        cmocka_unit_test(test_slices_and_expected_count),
        cmocka_unit_test(test_counts_poisson),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
