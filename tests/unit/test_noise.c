/* test_noise.c: Gaussian (white and smoothed) and Poisson noise of noise.c, and the zero-padded
 * FFT smoothing of smoothing.c (docs/physics.md §5), against the statistics they must have. Noise
 * streams are seeded, so the statistical checks are deterministic; tolerances are 5 standard
 * errors of each estimator (derived in the comments). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>

#include "config.h"
#include "constants.h"
#include "noise.h"
#include "smoothing.h"

#define FWHM_TO_SIGMA 0.42466090014400953 /* 1 / (2 sqrt(2 ln 2)) */

static lg_config noise_cfg(int type, int npix, double half_width, double sigma, double fwhm)
{
    lg_config c;
    memset(&c, 0, sizeof c);
    c.noise_type = type;
    c.sigma_from = LG_SIGMA_VALUE;
    c.sigma = sigma;
    c.npix = npix;
    c.half_width = half_width;
    c.seed = 20240611;
    c.smooth_fwhm = fwhm;
    c.exposure = 100.0;
    c.background = 0.05;
    return c;
}

/* A smooth non-trivial "kappa" to add the noise to. */
static float *make_kappa(int n)
{
    float *k = malloc(sizeof(float) * n * n);
    assert_non_null(k);
    for (int iy = 0; iy < n; ++iy)
        for (int ix = 0; ix < n; ++ix)
            k[iy * n + ix] = 0.3f / (1.0f + 0.01f * (float)((ix - n / 3) * (ix - n / 3) + iy * iy));
    return k;
}

/* Unsmoothed Gaussian noise: (noisy - kappa) has mean 0 and sigma = the deck's sigma over
 * 50 maps of 64^2 (SE(sigma)/sigma = 1/sqrt(2N)), and the fields of two sample indices are
 * uncorrelated (|r| < 5/sqrt(N)). */
static void test_white_sigma(void **state)
{
    (void)state;
    const int n = 64, maps = 50;
    lg_config cfg = noise_cfg(LG_NOISE_GAUSSIAN, n, 32.0, 0.05, 0.0);
    lg_noise *nz = lg_noise_create(&cfg, 1);
    assert_non_null(nz);
    assert_true(lg_noise_sigma(&cfg) == 0.05 && lg_noise_sigma_smoothed(&cfg) == 0.05);
    float *kappa = make_kappa(n), *out = malloc(sizeof(float) * n * n);
    float *prev = malloc(sizeof(float) * n * n);
    assert_non_null(out);
    assert_non_null(prev);
    double s = 0, s2 = 0, cross = 0;
    for (int m = 0; m < maps; ++m) {
        lg_noise_apply(nz, 0, (uint64_t)m, kappa, out, NULL);
        for (int i = 0; i < n * n; ++i) {
            double d = (double)out[i] - kappa[i];
            s += d;
            s2 += d * d;
            if (m > 0)
                cross += d * ((double)prev[i] - kappa[i]);
            prev[i] = out[i];
        }
    }
    const double N = (double)maps * n * n, sig = sqrt(s2 / N);
    const double r = cross / ((maps - 1.0) * n * n) / (s2 / N);
    printf("white: sigma %.6f (deck 0.05, 5 SE %.2g), mean %.2g, corr(index m, m+1) %.2g\n", sig,
           5 * 0.05 / sqrt(2 * N), s / N, r);
    assert_true(fabs(sig - 0.05) < 5.0 * 0.05 / sqrt(2.0 * N));
    assert_true(fabs(s / N) < 5.0 * 0.05 / sqrt(N));
    assert_true(fabs(r) < 5.0 / sqrt((maps - 1.0) * n * n));
    free(kappa);
    free(out);
    free(prev);
    lg_noise_free(nz);
}

/* Shape noise: sigma = sigma_e / sqrt(2 n_gal A_pix), A_pix in arcmin^2 (docs/physics.md §5.2).
 * By hand for sigma_e = 0.26, n_gal = 30 /arcmin^2, 64 px over 120": pixel 0.03125', A_pix =
 * 9.765625e-4 arcmin^2, sigma = 0.26/sqrt(0.05859375) = 1.0741073813. Also the noise drawn
 * with it has that sigma (20 maps, 5 SE). */
