/* test_wave_optics.c: the wave-optics amplification factor (wave_optics.c, docs/physics.md §15)
 * against analytic properties: the point mass's |F|^2 on the axis (pi w / (1 - e^{-pi w})), the
 * low-frequency expansions of both lenses, the approach to geometric optics at large w (within
 * a bound ~ 1/w), Kummer's transformation M(a,1,z) = e^z M(1-a,1,-z), the power series at small
 * |z|, agreement of the independent methods where their ranges overlap, the Faddeeva function
 * against GSL's erfc and Dawson integral, w from physical inputs by two routes, the range
 * checks; and a few values computed once offline in multiple precision (mpmath, see below).
 * Prints the measured accuracies and the cost per evaluation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <cmocka.h>
#include <complex.h>
#include <gsl/gsl_sf_dawson.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>

#include "constants.h"
#include "wave_optics.h"

#define EULER_GAMMA 0.57721566490153286061

static double rel(double complex a, double complex b)
{
    return cabs(a - b) / cabs(b);
}

static double now_s(void)
{
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double complex pm(double w, double y)
{
    double complex f = 0.0;
    assert_int_equal(lg_wave_point_mass_c(w, y, &f), LG_WAVE_OK);
    return f;
}

static double complex sis(double w, double y)
{
    double complex f = 0.0;
    assert_int_equal(lg_wave_sis_c(w, y, &f), LG_WAVE_OK);
    return f;
}

/* ---- reference values (computed offline) --------------------------------------------------
 * By validation/wave_optics/reference_values.py with mpmath 1.4, every value at two working
 * precisions (40 and 60 digits, or more for the SIS: the digits its series loses plus 40 and
 * 60) that agree to 1e-20: M from mpmath.hyp1f1 (complex arguments); the point mass from its
 * closed form with mpmath.gamma and mpmath.hyp1f1; the SIS from its series summed in high
 * precision. Columns: w, y, Re, Im. */
static const double m_ref[][4] = {
    {0.5, 1.0, 0.93868179718117051, -0.0038155545390100914},
    {10.0, 0.5, -0.17891725792953092, -0.027478173647813207},
    {100.0, 1.0, -0.077925706117917659, -0.0055096861913217898},
    {300.0, 3.0, -0.028704113343102949, 0.020797065757835798},
    {1000.0, 1.0, -0.010618017783584763, 0.022421401092977175},
    {1000.0, 0.3, -0.0092876487465087601, -0.01266248128398044},
    {1000.0, 10.0, -0.0047956197093727664, 0.017279949082135201},
    {20.0, 10.0, 0.049851537231125051, 0.11616089195398356},
    {2.0, 0.01, 0.99990000250002775, -2.4999166666666946e-09},
};
/* M(1 + n/2, 1, -i w y^2 / 2): n, w, y, Re, Im */
static const double m_real_a_ref[][5] = {
    {1, 10.0, 1.0, 2.1747628984038241, 1.3226294409911648},
    {7, 3.0, 2.0, -77.459779777708448, 39.322400775675419},
    {40, 100.0, 0.5, -196364146.59966645, 190103556.81281331},
};
static const double pm_ref[][4] = {
    {0.001, 0.1, 1.0007778315019622, -0.0039173664706004},
    {0.5, 1.0, 1.3188713752111036, -0.088876565270472427},
    {5.0, 0.3, 1.6914784721253771, 1.1337523535417897},
    {50.0, 3.0, 1.0348208405674688, -0.086810784601012839},
    {200.0, 0.3, 2.4582152666724246, -0.53269258338344405},
    {1000.0, 1.0, 1.3555620939251483, -0.30980772489998903},
    {1000.0, 10.0, 1.0051113131658971, 0.0083969162887186401},
    {3.0, 0.0, 2.290090167202973, -2.0447556390109973},
};
static const double sis_ref[][4] = {
    {0.001, 0.1, 1.0280277699787248, -0.028422223434645743},
    {0.5, 0.5, 1.746396555294804, -0.46578584644023535},
    {3.0, 1.5, 1.2180828894644586, 0.089256902662125395},
    {10.0, 0.3, 1.4327864404404642, -1.4030795409785639},
    {30.0, 1.0, 1.3096868921542031, 0.13525776850377536},
    {100.0, 0.3, 1.6242596848598798, 1.4530844745557787},
    {300.0, 3.0, 1.154845492836531, -1.6212690650116778e-05},
    {1000.0, 0.5, 2.557910379486672, -0.56154476097659944},
    {0.2, 10.0, 1.0525536951560062, -0.0025361428076843794},
    {1000.0, 3.0, 1.1547034691655647, 4.7103877190877694e-05},
    {500.0, 7.0, 1.0690390055407253, 1.3856070133587026e-06},
    {1000.0, 10.0, 1.0488095617173281, -6.1377287298687143e-07},
};

