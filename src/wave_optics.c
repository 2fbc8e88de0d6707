/* wave_optics.c: the wave-optics amplification factor of the point mass and the SIS, their
 * geometric-optics limits, Kummer's function M(a, 1, i t) and the Faddeeva function
 * (docs/physics.md §15).
 *
 * Why our own M(a, 1, z): GSL's hyperg_1F1 is real-only, and the point mass needs a = i w/2 and
 * z = i w y^2/2 with |a| up to 500 and |z| up to 5e4 at once, where neither the power series nor
 * the large-|z| expansion alone works. Three methods, each with its error estimate:
 *   series      sum (a)_n z^n / (n!)^2; rounding error ~ eps * (largest term): used while that
 *               estimate is below 1e-11 (small w, or small w y);
 *   asymptotic  DLMF 13.7.2, two series in 1/z, summed to their smallest term: used when that
 *               term (and the rounding of the largest one) is below 1e-11 |M|, i.e. |z| large
 *               against |a|^2 / |z| (for a = i w/2, z = i w y^2/2: y >~ 3 to 7 for w >= 3);
 *   ODE         Kummer's equation integrated along the imaginary axis (GSL odeiv2, rk8pd) from
 *               a point where the series is exact to double precision: everywhere else (w of
 *               tens to 1000 with y of order 1); no cancellation (both solutions have the same
 *               modulus on the imaginary axis); cost ~ the number of oscillations,
 *               ~ (w y^2 / 2 + w y) / 2 pi: up to ~40 ms at w = 1000, y ~ 5.
 * Why our own Faddeeva function: GSL has no complex error function; Weideman's (1994) rational
 * expansion is 20 lines with 40 fixed coefficients and ~1e-15 relative accuracy. */
#include "wave_optics.h"

#include <float.h>
#include <math.h>
#include <stddef.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_sf_bessel.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_result.h>

#include "constants.h"

typedef double complex cplx;

/* Estimated relative error a method must reach to be chosen by the automatic selection. */
#define M_TOL 1e-11
/* The ODE's own tolerance; its measured error is below 3e-12 relative over the range
 * (docs/physics.md §15.5); it reports 3e-11 as its estimate. */
#define ODE_EPS 1e-13
#define ODE_ERR_REPORTED 3e-11

static void set_nan(double *a, double *b)
{
    if (a)
        *a = NAN;
    if (b)
        *b = NAN;
}

static int to_abs_phase(int status, cplx f, double *f_abs, double *f_phase)
{
    if (status != LG_WAVE_OK || !isfinite(creal(f)) || !isfinite(cimag(f))) {
        set_nan(f_abs, f_phase);
        return status != LG_WAVE_OK ? status : LG_WAVE_EFAIL;
    }
    *f_abs = cabs(f);
    *f_phase = carg(f);
    return LG_WAVE_OK;
}

static int wave_args_ok(double w, double y)
{
    return isfinite(w) && isfinite(y) && w >= 0.0 && w <= LG_WAVE_W_MAX && y >= 0.0 &&
           y <= LG_WAVE_Y_MAX;
}

/* ---- complex log-Gamma (GSL), with 1/Gamma = 0 at the poles --------------------------- */

/* ln Gamma(x) as a complex number (imaginary part reduced to (-pi, pi], enough for exp());
 * returns 0 and leaves *lg alone when x is a pole (0, -1, -2, ...), where 1/Gamma(x) = 0. */
static int lngamma_c(cplx x, cplx *lg)
{
    double xr = creal(x), xi = cimag(x);
    if (xi == 0.0 && xr <= 0.0 && xr == floor(xr))
        return 0;
    gsl_sf_result lnr, arg;
    if (gsl_sf_lngamma_complex_e(xr, xi, &lnr, &arg) != GSL_SUCCESS)
        return 0;
    *lg = lnr.val + I * arg.val;
    return 1;
}

/* ---- Kummer's M(a, 1, z), z = i t ----------------------------------------------------- */

