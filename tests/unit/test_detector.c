/* test_detector.c: the detector model (detector.c, docs/physics.md §13.2) and the instrument
 * presets (instrument.c, §13.3): magnitudes to rates, the sky per pixel, the mean and variance of
 * the noisy image against (S + B)/t + (r^2 + g^2/12)/t^2 in the inversion (lambda < 10) and
 * rejection (lambda >= 10) ranges of the Poisson sampler, the count distribution itself,
 * reproducibility by (seed, index), and the presets. Random streams are seeded, so the
 * statistical checks are deterministic; tolerances are 4 standard errors of each estimator
 * (the variance's from the sample's fourth moment). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>

#include "detector.h"
#include "instrument.h"
#include "psf.h"

#define SEED 20240611u

/* mean, variance and the standard errors of both over `samples` maps of n pixels of the
 * constant rate `rate` */
typedef struct {
    double mean, var, se_mean, se_var;
} moments;

static moments measure(const lg_detector *d, float rate, size_t n, int samples, uint64_t seed)
{
    float *img = malloc(sizeof(float) * n), *out = malloc(sizeof(float) * n);
    assert_non_null(img);
    assert_non_null(out);
    for (size_t i = 0; i < n; ++i)
        img[i] = rate;
    double s1 = 0.0;
    const double N = (double)n * samples;
    /* two passes (mean, then central moments): the maps are regenerated, they are pure
     * functions of (seed, index) */
    for (int m = 0; m < samples; ++m) {
        lg_detector_apply(d, seed, (uint64_t)m, img, out, n);
        for (size_t i = 0; i < n; ++i)
            s1 += out[i];
    }
    const double mean = s1 / N;
    double m2 = 0.0, m4 = 0.0;
    for (int m = 0; m < samples; ++m) {
        lg_detector_apply(d, seed, (uint64_t)m, img, out, n);
        for (size_t i = 0; i < n; ++i) {
            const double x = (out[i] - mean) * (out[i] - mean);
            m2 += x;
            m4 += x * x;
        }
    }
    moments r;
    r.mean = mean;
    r.var = m2 / (N - 1.0);
    r.se_mean = sqrt(r.var / N);
    r.se_var = sqrt(fmax(m4 / N - (m2 / N) * (m2 / N), 0.0) / N);
    free(img);
    free(out);
    return r;
}

/* 5 magnitudes are a factor 100 in rate; the zero point gives 1 e-/s; the sky per pixel is
 * rate(sky_mag) * pixel^2, by hand: zp 25, sky 22.5 mag/arcsec^2, 0.1" pixels: 10 e-/s/arcsec^2
 * * 0.01 arcsec^2 = 0.1 e-/s. */
static void test_magnitudes(void **state)
{
    (void)state;
    assert_true(fabs(lg_mag_to_rate(25.0, 25.0) - 1.0) < 1e-15);
    for (double m = 15.0; m <= 30.0; m += 1.25) {
        const double r = lg_mag_to_rate(m, 27.3) / lg_mag_to_rate(m + 5.0, 27.3);
        assert_true(fabs(r / 100.0 - 1.0) < 1e-13);
    }
    assert_true(fabs(lg_mag_to_rate(22.5, 25.0) / pow(10.0, 1.0) - 1.0) < 1e-14);
    assert_true(lg_mag_to_rate(26.0, 25.0) < 1.0); /* fainter: fewer electrons */
    lg_detector d = {.exposure_s = 100, .sky_mag = 22.5, .zero_point = 25.0, .pixel_arcsec = 0.1};
    printf("sky rate %.15g e-/s per pixel (by hand 0.1)\n", lg_detector_sky_rate(&d));
    assert_true(fabs(lg_detector_sky_rate(&d) / 0.1 - 1.0) < 1e-14);
}

/* Mean and variance of the noisy image for a constant rate over 4096 pixels x 64 maps:
 * (a) lambda = (S + B) t = 3 electrons (inversion), read noise 3 e-, gain 4 e-/ADU: the
 *     digitisation's g^2/12 = 1.33 e^2 is 10 % of the variance (4 SE of the variance: 1.2 %),
 *     so a model without it fails; Sheppard's correction is exact here to exp(-2 pi^2 r^2/g^2)
 *     = 2e-5;
 * (b) lambda = 50 (rejection sampler), read noise 5, gain 0 (no ADC): the bare
 *     (S + B)/t + r^2/t^2;
 * (c) the HST preset, 1 e-/s source on its sky over 1402.9 s (lambda ~ 2100), sky subtracted;
 * (d) the LSST preset, a source of 0 e-/s, sky subtracted: mean 0, sky-dominated variance. */
