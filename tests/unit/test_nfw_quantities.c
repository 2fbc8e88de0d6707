/* test_nfw_quantities.c: every lensing quantity of the NFW and cored-NFW components
 * (profile_nfw.c, elliptical.c, lens_model.c) against identities of lensing and against
 * independent numerical integrals; the float32 map kernels against the double forms. */
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
#include "profiles.h"
#include "profiles_cnfw.h"

#include "nfw_reference.h"

#define NFW_REL_BOUND 3e-6 /* float lg_nfw_h (test_profiles.c) */

static lg_component halo(int type, double beta, double q, double phi)
{
    lg_component c = {.type = type, .cx = 0.1, .cy = -0.2, .q = q, .phi = phi};
    c.kappa_s = 0.3;
    c.theta_s = 2.0;
    c.beta = beta;
    return c;
}

static lg_lensq ev(const lg_component *c, double x, double y)
{
    lg_lensq o = {0, 0, 0, 0, 0, 0};
    lg_component_eval(c, x, y, &o);
    return o;
}

/* Composite Gauss-Legendre (8 points per panel) of f over [ln a, ln b] in d ln t. */
static double gl_log(double (*f)(double, const void *), const void *par, double a, double b,
                     int panels)
{
    static const double x[4] = {0.1834346424956498, 0.5255324099163290, 0.7966664774136267,
                                0.9602898564975363};
    static const double w[4] = {0.3626837833783620, 0.3137066458778873, 0.2223810344533745,
                                0.1012285362903763};
    const double la = log(a), half = 0.5 * (log(b) - la) / panels;
    double sum = 0.0;
    for (int k = 0; k < panels; ++k)
        for (int i = 0; i < 8; ++i) {
            const double t = exp(la + (2 * k + 1) * half + half * (i < 4 ? -x[i] : x[i - 4]));
            sum += w[i % 4] * t * f(t, par);
        }
    return sum * half;
}

/* Independent projection of the cored-NFW density rho/(rho_s) = 1/((r+b)(1+r)^2) (units of
 * r_s): Sigma = int_0^inf dz rho(sqrt(x^2 + z^2)); kappa = 2 kappa_s Sigma. */
typedef struct {
    double x, b;
} proj_par;
static double rho_z(double z, const void *v)
{
    const proj_par *p = v;
    const double r = sqrt(p->x * p->x + z * z);
    return 1.0 / ((r + p->b) * (1.0 + r) * (1.0 + r));
}
static double sigma_num(double x, double b)
{
    const proj_par p = {x, b};
    return gl_log(rho_z, &p, 1e-12, 1e12, 120);
}

/* The cored-NFW kappa equals the numerical projection of its 3-D density, for cores small,
 * moderate, near and at beta = 1 (where the closed form is 0/0 and is interpolated), and
 * beyond: proves the closed form and its beta = 1 treatment, including x = 1 and x -> 0. */
static void test_cnfw_kappa_vs_projection(void **state)
{
    (void)state;
    const double betas[] = {0.2, 0.7, 0.996, 1.0, 1.003, 3.0};
    const double xs[] = {0.0, 1e-3, 0.2, 0.999, 1.0, 1.5, 7.0, 40.0};
    for (int i = 0; i < 6; ++i)
        for (int j = 0; j < 8; ++j) {
            lg_component c = halo(LG_COMP_CNFW, betas[i], 1.0, 0.0);
            lg_lensq o;
            lg_cnfw_eval(&c, xs[j] * c.theta_s, 0.0, &o);
            const double ref = 2.0 * c.kappa_s * sigma_num(xs[j] > 0 ? xs[j] : 1e-13, betas[i]);
            assert_true(fabs(o.kappa / ref - 1.0) < 3e-9);
        }
}

/* The NFW kappa of lg_nfw_eval is the long-double closed form (Wright & Brainerd 2000),
 * including x = 1 exactly and the series band around it, and is clamped at LG_NFW_X_MIN. */
