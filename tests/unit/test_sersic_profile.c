/* test_sersic_profile.c: the Sersic profile's constants and float32 kernels: b_n against exact
 * references (mpmath, ln 2) and the published fits (Ciotti & Bertin 1999, lenstronomy), the total
 * mass (lg_sersic_total_mass) against integrals of kappa (radial, polar, and a float map), and
 * the kernels of profiles_sersic.h (lg_expf, SIE, Sersic) against long-double closed forms. */
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
#include "lens_model.h"
#include "profile_eval.h"
#include "profiles.h"
#include "profiles_sersic.h"

static lg_component sersic(double n, double q)
{
    lg_component c = {.type = LG_COMP_SERSIC, .cx = 0.11, .cy = -0.23, .q = q, .phi = 0.6};
    c.kappa_e = 0.37, c.r_e = 1.3, c.n = n, c.b_n = lg_sersic_b_n(n);
    return c;
}

static double kappa_at(const lg_component *c, double x, double y)
{
    lg_lensq o = {0, 0, 0, 0, 0, 0};
    lg_component_eval(c, x, y, &o);
    return o.kappa;
}

static double rel(double got, double want, double scale)
{
    return fabs(got - want) / scale;
}

/* b_n: the exact root (mpmath, 40 digits, and b_{1/2} = ln 2 since P(1, b) = 1 - e^-b) to
 * 1e-14; P(2n, b_n) = 1/2 by GSL on a grid; Ciotti & Bertin 1999 eq. 18 (5 terms) within
 * 5e-5 n^-3 (measured residual 4.2e-5 n^-3: 4.2e-5 at n = 1, 5.4e-7 at n = 4); lenstronomy's
 * 1.9992 n - 0.3271 within 1e-3 relative for 1.5 <= n <= 10 (3.7e-3 at n = 1, 3% at n = 1/2). */
static void test_b_n(void **state)
{
    (void)state;
    const double ref[][2] = {{1.0, 1.6783469900166606534},  {2.0, 3.6720607488508961039},
                             {4.0, 7.6692494425008039044},  {8.0, 15.66792954431724998},
                             {20.0, 39.667165010689099365}, {0.5, 0.69314718055994530942}};
    for (int i = 0; i < 6; ++i)
        assert_true(fabs(lg_sersic_b_n(ref[i][0]) - ref[i][1]) < 1e-14 * ref[i][1]);
    for (double n = 0.2; n <= 20.0; n *= 1.07) {
        const double b = lg_sersic_b_n(n);
        assert_true(fabs(gsl_sf_gamma_inc_P(2.0 * n, b) - 0.5) < 2e-15);
        const double cb = 2.0 * n - 1.0 / 3.0 + 4.0 / (405.0 * n) + 46.0 / (25515.0 * n * n) +
                          131.0 / (1148175.0 * n * n * n) -
                          2194697.0 / (30690717750.0 * n * n * n * n);
        if (n >= 0.5)
            assert_true(fabs(cb - b) < 5e-5 / (n * n * n));
        if (n >= 1.5 && n <= 10.0)
            assert_true(fabs(1.9992 * n - 0.3271 - b) < 1e-3 * b);
    }
    assert_true(fabs(1.9992 - 0.3271 - lg_sersic_b_n(1.0)) < 4e-3 * lg_sersic_b_n(1.0));
    assert_true(isnan(lg_sersic_b_n(0.0)) && isnan(lg_sersic_b_n(-1.0)));
}

/* The circular deflection's incomplete gamma function (profile_sersic.c's own series): alpha R
 * / 2 = (M / 2 pi) P(2n, b_n x) with P from GSL, to 1e-13 over R in [1e-6, 1e2] R_e (1.2e-14
 * measured), n = 0.5 ... 8, both series and large-z branches. */
static void test_sersic_alpha_gsl(void **state)
{
    (void)state;
    const double ns[] = {0.5, 1.0, 2.5, 4.0, 8.0};
    for (int i = 0; i < 5; ++i) {
        lg_component c = sersic(ns[i], 1.0);
        c.cx = c.cy = 0.0;
        const double a0 = lg_sersic_total_mass(&c) / (2.0 * LG_PI);
        for (int j = 0; j <= 400; ++j) {
            const double r = c.r_e * pow(10.0, -6.0 + 8.0 * j / 400);
            lg_lensq o = {0, 0, 0, 0, 0, 0};
            lg_component_eval(&c, r * 0.8, r * 0.6, &o);
            const double p = gsl_sf_gamma_inc_P(2.0 * c.n, c.b_n * pow(r / c.r_e, 1.0 / c.n));
            assert_true(rel(0.5 * hypot(o.alpha_x, o.alpha_y) * r, a0 * p, a0 * p) < 1e-13);
        }
    }
}