#define NREF(a) (sizeof(a) / sizeof((a)[0]))

static void test_reference_values(void **state)
{
    (void)state;
    double worst_m = 0, worst_pm = 0, worst_sis = 0;
    for (size_t i = 0; i < NREF(m_ref); ++i) {
        double w = m_ref[i][0], y = m_ref[i][1];
        double complex m = 0.0, ref = m_ref[i][2] + I * m_ref[i][3];
        assert_int_equal(lg_wave_kummer_m1(I * w / 2, w * y * y / 2, LG_WAVE_M_AUTO, &m, NULL),
                         LG_WAVE_OK);
        worst_m = fmax(worst_m, rel(m, ref));
    }
    for (size_t i = 0; i < NREF(m_real_a_ref); ++i) {
        double n = m_real_a_ref[i][0], w = m_real_a_ref[i][1], y = m_real_a_ref[i][2];
        double complex m = 0.0, ref = m_real_a_ref[i][3] + I * m_real_a_ref[i][4];
        assert_int_equal(lg_wave_kummer_m1(1 + n / 2, -w * y * y / 2, LG_WAVE_M_AUTO, &m, NULL),
                         LG_WAVE_OK);
        worst_m = fmax(worst_m, rel(m, ref));
    }
    for (size_t i = 0; i < NREF(pm_ref); ++i)
        worst_pm =
            fmax(worst_pm, rel(pm(pm_ref[i][0], pm_ref[i][1]), pm_ref[i][2] + I * pm_ref[i][3]));
    for (size_t i = 0; i < NREF(sis_ref); ++i)
        worst_sis = fmax(worst_sis,
                         rel(sis(sis_ref[i][0], sis_ref[i][1]), sis_ref[i][2] + I * sis_ref[i][3]));
    printf("against mpmath: M %.2e, point mass F %.2e, SIS F %.2e (relative)\n", worst_m, worst_pm,
           worst_sis);
    assert_true(worst_m < 1e-10);
    assert_true(worst_pm < 1e-10);
    assert_true(worst_sis < 1e-10);
}

/* ---- point mass: analytic properties ----------------------------------------------------- */

/* On the axis (y = 0) 1F1 = 1 and |F|^2 = e^{pi w/2} |Gamma(1 - i w/2)|^2 = pi w / (1 - e^{-pi w})
 * (DLMF 5.4.3). Checked with |Gamma| from GSL's complex log-Gamma (not the closed form the code
 * uses) and with the amplitude lg_wave_point_mass returns, and at y = 1e-9 (the series path;
 * |F|^2 moves by ~(w y / 2)^2 < 3e-13 there). */
static void test_point_mass_axis(void **state)
{
    (void)state;
    double worst = 0;
    const double ws[] = {1e-3, 0.1, 1.0, 3.0, 10.0, 100.0, 1000.0};
    for (size_t i = 0; i < NREF(ws); ++i) {
        double w = ws[i], want = LG_PI * w / -expm1(-LG_PI * w);
        gsl_sf_result lnr, arg;
        gsl_sf_lngamma_complex_e(1.0, -0.5 * w, &lnr, &arg);
        double gsl_f2 = exp(0.5 * LG_PI * w + 2.0 * lnr.val);
        double fa = 0, fp = 0, fa7 = 0, fp7 = 0;
        assert_int_equal(lg_wave_point_mass(w, 0.0, &fa, &fp), LG_WAVE_OK);
        assert_int_equal(lg_wave_point_mass(w, 1e-9, &fa7, &fp7), LG_WAVE_OK);
        double e = fmax(fabs(gsl_f2 / want - 1), fabs(fa * fa / want - 1));
        e = fmax(e, fabs(fa7 * fa7 / want - 1));
        worst = fmax(worst, e);
    }
    printf("point mass |F(w, 0)|^2 = pi w / (1 - e^{-pi w}): worst %.2e\n", worst);
    assert_true(worst < 1e-12);
}