static void test_shape_noise(void **state)
{
    (void)state;
    lg_config cfg = noise_cfg(LG_NOISE_GAUSSIAN, 64, 60.0, 0.0, 0.0);
    cfg.sigma_from = LG_SIGMA_SHAPE_NOISE;
    cfg.sigma_e = 0.26;
    cfg.n_gal = 30.0;
    assert_true(fabs(lg_noise_sigma(&cfg) - 1.0741073813481903) < 1e-12);
    lg_noise *nz = lg_noise_create(&cfg, 1);
    assert_non_null(nz);
    float *kappa = calloc(64 * 64, sizeof(float)), *out = malloc(sizeof(float) * 64 * 64);
    assert_non_null(kappa);
    assert_non_null(out);
    double s2 = 0;
    for (int m = 0; m < 20; ++m) {
        lg_noise_apply(nz, 0, (uint64_t)m, kappa, out, NULL);
        for (int i = 0; i < 64 * 64; ++i)
            s2 += (double)out[i] * out[i];
    }
    const double N = 20.0 * 64 * 64, sig = sqrt(s2 / N), want = 1.0741073813481903;
    printf("shape noise: sigma %.5f, expected %.5f\n", sig, want);
    assert_true(fabs(sig - want) < 5.0 * want / sqrt(2.0 * N));
    free(kappa);
    free(out);
    lg_noise_free(nz);
}

/* Discrete Gaussian weights: sum_k exp(-k^2 / s^2) for k >= kmin (the 1D factor of sum K^2). */
static double gauss2_sum(double s, int kmin)
{
    double t = 0.0;
    for (int k = kmin; k <= 60; ++k)
        t += exp(-(double)k * k / (s * s));
    return t;
}

/* Smoothed Gaussian noise (FWHM 3 px): the deck's sigma is the white per-pixel sigma BEFORE
 * smoothing; after it, pixels more than 2 FWHM from the edges have sigma / (sqrt(4 pi) s)
 * (sum K^2 = 1/(4 pi s^2) for a unit-sum Gaussian of s pixels, exact to exp(-pi^2 s^2)), which
 * lg_noise_sigma_smoothed reports; on the edge rows half the kernel is off the map and the rest
 * is renormalised to unit sum, so sigma there is higher, by a factor computed from the Gaussian.
 * Both smoothing modes give the same noise. SE of the variance: 2 sigma^4 sum_lag rho^2 / N with
 * sum rho^2 = 2 pi s^2 (rho = exp(-r^2/(4 s^2))). */
static void test_smoothed_sigma(void **state)
{
    (void)state;
    const int n = 128, maps = 40;
    const double fwhm = 3.0, s = fwhm * FWHM_TO_SIGMA, sigma = 0.05; /* pixel = 1" */
    const double after = sigma / (sqrt(4.0 * LG_PI) * s);
    for (int mode = LG_SMOOTH_OBSERVED; mode <= LG_SMOOTH_NOISE; ++mode) {
        lg_config cfg = noise_cfg(LG_NOISE_GAUSSIAN, n, 64.0, sigma, fwhm);
        cfg.smoothing = mode;
        printf("smoothed (mode %d): sigma after %.7f, analytic %.7f\n", mode,
               lg_noise_sigma_smoothed(&cfg), after);
        assert_true(fabs(lg_noise_sigma_smoothed(&cfg) / after - 1.0) < 1e-6);
        lg_noise *nz = lg_noise_create(&cfg, 1);
        assert_non_null(nz);
        float *kappa = calloc((size_t)n * n, sizeof(float)), *out = malloc(sizeof(float) * n * n);
        assert_non_null(kappa);
        assert_non_null(out);
        const int margin = (int)ceil(2.0 * fwhm);
        double si = 0, ni = 0, se = 0, ne = 0;
        for (int m = 0; m < maps; ++m) {
            lg_noise_apply(nz, 0, (uint64_t)m, kappa, out, NULL);
            for (int iy = 0; iy < n; ++iy)
                for (int ix = 0; ix < n; ++ix) {
                    double d = (double)out[iy * n + ix];
                    if (ix > margin && iy > margin && ix < n - 1 - margin && iy < n - 1 - margin) {
                        si += d * d;
                        ni += 1;
                    } else if ((iy == 0 || iy == n - 1) && ix > margin && ix < n - 1 - margin) {
                        se += d * d;
                        ne += 1;
                    }
                }
        }
        const double sig_i = sqrt(si / ni), sig_e = sqrt(se / ne);
        const double rho2 = 2.0 * LG_PI * s * s; /* 2D sum of rho^2 */
        const double tol_i = 5.0 * after * sqrt(rho2 / (2.0 * ni));
        /* an edge row: the y kernel keeps its half d >= 0, renormalised to unit sum, so its
         * sum of squares grows from (2B - 1)/(2A - 1)^2 to B/A^2 (A = sum_d>=0 k_d, B = sum_d>=0
         * k_d^2, k_d = exp(-d^2 / 2s^2)) */
        const double A = gauss2_sum(sqrt(2.0) * s, 0), B = gauss2_sum(s, 0);
        const double frac = (B / (A * A)) / ((2.0 * B - 1.0) / ((2.0 * A - 1.0) * (2.0 * A - 1.0)));
        const double want_e = after * sqrt(frac);
        const double tol_e = 5.0 * want_e * sqrt(sqrt(2.0 * LG_PI) * s / (2.0 * ne)); /* 1D */
        printf("smoothed: interior sigma %.6f (expected %.6f, 5 SE %.2g); edge-row sigma %.6f "
               "(expected %.6f, 5 SE %.2g)\n",
               sig_i, after, tol_i, sig_e, want_e, tol_e);
        assert_true(fabs(sig_i - after) < tol_i);
        assert_true(fabs(sig_e - want_e) < tol_e);
        free(kappa);
        free(out);
        lg_noise_free(nz);
    }
}