/* Power series M = sum c_n, c_{n+1} = c_n (a + n) z / (n + 1)^2, and dM/dz = sum c_n (a + n) /
 * (n + 1) (the series of (a) M(a + 1, 2, z) term by term). Returns the estimated relative error
 * of M (rounding: eps times the largest term, times the square root of the number of terms), or
 * HUGE_VAL when a term passes 1e12 (abandoned: hopeless in double). dM/dz is needed only where
 * the series is exact to rounding (the ODE's starting point). */
static double m_series(cplx a, cplx z, cplx *m, cplx *dm)
{
    cplx term = 1.0, sum = 1.0, dsum = a;
    double big = 1.0;
    int n = 0;
    for (; n < 200000; ++n) {
        term *= (a + n) * z / ((n + 1.0) * (n + 1.0));
        cplx dterm = term * (a + n + 1.0) / (n + 2.0);
        sum += term;
        dsum += dterm;
        double at = cabs(term), ad = cabs(dterm);
        if (at > big)
            big = at;
        if (big > 1e12)
            return HUGE_VAL;
        /* converged: the terms decrease from here on (ratio < 1/2) and are below rounding */
        double ratio = cabs(a + n + 1.0) * cabs(z) / ((n + 2.0) * (n + 2.0));
        if (ratio < 0.5 && at <= 1e-17 * cabs(sum) && ad <= 1e-17 * (cabs(dsum) + DBL_MIN))
            break;
    }
    *m = sum;
    if (dm)
        *dm = dsum;
    double s = cabs(sum);
    if (s == 0.0)
        return HUGE_VAL;
    return 2.0 * DBL_EPSILON * big * sqrt(n + 2.0) / s;
}

/* One series of the large-|z| expansion: sum_s (p)_s (q)_s / s! x^s, x = 1/(-z) or 1/z, summed
 * until its terms are below rounding or reach their smallest (the optimal truncation).
 * *trunc: the first term left out (truncation error); *big: the largest term. Returns 0 when the
 * smallest term is not below 1e-13 of the sum (the expansion does not apply). */
static int asym_sum(cplx p, cplx q, cplx x, cplx *sum, double *trunc, double *big)
{
    cplx term = 1.0, s = 1.0;
    double prev = 1.0;
    *big = 1.0;
    *trunc = 0.0;
    for (int k = 0; k < 20000; ++k) {
        cplx next = term * (p + k) * (q + k) * x / (k + 1.0);
        double an = cabs(next);
        if (an == 0.0) { /* terminating series (p or q a non-positive integer) */
            *sum = s;
            return 1;
        }
        if (an > prev && cabs(p + k) * cabs(q + k) * cabs(x) / (k + 1.0) > 1.0 &&
            k > cabs(p) + cabs(q)) {
            /* diverging from here: stop at the smallest term */
            *trunc = prev;
            *sum = s;
            return prev <= 1e-13 * cabs(s);
        }
        s += next;
        term = next;
        prev = an;
        if (an > *big)
            *big = an;
        if (an <= 0.25 * DBL_EPSILON * cabs(s)) {
            *trunc = an;
            *sum = s;
            return 1;
        }
    }
    *sum = s;
    *trunc = prev;
    return 0;
}

/* DLMF 13.7.2 with b = 1 and the upper sign (0 < ph z <= pi/2 here: t > 0):
 *   M(a,1,z) ~ e^{i pi a} z^{-a} / Gamma(1-a) sum_s (a)_s^2 / s! (-z)^{-s}
 *            + e^z z^{a-1} / Gamma(a) sum_s (1-a)_s^2 / s! z^{-s}.
 * The prefactors are formed as exp of one complex logarithm each: for a = i nu their pieces are
 * e^{-pi nu}, e^{+pi nu / 2} and 1/|Gamma| ~ e^{+pi nu / 2}, which cancel to O(1). Returns the
 * estimated relative error (HUGE_VAL when an expansion does not apply). */