static void test_nfw_kappa_closed_form(void **state)
{
    (void)state;
    lg_component c = halo(LG_COMP_NFW, 0.0, 1.0, 0.0);
    for (int i = 0; i <= 400; ++i) {
        const double x = i == 400 ? 1.0 : pow(10.0, -3.5 + 5.5 * i / 399.0);
        lg_lensq o;
        lg_nfw_eval(&c, x * c.theta_s, 0.0, &o);
        const double ref = 2.0 * c.kappa_s * (double)nfw_h_ref((long double)x * x);
        assert_true(fabs(o.kappa / ref - 1.0) < 1e-13);
    }
    lg_lensq o0, om;
    lg_nfw_eval(&c, 0.0, 0.0, &o0);
    lg_nfw_eval(&c, 1e-6 * c.theta_s, 0.0, &om); /* inside the clamp */
    const double xm = (double)LG_NFW_X_MIN;
    assert_true(fabs(o0.kappa / (2.0 * c.kappa_s * (double)nfw_h_ref(xm * xm)) - 1.0) < 1e-12);
    assert_true(o0.kappa == om.kappa && o0.alpha_x == 0.0 && o0.psi == 0.0);
}

/* Circular profiles: |alpha(R)| = (2/R) int_0^R R' kappa dR' (mass inside R), computed here
 * by quadrature of the reference kappa (NFW closed form; cored NFW: numerical projection);
 * psi(R) = int_0^R alpha dR' (psi(0) = 0) by quadrature of alpha. */
static double ring_nfw(double t, const void *v)
{
    (void)v;
    return t * 2.0 * 0.3 * (double)nfw_h_ref((long double)t * t);
}
static double ring_cnfw(double t, const void *v)
{
    return t * 2.0 * 0.3 * sigma_num(t, *(const double *)v);
}
static double alpha_r(double t, const void *v)
{
    const lg_component *c = v;
    lg_lensq o = ev(c, c->cx + t, c->cy);
    return o.alpha_x;
}
static void test_circular_alpha_psi_vs_integrals(void **state)
{
    (void)state;
    const double beta = 0.2, xs[] = {0.05, 0.8, 1.0, 3.0, 20.0};
    for (int k = 0; k < 2; ++k) {
        lg_component c = halo(k ? LG_COMP_CNFW : LG_COMP_NFW, beta, 1.0, 0.0);
        for (int i = 0; i < 5; ++i) {
            const double R = xs[i] * c.theta_s, x = xs[i];
            const lg_lensq o = ev(&c, c.cx + R, c.cy);
            /* in units of theta_s: alpha/theta_s = (2/x) int_0^x x' kappa dx' */
            const double m =
                k ? gl_log(ring_cnfw, &beta, 1e-9, x, 12) : gl_log(ring_nfw, NULL, 1e-9, x, 24);
            assert_true(fabs(o.alpha_x / (c.theta_s * 2.0 * m / x) - 1.0) < 1e-9);
            assert_true(fabs(o.alpha_y) < 1e-15 && fabs(o.gamma2) < 1e-15);
            const double psi = gl_log(alpha_r, &c, 1e-9 * c.theta_s, R, 24);
            assert_true(fabs(o.psi / psi - 1.0) < 1e-9);
        }
    }
}

/* Finite-difference derivatives (central) at (x, y): d alpha_x/dx,
 * d alpha_x/dy, d alpha_y/dx, d alpha_y/dy, psi_x, psi_y with step h; psi_xx, psi_yy, psi_xy with
 * step 2.5 h (near beta = 1 the interpolated closed forms carry ~1e-11 relative rounding
 * noise, which second differences amplify by 1/h^2). */