/* The observed map is smoothed with the noise (noise.smoothing = observed): a Gaussian blob of
 * width a pixels becomes a Gaussian of width sqrt(a^2 + s^2) and peak A a^2/(a^2 + s^2) (the
 * analytic convolution); with noise.smoothing = noise the blob stays as it was. Noise type none
 * isolates the signal; tolerance: float rounding and the sampled kernel (exp(-2 pi^2 s^2)). */
static void test_smoothed_signal(void **state)
{
    (void)state;
    const int n = 96;
    const double fwhm = 5.0, s = fwhm * FWHM_TO_SIGMA, a = 3.0, amp = 0.8;
    float *kappa = malloc(sizeof(float) * n * n), *out = malloc(sizeof(float) * n * n);
    assert_non_null(kappa);
    assert_non_null(out);
    const double c = 47.3; /* centre between pixels */
    for (int iy = 0; iy < n; ++iy)
        for (int ix = 0; ix < n; ++ix) {
            double r2 = (ix - c) * (ix - c) + (iy - c) * (iy - c);
            kappa[iy * n + ix] = (float)(amp * exp(-0.5 * r2 / (a * a)));
        }
    for (int mode = LG_SMOOTH_OBSERVED; mode <= LG_SMOOTH_NOISE; ++mode) {
        lg_config cfg = noise_cfg(LG_NOISE_NONE, n, 48.0, 0.0, fwhm);
        cfg.smoothing = mode;
        lg_noise *nz = lg_noise_create(&cfg, 1);
        assert_non_null(nz);
        lg_noise_apply(nz, 0, 0, kappa, out, NULL);
        const double w2 = mode == LG_SMOOTH_OBSERVED ? a * a + s * s : a * a;
        const double peak = mode == LG_SMOOTH_OBSERVED ? amp * a * a / w2 : amp;
        double worst = 0.0;
        for (int iy = 0; iy < n; ++iy)
            for (int ix = 0; ix < n; ++ix) {
                double r2 = (ix - c) * (ix - c) + (iy - c) * (iy - c);
                worst = fmax(worst, fabs(out[iy * n + ix] - peak * exp(-0.5 * r2 / w2)));
            }
        printf("smoothed signal (mode %d): max |map - analytic| = %.3g (peak %.4f)\n", mode, worst,
               peak);
        assert_true(worst < 2e-6);
        lg_noise_free(nz);
    }
    free(kappa);
    free(out);
}