static double m_asymptotic(cplx a, double t, cplx *m)
{
    if (!(t > 0.0))
        return HUGE_VAL;
    cplx z = I * t;
    cplx logz = log(t) + I * (LG_PI / 2);
    cplx s1 = 0.0, s2 = 0.0, p1 = 0.0, p2 = 0.0, lg;
    double tr1 = 0.0, tr2 = 0.0, big1 = 0.0, big2 = 0.0, logerr = 0.0;
    if (lngamma_c(1.0 - a, &lg)) {
        cplx e = I * LG_PI * a - a * logz - lg;
        p1 = cexp(e);
        if (!asym_sum(a, a, -1.0 / z, &s1, &tr1, &big1))
            return HUGE_VAL;
        logerr += DBL_EPSILON * (cabs(lg) + cabs(a * logz)) * cabs(p1 * s1);
    }
    if (lngamma_c(a, &lg)) {
        cplx e = z + (a - 1.0) * logz - lg;
        p2 = cexp(e);
        if (!asym_sum(1.0 - a, 1.0 - a, 1.0 / z, &s2, &tr2, &big2))
            return HUGE_VAL;
        logerr += DBL_EPSILON * (cabs(lg) + cabs(a * logz)) * cabs(p2 * s2);
    }
    *m = p1 * s1 + p2 * s2;
    double am = cabs(*m);
    if (!(am > 0.0) || !isfinite(am))
        return HUGE_VAL;
    double err = cabs(p1) * (tr1 + 2.0 * DBL_EPSILON * big1) +
                 cabs(p2) * (tr2 + 2.0 * DBL_EPSILON * big2) + logerr +
                 DBL_EPSILON * (cabs(p1 * s1) + cabs(p2 * s2));
    return err / am;
}

/* Kummer's equation z M'' + (1 - z) M' - a M = 0 on z = i s^2 (s = sqrt(t)):
 *   M_ss = -(1/s - 2 i s) M_s + 4 i a M.
 * In s the small-t behaviour (J0(2 sqrt(-a z)) ~ cos(2 sqrt(nu) s) for a = i nu) has a constant
 * frequency and the large-t one (e^{i t} = e^{i s^2}) a linearly growing one. State: Re M,
 * Im M, Re M_s, Im M_s. (Integrating N = M e^{-i t/2} instead halves the highest frequency but
 * was measured 100 times less accurate for the same cost: M's slowly varying component, the
 * minimum image's, is then integrated as a fast one.) */
typedef struct {
    cplx a;
    double s_origin; /* s = s_origin + sigma, sigma the integrator's variable */
} kummer_ode_par;

static int kummer_ode_rhs(double sigma, const double yv[], double dyds[], void *params)
{
    const kummer_ode_par *p = params;
    const cplx a = p->a;
    const double s = p->s_origin + sigma;
    cplx mv = yv[0] + I * yv[1], ms = yv[2] + I * yv[3];
    cplx mss = -(1.0 / s - 2.0 * I * s) * ms + 4.0 * I * a * mv;
    dyds[0] = yv[2];
    dyds[1] = yv[3];
    dyds[2] = creal(mss);
    dyds[3] = cimag(mss);
    return GSL_SUCCESS;
}

