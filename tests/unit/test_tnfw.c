/* test_tnfw.c: the truncated NFW (profile_tnfw.c, kernels/profiles_tnfw.h) against its limits
 * (tau -> inf: the NFW), its own 3-D density (total mass, projection), the lensing identities
 * (alpha = psi', kappa = (psi'' + psi'/r)/2, mass = int 2 pi R kappa dR) and its float kernel. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>
#include <gsl/gsl_integration.h>
#include <math.h>

#include "constants.h"
#include "lens_model.h"
#include "profile_eval.h"
#include "profiles_tnfw.h"

#define DIR_ANGLE 0.4 /* radial direction of the probes, radians */

static lg_component tnfw(double tau)
{
    lg_component c = {.type = LG_COMP_TNFW, .cx = 0.1, .cy = -0.2, .q = 1.0};
    c.kappa_s = 0.3;
    c.theta_s = 2.0;
    c.tau = tau;
    return c;
}

/* kappa, radial alpha and psi at x = R/theta_s along DIR_ANGLE */
typedef struct {
    double kappa, alpha, psi;
} radial;
static radial at(const lg_component *c, double x)
{
    const double r = x * c->theta_s, cd = cos(DIR_ANGLE), sd = sin(DIR_ANGLE);
    lg_lensq o = {0, 0, 0, 0, 0, 0};
    lg_component_eval(c, c->cx + r * cd, c->cy + r * sd, &o);
    const radial q = {o.kappa, o.alpha_x * cd + o.alpha_y * sd, o.psi};
    return q;
}

static double rel(double a, double b)
{
    return fabs(a - b) / fabs(b);
}

/* (a) tau -> inf: at tau = 1e4 kappa, alpha and psi are the NFW's within 1e-4 for x <= 30, and
 * the difference, the truncation's own effect, falls as 1/tau^2 (checked at tau = 1e5: by more
 * than 50x); tau = +inf is the NFW exactly. */
static void test_nfw_limit(void **state)
{
    (void)state;
    lg_component t = tnfw(1e4), t5 = tnfw(1e5), inf = tnfw(INFINITY), n = tnfw(0.0);
    n.type = LG_COMP_NFW;
    const double xs[] = {1e-3, 0.02, 0.3, 0.97, 1.0, 1.03, 2.5, 8.0, 30.0};
    double worst = 0.0;
    for (int i = 0; i < 9; ++i) {
        const radial a = at(&t, xs[i]), a5 = at(&t5, xs[i]), b = at(&n, xs[i]);
        const radial e = at(&inf, xs[i]);
        const double d[3] = {rel(a.kappa, b.kappa), rel(a.alpha, b.alpha), rel(a.psi, b.psi)};
        const double d5[3] = {rel(a5.kappa, b.kappa), rel(a5.alpha, b.alpha), rel(a5.psi, b.psi)};
        for (int k = 0; k < 3; ++k) {
            worst = fmax(worst, d[k]);
            assert_true(d[k] < 1e-4);
            assert_true(d5[k] < d[k] / 50.0);
        }
        assert_true(e.kappa == b.kappa && e.alpha == b.alpha && e.psi == b.psi);
    }
    print_message("tau = 1e4 vs NFW, x = 1e-3 .. 30: max relative difference %.2e\n", worst);
    assert_true(isinf(lg_tnfw_total_mass(&inf)));
}

/* int_0^inf t2 r / ((1 + r)^2 (t2 + r^2)) dr = M_tot/(4 pi rho_s r_s^3), by GSL qagiu */
static double m3_integrand(double r, void *p)
{
    const double t2 = *(const double *)p;
    return t2 * r / ((1.0 + r) * (1.0 + r) * (t2 + r * r));
}

/* (b) total mass: the closed form m(tau) equals the volume integral of the 3-D density, and the
 * projected mass pi R alpha(R) tends to it, with the tail t2/(3 x^2) of Sigma ~ 2 t2/(3 x^4). */
static void test_total_mass(void **state)
{
    (void)state;
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    const double taus[] = {0.5, 1.0, 3.0, 20.0, 200.0};
    for (int i = 0; i < 5; ++i) {
        double t2 = taus[i] * taus[i], m, err;
        gsl_function f = {m3_integrand, &t2};
        gsl_integration_qagiu(&f, 0.0, 0.0, 1e-13, 1000, w, &m, &err);
        assert_true(rel(lg_tnfw_mass_factor(taus[i]), m) < 1e-12);
        const lg_component c = tnfw(taus[i]);
        const double mt = lg_tnfw_total_mass(&c);
        assert_true(rel(mt, 4.0 * LG_PI * c.kappa_s * c.theta_s * c.theta_s * m) < 1e-12);
        const double x = 1e4 * fmax(1.0, taus[i]), r = x * c.theta_s;
        const double m2d = LG_PI * r * at(&c, x).alpha;
        assert_true(rel(m2d, mt) < 2e-8);
        /* the missing mass is the analytic tail, to O(1/x) (measured 0.998 .. 1.000) */
        const double tail = 4.0 * LG_PI * c.kappa_s * c.theta_s * c.theta_s * t2 / (3.0 * x * x);
        assert_true(rel(mt - m2d, tail) < 2e-2);
    }
    gsl_integration_workspace_free(w);
}