static void test_mean_and_variance(void **state)
{
    (void)state;
    lg_instrument hst, lsst;
    assert_int_equal(lg_instrument_find("hst_wfc3_f160w", &hst), 0);
    assert_int_equal(lg_instrument_find("lsst_r", &lsst), 0);
    struct {
        const char *what;
        lg_detector d;
        float rate;
    } cases[4] = {
        /* sky 1 e-/s/arcsec^2 = 0.01 e-/s per pixel: lambda = (0.02 + 0.01) 100 = 3 */
        {"lambda 3, r 3, g 4",
         {.exposure_s = 100,
          .sky_mag = 25,
          .zero_point = 25,
          .pixel_arcsec = 0.1,
          .read_noise_e = 3,
          .gain = 4},
         0.02f},
        /* sky 12.5 e-/s/arcsec^2 = 0.5 e-/s per pixel: lambda = (2 + 0.5) 20 = 50 */
        {"lambda 50, r 5, g 0",
         {.exposure_s = 20,
          .sky_mag = 25 - 2.5 * 1.0969100130080565,
          .zero_point = 25,
          .pixel_arcsec = 0.2,
          .read_noise_e = 5,
          .gain = 0},
         2.0f},
        {"hst preset, 1 e-/s, sky subtracted", lg_instrument_detector(&hst, 1), 1.0f},
        {"lsst preset, 0 e-/s, sky subtracted", lg_instrument_detector(&lsst, 1), 0.0f},
    };
    for (int c = 0; c < 4; ++c) {
        const lg_detector *d = &cases[c].d;
        const double sky = lg_detector_sky_rate(d), t = d->exposure_s;
        const double want_mean = cases[c].rate + (d->subtract_sky ? 0.0 : sky);
        const double want_var = lg_detector_variance(d, cases[c].rate);
        const moments m = measure(d, cases[c].rate, 4096, 64, SEED + (uint64_t)c);
        printf("%s: lambda %.4g e-; mean %.7g (expected %.7g, 4 SE %.2g); variance %.7g "
               "(expected %.7g, 4 SE %.2g)\n",
               cases[c].what, (cases[c].rate + sky) * t, m.mean, want_mean, 4 * m.se_mean, m.var,
               want_var, 4 * m.se_var);
        assert_true(fabs(m.mean - want_mean) < 4.0 * m.se_mean);
        assert_true(fabs(m.var - want_var) < 4.0 * m.se_var);
        if (c == 0) { /* the quantisation term is resolved: leaving it out fails */
            const double no_q = want_var - d->gain * d->gain / 12.0 / (t * t);
            assert_true(fabs(m.var - no_q) > 4.0 * m.se_var);
        }
        if (c == 1) /* gain 0: exactly the formula of detector.h without quantisation */
            assert_true(fabs(want_var - ((cases[c].rate + sky) / t + 25.0 / (t * t))) <
                        1e-15 * want_var);
    }
}

/* Without read noise or ADC the counts are Poisson deviates: out * t is a whole number and the
 * frequency of each k = 0..12 for lambda = 4 matches e^-lambda lambda^k / k! within 4 SE
 * (binomial), over 2^18 pixels. */
static void test_counts_are_poisson(void **state)
{
    (void)state;
    lg_detector d = {.exposure_s = 2.0, .sky_mag = 40.0, .zero_point = 25.0, .pixel_arcsec = 0.1};
    const size_t n = 1u << 18;
    float *img = malloc(sizeof(float) * n), *out = malloc(sizeof(float) * n);
    assert_non_null(img);
    assert_non_null(out);
    const double sky = lg_detector_sky_rate(&d), lam = 4.0;
    for (size_t i = 0; i < n; ++i)
        img[i] = (float)(lam / d.exposure_s - sky);
    lg_detector_apply(&d, SEED, 7, img, out, n);
    long hist[13] = {0};
    for (size_t i = 0; i < n; ++i) {
        const double k = out[i] * d.exposure_s;
        assert_true(k == floor(k) && k >= 0.0);
        if (k < 13)
            hist[(int)k]++;
    }
    double p = exp(-lam);
    for (int k = 0; k < 13; ++k) {
        const double want = p * (double)n, se = sqrt((double)n * p * (1.0 - p));
        printf("k = %2d: %6ld (expected %9.1f, 4 SE %.1f)\n", k, hist[k], want, 4 * se);
        assert_true(fabs(hist[k] - want) < 4.0 * se + 1e-9);
        p *= lam / (k + 1);
    }
    free(img);
    free(out);
}