/* Small w: ln Gamma(1 - i nu) = i gamma_E nu + O(nu^2) and 1F1 = 1 + O(nu^2) give
 * |F| = 1 + pi w / 4 + O(w^2), arg F = (w/2)(ln(w/2) + gamma_E - 2 phi_m(y)) + O(w^2). */
static void test_point_mass_low_frequency(void **state)
{
    (void)state;
    const double ys[] = {0.01, 0.3, 1.0, 3.0, 10.0};
    for (size_t j = 0; j < NREF(ys); ++j) {
        double y = ys[j], xm = 0.5 * (y + sqrt(y * y + 4)),
               phim = 0.5 * (xm - y) * (xm - y) - log(xm);
        for (double w = 1e-5; w <= 1.01e-3; w *= 10) {
            double fa = 0, fp = 0;
            assert_int_equal(lg_wave_point_mass(w, y, &fa, &fp), LG_WAVE_OK);
            double da = fabs(fa - (1 + LG_PI * w / 4));
            double dp = fabs(fp - 0.5 * w * (log(0.5 * w) + EULER_GAMMA - 2 * phim));
            /* O(w^2) with a coefficient ~ y^4 / 8 from 1F1's second term */
            assert_true(da < (2.0 + pow(y, 4)) * w * w);
            assert_true(dp < (2.0 + pow(y, 4)) * w * w);
            if (w == 1e-3)
                assert_true(fabs(fa - 1.0) < 1e-3);
        }
    }
    printf(
        "point mass: |F| - 1 = pi w/4 + O(w^2), phase (w/2)(ln(w/2) + gamma - 2 phi_m) + O(w^2)\n");
}

/* The quasi-geometric correction (Takahashi 2004, A&A 423, 787): each image j gets the factor
 * 1 + (i/w) Delta_j, for an axially symmetric lens with alpha = (1 - psi'')/2,
 * beta = (1 - psi'/x)/2 at the image's distance x from the centre:
 *   Delta_j = [psi''''/(2 alpha^2) + 5 psi'''^2/(12 alpha^3) + psi'''/(alpha^2 x)
 *              + (alpha - beta)/(alpha beta x^2)] / 16,
 * and F - F_geo - (i/w) sum_j Delta_j (image term)_j = O(1/w^2), as measured below. */
static double qgo_delta(double x, double p1, double p2, double p3, double p4)
{
    double al = 0.5 * (1 - p2), be = 0.5 * (1 - p1 / x);
    return (p4 / (2 * al * al) + 5 * p3 * p3 / (12 * al * al * al) + p3 / (al * al * x) +
            (al - be) / (al * be * x * x)) /
           16;
}

/* point mass, psi = ln x: images at x_pm = (sqrt(y^2 + 4) pm y)/2 */
static double complex pm_first_order(double w, double y)
{
    double s = sqrt(y * y + 4), xp = 0.5 * (s + y), xm = 0.5 * (s - y);
    double mum = 2 / (y * s * (y * y + 2 + y * s)), dt = 0.5 * y * s + 2 * asinh(0.5 * y);
    double dp = qgo_delta(xp, 1 / xp, -1 / (xp * xp), 2 / pow(xp, 3), -6 / pow(xp, 4));
    double dm = qgo_delta(xm, 1 / xm, -1 / (xm * xm), 2 / pow(xm, 3), -6 / pow(xm, 4));
    return I / w * (dp * sqrt(1 + mum) - I * dm * sqrt(mum) * cexp(I * w * dt));
}

/* Large w: F -> F_geo with an error ~ 1/w, and F -> F_geo + the quasi-geometric correction with
 * an error ~ 1/w^2. Measured over w in [200, 1000] (step 50): max w |F - F_geo| = 1.02, 0.089,
 * 0.017 and max w^2 |F - F_geo - F_1| = 2.1, 0.12, 0.0047 for y = 0.3, 1, 3; the bounds are ~1.5
 * times those. */