/* 2 pi R kappa(R) */
static double ring(double r, void *p)
{
    const lg_component *c = p;
    return 2.0 * LG_PI * r * at(c, r / c->theta_s).kappa;
}

/* (b) int_{R1}^{R2} 2 pi R kappa dR = pi (R2 alpha(R2) - R1 alpha(R1)) (GSL qags; R1 above the
 * kappa clamp), over intervals through x = 1, x = tau, the quadrature switch x = 2 max(1, tau)
 * and far beyond it (there the difference of masses is small: the tail of kappa is tested). */
static void test_mass_vs_kappa(void **state)
{
    (void)state;
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    const double taus[] = {0.6, 1.0, 4.0, 50.0};
    double worst = 0.0;
    for (int i = 0; i < 4; ++i) {
        lg_component c = tnfw(taus[i]);
        const double s = fmax(1.0, taus[i]);
        const double lo[] = {2e-4, 2e-4, 2e-4, 2e-4, 0.5 * s, 10.0 * s};
        const double hi[] = {0.01, 0.7, 3.0 * s, 40.0 * s, 3.0 * s, 1e3 * s};
        for (int k = 0; k < 6; ++k) {
            const double r1 = lo[k] * c.theta_s, r2 = hi[k] * c.theta_s;
            gsl_function f = {ring, &c};
            double pts[6] = {r1, 0, 0, 0, 0, 0}, v, err;
            size_t np = 1;
            const double breaks[] = {c.theta_s, taus[i] * c.theta_s, 2.0 * s * c.theta_s};
            for (int b = 0; b < 3; ++b)
                if (breaks[b] > pts[np - 1] * (1 + 1e-12) && breaks[b] < r2 * (1 - 1e-12))
                    pts[np++] = breaks[b];
            pts[np++] = r2;
            gsl_integration_qagp(&f, pts, np, 0.0, 1e-12, 1000, w, &v, &err);
            const double m = LG_PI * (r2 * at(&c, hi[k]).alpha - r1 * at(&c, lo[k]).alpha);
            worst = fmax(worst, rel(v, m));
            assert_true(rel(v, m) < 1e-8);
        }
    }
    print_message("int 2 pi R kappa vs pi R alpha: max relative difference %.2e\n", worst);
    gsl_integration_workspace_free(w);
}

/* (c) alpha = d psi/dR and kappa = (psi'' + psi'/R)/2 by 5-point central differences on psi
 * (step 1e-2 R: truncation ~1e-8, rounding ~1e-11). Far out psi'' ~ -psi'/R cancel down to
 * 2 kappa = O(R^-4), amplifying the differencing error by (|psi''| + |psi'/R|)/(2 kappa), up to
 * ~1e4 at x = 100: there the check is relative to that scale (test_mass_vs_kappa tests kappa
 * far out to 1e-8). */
static void test_fd_identities(void **state)
{
    (void)state;
    const double taus[] = {0.7, 1.0, 3.0, 30.0};
    const double xs[] = {0.01, 0.3, 0.9, 1.0, 1.1, 3.0, 7.0, 20.0, 100.0};
    double worst_a = 0.0, worst_k = 0.0;
    for (int i = 0; i < 4; ++i) {
        const lg_component c = tnfw(taus[i]);
        for (int j = 0; j < 10; ++j) {
            const double x = j < 9 ? xs[j] : taus[i], h = 1e-2 * x, r = x * c.theta_s;
            const double hr = h * c.theta_s;
            const double p2 = at(&c, x + 2 * h).psi, p1 = at(&c, x + h).psi, p0 = at(&c, x).psi;
            const double m1 = at(&c, x - h).psi, m2 = at(&c, x - 2 * h).psi;
            const double d1 = (-p2 + 8.0 * p1 - 8.0 * m1 + m2) / (12.0 * hr);
            const double d2 = (-p2 + 16.0 * p1 - 30.0 * p0 + 16.0 * m1 - m2) / (12.0 * hr * hr);
            const radial q = at(&c, x);
            worst_a = fmax(worst_a, rel(d1, q.alpha));
            const double scale = fmax(q.kappa, 0.5 * (fabs(d2) + fabs(d1 / r)));
            const double ek = fabs(0.5 * (d2 + d1 / r) - q.kappa) / scale;
            worst_k = fmax(worst_k, ek);
            assert_true(rel(d1, q.alpha) < 1e-6);
            assert_true(ek < 1e-6);
        }
    }
    print_message("alpha vs psi': %.2e, kappa vs laplacian psi / 2: %.2e (of the scale)\n", worst_a,
                  worst_k);
}

/* (d) the float kernel against the double kappa, x in [1e-4, 1e3], tau in [1, 200] (log grids
 * with x = 1, x = tau and both sides of the float switch 1.5 max(1, tau) added). */