/* Test-side closed form of the Sersic kappa at (dx, dy) from the centre, long double;
 * (cp, sp) = (cos phi, sin phi). */
static long double sersic_ref(const lg_component *c, long double cp, long double sp, long double dx,
                              long double dy)
{
    const long double xp = cp * dx + sp * dy, yp = -sp * dx + cp * dy;
    const long double r2 = c->q * xp * xp + yp * yp / c->q;
    return c->kappa_e * expl(c->b_n * (1.0L - powl(r2 / (c->r_e * c->r_e), 0.5L / c->n)));
}

/* Total mass (Sigma_crit arcsec^2) = int kappa dA. Circular n = 1, 2.5, 4: 2 pi int R^2 kappa
 * d ln R, Simpson over R in [1e-8, 1e5] R_e, to 1e-9. Elliptical n = 4, q = 0.7: polar
 * integral of the closed form (trapezoid in angle, Simpson in ln r) to 1e-8: the mass does
 * not depend on q (product-average radius). n = 1, q = 0.7: a float map of
 * lg_kappa_sersic_ell (pixel 0.01 R_e, 3200^2), summed in double, to 1e-5. */
static void test_sersic_total_mass(void **state)
{
    (void)state;
    const double ns[] = {1.0, 2.5, 4.0};
    const int ns_ = 20000;
    const double s0 = log(1e-8), s1 = log(1e5), ds = (s1 - s0) / ns_;
    for (int i = 0; i < 3; ++i) {
        const lg_component c = sersic(ns[i], 1.0);
        double sum = 0.0;
        for (int k = 0; k <= ns_; ++k) {
            const double r = c.r_e * exp(s0 + k * ds),
                         w = (k == 0 || k == ns_) ? 1 : (k % 2 ? 4 : 2);
            sum += w * r * r * kappa_at(&c, c.cx + r, c.cy);
        }
        const double mass = 2.0 * LG_PI * sum * ds / 3.0, want = lg_sersic_total_mass(&c);
        printf("Sersic n = %.1f: total mass %.12g, radial integral %.12g\n", c.n, want, mass);
        assert_true(rel(mass, want, want) < 1e-9);
    }
    const lg_component e = sersic(4.0, 0.7);
    const int nt = 256, nr = 6000;
    double sum = 0.0;
    const double dr = (s1 - s0) / nr;
    for (int k = 0; k <= nr; ++k) {
        const double r = e.r_e * exp(s0 + k * dr), w = (k == 0 || k == nr) ? 1 : (k % 2 ? 4 : 2);
        double ring = 0.0;
        for (int j = 0; j < nt; ++j)
            ring += (double)sersic_ref(&e, cosl(e.phi), sinl(e.phi), r * cos(2 * LG_PI * j / nt),
                                       r * sin(2 * LG_PI * j / nt));
        sum += w * r * r * ring * (2 * LG_PI / nt);
    }
    const double want = lg_sersic_total_mass(&e);
    assert_true(rel(sum * dr / 3.0, want, want) < 1e-8);
    lg_component circ = e;
    circ.q = 1.0;
    assert_true(lg_sersic_total_mass(&circ) == want);
    /* the float map */
    const lg_component m = sersic(1.0, 0.7);
    const lg_kappa_par p = {.kappa_e = 0.37f,
                            .inv_r_e = (float)(1.0 / m.r_e),
                            .inv_n = 1.0f,
                            .b_n = (float)m.b_n,
                            .q = 0.7f,
                            .cos_phi = (float)cos(m.phi),
                            .sin_phi = (float)sin(m.phi)};
    const int npix = 3200;
    const double half = 16.0 * m.r_e, d = 2.0 * half / npix;
    double total = 0.0;
    for (int iy = 0; iy < npix; ++iy) {
        const float dy = (float)(-half + (iy + 0.5) * d - m.cy);
        double row = 0.0;
        for (int ix = 0; ix < npix; ++ix)
            row += lg_kappa_sersic_ell(&p, (float)(-half + (ix + 0.5) * d - m.cx), dy);
        total += row * d * d;
    }
    const double mw = lg_sersic_total_mass(&m);
    printf("Sersic n = 1, q = 0.7: map total %.9g, lg_sersic_total_mass %.9g (rel %.1e)\n", total,
           mw, rel(total, mw, mw));
    assert_true(rel(total, mw, mw) < 1e-5);
}