static void test_point_mass_geometric_limit(void **state)
{
    (void)state;
    const double ys[] = {0.3, 1.0, 3.0}, bound1[] = {1.5, 0.15, 0.03},
                 bound2[] = {3.2, 0.18, 0.007};
    for (size_t j = 0; j < NREF(ys); ++j) {
        double worst1 = 0, worst2 = 0;
        for (double w = 200; w <= 1000.5; w += 50) {
            double complex g = 0.0, f = pm(w, ys[j]);
            assert_int_equal(lg_wave_point_mass_geo_c(w, ys[j], &g), LG_WAVE_OK);
            worst1 = fmax(worst1, w * cabs(f - g));
            worst2 = fmax(worst2, w * w * cabs(f - g - pm_first_order(w, ys[j])));
        }
        printf("point mass y = %g, w in [200, 1000]: max w |F - F_geo| = %.3f (bound %g), max w^2 "
               "|F - F_geo - F_1| = %.4f (bound %g)\n",
               ys[j], worst1, bound1[j], worst2, bound2[j]);
        assert_true(worst1 < bound1[j]);
        assert_true(worst2 < bound2[j]);
    }
    /* the geometric-optics amplitudes: |F_geo| oscillates between sqrt|mu+| -+ sqrt|mu-| with
     * |mu+| - |mu-| = 1 and |mu+| + |mu-| = (y^2 + 2) / (y sqrt(y^2 + 4)) */
    double y = 0.7, s = sqrt(y * y + 4), tot = (y * y + 2) / (y * s);
    double mp_ = 0.5 * (tot + 1), mm = 0.5 * (tot - 1), lo = 1e9, hi = 0;
    for (double w = 0; w < 50; w += 0.01) {
        double a = 0, p = 0;
        assert_int_equal(lg_wave_point_mass_geo(w, y, &a, &p), LG_WAVE_OK);
        lo = fmin(lo, a), hi = fmax(hi, a);
    }
    assert_true(fabs(hi - (sqrt(mp_) + sqrt(mm))) < 1e-4 &&
                fabs(lo - (sqrt(mp_) - sqrt(mm))) < 1e-4);
}

/* ---- SIS ------------------------------------------------------------------------------------ */

/* Small w: the series' first two terms, F = 1 + sqrt(pi w / 2) e^{-i pi / 4} + O(w). */
static void test_sis_low_frequency(void **state)
{
    (void)state;
    const double ys[] = {0.01, 0.5, 1.0, 3.0, 10.0};
    for (size_t j = 0; j < NREF(ys); ++j)
        for (double w = 1e-6; w <= 1.01e-3; w *= 10) {
            double complex f = sis(w, ys[j]);
            double complex lead = 1 + sqrt(LG_PI * w / 2) * cexp(-I * LG_PI / 4);
            /* O(w): the n = 2 term (w) and the phase e^{i w (y+1)^2 / 2} */
            assert_true(cabs(f - lead) < (2 + (ys[j] + 1) * (ys[j] + 1)) * w);
            /* |F| = 1 + sqrt(pi w)/2 + O(w) */
            assert_true(fabs(cabs(f) - 1 - sqrt(LG_PI * w) / 2) <
                        (2 + (ys[j] + 1) * (ys[j] + 1)) * w);
        }
    printf("SIS: F = 1 + sqrt(pi w/2) e^{-i pi/4} + O(w) at w <= 1e-3\n");
}

/* SIS, psi = x: images at x = 1 + y (minimum) and, for y < 1, 1 - y (saddle); the lens centre's
 * cusp adds (i/w) e^{i w (y+1)^2/2} (1 - y^2)^{-3/2} (the radial integral x e^{-i w x (1 + y cos
 * theta)} near x = 0, then the angle), continued to y > 1 as (1/w) e^{i w (y+1)^2/2}
 * (y^2 - 1)^{-3/2}. */