enum { AXX, AXY, AYX, AYY, PX, PY, PXX, PYY, PXY, NFD };
static void fd_once(const lg_component *c, double x, double y, double h, double d[NFD])
{
    const lg_lensq xp = ev(c, x + h, y), xm = ev(c, x - h, y);
    const lg_lensq yp = ev(c, x, y + h), ym = ev(c, x, y - h);
    d[AXX] = (xp.alpha_x - xm.alpha_x) / (2 * h);
    d[AXY] = (yp.alpha_x - ym.alpha_x) / (2 * h);
    d[AYX] = (xp.alpha_y - xm.alpha_y) / (2 * h);
    d[AYY] = (yp.alpha_y - ym.alpha_y) / (2 * h);
    d[PX] = (xp.psi - xm.psi) / (2 * h);
    d[PY] = (yp.psi - ym.psi) / (2 * h);
    const double g = 2.5 * h;
    const double m = ev(c, x, y).psi, gxp = ev(c, x + g, y).psi, gxm = ev(c, x - g, y).psi;
    const double gyp = ev(c, x, y + g).psi, gym = ev(c, x, y - g).psi;
    const double pp = ev(c, x + g, y + g).psi, pm = ev(c, x + g, y - g).psi;
    const double mp = ev(c, x - g, y + g).psi, mm = ev(c, x - g, y - g).psi;
    d[PXX] = (gxp - 2 * m + gxm) / (g * g);
    d[PYY] = (gyp - 2 * m + gym) / (g * g);
    d[PXY] = (pp - pm - mp + mm) / (4 * g * g);
}
static void fd(const lg_component *c, double x, double y, double h, double d[NFD])
{
    double a[NFD], b[NFD], e[NFD]; /* steps h, h/2, h/4; Richardson twice: error O(h^6) */
    fd_once(c, x, y, h, a);
    fd_once(c, x, y, 0.5 * h, b);
    fd_once(c, x, y, 0.25 * h, e);
    for (int i = 0; i < NFD; ++i) {
        const double r1 = (4.0 * b[i] - a[i]) / 3.0, r2 = (4.0 * e[i] - b[i]) / 3.0;
        d[i] = (16.0 * r2 - r1) / 15.0;
    }
}

/* For NFW (q = 1, 0.6) and cored NFW (beta = 0.2, q = 1, 0.7; beta = 1, q = 0.8), rotated and
 * off-centre, at radii 0.05 to 8 theta_s: div alpha = 2 kappa, curl alpha = 0, alpha = grad
 * psi, laplacian psi = 2 kappa, (gamma1, gamma2) = ((psi_xx - psi_yy)/2, psi_xy) and the same
 * from the Jacobian of alpha, and lg_magnification = 1/det(I - d alpha/d theta). Any error in
 * a closed form, the elliptical quadrature, the frame rotation or the shear convention fails. */
static void test_fd_identities(void **state)
{
    (void)state;
    const lg_component cs[5] = {halo(LG_COMP_NFW, 0.0, 1.0, 0.0), halo(LG_COMP_NFW, 0.0, 0.6, 0.4),
                                halo(LG_COMP_CNFW, 0.2, 1.0, 0.0),
                                halo(LG_COMP_CNFW, 0.2, 0.7, -0.9),
                                halo(LG_COMP_CNFW, 1.0, 0.8, 1.3)};
    const double rs[] = {0.05, 0.4, 1.0, 2.5, 8.0};
    double worst = 0.0;
    for (int k = 0; k < 5; ++k)
        for (int i = 0; i < 5; ++i)
            for (int a = 0; a < 3; ++a) {
                const lg_component *c = &cs[k];
                const double r = rs[i] * c->theta_s, th = 0.3 + 2.1 * a;
                const double x = c->cx + r * cos(th), y = c->cy + r * sin(th);
                const lg_lensq o = ev(c, x, y);
                double d[NFD];
                fd(c, x, y, 0.02 * r, d);
                const double s = fabs(o.kappa) + hypot(o.gamma1, o.gamma2);
                const double sa = hypot(o.alpha_x, o.alpha_y);
                const double e[] = {(d[AXX] + d[AYY] - 2 * o.kappa) / s,
                                    (d[AXY] - d[AYX]) / s,
                                    (d[PXX] + d[PYY] - 2 * o.kappa) / s,
                                    (0.5 * (d[PXX] - d[PYY]) - o.gamma1) / s,
                                    (d[PXY] - o.gamma2) / s,
                                    (0.5 * (d[AXX] - d[AYY]) - o.gamma1) / s,
                                    (0.5 * (d[AXY] + d[AYX]) - o.gamma2) / s,
                                    (d[PX] - o.alpha_x) / sa,
                                    (d[PY] - o.alpha_y) / sa};
                for (int j = 0; j < 9; ++j) {
                    worst = fmax(worst, fabs(e[j]));
                    if (getenv("FD_DEBUG") && fabs(e[j]) > 2e-7)
                        printf("k=%d r=%g a=%d id=%d e=%.2e\n", k, rs[i], a, j, e[j]);
                }
                const double det = (1 - d[AXX]) * (1 - d[AYY]) - d[AXY] * d[AYX];
                assert_true(fabs(lg_magnification(&o) * det - 1.0) < 1e-6);
            }
    printf("finite-difference identities: worst relative deviation %.2e\n", worst);
    assert_true(worst < 2e-6); /* measured 6e-7 (beta = 1), 2.2e-7 for the others */
}

