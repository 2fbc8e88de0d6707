/* test_galaxy_quantities.c: every lensing quantity of the point mass, SIS, SIE and Sersic
 * components (profile_point_sie.c, profile_sersic.c through lens_model.c) obeys the identities
 * of docs/physics.md §4.1, checked with 4th-order central differences at points away from the
 * centre: div alpha = 2 kappa, laplacian psi = 2 kappa, alpha = grad psi (curl alpha = 0), the
 * shear is the trace-free Hessian, and 1/mu = det(I - d alpha/d theta) (lg_magnification). Plus:
 * circular alpha(R) = R kappa_mean(<R) by an independent integral, SIE -> SIS, Sersic n = 1 is the
 * exponential profile, finite values at the centre. Sersic b_n, total mass and the float32
 * kernels: test_sersic_profile.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>
#include <math.h>

#include "lens_model.h"
#include "profile_eval.h"

#define CLOSED_TOL 1e-8 /* closed forms: finite-difference error ~1e-10 (measured) */
#define ELL_TOL 1e-7    /* elliptical Sersic, lg_elliptical_eval's quadrature: 1.4e-9 measured */

static lg_component comp(int type, double theta_e, double q)
{
    lg_component c = {.type = type, .cx = 0.11, .cy = -0.23, .q = q, .phi = 0.6};
    c.theta_e = theta_e;
    return c;
}

static lg_component sersic(double n, double q)
{
    lg_component c = comp(LG_COMP_SERSIC, 0.0, q);
    c.kappa_e = 0.37, c.r_e = 1.3, c.n = n, c.b_n = lg_sersic_b_n(n);
    return c;
}

static lg_lensq eval(const lg_component *c, double x, double y)
{
    lg_lensq o = {0, 0, 0, 0, 0, 0};
    lg_component_eval(c, x, y, &o);
    return o;
}

/* 4th-order central first and second differences of samples at -2h..2h */
static double d1(const double v[5], double h)
{
    return (8.0 * (v[3] - v[1]) - (v[4] - v[0])) / (12.0 * h);
}
static double d2(const double v[5], double h)
{
    return (-v[4] + 16.0 * v[3] - 30.0 * v[2] + 16.0 * v[1] - v[0]) / (12.0 * h * h);
}

static double rel(double got, double want, double scale)
{
    return fabs(got - want) / scale;
}

/* Worst normalised violation of the identities at (x, y), step h. Second derivatives are
 * compared relative to |kappa| + |gamma|, first derivatives to |alpha|, det to (1 + that)^2. */
static double identities(const lg_component *c, double x, double y, double h)
{
    double ax[2][5], ay[2][5], ps[2][5];
    for (int d = 0; d < 2; ++d)
        for (int k = 0; k < 5; ++k) {
            lg_lensq o = eval(c, x + (d == 0) * (k - 2) * h, y + (d == 1) * (k - 2) * h);
            ax[d][k] = o.alpha_x, ay[d][k] = o.alpha_y, ps[d][k] = o.psi;
        }
    const lg_lensq o = eval(c, x, y);
    const double hxx = d1(ax[0], h), hyy = d1(ay[1], h), hxy = d1(ax[1], h), hyx = d1(ay[0], h);
    const double s2 = fabs(o.kappa) + hypot(o.gamma1, o.gamma2), s1 = hypot(o.alpha_x, o.alpha_y);
    const double det = (1.0 - hxx) * (1.0 - hyy) - hxy * hyx;
    const double e[] = {
        rel(hxx + hyy, 2.0 * o.kappa, s2),                   /* div alpha = 2 kappa */
        rel(d2(ps[0], h) + d2(ps[1], h), 2.0 * o.kappa, s2), /* laplacian psi = 2 kappa */
        rel(hxy, hyx, s2),                                   /* curl alpha = 0 */
        rel(0.5 * (hxx - hyy), o.gamma1, s2),                /* gamma1 = (psi_xx - psi_yy)/2 */
        rel(0.5 * (hxy + hyx), o.gamma2, s2),                /* gamma2 = psi_xy */
        rel(d1(ps[0], h), o.alpha_x, s1),                    /* alpha = grad psi */
        rel(d1(ps[1], h), o.alpha_y, s1),
        rel(det, 1.0 / lg_magnification(&o), (1.0 + s2) * (1.0 + s2)), /* mu from Jacobian */
    };
    double worst = 0.0;
    for (size_t i = 0; i < sizeof e / sizeof e[0]; ++i)
        worst = e[i] > worst || isnan(e[i]) ? e[i] : worst;
    return worst;
}