/* Signal-to-noise: snr_mf = sqrt(sum kappa^2)/sigma for white Gaussian noise, and the matched
 * filter t = sum kappa_i (noisy_i) / (sigma |kappa|) applied to the noisy maps has mean snr_mf and
 * standard deviation 1 over noise realisations (100 maps: 5 SE = 0.5 and 5/sqrt(2*100) of 1).
 * snr_peak = max kappa / sigma without smoothing, and max(smoothed kappa) / sigma_after with it. */
static void test_snr(void **state)
{
    (void)state;
    const int n = 64, maps = 100;
    const double sigma = 0.2;
    float *kappa = make_kappa(n), *out = malloc(sizeof(float) * n * n);
    assert_non_null(out);
    double k2 = 0.0, kmax = 0.0;
    for (int i = 0; i < n * n; ++i) {
        k2 += (double)kappa[i] * kappa[i];
        kmax = fmax(kmax, kappa[i]);
    }
    lg_config cfg = noise_cfg(LG_NOISE_GAUSSIAN, n, 32.0, sigma, 0.0);
    lg_noise *nz = lg_noise_create(&cfg, 1);
    assert_non_null(nz);
    double st = 0.0, st2 = 0.0;
    lg_snr snr = {0, 0};
    for (int m = 0; m < maps; ++m) {
        lg_noise_apply(nz, 0, (uint64_t)m, kappa, out, &snr);
        double t = 0.0;
        for (int i = 0; i < n * n; ++i)
            t += (double)kappa[i] * out[i];
        t /= sigma * sqrt(k2);
        st += t;
        st2 += t * t;
    }
    const double mean = st / maps, sd = sqrt(st2 / maps - mean * mean);
    printf("snr_mf %.4f (analytic %.4f); matched filter over %d maps: mean %.3f sd %.3f; "
           "snr_peak %.4f (analytic %.4f)\n",
           snr.mf, sqrt(k2) / sigma, maps, mean, sd, snr.peak, kmax / sigma);
    assert_true(fabs(snr.mf / (sqrt(k2) / sigma) - 1.0) < 1e-9);
    assert_true(fabs(mean - snr.mf) < 0.5);
    assert_true(fabs(sd - 1.0) < 5.0 / sqrt(2.0 * maps));
    assert_true(fabs(snr.peak / (kmax / sigma) - 1.0) < 1e-6);
    lg_noise_free(nz);
    /* smoothed observed map: the peak S/N compares smoothed signal with the smoothed noise */
    cfg.smooth_fwhm = 3.0;
    nz = lg_noise_create(&cfg, 1);
    assert_non_null(nz);
    lg_noise_apply(nz, 0, 0, kappa, out, &snr);
    lg_config quiet = cfg;
    quiet.noise_type = LG_NOISE_NONE;
    lg_noise *nq = lg_noise_create(&quiet, 1);
    assert_non_null(nq);
    lg_noise_apply(nq, 0, 0, kappa, out, NULL);
    double smax = 0.0;
    for (int i = 0; i < n * n; ++i)
        smax = fmax(smax, out[i]);
    printf("smoothed: snr_mf %.4f (unchanged), snr_peak %.4f = %.4f / %.5f\n", snr.mf, snr.peak,
           smax, lg_noise_sigma_smoothed(&cfg));
    assert_true(fabs(snr.mf / (sqrt(k2) / sigma) - 1.0) < 1e-9);
    assert_true(fabs(snr.peak / (smax / lg_noise_sigma_smoothed(&cfg)) - 1.0) < 1e-6);
    lg_noise_free(nz);
    lg_noise_free(nq);
    free(kappa);
    free(out);
}

/* Adjacent-pixel correlation of smoothed white noise is exp(-d^2/(4 s^2)) for lag d (the
 * autocorrelation of a Gaussian kernel of s pixels; the discrete sum equals it up to
 * exp(-pi^2 s^2) terms): lags 1 and 2 along x and y, FWHM 4 px, interior pixels, 30 maps. */