/* Limits: the elliptical machinery at q = 0.999999 gives the circular closed forms (alpha,
 * gamma, psi to 1e-5; psi includes its zero point psi(0) = 0), for NFW and cored NFW; a cored
 * NFW with beta = 1e-6 is the NFW (circular and elliptical) at R >= 0.5 theta_s: the core
 * changes kappa by O(beta theta_s/R), ~1e-5 at R = 0.1 theta_s, so nearer it need not agree. */
static void test_limits(void **state)
{
    (void)state;
    const double rs[] = {0.1, 0.7, 1.0, 3.0, 15.0};
    for (int k = 0; k < 3; ++k)
        for (int i = k == 2; i < 5; ++i) {
            lg_component a = halo(k == 1 ? LG_COMP_CNFW : LG_COMP_NFW, 0.3, 1.0, 0.5);
            lg_component b = a;
            if (k < 2)
                b.q = 0.999999;
            else { /* beta -> 0, elliptical */
                a.q = b.q = 0.7;
                b.type = LG_COMP_CNFW;
                b.beta = 1e-6;
            }
            const double r = rs[i] * a.theta_s, x = a.cx + 0.6 * r, y = a.cy - 0.8 * r;
            const lg_lensq p = ev(&a, x, y), q = ev(&b, x, y);
            const double s = fabs(p.kappa) + hypot(p.gamma1, p.gamma2);
            assert_true(fabs(q.kappa - p.kappa) < 1e-5 * s);
            assert_true(hypot(q.alpha_x - p.alpha_x, q.alpha_y - p.alpha_y) <
                        1e-5 * hypot(p.alpha_x, p.alpha_y));
            assert_true(hypot(q.gamma1 - p.gamma1, q.gamma2 - p.gamma2) < 1e-5 * s);
            assert_true(fabs(q.psi - p.psi) < 1e-5 * fabs(p.psi));
        }
    /* circular beta -> 0 */
    lg_component n = halo(LG_COMP_NFW, 0.0, 1.0, 0.0), cn = halo(LG_COMP_CNFW, 1e-6, 1.0, 0.0);
    for (int i = 1; i < 5; ++i) {
        const double x = n.cx + rs[i] * n.theta_s;
        const lg_lensq p = ev(&n, x, n.cy), q = ev(&cn, x, n.cy);
        assert_true(fabs(q.kappa / p.kappa - 1) < 1e-5 && fabs(q.alpha_x / p.alpha_x - 1) < 1e-5);
        assert_true(fabs(q.gamma1 / p.gamma1 - 1) < 1e-5 && fabs(q.psi / p.psi - 1) < 1e-5);
    }
}

/* At the exact centre: the cored kappa is (beta - 1 - ln beta)/(1 - beta)^2 x 2 kappa_s, no
 * deflection, psi = 0; for q < 1 the shear is (q - 1) kappa/(1 + q) (Keeton 2001 with a constant
 * kappa), the limit of the shear at small radius (continuity of the r = 0 branch). */
static void test_centre(void **state)
{
    (void)state;
    lg_component c = halo(LG_COMP_CNFW, 0.2, 0.6, 0.0);
    const lg_lensq o = ev(&c, c.cx, c.cy), n = ev(&c, c.cx + 1e-7, c.cy + 1e-7);
    const double b = c.beta, k0 = 2 * c.kappa_s * (b - 1 - log(b)) / ((1 - b) * (1 - b));
    assert_true(fabs(o.kappa / k0 - 1) < 1e-12);
    assert_true(o.alpha_x == 0.0 && o.alpha_y == 0.0 && o.psi == 0.0);
    assert_true(fabs(o.gamma1 - (c.q - 1) * k0 / (1 + c.q)) < 1e-12);
    assert_true(fabs(n.gamma1 - o.gamma1) < 1e-5 * k0 && fabs(n.kappa - o.kappa) < 1e-5 * k0);
}

/* lg_cnfw_mass3d: the closed form of int_0^c x^2/((x+b)(1+x)^2) dx equals its numerical
 * integral (including beta = 1 and either side), and tends to the NFW m0 = ln(1+c) - c/(1+c)
 * as beta -> 0 with the slope of the partial fractions, m = m0 - beta c/(1+c) + O(beta^2 ln). */