static double m_ode(cplx a, double t, cplx *m)
{
    if (!(t > 0.0))
        return HUGE_VAL;
    /* start where sqrt(|a| t0) + t0 / 2 is ~1.5: the series' largest term is ~e^3, its error
     * ~1e-15 */
    double aa = cabs(a);
    double r0 = -sqrt(aa) + sqrt(aa + 3.0); /* r0^2 + 2 sqrt(|a|) r0 = 3 */
    double t0 = fmin(r0 * r0, t);
    cplx m0, dm0;
    double e0 = m_series(a, I * t0, &m0, &dm0);
    if (!(e0 < 1e-13))
        return HUGE_VAL;
    if (t0 == t) {
        *m = m0;
        return e0;
    }
    const double s0 = sqrt(t0), s1 = sqrt(t);
    cplx ms0 = 2.0 * s0 * I * dm0; /* dM/ds = 2 s dM/dt = 2 s i dM/dz */
    double yv[4] = {creal(m0), cimag(m0), creal(ms0), cimag(ms0)};
    kummer_ode_par par = {a, s0};
    gsl_odeiv2_system sys = {kummer_ode_rhs, NULL, 4, &par};
    double freq = 2.0 * sqrt(aa) + 2.0 * s0 + 1.0;
    double scale = cabs(m0);
    gsl_odeiv2_driver *d = gsl_odeiv2_driver_alloc_y_new(&sys, gsl_odeiv2_step_rk8pd, 0.01 / freq,
                                                         ODE_EPS * scale, ODE_EPS);
    if (!d)
        return HUGE_VAL;
    gsl_odeiv2_driver_set_nmax(d, 10000000);
    /* In pieces of length <= 1 in s, each integrated in its own variable sigma = s - s_j from 0:
     * the integrator accumulates sigma step by step, and the rounding of that sum (relative to
     * the variable's size) shifts the fast phase e^{i s^2} by 2 s delta; in a variable of size
     * <= 1 instead of s (up to ~220) that drift is ~100 times smaller (measured: 1e-9 -> 1e-11
     * at w = 1000, y = 6). */
    const int pieces = (int)ceil(s1 - s0);
    int st = GSL_SUCCESS;
    for (int j = 0; j < pieces && st == GSL_SUCCESS; ++j) {
        const double sa = s0 + (s1 - s0) * j / pieces;
        const double sb = j + 1 == pieces ? s1 : s0 + (s1 - s0) * (j + 1) / pieces;
        double sigma = 0.0;
        par.s_origin = sa;
        st = gsl_odeiv2_driver_apply(d, &sigma, sb - sa, yv);
    }
    gsl_odeiv2_driver_free(d);
    if (st != GSL_SUCCESS)
        return HUGE_VAL;
    *m = yv[0] + I * yv[1];
    return ODE_ERR_REPORTED;
}

static int kummer_args_ok(cplx a, double t)
{
    return isfinite(creal(a)) && isfinite(cimag(a)) && isfinite(t) && cabs(a) <= 2000.0 &&
           fabs(creal(a)) <= 50.0 && fabs(t) <= 1e5;
}

int lg_wave_kummer_m1(double complex a, double t, lg_wave_m_method method, double complex *m,
                      double *rel_err)
{
    if (!kummer_args_ok(a, t)) {
        *m = NAN + I * NAN;
        if (rel_err)
            *rel_err = NAN;
        return LG_WAVE_ERANGE;
    }
    /* M(a, 1, -i t) = conj(M(conj a, 1, i t)): M is real on real arguments */
    int flip = t < 0.0;
    cplx aa = flip ? conj(a) : a;
    double tt = fabs(t);
    cplx v = 1.0;
    double err = 0.0;
    if (tt == 0.0) {
        v = 1.0;
    } else if (method == LG_WAVE_M_SERIES) {
        err = m_series(aa, I * tt, &v, NULL);
    } else if (method == LG_WAVE_M_ASYMPTOTIC) {
        err = m_asymptotic(aa, tt, &v);
    } else if (method == LG_WAVE_M_ODE) {
        err = m_ode(aa, tt, &v);
    } else {
        /* automatic: the cheapest method whose estimate is below M_TOL. The series is tried
         * only where its largest term can stay moderate (it abandons itself otherwise). */
        cplx vs = 0.0, va = 0.0;
        double es = HUGE_VAL, ea = HUGE_VAL;
        if (sqrt(cabs(aa) * tt) + tt < 40.0)
            es = m_series(aa, I * tt, &vs, NULL);
        if (es <= M_TOL) {
            v = vs;
            err = es;
        } else {
            if (tt > 2.0)
                ea = m_asymptotic(aa, tt, &va);
            if (ea <= M_TOL) {
                v = va;
                err = ea;
            } else {
                cplx vo;
                double eo = m_ode(aa, tt, &vo);
                /* best of the three by estimate */
                v = vo, err = eo;
                if (es < err)
                    v = vs, err = es;
                if (ea < err)
                    v = va, err = ea;
            }
        }
    }
    if (flip)
        v = conj(v);
    *m = v;
    if (rel_err)
        *rel_err = err;
    if (!isfinite(creal(v)) || !isfinite(cimag(v)))
        return LG_WAVE_EFAIL;
    return err <= (method == LG_WAVE_M_AUTO || method == LG_WAVE_M_ODE ? ODE_ERR_REPORTED : M_TOL)
               ? LG_WAVE_OK
               : LG_WAVE_EFAIL;
}