/* The identities on rings r = {0.3, 0.9, 2.1} x scale around the centre, 5 angles each. */
static void check_identities(const char *name, const lg_component *c, double scale, double tol)
{
    double worst = 0.0;
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 5; ++j) {
            const double r = scale * (i == 0 ? 0.3 : i == 1 ? 0.9 : 2.1), t = 0.3 + 1.27 * j;
            const double e = identities(c, c->cx + r * cos(t), c->cy + r * sin(t), 2e-3 * r);
            worst = e > worst || isnan(e) ? e : worst;
        }
    printf("%-22s identities: worst normalised error %.2e (tol %.0e)\n", name, worst, tol);
    assert_true(worst < tol);
}

/* Point mass: kappa = 0 off the centre, so div alpha = laplacian psi = 0 (relative to the
 * shear theta_E^2/r^2), the other identities, and |alpha| = theta_E^2 / r. */
static void test_point_mass(void **state)
{
    (void)state;
    const lg_component c = comp(LG_COMP_POINT, 1.2, 1.0);
    check_identities("point mass", &c, 1.2, CLOSED_TOL);
    const lg_lensq o = eval(&c, 0.7, 0.4);
    assert_true(o.kappa == 0.0);
    assert_true(fabs(hypot(o.alpha_x, o.alpha_y) - 1.44 / hypot(0.59, 0.63)) < 1e-14);
}

/* SIS and SIE (q = 0.5, 0.8, rotated by phi): the identities, and kappa = theta_E/(2 R_ell). */
static void test_sis_sie(void **state)
{
    (void)state;
    const lg_component sis = comp(LG_COMP_SIS, 1.2, 1.0);
    check_identities("SIS", &sis, 1.2, CLOSED_TOL);
    const double qs[] = {0.5, 0.8};
    for (int i = 0; i < 2; ++i) {
        const lg_component c = comp(LG_COMP_SIE, 1.2, qs[i]);
        check_identities(qs[i] < 0.6 ? "SIE q = 0.5" : "SIE q = 0.8", &c, 1.2, CLOSED_TOL);
        const double dx = 0.5, dy = -0.8, cp = cos(c.phi), sp = sin(c.phi);
        const double xp = cp * dx + sp * dy, yp = -sp * dx + cp * dy;
        const double want = 0.6 / sqrt(qs[i] * xp * xp + yp * yp / qs[i]);
        assert_true(fabs(eval(&c, c.cx + dx, c.cy + dy).kappa - want) < 1e-14 * want);
    }
}

static double max_diff(const lg_lensq *a, const lg_lensq *b)
{
    const double d[] = {a->kappa - b->kappa,   a->alpha_x - b->alpha_x, a->alpha_y - b->alpha_y,
                        a->gamma1 - b->gamma1, a->gamma2 - b->gamma2,   a->psi - b->psi};
    double m = 0.0;
    for (int i = 0; i < 6; ++i)
        m = fabs(d[i]) > m ? fabs(d[i]) : m;
    return m;
}