/* The same (seed, index) gives the same bits (also in place); another index or seed gives
 * another map (every pixel differs but those the ADC rounds to the same ADU). */
static void test_reproducible(void **state)
{
    (void)state;
    lg_instrument ins;
    assert_int_equal(lg_instrument_find("euclid_vis", &ins), 0);
    const lg_detector d = lg_instrument_detector(&ins, 1);
    const size_t n = 64 * 64;
    float *img = malloc(sizeof(float) * n), *a = malloc(sizeof(float) * n);
    float *b = malloc(sizeof(float) * n), *c = malloc(sizeof(float) * n);
    assert_non_null(img);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    for (size_t i = 0; i < n; ++i)
        img[i] = (float)(5.0 * exp(-(double)((i % 64 - 32) * (i % 64 - 32)) / 50.0));
    lg_detector_apply(&d, SEED, 12345, img, a, n);
    lg_detector_apply(&d, SEED, 12345, img, b, n);
    assert_memory_equal(a, b, sizeof(float) * n);
    memcpy(c, img, sizeof(float) * n);
    lg_detector_apply(&d, SEED, 12345, c, c, n); /* in place */
    assert_memory_equal(a, c, sizeof(float) * n);
    lg_detector_apply(&d, SEED, 12346, img, b, n);
    lg_detector_apply(&d, SEED + 1, 12345, img, c, n);
    size_t diff_index = 0, diff_seed = 0;
    for (size_t i = 0; i < n; ++i) {
        diff_index += a[i] != b[i];
        diff_seed += a[i] != c[i];
    }
    printf("pixels that differ: other index %zu / %zu, other seed %zu / %zu\n", diff_index, n,
           diff_seed, n);
    /* the preset's ADC rounds to 3.4 e-: two independent draws with a spread of ~3.4 ADU
     * coincide for ~8 % of pixels */
    assert_true(diff_index > 0.8 * n && diff_seed > 0.8 * n);
    lg_detector d0 = d; /* without the ADC the values are continuous: all differ */
    d0.gain = 0.0;
    lg_detector_apply(&d0, SEED, 12345, img, a, n);
    lg_detector_apply(&d0, SEED, 12346, img, b, n);
    diff_index = 0;
    for (size_t i = 0; i < n; ++i)
        diff_index += a[i] != b[i];
    assert_true(diff_index == n);
    free(img);
    free(a);
    free(b);
    free(c);
}

/* Every preset named in LG_INSTRUMENT_NAMES exists; the real ones have positive values, a
 * Gaussian or Moffat PSF (beta > 1 for Moffat), a detector that lg_detector_check accepts and
 * whose PSF lg_psf_create builds; "none" sets nothing; unknown names give -1 and leave *out. */