static void test_float_kernel(void **state)
{
    (void)state;
    double worst = 0.0, wx = 0.0, wt = 0.0;
    for (int i = 0; i <= 40; ++i) {
        const float tau = (float)pow(200.0, i / 40.0);
        const lg_component c = tnfw((double)tau);
        for (int j = 0; j <= 2005; ++j) {
            float x = (float)pow(10.0, -4.0 + 7.0 * j / 2000.0);
            const float sw = LG_TNFW_QUAD_SWITCH * (tau > 1.0f ? tau : 1.0f);
            if (j > 2000) { /* the special points */
                const float sp[5] = {1.0f, tau, nextafterf(sw, 0.0f), sw, nextafterf(sw, 1e9f)};
                x = sp[j - 2001];
            }
            const float x2 = x * x;
            const double k = at(&c, sqrt((double)x2)).kappa;
            const double e = rel((double)lg_tnfw_kappa_x2((float)c.kappa_s, tau, x2), k);
            if (e > worst) {
                worst = e;
                wx = x;
                wt = tau;
            }
        }
    }
    print_message("float kernel: max relative error %.2e (x = %.4g, tau = %.4g)\n", worst, wx, wt);
    assert_true(worst < LG_TNFW_F32_REL_ERR);
}

/* (e) continuity through x = 1 (the NFW series band), x = tau and the double quadrature switch
 * x = 2 max(1, tau); and in tau through tau = 1, where (t2 - 1) vanishes. */
static void test_continuity(void **state)
{
    (void)state;
    const double taus[] = {0.5, 1.0, 2.0, 25.0};
    for (int i = 0; i < 4; ++i) {
        const lg_component c = tnfw(taus[i]);
        const double pts[] = {1.0, taus[i], 2.0 * fmax(1.0, taus[i]), sqrt(0.95), sqrt(1.05)};
        for (int k = 0; k < 5; ++k)
            for (double e = 1e-12; e < 2e-6; e *= 1e3) {
                const radial a = at(&c, pts[k] * (1.0 - e)), b = at(&c, pts[k] * (1.0 + e));
                const radial m = at(&c, pts[k]);
                /* |f'| x/f < 10 for all three: the difference is 2e (x f'/f) plus rounding */
                assert_true(rel(a.kappa, b.kappa) < 20.0 * e + 1e-13);
                assert_true(rel(a.alpha, b.alpha) < 20.0 * e + 1e-13);
                assert_true(rel(a.psi, b.psi) < 20.0 * e + 1e-13);
                assert_true(rel(m.kappa, a.kappa) < 20.0 * e + 1e-13);
                assert_true(isfinite(m.kappa) && isfinite(m.alpha) && isfinite(m.psi));
            }
    }
    const lg_component one = tnfw(1.0), lo = tnfw(1.0 - 1e-9), hi = tnfw(1.0 + 1e-9);
    const double xs[] = {1e-3, 0.5, 1.0, 1.7, 9.0};
    for (int j = 0; j < 5; ++j) {
        const radial a = at(&lo, xs[j]), b = at(&hi, xs[j]), m = at(&one, xs[j]);
        assert_true(rel(a.kappa, m.kappa) < 1e-8 && rel(b.kappa, m.kappa) < 1e-8);
        assert_true(rel(a.alpha, m.alpha) < 1e-8 && rel(b.alpha, m.alpha) < 1e-8);
        assert_true(rel(a.psi, m.psi) < 1e-8 && rel(b.psi, m.psi) < 1e-8);
    }
}

/* The centre: alpha = gamma = psi = 0, kappa clamped at x = LG_NFW_X_MIN as the NFW's; the
 * shear of a circular lens is tangential, gamma = alpha/R - kappa. */
static void test_centre_and_shear(void **state)
{
    (void)state;
    const lg_component c = tnfw(5.0);
    lg_lensq o = {0, 0, 0, 0, 0, 0}, m = {0, 0, 0, 0, 0, 0};
    lg_component_eval(&c, c.cx, c.cy, &o);
    lg_component_eval(&c, c.cx + 1e-7 * c.theta_s, c.cy, &m);
    assert_true(o.alpha_x == 0.0 && o.alpha_y == 0.0 && o.psi == 0.0 && o.gamma1 == 0.0);
    assert_true(isfinite(o.kappa) && o.kappa == m.kappa);
    const double x = 0.8, r = x * c.theta_s;
    lg_lensq s = {0, 0, 0, 0, 0, 0};
    lg_component_eval(&c, c.cx, c.cy + r, &s); /* on the y axis: gamma1 = +gamma, gamma2 = 0 */
    const radial q = at(&c, x);
    assert_true(rel(s.gamma1, q.alpha / r - q.kappa) < 1e-13 && fabs(s.gamma2) < 1e-15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nfw_limit),        cmocka_unit_test(test_total_mass),
        cmocka_unit_test(test_mass_vs_kappa),    cmocka_unit_test(test_fd_identities),
        cmocka_unit_test(test_float_kernel),     cmocka_unit_test(test_continuity),
        cmocka_unit_test(test_centre_and_shear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