/* ---- Faddeeva function (Weideman 1994, N = 40) ---------------------------------------- */

/* p(Z) = sum_k c_k Z^k, c_k = Re A_{k+1} / (4N), A the discrete Fourier transform of
 * (L^2 + t^2) e^{-t^2} at t = L tan(pi k / 4N), L = sqrt(N / sqrt 2); computed in 50-digit
 * arithmetic by validation/wave_optics/reference_values.py. */
static const double weideman_l = 5.3182958969449886163;
static const double weideman_c[40] = {
    2.8996245093897052,      2.6160541527618604,      2.2015137948783119,
    1.7253830848179778,      1.2563815675765132,      8.4721745765938182e-1,
    5.2665289882770864e-1,   2.9989437996150063e-1,   1.5504263802479494e-1,
    7.1823617790743368e-2,   2.9202916471241867e-2,   1.0048186242783424e-2,
    2.7054056330737913e-3,   4.3980701598696678e-4,   -3.9393631454895687e-5,
    -5.5913092642483182e-5,  -1.8007447144750957e-5,  -1.0660138984947144e-6,
    1.483566113220078e-6,    5.9121369518994938e-7,   1.4198642399935675e-8,
    -6.3517734850442911e-8,  -1.8315616783040463e-8,  3.2497465180436974e-9,
    3.0177805400090708e-9,   2.1086006347066518e-10,  -3.5632339865976533e-10,
    -9.0551244509282927e-11, 3.47272670930455e-11,    1.7714495214011192e-11,
    -2.7276023158200452e-12, -2.9076883421828669e-12, 1.2031458219387988e-13,
    4.5329666782606728e-13,  1.37256205867155e-14,    -7.0740862602868555e-14,
    -5.4093102828821422e-15, 1.1357687198999242e-14,  1.1280735623644021e-15,
    -1.899694947394927e-15,
};

static cplx faddeeva_upper(cplx z)
{
    cplx lz = weideman_l - I * z;
    cplx zz = (weideman_l + I * z) / lz;
    cplx p = weideman_c[39];
    for (int k = 38; k >= 0; --k)
        p = p * zz + weideman_c[k];
    return 2.0 * p / (lz * lz) + (1.0 / sqrt(LG_PI)) / lz;
}

double complex lg_wave_faddeeva(double complex z)
{
    if (cimag(z) >= 0.0)
        return faddeeva_upper(z);
    return 2.0 * cexp(-z * z) - faddeeva_upper(-z);
}

/* ---- point mass ------------------------------------------------------------------------ */

int lg_wave_point_mass_c(double w, double y, double complex *f)
{
    if (!wave_args_ok(w, y)) {
        *f = NAN + I * NAN;
        return LG_WAVE_ERANGE;
    }
    if (w == 0.0) {
        *f = 1.0;
        return LG_WAVE_OK;
    }
    const double nu = 0.5 * w;
    const double xm = 0.5 * (y + sqrt(y * y + 4.0));
    const double phim = 0.5 * (xm - y) * (xm - y) - log(xm);
    /* |e^{pi nu / 2} Gamma(1 - i nu)| = sqrt(2 pi nu / (1 - e^{-2 pi nu})) exactly (DLMF 5.4.3) */
    const double amp = sqrt(2.0 * LG_PI * nu / -expm1(-2.0 * LG_PI * nu));
    gsl_sf_result lnr, arg;
    if (gsl_sf_lngamma_complex_e(1.0, -nu, &lnr, &arg) != GSL_SUCCESS) {
        *f = NAN + I * NAN;
        return LG_WAVE_EFAIL;
    }
    const double phase = nu * (log(nu) - 2.0 * phim) + arg.val;
    cplx m;
    int st = lg_wave_kummer_m1(I * nu, nu * y * y, LG_WAVE_M_AUTO, &m, NULL);
    if (st != LG_WAVE_OK) {
        *f = NAN + I * NAN;
        return LG_WAVE_EFAIL;
    }
    *f = amp * cexp(I * phase) * m;
    return LG_WAVE_OK;
}

int lg_wave_point_mass(double w, double y, double *f_abs, double *f_phase)
{
    cplx f = 0.0;
    int st = lg_wave_point_mass_c(w, y, &f); /* sequenced before f is read */
    return to_abs_phase(st, f, f_abs, f_phase);
}