/* SIE -> SIS as q -> 1: q = 1 gives the SIS to rounding; |SIE - SIS| shrinks in proportion to
 * 1 - q (first order) down to 1 - q = 1e-12, i.e. no cancellation blows up; and the switch to the
 * series at f = sqrt(1 - q^2) = 0.02 is continuous (q 1e-12 either side: change 9e-13 measured,
 * < 3e-12 asserted; the series cut one term short jumps by 1e-11). */
static void test_sie_to_sis(void **state)
{
    (void)state;
    const lg_component sis = comp(LG_COMP_SIS, 1.2, 1.0);
    for (int j = 0; j < 6; ++j) {
        const double x = 0.9 * cos(0.3 + j), y = 0.9 * sin(0.3 + j);
        const lg_lensq s = eval(&sis, x, y);
        lg_component c = comp(LG_COMP_SIE, 1.2, 1.0);
        lg_lensq e = eval(&c, x, y);
        assert_true(max_diff(&e, &s) < 1e-14);
        for (int k = 2; k <= 12; ++k) {
            c.q = 1.0 - pow(10.0, -k);
            e = eval(&c, x, y);
            assert_true(max_diff(&e, &s) < 2.0 * (1.0 - c.q) + 1e-14);
        }
        const double qs = sqrt(1.0 - 0.02 * 0.02);
        c.q = qs * (1.0 - 1e-12);
        e = eval(&c, x, y);
        c.q = qs * (1.0 + 1e-12);
        const lg_lensq e2 = eval(&c, x, y);
        assert_true(max_diff(&e, &e2) < 3e-12);
    }
}

/* Circular Sersic n = 1, 2.5, 4 and elliptical (q = 0.7, through lg_elliptical_eval): the
 * identities, and kappa = kappa_e exp(-b_n [(R_ell/R_e)^(1/n) - 1]) at a point. */
static void test_sersic_identities(void **state)
{
    (void)state;
    const double ns[] = {1.0, 2.5, 4.0};
    char name[40];
    for (int i = 0; i < 3; ++i)
        for (int e = 0; e < 2; ++e) {
            const lg_component c = sersic(ns[i], e ? 0.7 : 1.0);
            snprintf(name, sizeof name, "Sersic n = %.1f q = %.1f", ns[i], c.q);
            check_identities(name, &c, c.r_e, e ? ELL_TOL : CLOSED_TOL);
            const double dx = 0.5, dy = -0.8, cp = cos(c.phi), sp = sin(c.phi);
            const double xp = cp * dx + sp * dy, yp = -sp * dx + cp * dy;
            const double r = sqrt(c.q * xp * xp + yp * yp / c.q);
            const double want = c.kappa_e * exp(-c.b_n * (pow(r / c.r_e, 1.0 / c.n) - 1.0));
            assert_true(fabs(eval(&c, c.cx + dx, c.cy + dy).kappa - want) <
                        (e ? ELL_TOL : 1e-13) * want);
        }
}

/* Circular profiles: alpha(R) = (2/R) int_0^R R' kappa dR' and psi(R) = int_0^R alpha dR'
 * (psi(0) = 0) by Simpson's rule in u, R' = R u^m (m = 2n makes the Sersic integrand a smooth
 * function of u), independent of the incomplete-gamma series; and psi has no jump where the
 * Sersic potential switches to its large-z asymptote (a scan across that radius). */