typedef struct {
    double b;
} m3_par;
static double m3_integrand(double x, const void *v)
{
    const double b = ((const m3_par *)v)->b;
    return x * x / ((x + b) * (1 + x) * (1 + x));
}
static void test_cnfw_mass3d(void **state)
{
    (void)state;
    const double cs[] = {1.0, 5.0, 20.0}, bs[] = {0.05, 0.2, 0.997, 1.0, 1.002, 4.0};
    for (int i = 0; i < 3; ++i) {
        const double c = cs[i];
        const double m0 = log1p(c) - c / (1 + c);
        assert_true(fabs(lg_cnfw_mass3d(c, 1e-8) / m0 - 1) < 1e-7);
        assert_true(fabs((lg_cnfw_mass3d(c, 1e-6) - m0) / 1e-6 + c / (1 + c)) < 1e-4);
        for (int j = 0; j < 6; ++j) {
            const m3_par p = {bs[j]};
            const double num = gl_log(m3_integrand, &p, 1e-10, c, 40);
            assert_true(fabs(lg_cnfw_mass3d(c, bs[j]) / num - 1) < 1e-9);
        }
    }
}

/* The float32 map kernels equal the double evaluation within their stated bounds: NFW within
 * NFW_REL_BOUND, cored NFW within LG_CNFW_F32_REL_ERR for beta from 1e-5 to 8 (both forms
 * and their boundaries beta = 0.5, 2; beta = 1), circular and elliptical. */
static void test_float_kernels(void **state)
{
    (void)state;
    const float betas[] = {1e-5f, 0.1f, 0.4999f, 0.5f, 0.7f, 1.0f, 1.3f, 2.0f, 2.0001f, 8.0f};
    double worst = 0.0;
    for (int k = -1; k < 10; ++k) {
        lg_component c = halo(k < 0 ? LG_COMP_NFW : LG_COMP_CNFW, k < 0 ? 0 : betas[k], 1, 0);
        c.theta_s = 1.0;
        lg_kappa_par p = {.kappa_s = (float)c.kappa_s, .inv_theta_s = 1.0f, .q = 1.0f};
        p.beta = (float)c.beta;
        p.cos_phi = 1.0f;
        for (int i = 0; i <= 3000; ++i) {
            const float xf = (float)pow(10.0, -3.0 + 5.0 * i / 3000);
            const float x2 = xf * xf;
            lg_lensq o;
            (k < 0 ? lg_nfw_eval : lg_cnfw_eval)(&c, sqrt((double)x2), 0.0, &o);
            const double v = k < 0 ? lg_kappa_nfw(&p, xf, 0.0f) : lg_kappa_cnfw(&p, xf, 0.0f);
            const double err = fabs(v / o.kappa - 1.0);
            assert_true(err < (k < 0 ? NFW_REL_BOUND : LG_CNFW_F32_REL_ERR));
            worst = k < 0 ? worst : fmax(worst, err);
        }
    }
    printf("cored NFW float32 kernel: worst relative error %.2e\n", worst);
    /* elliptical: the product-average radius, rotated and off-centre */
    lg_component c = halo(LG_COMP_CNFW, 0.8, 0.6, 0.7);
    lg_kappa_par p = {.cx = (float)c.cx, .cy = (float)c.cy, .kappa_s = (float)c.kappa_s};
    p.inv_theta_s = (float)(1.0 / c.theta_s);
    p.beta = (float)c.beta;
    p.q = (float)c.q;
    p.cos_phi = (float)cos(c.phi);
    p.sin_phi = (float)sin(c.phi);
    for (int i = 0; i < 200; ++i) {
        const float x = -5.0f + 0.05f * i, y = 0.37f * x - 1.0f;
        const lg_lensq o = ev(&c, x, y);
        const double v = lg_kappa_cnfw_ell(&p, x - p.cx, y - p.cy);
        assert_true(fabs(v / o.kappa - 1.0) < 2.0 * LG_CNFW_F32_REL_ERR);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cnfw_kappa_vs_projection),
        cmocka_unit_test(test_nfw_kappa_closed_form),
        cmocka_unit_test(test_circular_alpha_psi_vs_integrals),
        cmocka_unit_test(test_fd_identities),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_centre),
        cmocka_unit_test(test_cnfw_mass3d),
        cmocka_unit_test(test_float_kernels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