static double complex sis_first_order(double w, double y)
{
    double xp = 1 + y, dp = qgo_delta(xp, 1, 0, 0, 0);
    double complex f1 = I / w * dp * sqrt(1 + 1 / y);
    double complex e = cexp(I * w * 0.5 * (y + 1) * (y + 1));
    if (y < 1) {
        double xm = 1 - y, dm = qgo_delta(xm, 1, 0, 0, 0);
        f1 += I / w * (-I) * dm * sqrt(1 / y - 1) * cexp(2 * I * w * y);
        f1 += I / w * e / pow(1 - y * y, 1.5);
    } else {
        f1 += e / (w * pow(y * y - 1, 1.5));
    }
    return f1;
}

/* Large w: F -> F_geo (two images for y < 1, one for y >= 1) with an error ~ 1/w away from y = 1
 * (at y = 1 the second image sits on the cusp and the approach is slower), and -> F_geo + the
 * quasi-geometric and cusp terms with an error ~ 1/w^2. Measured over w in [200, 1000] (step
 * 50): max w |F - F_geo| = 2.83, 1.89, 0.20, 0.047 and max w^2 |F - F_geo - F_1| = 6.6, 12.2, 0.45,
 * 0.030 for y = 0.3, 0.5, 2, 3; bounds ~1.5 times those. */
static void test_sis_geometric_limit(void **state)
{
    (void)state;
    const double ys[] = {0.3, 0.5, 2.0, 3.0}, bound1[] = {4.2, 2.8, 0.3, 0.07},
                 bound2[] = {10, 18, 0.7, 0.045};
    for (size_t j = 0; j < NREF(ys); ++j) {
        double worst1 = 0, worst2 = 0, y = ys[j];
        for (double w = 200; w <= 1000.5; w += 50) {
            double complex g = 0.0, f = sis(w, y);
            assert_int_equal(lg_wave_sis_geo_c(w, y, &g), LG_WAVE_OK);
            worst1 = fmax(worst1, w * cabs(f - g));
            worst2 = fmax(worst2, w * w * cabs(f - g - sis_first_order(w, y)));
        }
        printf("SIS y = %g, w in [200, 1000]: max w |F - F_geo| = %.3f (bound %g), max w^2 |F - "
               "F_geo - F_1| = %.3f (bound %g)\n",
               y, worst1, bound1[j], worst2, bound2[j]);
        assert_true(worst1 < bound1[j]);
        assert_true(worst2 < bound2[j]);
    }
    /* y >= 1: a single image, |F_geo| = sqrt(1 + 1/y) for every w */
    double a = 0, p = 0;
    assert_int_equal(lg_wave_sis_geo(123.0, 2.0, &a, &p), LG_WAVE_OK);
    assert_true(fabs(a - sqrt(1.5)) < 1e-15 && p == 0.0);
}

/* The two SIS methods where both apply (the series is accepted up to w ~ 10-30 / (1 + y)). */
static void test_sis_series_vs_quadrature(void **state)
{
    (void)state;
    double worst = 0;
    int n = 0;
    for (double w = 1e-3; w <= 31; w *= 1.9)
        for (double y = 0.01; y <= 10.1; y *= 1.7) {
            double complex fs = 0.0, fq = 0.0;
            if (lg_wave_sis_by(w, y, LG_WAVE_SIS_SERIES, &fs) != LG_WAVE_OK)
                continue;
            assert_int_equal(lg_wave_sis_by(w, y, LG_WAVE_SIS_QUADRATURE, &fq), LG_WAVE_OK);
            worst = fmax(worst, rel(fs, fq));
            ++n;
        }
    printf("SIS series vs quadrature at %d points: worst %.2e\n", n, worst);
    assert_true(n > 100);
    assert_true(worst < 1e-11);
}

/* ---- Kummer's function --------------------------------------------------------------------- */

/* Kummer's transformation M(a, 1, z) = e^z M(1 - a, 1, -z): a = i nu and 1 - i nu take
 * different paths (the second is evaluated through conjugation, at 1 + i nu). */