static void test_circular_mean_kappa(void **state)
{
    (void)state;
    lg_component cs[] = {comp(LG_COMP_SIS, 1.2, 1.0), sersic(1.0, 1.0), sersic(2.5, 1.0),
                         sersic(4.0, 1.0), sersic(0.5, 1.0)};
    for (int i = 0; i < 5; ++i) {
        lg_component *c = &cs[i];
        c->cx = c->cy = c->phi = 0.0;
        const double m = c->type == LG_COMP_SIS ? 2.0 : 2.0 * c->n;
        for (double r = 0.05; r < 20.0; r *= 2.3) {
            const int n = 4000;
            double mass = 0.0, psi = 0.0;
            for (int k = 0; k <= n; ++k) {
                const double u = (double)k / n, w = (k == 0 || k == n) ? 1 : (k % 2 ? 4 : 2);
                const double rp = r * pow(u, m), drdu = m * r * pow(u, m - 1.0);
                const lg_lensq o = eval(c, rp, 0.0);
                mass += w * rp * o.kappa * drdu;
                psi += w * o.alpha_x * drdu;
            }
            mass /= 3.0 * n, psi /= 3.0 * n;
            const lg_lensq o = eval(c, r, 0.0);
            assert_true(rel(o.alpha_x, 2.0 * mass / r, o.alpha_x) < 1e-10);
            assert_true(rel(o.psi, psi, fabs(psi)) < 1e-10);
        }
    }
    for (int i = 1; i < 5; ++i) { /* z = b_n x from 25 to 70 covers every switch here */
        const lg_component *c = &cs[i];
        const double l0 = log(c->r_e * pow(25.0 / c->b_n, c->n));
        const double dl = (log(c->r_e * pow(70.0 / c->b_n, c->n)) - l0) / 600;
        for (int k = 0; k < 600; ++k) { /* psi(b) - psi(a) = int alpha R d ln R (Simpson) */
            double g[3], psi[3];
            for (int j = 0; j < 3; ++j) {
                const double r = exp(l0 + (k + 0.5 * j) * dl);
                const lg_lensq o = eval(c, r, 0.0);
                g[j] = o.alpha_x * r, psi[j] = o.psi;
            }
            const double step = psi[2] - psi[0] - dl / 6.0 * (g[0] + 4.0 * g[1] + g[2]);
            assert_true(fabs(step) < 1e-12 * fabs(psi[2]));
        }
    }
}

/* n = 1 is the exponential profile kappa_e exp(-b_1 (R/R_e - 1)), with b_1 the root of
 * (1 + b) e^-b = 1/2 (P(2, b) in closed form) found here by its own Newton iteration. */
static void test_sersic_exponential(void **state)
{
    (void)state;
    double b1 = 1.7;
    for (int it = 0; it < 50; ++it)
        b1 -= ((1.0 + b1) * exp(-b1) - 0.5) / (-b1 * exp(-b1));
    const lg_component c = sersic(1.0, 1.0);
    assert_true(fabs(c.b_n - b1) < 1e-15 * b1);
    for (double r = 0.01; r < 30.0; r *= 1.5) {
        const double want = c.kappa_e * exp(-b1 * (r / c.r_e - 1.0));
        assert_true(fabs(eval(&c, c.cx + r * 0.6, c.cy + r * 0.8).kappa - want) < 1e-13 * want);
    }
}

/* At (and within 1e-12 arcsec of) the centre every quantity of every profile is finite. */
static void test_centre_finite(void **state)
{
    (void)state;
    const lg_component cs[] = {comp(LG_COMP_POINT, 1.2, 1.0),
                               comp(LG_COMP_SIS, 1.2, 1.0),
                               comp(LG_COMP_SIE, 1.2, 0.5),
                               sersic(4.0, 1.0),
                               sersic(0.5, 1.0),
                               sersic(2.5, 0.7)};
    for (int i = 0; i < 6; ++i)
        for (int k = 0; k < 2; ++k) {
            const lg_lensq o = eval(&cs[i], cs[i].cx + k * 1e-300, cs[i].cy);
            const double v[] = {o.kappa, o.alpha_x, o.alpha_y, o.gamma1, o.gamma2, o.psi};
            for (int j = 0; j < 6; ++j)
                assert_true(isfinite(v[j]));
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_point_mass),          cmocka_unit_test(test_sis_sie),
        cmocka_unit_test(test_sie_to_sis),          cmocka_unit_test(test_sersic_identities),
        cmocka_unit_test(test_circular_mean_kappa), cmocka_unit_test(test_sersic_exponential),
        cmocka_unit_test(test_centre_finite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