static void test_smoothed_correlation(void **state)
{
    (void)state;
    const int n = 128, maps = 30;
    const double fwhm = 4.0, s = fwhm * FWHM_TO_SIGMA;
    lg_config cfg = noise_cfg(LG_NOISE_GAUSSIAN, n, 64.0, 1.0, fwhm);
    lg_noise *nz = lg_noise_create(&cfg, 1);
    assert_non_null(nz);
    float *zero = calloc((size_t)n * n, sizeof(float)), *out = malloc(sizeof(float) * n * n);
    assert_non_null(zero);
    assert_non_null(out);
    const int lo = 10, hi = n - 12;
    double c0 = 0, cx[3] = {0}, cy[3] = {0};
    for (int m = 0; m < maps; ++m) {
        lg_noise_apply(nz, 0, (uint64_t)m, zero, out, NULL);
        for (int iy = lo; iy < hi; ++iy)
            for (int ix = lo; ix < hi; ++ix) {
                double v = out[iy * n + ix];
                c0 += v * v;
                for (int d = 1; d <= 2; ++d) {
                    cx[d] += v * out[iy * n + ix + d];
                    cy[d] += v * out[(iy + d) * n + ix];
                }
            }
    }
    for (int d = 1; d <= 2; ++d) {
        double want = exp(-(double)d * d / (4.0 * s * s));
        printf("lag %d: corr x %.4f y %.4f expected %.4f\n", d, cx[d] / c0, cy[d] / c0, want);
        assert_true(fabs(cx[d] / c0 - want) < 0.01);
        assert_true(fabs(cy[d] / c0 - want) < 0.01);
    }
    free(zero);
    free(out);
    lg_noise_free(nz);
}

/* The 1-D unit-sum Gaussian's weight inside a map of n pixels, seen from pixel i. */
static double inside_weight(int i, int n, double s)
{
    double in = 0.0, all = 0.0;
    for (int d = -60; d <= 60; ++d) {
        double k = exp(-0.5 * d * d / (s * s));
        all += k;
        in += (i + d >= 0 && i + d < n) ? k : 0.0;
    }
    return in / all;
}

/* lg_smooth is a linear (non-wrapping) convolution with the unit-sum Gaussian, renormalised to
 * the kernel weight inside the map: a delta near the left (and top) edge gives exactly the
 * kernel exp(-r^2/(2 s^2)) / (2 pi s^2) around it divided by that weight at each output pixel
 * (normaliser 2 pi s^2 by Poisson summation, exact to exp(-2 pi^2 s^2)), and nothing (< 1e-6)
 * at the opposite edges, where a periodic convolution would put the kernel's tail. */
static void test_smooth_no_wrap(void **state)
{
    (void)state;
    const int sizes[2] = {64, 37};
    const double s = 2.0;
    for (int t = 0; t < 2; ++t) {
        const int n = sizes[t], x0 = 2, y0 = n - 2;
        lg_smoother *sm = lg_smoother_create(n, s / FWHM_TO_SIGMA, 1);
        assert_non_null(sm);
        float *map = calloc((size_t)n * n, sizeof(float));
        assert_non_null(map);
        map[y0 * n + x0] = 1.0f;
        lg_smooth(sm, 0, map);
        double worst_k = 0.0, worst_far = 0.0;
        for (int iy = 0; iy < n; ++iy)
            for (int ix = 0; ix < n; ++ix) {
                double v = map[iy * n + ix];
                int dx = ix - x0, dy = iy - y0;
                if (abs(dx) <= 10 && abs(dy) <= 10) {
                    double k = exp(-(dx * dx + dy * dy) / (2 * s * s)) / (2 * LG_PI * s * s);
                    /* renormalised by the kernel weight inside the map at the output pixel */
                    k /= inside_weight(ix, n, s) * inside_weight(iy, n, s);
                    worst_k = fmax(worst_k, fabs(v - k));
                }
                if (ix >= n - 8 || iy < 8)
                    worst_far = fmax(worst_far, fabs(v));
            }
        printf("n %d: |smoothed delta - kernel| <= %.3g, opposite edges |v| <= %.3g\n", n, worst_k,
               worst_far);
        assert_true(worst_k < 1e-6);
        assert_true(worst_far < 1e-6);
        free(map);
        lg_smoother_free(sm);
    }
}

/* The kernel has unit sum and is renormalised at the edges: a constant map stays constant
 * everywhere, corners included (to float rounding), and sum K^2 = 1/(4 pi s^2). */