int lg_wave_point_mass_geo_c(double w, double y, double complex *f)
{
    if (!isfinite(w) || !isfinite(y) || w < 0.0 || !(y > 0.0)) {
        *f = NAN + I * NAN;
        return LG_WAVE_ERANGE;
    }
    const double s = sqrt(y * y + 4.0);
    /* |mu_-| = (y^2 + 2)/(2 y s) - 1/2 = 2 / (y s (y^2 + 2 + y s)) without cancellation */
    const double mu_minus = 2.0 / (y * s * (y * y + 2.0 + y * s));
    const double mu_plus = 1.0 + mu_minus;
    /* dT = y s / 2 + ln((s + y)/(s - y)) = y s / 2 + 2 asinh(y / 2) */
    const double dt = 0.5 * y * s + 2.0 * asinh(0.5 * y);
    *f = sqrt(mu_plus) - I * sqrt(mu_minus) * cexp(I * w * dt);
    return LG_WAVE_OK;
}

int lg_wave_point_mass_geo(double w, double y, double *f_abs, double *f_phase)
{
    cplx f = 0.0;
    int st = lg_wave_point_mass_geo_c(w, y, &f); /* sequenced before f is read */
    return to_abs_phase(st, f, f_abs, f_phase);
}

/* ---- SIS ------------------------------------------------------------------------------- */

/* The series (docs/physics.md §15.3): F = e^{i w (y+1)^2 / 2} sum_n g_n e^{-i pi n / 4} M_n,
 * g_n = Gamma(1 + n/2) (2w)^{n/2} / n! (g_0 = 1, g_1 = sqrt(pi w / 2), g_n = g_{n-2} w / (n-1)),
 * M_n = M(1 + n/2, 1, z), z = -i w y^2 / 2, from the three-term recurrence in a (DLMF 13.3.1,
 * b = 1: a M(a+1) = (2a - 1 + z) M(a) + (1 - a) M(a-1); stable upwards here, M being the
 * dominant solution), started from M(1) = e^z, M(2) = (1 + z) e^z, M(1/2) = e^{z/2} I0(z/2)
 * = e^{-i s} J0(s) and M(3/2) = e^{-i s} [(1 - 2 i s) J0(s) - 2 s J1(s)] (s = w y^2 / 4; DLMF
 * 13.6.9 and z M' = a (M(a+1) - M(a))). Returns the estimated relative error (rounding:
 * eps times the largest term), HUGE_VAL when abandoned (largest term > 1e6 |F|-ish). */
static double sis_series(double w, double y, cplx *f)
{
    const double s = 0.25 * w * y * y;
    const cplx z = -2.0 * I * s;
    const cplx es = cexp(-I * s);
    const double j0 = gsl_sf_bessel_J0(s), j1 = gsl_sf_bessel_J1(s);
    /* even n: (cur, nxt) = (M(a), M(a+1)), a = 1 + n/2; odd n: the same with a = 1 + n/2 */
    cplx e_cur = cexp(z), e_nxt = (1.0 + z) * cexp(z);
    double e_a = 1.0;
    cplx o_half = es * j0;
    cplx o_cur = es * ((1.0 - 2.0 * I * s) * j0 - 2.0 * s * j1);
    double o_a = 1.5;
    cplx o_nxt = ((2.0 * o_a - 1.0 + z) * o_cur + (1.0 - o_a) * o_half) / o_a;
    static const double c8[8] = {1.0,  0.70710678118654752,  0.0, -0.70710678118654752,
                                 -1.0, -0.70710678118654752, 0.0, 0.70710678118654752};
    static const double s8[8] = {0.0, -0.70710678118654752, -1.0, -0.70710678118654752,
                                 0.0, 0.70710678118654752,  1.0,  0.70710678118654752};
    double g_even = 1.0, g_odd = sqrt(0.5 * LG_PI * w), big = 0.0;
    cplx sum = 0.0;
    int small = 0, n = 0;
    for (; n < 100000; ++n) {
        cplx mn;
        double g;
        if ((n & 1) == 0) {
            if (n >= 2)
                g_even *= w / (n - 1.0);
            g = g_even;
            mn = e_cur;
            cplx nx =
                ((2.0 * (e_a + 1.0) - 1.0 + z) * e_nxt + (1.0 - (e_a + 1.0)) * e_cur) / (e_a + 1.0);
            e_cur = e_nxt, e_nxt = nx, e_a += 1.0;
        } else {
            if (n >= 3)
                g_odd *= w / (n - 1.0);
            g = g_odd;
            mn = o_cur;
            cplx nx =
                ((2.0 * (o_a + 1.0) - 1.0 + z) * o_nxt + (1.0 - (o_a + 1.0)) * o_cur) / (o_a + 1.0);
            o_cur = o_nxt, o_nxt = nx, o_a += 1.0;
        }
        cplx term = g * (c8[n & 7] + I * s8[n & 7]) * mn;
        sum += term;
        double at = cabs(term);
        if (at > big)
            big = at;
        if (big > 1e8 * (cabs(sum) + 1.0) || !isfinite(big))
            return HUGE_VAL;
        if (n > w + 2.0 && at <= 1e-17 * cabs(sum)) {
            if (++small >= 4)
                break;
        } else {
            small = 0;
        }
    }
    const double a = 0.5 * (y + 1.0) * (y + 1.0);
    *f = cexp(I * w * a) * sum;
    return 4.0 * DBL_EPSILON * big * sqrt(n + 1.0) / cabs(sum);
}