static void test_kummer_transformation(void **state)
{
    (void)state;
    double worst = 0;
    for (double w = 1e-3; w <= 1000.5; w *= 3.1)
        for (double y = 0.01; y <= 10.1; y *= 2.2) {
            double nu = 0.5 * w, t = nu * y * y;
            double complex m1 = 0.0, m2 = 0.0;
            assert_int_equal(lg_wave_kummer_m1(I * nu, t, LG_WAVE_M_AUTO, &m1, NULL), LG_WAVE_OK);
            assert_int_equal(lg_wave_kummer_m1(1 - I * nu, -t, LG_WAVE_M_AUTO, &m2, NULL),
                             LG_WAVE_OK);
            worst = fmax(worst, rel(cexp(I * t) * m2, m1));
        }
    printf("Kummer's transformation M(a,1,z) = e^z M(1-a,1,-z): worst %.2e\n", worst);
    assert_true(worst < 1e-10);
}

/* Against the power series summed here in long double (independent code) at small |z|, for
 * complex a of all sizes the lenses use. */
static void test_kummer_small_z_series(void **state)
{
    (void)state;
    double worst = 0;
    const double complex as[] = {0.5 * I,        5.0 * I, 50.0 * I,     500.0 * I,
                                 1.0 - 30.0 * I, 2.5,     0.3 + 0.2 * I};
    const double ts[] = {1e-4, 1e-3, 1e-2, 0.05, -0.03};
    for (size_t i = 0; i < NREF(as); ++i)
        for (size_t j = 0; j < NREF(ts); ++j) {
            long double complex a = as[i], z = I * (long double)ts[j], term = 1, sum = 1;
            for (int n = 0; n < 200; ++n) {
                term *= (a + n) * z / ((n + 1.0L) * (n + 1.0L));
                sum += term;
            }
            double complex m = 0.0;
            assert_int_equal(lg_wave_kummer_m1(as[i], ts[j], LG_WAVE_M_AUTO, &m, NULL), LG_WAVE_OK);
            worst = fmax(worst, rel(m, (double complex)sum));
        }
    printf("M at small |z| against the power series in long double: worst %.2e\n", worst);
    assert_true(worst < 1e-13);
}

/* The three methods where their ranges overlap: series against ODE at moderate |z|, the large-|z|
 * expansion against the ODE where both are accepted. */
static void test_kummer_methods_agree(void **state)
{
    (void)state;
    double worst_so = 0, worst_ao = 0;
    int n_so = 0, n_ao = 0;
    for (double nu = 0.01; nu <= 500; nu *= 2.5)
        for (double t = 0.01; t <= 3000; t *= 2.9) {
            double complex ms = 0.0, ma = 0.0, mo = 0.0;
            double es = 0, ea = 0;
            if (lg_wave_kummer_m1(I * nu, t, LG_WAVE_M_ODE, &mo, NULL) != LG_WAVE_OK)
                fail_msg("ODE failed at nu %g t %g", nu, t);
            if (lg_wave_kummer_m1(I * nu, t, LG_WAVE_M_SERIES, &ms, &es) == LG_WAVE_OK) {
                worst_so = fmax(worst_so, rel(ms, mo));
                ++n_so;
            }
            if (lg_wave_kummer_m1(I * nu, t, LG_WAVE_M_ASYMPTOTIC, &ma, &ea) == LG_WAVE_OK) {
                worst_ao = fmax(worst_ao, rel(ma, mo));
                ++n_ao;
            }
        }
    printf("M: series vs ODE at %d points %.2e, asymptotic vs ODE at %d points %.2e\n", n_so,
           worst_so, n_ao, worst_ao);
    assert_true(n_so > 20 && n_ao > 20);
    assert_true(worst_so < 1e-10 && worst_ao < 1e-10);
}

/* ---- Faddeeva function ------------------------------------------------------------------- */

/* On the real axis w(x) = e^{-x^2} + (2i/sqrt(pi)) D(x) (Dawson's integral), on the imaginary axis
 * w(i y) = e^{y^2} erfc(y), and w(-conj z) = conj w(z); w(z) = 2 e^{-z^2} - w(-z). */