static void test_smooth_constant(void **state)
{
    (void)state;
    const int n = 96;
    const double s = 2.5;
    lg_smoother *sm = lg_smoother_create(n, s / FWHM_TO_SIGMA, 2);
    assert_non_null(sm);
    assert_true(fabs(lg_smoother_kernel_norm2(sm) * 4.0 * LG_PI * s * s - 1.0) < 1e-9);
    float *map = malloc(sizeof(float) * n * n);
    assert_non_null(map);
    for (int i = 0; i < n * n; ++i)
        map[i] = 0.37f;
    lg_smooth(sm, 1, map);
    double worst = 0.0;
    for (int i = 0; i < n * n; ++i)
        worst = fmax(worst, fabs(map[i] - 0.37));
    printf("constant map: max deviation %.3g (corners included)\n", worst);
    assert_true(worst < 1e-6);
    free(map);
    lg_smoother_free(sm);
}

/* Poisson noise (docs/physics.md §5.3): counts = (noisy + background) * exposure are integers (true
 * deviates, not a Gaussian), and per kappa level the mean of noisy is kappa and its variance
 * (kappa + background)/exposure, within 5 SE (SE(var) = sqrt((lam + 2 lam^2)/N)/exposure^2).
 * Levels give lam = 5 .. 23, both lg_poisson branches. */
static void test_poisson_noise(void **state)
{
    (void)state;
    const int n = 32, maps = 200, levels = 10;
    lg_config cfg = noise_cfg(LG_NOISE_POISSON, n, 16.0, 0.0, 0.0);
    lg_noise *nz = lg_noise_create(&cfg, 1);
    assert_non_null(nz);
    float *kappa = malloc(sizeof(float) * n * n), *out = malloc(sizeof(float) * n * n);
    assert_non_null(kappa);
    assert_non_null(out);
    for (int i = 0; i < n * n; ++i)
        kappa[i] = 0.02f * (float)(i % levels);
    double s[10] = {0}, s2[10] = {0}, cnt[10] = {0};
    const double ex = cfg.exposure, bg = cfg.background;
    for (int m = 0; m < maps; ++m) {
        lg_noise_apply(nz, 0, (uint64_t)m, kappa, out, NULL);
        for (int i = 0; i < n * n; ++i) {
            double counts = ((double)out[i] + bg) * ex;
            assert_true(fabs(counts - nearbyint(counts)) < 1e-3);
            double d = (double)out[i] - kappa[i];
            s[i % levels] += d;
            s2[i % levels] += d * d;
            cnt[i % levels] += 1;
        }
    }
    for (int l = 0; l < levels; ++l) {
        const double k = 0.02f * (float)l, lam = (k + bg) * ex, N = cnt[l];
        const double mean = s[l] / N, var = s2[l] / N - mean * mean, want = lam / (ex * ex);
        const double tol_m = 5.0 * sqrt(want / N);
        const double tol_v = 5.0 * sqrt((lam + 2 * lam * lam) / N) / (ex * ex);
        printf("Poisson lam %5.1f: mean-kappa %+.2e (5 SE %.1e), var %.5f expected %.5f\n", lam,
               mean, tol_m, var, want);
        assert_true(fabs(mean) < tol_m);
        assert_true(fabs(var - want) < tol_v);
    }
    free(kappa);
    free(out);
    lg_noise_free(nz);
}

/* noise type "none" copies kappa unchanged. */
static void test_no_noise(void **state)
{
    (void)state;
    lg_config cfg = noise_cfg(LG_NOISE_NONE, 16, 8.0, 0.1, 0.0);
    lg_noise *nz = lg_noise_create(&cfg, 1);
    assert_non_null(nz);
    float *kappa = make_kappa(16), out[256];
    lg_noise_apply(nz, 0, 3, kappa, out, NULL);
    assert_memory_equal(out, kappa, sizeof out);
    free(kappa);
    lg_noise_free(nz);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_white_sigma),     cmocka_unit_test(test_shape_noise),
        cmocka_unit_test(test_smoothed_sigma),  cmocka_unit_test(test_smoothed_correlation),
        cmocka_unit_test(test_smooth_no_wrap),  cmocka_unit_test(test_smooth_constant),
        cmocka_unit_test(test_poisson_noise),   cmocka_unit_test(test_no_noise),
        cmocka_unit_test(test_smoothed_signal), cmocka_unit_test(test_snr),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