/* The integral with the radial part in closed form (docs/physics.md §15.3): with
 * c(theta) = 1 + y cos(theta), u = |c| sqrt(w/2) e^{i pi/4}, C0 = sqrt(pi / 2w) e^{i pi/4},
 *   F = e^{i w A} [1 - i (w/N) C0 sum_j c_j sigma_j wF(u_j)]
 *       - 2 i (w/N) C0 sum_{j: c_j > 0} c_j e^{i w (A - c_j^2/2)},
 * A = (y+1)^2/2, sigma = +1 (c <= 0), -1 (c > 0), wF the Faddeeva function, the sum over
 * theta_j = 2 pi j / N (trapezoidal rule, exponentially convergent for this periodic analytic
 * integrand once N exceeds the bandwidth of e^{-i w c^2 / 2}, w y (1 + y/2)). */
static int sis_quadrature_n(double w, double y)
{
    double band = w * y * (1.0 + 0.5 * y);
    double n = 1.15 * band + 6.0 * cbrt(band) + 4.0 * sqrt(w) * y + 48.0;
    int ni = (int)ceil(n / 2.0) * 2;
    return ni;
}

static cplx sis_quadrature(double w, double y, int n)
{
    const double a = 0.5 * (y + 1.0) * (y + 1.0);
    const double rw = sqrt(0.5 * w);
    const cplx eipi4 = 0.70710678118654752 * (1.0 + I);
    const cplx c0 = sqrt(LG_PI / (2.0 * w)) * eipi4;
    cplx sum_f = 0.0, sum_g = 0.0;
    const int half = n / 2;
    for (int j = 0; j <= half; ++j) {
        const double th = 2.0 * LG_PI * j / n;
        const double wt = (j == 0 || j == half) ? 1.0 : 2.0;
        const double sh = sin(0.5 * th);
        const double c = 1.0 + y * cos(th);
        const cplx wf = lg_wave_faddeeva(fabs(c) * rw * eipi4);
        if (c > 0.0) {
            sum_f -= wt * c * wf;
            /* A - c^2/2 = (y + 1 - c)(y + 1 + c)/2, y + 1 - c = 2 y sin^2(theta/2) */
            const double ph = w * y * sh * sh * (y + 1.0 + c);
            sum_g += wt * c * cexp(I * ph);
        } else {
            sum_f += wt * c * wf;
        }
    }
    return cexp(I * w * a) * (1.0 - I * (w / n) * c0 * sum_f) - 2.0 * I * (w / n) * c0 * sum_g;
}