/* Float kernels against long-double closed forms at the same float (dx, dy): lg_expf to
 * 1.5e-7 (sampled over [-87, 88]; 0 below -87.33); SIE to 3e-7; Sersic (n = 0.5 ... 8, q = 1
 * and 0.7, R in [1e-3, 10] R_e) to 7e-7 (1 + b_n x) (measured 5.0e-7), x = (R/R_e)^(1/n): the float
 * rounding of R (condition number b_n x / n) amplified, where kappa is a normal float. */
static void test_float_kernels(void **state)
{
    (void)state;
    double worst = 0.0;
    for (int i = 0; i <= 2000000; ++i) {
        const float x = -87.0f + 175.0f * (float)i / 2000000.0f;
        worst = fmax(worst, fabs((double)lg_expf(x) - exp((double)x)) / exp((double)x));
    }
    printf("lg_expf: max relative error %.2e\n", worst);
    assert_true(worst < 1.5e-7 && lg_expf(0.0f) == 1.0f && lg_expf(-100.0f) == 0.0f);
    const lg_kappa_par sie = {
        .theta_e = 1.2f, .q = 0.6f, .cos_phi = cosf(0.6f), .sin_phi = sinf(0.6f)};
    double w_sie = 0.0, w_ser = 0.0;
    const double ns[] = {0.5, 1.0, 2.5, 4.0, 8.0};
    lg_component cs[10];
    lg_kappa_par ps[10];
    for (int i = 0; i < 10; ++i) { /* the same float parameters on both sides */
        const lg_component c = sersic(ns[i / 2], i % 2 ? 0.7 : 1.0);
        ps[i] = (lg_kappa_par){.kappa_e = 0.37f,
                               .inv_r_e = 1.0f,
                               .inv_n = (float)(1.0 / c.n),
                               .b_n = (float)c.b_n,
                               .q = (float)c.q,
                               .cos_phi = sie.cos_phi,
                               .sin_phi = sie.sin_phi};
        cs[i] = c;
        cs[i].r_e = 1.0, cs[i].kappa_e = ps[i].kappa_e, cs[i].b_n = ps[i].b_n, cs[i].q = ps[i].q;
    }
    for (int j = 0; j < 100000; ++j) {
        const float t = (float)(j * 3.88322), rr = (float)pow(10.0, -3.0 + 4.0 * j / 100000);
        const float dx = rr * cosf(t), dy = rr * sinf(t);
        const long double cp = sie.cos_phi, sp = sie.sin_phi;
        const long double xp = cp * dx + sp * dy, yp = -sp * dx + cp * dy;
        const long double k = 0.6L / sqrtl(sie.q * xp * xp + yp * yp / sie.q);
        w_sie = fmax(w_sie, (double)(fabsl(lg_kappa_sie(&sie, dx, dy) - k) / k));
        for (int i = 0; i < 10; ++i) {
            const long double ref = sersic_ref(&cs[i], cp, sp, dx, dy);
            if (ref < 1e-37L)
                continue;
            const float got =
                i % 2 ? lg_kappa_sersic_ell(&ps[i], dx, dy) : lg_kappa_sersic(&ps[i], dx, dy);
            const double x = (double)(1.0L - logl(ref / cs[i].kappa_e) / cs[i].b_n);
            w_ser = fmax(w_ser, (double)(fabsl(got - ref) / ref) / (1.0 + cs[i].b_n * x));
        }
    }
    printf("float SIE: max rel %.2e; Sersic: max rel / (1 + b_n x) %.2e\n", w_sie, w_ser);
    assert_true(w_sie < 3e-7 && w_ser < 7e-7);
    const lg_kappa_par p = {.kappa_e = 0.37f, .inv_r_e = 1.0f, .inv_n = 0.25f, .b_n = 7.669f};
    assert_true(fabsf(lg_kappa_sersic(&p, 0.0f, 0.0f) / (0.37f * expf(7.669f)) - 1.0f) < 2e-6f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_b_n),
        cmocka_unit_test(test_sersic_alpha_gsl),
        cmocka_unit_test(test_sersic_total_mass),
        cmocka_unit_test(test_float_kernels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