static void test_presets(void **state)
{
    (void)state;
    char names[] = LG_INSTRUMENT_NAMES, err[256];
    int count = 0;
    for (char *tok = strtok(names, "|"); tok; tok = strtok(NULL, "|")) {
        lg_instrument ins;
        memset(&ins, 0xff, sizeof ins);
        assert_int_equal(lg_instrument_find(tok, &ins), 0);
        assert_string_equal(ins.name, tok);
        ++count;
        if (strcmp(tok, "none") == 0) {
            assert_int_equal(ins.psf_type, LG_PSF_NONE);
            assert_true(ins.pixel_arcsec == 0.0 && ins.exposure_s == 0.0 && ins.zero_point == 0.0 &&
                        ins.psf_fwhm_arcsec == 0.0);
            continue;
        }
        const lg_detector d = lg_instrument_detector(&ins, 0);
        printf("%-15s pixel %.3f\" psf %d fwhm %.3f\" beta %.3f zp %.3f read %.1f e- sky %.2f "
               "exposure %.1f s gain %.1f: sky %.4g e-/s/pixel, %.4g e- per exposure\n",
               ins.name, ins.pixel_arcsec, ins.psf_type, ins.psf_fwhm_arcsec, ins.moffat_beta,
               ins.zero_point, ins.read_noise_e, ins.sky_mag, ins.exposure_s, ins.gain,
               lg_detector_sky_rate(&d), lg_detector_sky_rate(&d) * ins.exposure_s);
        assert_true(ins.pixel_arcsec > 0 && ins.psf_fwhm_arcsec > 0 && ins.zero_point > 0 &&
                    ins.read_noise_e > 0 && ins.sky_mag > 0 && ins.exposure_s > 0 && ins.gain > 0);
        assert_true(ins.psf_type == LG_PSF_GAUSSIAN || ins.psf_type == LG_PSF_MOFFAT);
        assert_true(ins.psf_type != LG_PSF_MOFFAT || ins.moffat_beta > 1.0);
        assert_int_equal(lg_detector_check(&d, err, sizeof err), 0);
        assert_true(d.exposure_s == ins.exposure_s && d.gain == ins.gain &&
                    d.read_noise_e == ins.read_noise_e && d.sky_mag == ins.sky_mag &&
                    d.zero_point == ins.zero_point && d.pixel_arcsec == ins.pixel_arcsec &&
                    d.subtract_sky == 0);
        /* sanity of units: a few to a few thousand sky electrons per pixel per exposure, the
         * PSF 1 to 5 pixels wide */
        const double sky_e = lg_detector_sky_rate(&d) * ins.exposure_s;
        assert_true(sky_e > 10.0 && sky_e < 1e4);
        assert_true(ins.psf_fwhm_arcsec / ins.pixel_arcsec > 1.0 &&
                    ins.psf_fwhm_arcsec / ins.pixel_arcsec < 5.0);
        lg_psf *p = lg_psf_create(ins.psf_type, 64, ins.pixel_arcsec, ins.psf_fwhm_arcsec,
                                  ins.moffat_beta, NULL, 0.0, 1, err, sizeof err);
        assert_non_null(p);
        lg_psf_free(p);
    }
    assert_int_equal(count, 4);
    lg_instrument ins = {.name = "kept"};
    assert_int_equal(lg_instrument_find("hst", &ins), -1);
    assert_int_equal(lg_instrument_find("LSST_R", &ins), -1);
    assert_int_equal(lg_instrument_find("", &ins), -1);
    assert_int_equal(lg_instrument_find(NULL, &ins), -1);
    assert_string_equal(ins.name, "kept");
}

/* lg_detector_check names the field, its value and the range. */
static void test_check(void **state)
{
    (void)state;
    lg_instrument ins;
    assert_int_equal(lg_instrument_find("lsst_r", &ins), 0);
    char err[256];
    const struct {
        size_t offset;
        double value;
        const char *name;
    } bad[] = {
        {offsetof(lg_detector, exposure_s), 0.0, "exposure_s = 0"},
        {offsetof(lg_detector, exposure_s), NAN, "exposure_s = nan"},
        {offsetof(lg_detector, pixel_arcsec), -0.1, "pixel_arcsec = -0.1"},
        {offsetof(lg_detector, gain), -1.0, "gain = -1"},
        {offsetof(lg_detector, read_noise_e), INFINITY, "read_noise_e = inf"},
        {offsetof(lg_detector, zero_point), NAN, "zero_point = nan"},
        {offsetof(lg_detector, sky_mag), -30.0, "sky_mag = -30"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
        lg_detector d = lg_instrument_detector(&ins, 1);
        memcpy((char *)&d + bad[i].offset, &bad[i].value, sizeof(double));
        assert_int_equal(lg_detector_check(&d, err, sizeof err), -1);
        printf("%s\n", err);
        assert_non_null(strstr(err, bad[i].name));
        assert_non_null(strstr(err, "must be"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_magnitudes),
        cmocka_unit_test(test_mean_and_variance),
        cmocka_unit_test(test_counts_are_poisson),
        cmocka_unit_test(test_reproducible),
        cmocka_unit_test(test_presets),
        cmocka_unit_test(test_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