static void test_faddeeva(void **state)
{
    (void)state;
    double worst = 0;
    for (double x = -30; x <= 30; x += 0.37) {
        double complex want = exp(-x * x) + I * 2 / sqrt(LG_PI) * gsl_sf_dawson(x);
        worst = fmax(worst, rel(lg_wave_faddeeva(x), want));
    }
    for (double y = 0; y <= 25; y += 0.31) {
        double want = exp(y * y + gsl_sf_log_erfc(y));
        worst = fmax(worst, rel(lg_wave_faddeeva(I * y), want));
    }
    for (double r = 0.01; r < 300; r *= 1.7)
        for (double ph = 0.05; ph < LG_PI; ph += 0.4) {
            double complex z = r * cexp(I * ph);
            worst = fmax(worst, rel(lg_wave_faddeeva(-conj(z)), conj(lg_wave_faddeeva(z))));
        }
    double complex z = 1.3 - 0.4 * I;
    worst = fmax(worst, rel(lg_wave_faddeeva(z), 2 * cexp(-z * z) - lg_wave_faddeeva(-z)));
    printf("Faddeeva function against erfc, Dawson and its symmetries: worst %.2e\n", worst);
    assert_true(worst < 1e-13);
}

/* ---- physical inputs -------------------------------------------------------------------- */

static void test_physical_w(void **state)
{
    (void)state;
    /* w = 8 pi (G Msun / c^3) M (1 + z) f with G Msun = 1.3271244e20 m^3/s^2 (IAU 2015 nominal) */
    const double tsun = 1.3271244e20 / (LG_C_M_S * LG_C_M_S * LG_C_M_S);
    double w = lg_wave_w_mass(100.0, 0.5, 100.0);
    printf("w(M = 100 Msun, z_l = 0.5, f = 100 Hz) = %.6f\n", w);
    assert_true(fabs(w / (8 * LG_PI * tsun * 100 * 1.5 * 100) - 1) < 1e-12);
    /* the point mass by its Einstein radius and time-delay distance */
    double dl = 1200, ds = 2100, dls = 1100, zl = 0.4, mass = 3e4, f = 30;
    double te =
        sqrt(4 * LG_G_SI * mass * LG_MSUN_KG / (LG_C_M_S * LG_C_M_S) * dls / (dl * ds * LG_MPC_M)) /
        LG_ARCSEC_RAD;
    double ddt = (1 + zl) * dl * ds / dls;
    assert_true(fabs(lg_wave_w_theta_e(te, ddt, f) / lg_wave_w_mass(mass, zl, f) - 1) < 1e-12);
    /* the SIS: mass inside theta_E = 4 pi (sigma/c)^2 D_ls / D_s, the same w both ways */
    double sv = 220, te_sis = 4 * LG_PI * pow(sv / LG_C_KM_S, 2) * dls / ds / LG_ARCSEC_RAD;
    double me = lg_wave_sis_einstein_mass(sv, dl, ds, dls);
    printf("SIS sigma_v = 220 km/s: theta_E = %.4f arcsec, M(theta_E) = %.4e Msun\n", te_sis, me);
    assert_true(fabs(lg_wave_w_theta_e(te_sis, ddt, f) / lg_wave_w_mass(me, zl, f) - 1) < 1e-12);
    /* and M(theta_E) = pi Sigma_crit (D_l theta_E)^2, Sigma_crit = c^2 D_s / (4 pi G D_l D_ls) */
    double sc = LG_C_M_S * LG_C_M_S * ds / (4 * LG_PI * LG_G_SI * dl * dls * LG_MPC_M);
    double m2 = LG_PI * sc * pow(dl * LG_MPC_M * te_sis * LG_ARCSEC_RAD, 2) / LG_MSUN_KG;
    assert_true(fabs(me / m2 - 1) < 1e-12);
    assert_true(isnan(lg_wave_w_mass(-1, 0, 1)) && isnan(lg_wave_w_theta_e(1, NAN, 1)) &&
                isnan(lg_wave_sis_einstein_mass(200, 1, 0, 1)));
}

/* ---- range and errors ----------------------------------------------------------------- */

