/* test_einstein_radius.c: the theta_E label (einstein_radius.c) against closed forms computed
 * here: the mean convergence inside theta_E is 1 by the enclosed masses of the profiles
 * (point mass pi theta_pm^2; SIS pi theta_sis r; NFW 4 pi kappa_s theta_s^2 g(r/theta_s);
 * Sersic's regularised incomplete gamma), sums of components solve their own equations, an
 * SIE's circularised Einstein radius is its parameter, and a subcritical lens gives NaN. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>

#include "constants.h"
#include "einstein_radius.h"
#include "lens_model.h"
#include "profile_eval.h"

#include "nfw_reference.h"

static lg_component comp(int type, double q)
{
    lg_component c = {.type = type, .cx = 0.3, .cy = -0.2, .q = q, .phi = 0.4};
    return c;
}

/* SIS, SIE (any q: the product-average normalisation keeps theta_E), point mass: theta_E is
 * the parameter, to the solver's 1e-10. */
static void test_isothermal_and_point(void **state)
{
    (void)state;
    const int types[3] = {LG_COMP_SIS, LG_COMP_SIE, LG_COMP_POINT};
    for (int t = 0; t < 3; ++t) {
        lg_lens_model m = {.n = 1, .c = {comp(types[t], types[t] == LG_COMP_SIE ? 0.45 : 1.0)}};
        m.c[0].theta_e = 1.37;
        double te = lg_einstein_radius(&m);
        printf("type %d: theta_E %.12f (parameter 1.37)\n", types[t], te);
        assert_true(fabs(te / 1.37 - 1.0) < 1e-10);
    }
}

/* A point mass inside an SIS: theta^2 = theta_pm^2 + theta_sis theta, so
 * theta_E = (theta_sis + sqrt(theta_sis^2 + 4 theta_pm^2)) / 2. */
static void test_sum_of_components(void **state)
{
    (void)state;
    lg_lens_model m = {.n = 2, .c = {comp(LG_COMP_SIS, 1.0), comp(LG_COMP_POINT, 1.0)}};
    m.c[0].theta_e = 0.8;
    m.c[1].theta_e = 0.6;
    double want = 0.5 * (0.8 + sqrt(0.64 + 4 * 0.36)), te = lg_einstein_radius(&m);
    printf("SIS + point mass: theta_E %.12f, closed form %.12f\n", te, want);
    assert_true(fabs(te / want - 1.0) < 1e-10);
}

/* NFW, spherical and elliptical (circularised: same answer): 4 kappa_s theta_s^2 g(x)/r^2 = 1
 * at r = theta_E, with g from nfw_reference.h; low-mass halos whose root lies inside 1 mas are
 * subcritical (NaN). */
static void test_nfw(void **state)
{
    (void)state;
    const double ks[3] = {0.15, 0.4, 1.2}, ts = 2.5;
    for (int i = 0; i < 3; ++i)
        for (int ell = 0; ell < 2; ++ell) {
            lg_lens_model m = {.n = 1, .c = {comp(LG_COMP_NFW, ell ? 0.6 : 1.0)}};
            m.c[0].kappa_s = ks[i];
            m.c[0].theta_s = ts;
            double te = lg_einstein_radius(&m);
            double mean = 4.0 * ks[i] * ts * ts * nfw_g(te / ts) / (te * te);
            printf("NFW kappa_s %.2f q %.1f: theta_E %.6g, mean kappa inside %.12f\n", ks[i],
                   ell ? 0.6 : 1.0, te, mean);
            assert_true(isfinite(te) && fabs(mean - 1.0) < 1e-9);
        }
    lg_lens_model weak = {.n = 1, .c = {comp(LG_COMP_NFW, 1.0)}};
    weak.c[0].kappa_s = 0.02;
    weak.c[0].theta_s = 2.5;
    double mean_at_min = 4.0 * 0.02 * 6.25 * nfw_g(LG_THETA_E_MIN / 2.5) / 1e-6;
    printf("weak NFW: mean kappa inside 1 mas %.3f -> theta_E %g\n", mean_at_min,
           lg_einstein_radius(&weak));
    assert_true(mean_at_min < 1.0 && isnan(lg_einstein_radius(&weak)));
}

/* Sersic: mass inside R = M_tot P(2n, b_n (R/r_e)^(1/n)) (regularised lower incomplete
 * gamma, GSL); a cored NFW whose central convergence is below 1 has no Einstein radius. */
static void test_sersic_and_core(void **state)
{
    (void)state;
    lg_lens_model m = {.n = 1, .c = {comp(LG_COMP_SERSIC, 0.7)}};
    m.c[0].n = 4.0;
    m.c[0].r_e = 0.6;
    m.c[0].kappa_e = 0.35;
    m.c[0].b_n = lg_sersic_b_n(4.0);
    double te = lg_einstein_radius(&m);
    lg_component round = m.c[0];
    round.q = 1.0;
    double mtot = lg_sersic_total_mass(&round);
    double inside = mtot * gsl_sf_gamma_inc_P(8.0, m.c[0].b_n * pow(te / 0.6, 0.25));
    printf("Sersic n=4: theta_E %.6g, mean kappa inside %.10f\n", te, inside / (LG_PI * te * te));
    assert_true(fabs(inside / (LG_PI * te * te) - 1.0) < 1e-8);
    lg_lens_model cored = {.n = 1, .c = {comp(LG_COMP_CNFW, 1.0)}};
    cored.c[0].kappa_s = 0.1;
    cored.c[0].theta_s = 3.0;
    cored.c[0].beta = 0.5;
    lg_lensq q = {0, 0, 0, 0, 0, 0};
    lg_component_eval(&cored.c[0], cored.c[0].cx + 1e-6, cored.c[0].cy, &q);
    printf("cored NFW: central kappa %.4f -> theta_E %g\n", q.kappa, lg_einstein_radius(&cored));
    assert_true(q.kappa < 1.0 && isnan(lg_einstein_radius(&cored)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_isothermal_and_point),
        cmocka_unit_test(test_sum_of_components),
        cmocka_unit_test(test_nfw),
        cmocka_unit_test(test_sersic_and_core),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
