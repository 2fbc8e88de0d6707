/* test_halo.c: the dark-matter halo models (halo.c) against values worked by hand from the
 * published formulas, and the SIDM normalisation against the cored profile's own 3-D mass
 * integrated numerically. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>
#include <math.h>

#include "constants.h"
#include "cosmology.h"
#include "halo.h"

/* Half-mode mass for m_x = 1 keV, H0 = 70, Omega_m = 0.3, Omega_b = 0.049, worked in Python
 * from Schneider et al. 2012 eqs. 7-8 with our constants:
 *   lambda_fs = 0.049 (0.251/0.25)^0.11 = 0.0490215 Mpc/h,
 *   lambda_hm = 2 pi lambda_fs (2^(1.12/5) - 1)^(-1/2.24) = 0.683043 Mpc/h,
 *   M_hm = 4/3 pi (0.3 rho_crit,0) (lambda_hm / (2 h))^3 = 1.984665050486714e10 Msun,
 * and it scales as m_x^(-3 x 1.11). */
static void test_half_mode_mass(void **state)
{
    (void)state;
    lg_cosmology c;
    lg_cosmology_init(&c, 70.0, 0.3);
    const double m1 = lg_wdm_half_mode_mass(&c, 0.049, 1.0);
    printf("M_hm(1 keV) = %.15g Msun\n", m1);
    assert_true(fabs(m1 / 1.984665050486714e10 - 1.0) < 1e-10);
    const double m3 = lg_wdm_half_mode_mass(&c, 0.049, 3.0);
    assert_true(fabs(m3 / m1 - pow(3.0, -3.33)) < 1e-12);
}

/* Bose et al. 2016: c_WDM = c_CDM (1 + 60 M_hm/M)^-0.17 (1 + z)^(0.026 z - 0.04), worked by hand
 * for c_CDM = 5, M_hm/M = 0.2, z = 0.5: 3.1977548805675937 with the redshift factor. */
static void test_bose_concentration(void **state)
{
    (void)state;
    const double with_z = lg_wdm_concentration(5.0, 1e11, 2e10, 0.5, 1);
    const double no_z = lg_wdm_concentration(5.0, 1e11, 2e10, 0.5, 0);
    assert_true(fabs(with_z / 3.1977548805675937 - 1.0) < 1e-14);
    assert_true(fabs(no_z / (5.0 * pow(13.0, -0.17)) - 1.0) < 1e-14);
    /* a very heavy particle leaves CDM unchanged (the limit of docs/physics.md §3.8) */
    lg_cosmology c;
    lg_cosmology_init(&c, 70.0, 0.3);
    const double m_hm = lg_wdm_half_mode_mass(&c, 0.049, 1e6);
    assert_true(fabs(lg_wdm_concentration(5.0, 1e12, m_hm, 0.5, 0) / 5.0 - 1.0) < 1e-15);
}

/* 3-D mass of rho_s r_s^3 / ((r + r_c)(r + r_s)^2) inside c r_s, in units of 4 pi rho_s r_s^3:
 * int_0^c x^2 / ((x + beta)(1 + x)^2) dx by composite Simpson (independent of the closed form). */
static double cored_mass_numeric(double c, double beta)
{
    const int n = 200000;
    const double h = c / n;
    double s = 0.0;
    for (int i = 0; i <= n; ++i) {
        const double x = i * h, w = (i == 0 || i == n) ? 1.0 : (i % 2 ? 4.0 : 2.0);
        s += w * x * x / ((x + beta) * (1.0 + x) * (1.0 + x));
    }
    return s * h / 3.0;
}

/* SIDM halos keep M200: with kappa_s rescaled by lg_sidm_kappa_s, the cored profile's 3-D mass
 * inside r200 = c r_s equals the NFW's, ln(1 + c) - c/(1 + c) in the same units. */
static void test_sidm_keeps_m200(void **state)
{
    (void)state;
    const double cs[3] = {3.0, 6.0, 12.0}, betas[3] = {0.05, 0.3, 1.0};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
            const double c = cs[i], b = betas[j];
            const double scale = lg_sidm_kappa_s(1.0, c, b);
            const double m_nfw = log(1.0 + c) - c / (1.0 + c);
            const double m_cored = scale * cored_mass_numeric(c, b);
            assert_true(fabs(m_cored / m_nfw - 1.0) < 1e-9);
            assert_true(scale > 1.0); /* a core removes central mass: rho_s must grow */
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_half_mode_mass),
        cmocka_unit_test(test_bose_concentration),
        cmocka_unit_test(test_sidm_keeps_m200),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