int lg_wave_sis_by(double w, double y, lg_wave_sis_method method, double complex *f)
{
    if (!wave_args_ok(w, y)) {
        *f = NAN + I * NAN;
        return LG_WAVE_ERANGE;
    }
    if (w == 0.0) {
        *f = 1.0;
        return LG_WAVE_OK;
    }
    if (method != LG_WAVE_SIS_QUADRATURE) {
        cplx fs = 0.0;
        double es = sis_series(w, y, &fs);
        if (es <= M_TOL) {
            *f = fs;
            return LG_WAVE_OK;
        }
        if (method == LG_WAVE_SIS_SERIES) {
            *f = es < HUGE_VAL ? fs : NAN + I * NAN;
            return LG_WAVE_EFAIL;
        }
    }
    *f = sis_quadrature(w, y, sis_quadrature_n(w, y));
    return isfinite(creal(*f)) && isfinite(cimag(*f)) ? LG_WAVE_OK : LG_WAVE_EFAIL;
}

int lg_wave_sis_c(double w, double y, double complex *f)
{
    return lg_wave_sis_by(w, y, LG_WAVE_SIS_AUTO, f);
}

int lg_wave_sis(double w, double y, double *f_abs, double *f_phase)
{
    cplx f = 0.0;
    int st = lg_wave_sis_c(w, y, &f); /* sequenced before f is read */
    return to_abs_phase(st, f, f_abs, f_phase);
}

int lg_wave_sis_geo_c(double w, double y, double complex *f)
{
    if (!isfinite(w) || !isfinite(y) || w < 0.0 || !(y > 0.0)) {
        *f = NAN + I * NAN;
        return LG_WAVE_ERANGE;
    }
    if (y < 1.0)
        *f = sqrt(1.0 / y + 1.0) - I * sqrt(1.0 / y - 1.0) * cexp(2.0 * I * w * y);
    else
        *f = sqrt(1.0 / y + 1.0);
    return LG_WAVE_OK;
}

int lg_wave_sis_geo(double w, double y, double *f_abs, double *f_phase)
{
    cplx f = 0.0;
    int st = lg_wave_sis_geo_c(w, y, &f); /* sequenced before f is read */
    return to_abs_phase(st, f, f_abs, f_phase);
}

/* ---- physical inputs ------------------------------------------------------------------- */

double lg_wave_w_mass(double mass_msun, double z_l, double f_hz)
{
    if (!(isfinite(mass_msun) && isfinite(z_l) && isfinite(f_hz)) || mass_msun < 0.0 || z_l < 0.0 ||
        f_hz < 0.0)
        return NAN;
    const double c3 = LG_C_M_S * LG_C_M_S * LG_C_M_S;
    return 8.0 * LG_PI * LG_G_SI * mass_msun * LG_MSUN_KG * (1.0 + z_l) * f_hz / c3;
}

double lg_wave_sis_einstein_mass(double sigma_v_kms, double d_l_mpc, double d_s_mpc,
                                 double d_ls_mpc)
{
    if (!(isfinite(sigma_v_kms) && isfinite(d_l_mpc) && isfinite(d_s_mpc) && isfinite(d_ls_mpc)) ||
        sigma_v_kms < 0.0 || d_l_mpc < 0.0 || !(d_s_mpc > 0.0) || d_ls_mpc < 0.0)
        return NAN;
    const double sv = sigma_v_kms * 1e3, sv2 = sv * sv;
    const double kg = 4.0 * LG_PI * LG_PI * sv2 * sv2 * (d_l_mpc * LG_MPC_M) *
                      (d_ls_mpc / d_s_mpc) / (LG_G_SI * LG_C_M_S * LG_C_M_S);
    return kg / LG_MSUN_KG;
}

double lg_wave_w_theta_e(double theta_e_arcsec, double d_dt_mpc, double f_hz)
{
    if (!(isfinite(theta_e_arcsec) && isfinite(d_dt_mpc) && isfinite(f_hz)) ||
        theta_e_arcsec < 0.0 || d_dt_mpc < 0.0 || f_hz < 0.0)
        return NAN;
    const double th = theta_e_arcsec * LG_ARCSEC_RAD;
    return 2.0 * LG_PI * f_hz * d_dt_mpc * LG_MPC_M * th * th / LG_C_M_S;
}