static void test_range(void **state)
{
    (void)state;
    double a = 0, p = 0;
    const double bad[][2] = {{-1e-3, 1}, {1000.001, 1}, {1, -0.1},
                             {1, 10.01}, {NAN, 1},      {1, INFINITY}};
    for (size_t i = 0; i < NREF(bad); ++i) {
        assert_int_equal(lg_wave_point_mass(bad[i][0], bad[i][1], &a, &p), LG_WAVE_ERANGE);
        assert_true(isnan(a) && isnan(p));
        assert_int_equal(lg_wave_sis(bad[i][0], bad[i][1], &a, &p), LG_WAVE_ERANGE);
        assert_true(isnan(a) && isnan(p));
    }
    assert_int_equal(lg_wave_point_mass_geo(1, 0, &a, &p), LG_WAVE_ERANGE);
    assert_int_equal(lg_wave_sis_geo(1, -1, &a, &p), LG_WAVE_ERANGE);
    assert_true(isnan(a) && isnan(p));
    /* w = 0: no lens effect */
    assert_int_equal(lg_wave_point_mass(0, 0.5, &a, &p), LG_WAVE_OK);
    assert_true(a == 1.0 && p == 0.0);
    assert_int_equal(lg_wave_sis(0, 0.5, &a, &p), LG_WAVE_OK);
    assert_true(a == 1.0 && p == 0.0);
    /* the corners of the range */
    const double ws[] = {1e-3, 1000}, ys[] = {0, 0.01, 10};
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 3; ++j) {
            assert_int_equal(lg_wave_point_mass(ws[i], ys[j], &a, &p), LG_WAVE_OK);
            assert_true(isfinite(a) && isfinite(p) && a > 0);
            assert_int_equal(lg_wave_sis(ws[i], ys[j], &a, &p), LG_WAVE_OK);
            assert_true(isfinite(a) && isfinite(p) && a > 0);
        }
}

/* ---- cost -------------------------------------------------------------------------------- */

/* Microseconds per evaluation on a grid of w (log, 1e-3 .. 1e3) and y (log, 0.01 .. 10), and at
 * a few points; printed, not asserted (machines differ). */
static void test_cost(void **state)
{
    (void)state;
    for (int lens = 0; lens < 2; ++lens) {
        double total = 0, worst = 0, ww = 0, wy = 0;
        int n = 0;
        for (int kw = -6; kw <= 6; ++kw)
            for (int ky = 0; ky <= 12; ++ky) {
                double w = fmin(pow(10, 0.5 * kw), 1000), y = fmin(0.01 * pow(10, 0.25 * ky), 10);
                double t0 = now_s(), a = 0, p = 0;
                int st = lens ? lg_wave_sis(w, y, &a, &p) : lg_wave_point_mass(w, y, &a, &p);
                double dt = now_s() - t0;
                assert_int_equal(st, LG_WAVE_OK);
                total += dt, ++n;
                if (dt > worst)
                    worst = dt, ww = w, wy = y;
            }
        printf("%s: mean %.0f us per evaluation over a %d-point grid, slowest %.0f us (w %g, y "
               "%g)\n",
               lens ? "SIS" : "point mass", 1e6 * total / n, n, 1e6 * worst, ww, wy);
    }
    const double pts[][2] = {{1, 1}, {100, 0.3}, {1000, 1}, {1000, 5}, {1000, 10}};
    for (size_t i = 0; i < NREF(pts); ++i) {
        double a = 0, p = 0, t0 = now_s();
        for (int k = 0; k < 3; ++k)
            lg_wave_point_mass(pts[i][0], pts[i][1], &a, &p);
        double t1 = now_s();
        for (int k = 0; k < 3; ++k)
            lg_wave_sis(pts[i][0], pts[i][1], &a, &p);
        double t2 = now_s();
        printf("w %g, y %g: point mass %.0f us, SIS %.0f us\n", pts[i][0], pts[i][1],
               1e6 * (t1 - t0) / 3, 1e6 * (t2 - t1) / 3);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_values),
        cmocka_unit_test(test_point_mass_axis),
        cmocka_unit_test(test_point_mass_low_frequency),
        cmocka_unit_test(test_point_mass_geometric_limit),
        cmocka_unit_test(test_sis_low_frequency),
        cmocka_unit_test(test_sis_geometric_limit),
        cmocka_unit_test(test_sis_series_vs_quadrature),
        cmocka_unit_test(test_kummer_transformation),
        cmocka_unit_test(test_kummer_small_z_series),
        cmocka_unit_test(test_kummer_methods_agree),
        cmocka_unit_test(test_faddeeva),
        cmocka_unit_test(test_physical_w),
        cmocka_unit_test(test_range),
        cmocka_unit_test(test_cost),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
