/* test_source_clumps.c: the source's Gaussian clumps (source_light.h, lens.c) against analytic
 * results:
 *   - the source map (no lens) of a Sersic with three clumps sums to the Sersic's total rate plus
 *     10^(-0.4 (mag - zero point)) per clump;
 *   - one clump's map has its centre as centroid and second moment sigma^2 + d^2 (1 - 1/k^2)/12
 *     (pixel d, k x k sub-pixels: the mean of a pixel's sub-pixel offsets squared, Sheppard's
 *     d^2/12 as k grows);
 *   - behind an SIS at beta < theta_E a clump of sigma << beta is magnified in total by
 *     2 theta_E <1/|beta|> (the images' |mu| = theta_E/|beta| +- 1), the mean over the Gaussian
 *     = (2 theta_E / beta)(1 + sigma^2 / (2 beta^2) + 9 sigma^4 / (8 beta^4) + ...);
 *   - drawing: reproducible, clump k's values are the same whatever n_clumps, the rest of the
 *     sample is untouched by clumps, NaN beyond n_clumps, and uniform(0, 4) rounds to 0..4 with
 *     probabilities 1/8, 1/4, 1/4, 1/4, 1/8. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "constants.h"
#include "cosmology.h"
#include "deck.h"
#include "imaging.h"
#include "profile_eval.h"

#define ZP 25.0 /* zero point of the tests' magnitudes */

static double rate_of(double mag)
{
    return pow(10.0, -0.4 * (mag - ZP));
}

/* A source of a round Sersic (index n, r_e, total `rate` e-/s; rate 0: none) at (x, y) and the
 * clumps (offsets dx, dy, sigma, mag) given. */
static lg_source source_with(double x, double y, double n, double r_e, double rate, int n_clumps,
                             const double clumps[][4])
{
    lg_lens l = {0};
    l.src_n = n;
    l.src_r_e = r_e;
    l.src_x = x;
    l.src_y = y;
    l.src_amp = rate / lg_sersic_total(1.0, r_e, n, lg_sersic_b_n(n));
    l.n_clumps = n_clumps;
    for (int k = 0; k < n_clumps; ++k) {
        l.clump_x[k] = clumps[k][0];
        l.clump_y[k] = clumps[k][1];
        l.clump_sigma[k] = clumps[k][2];
        l.clump_mag[k] = clumps[k][3];
    }
    return lg_source_of(&l, ZP);
}

static double sum(const float *m, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; ++i)
        s += m[i];
    return s;
}

static void test_total_rate(void **state)
{
    (void)state;
    /* n = 1/2: a smooth Sersic, so the sub-pixel sums converge fast; all light within 2" */
    const double clumps[3][4] = {
        {0.12, -0.05, 0.03, 24.0}, {-0.2, 0.15, 0.05, 24.5}, {0.05, 0.25, 0.02, 25.3}};
    const lg_source s = source_with(0.1, -0.07, 0.5, 0.2, 100.0, 3, clumps);
    const lg_grid g = lg_grid_make(160, 2.0);
    const lg_lens_model none = {.n = 0};
    float *source = malloc(sizeof(float) * 160 * 160);
    lg_image_render(&none, &s, &g, 4, NULL, source);
    const double want = 100.0 + rate_of(24.0) + rate_of(24.5) + rate_of(25.3);
    const double got = sum(source, 160 * 160);
    printf(
        "Sersic + 3 clumps: source map sums to %.8f e-/s, Sersic + clump rates %.8f (rel %.1e)\n",
        got, want, got / want - 1.0);
    assert_true(fabs(got / want - 1.0) < 1e-6);
    free(source);
}

static void test_second_moment(void **state)
{
    (void)state;
    const int n = 128;
    const double sigma = 0.05, cx = 0.0123, cy = -0.0071;
    const double clump[1][4] = {{0.0, 0.0, sigma, 23.0}};
    const lg_source s = source_with(cx, cy, 1.0, 1.0, 0.0, 1, clump);
    const lg_grid g = lg_grid_make(n, 1.6);
    const lg_lens_model none = {.n = 0};
    float *map = malloc(sizeof(float) * n * n);
    const double d = g.pixel_d;
    for (int k = 1; k <= 4; k += 3) {
        lg_image_render(&none, &s, &g, k, NULL, map);
        double f = 0.0, mx = 0.0, my = 0.0, vx = 0.0, vy = 0.0;
        for (int iy = 0; iy < n; ++iy)
            for (int ix = 0; ix < n; ++ix) {
                const double v = map[iy * n + ix], x = lg_pixel_center_d(&g, ix),
                             y = lg_pixel_center_d(&g, iy);
                f += v;
                mx += v * x;
                my += v * y;
            }
        mx /= f;
        my /= f;
        for (int iy = 0; iy < n; ++iy)
            for (int ix = 0; ix < n; ++ix) {
                const double v = map[iy * n + ix], x = lg_pixel_center_d(&g, ix) - mx,
                             y = lg_pixel_center_d(&g, iy) - my;
                vx += v * x * x;
                vy += v * y * y;
            }
        const double want = sigma * sigma + d * d * (1.0 - 1.0 / (k * k)) / 12.0;
        printf("clump sigma %.3f, pixel %.4f, k = %d: centroid (%.2e, %.2e) off, <x^2> %.9g, "
               "<y^2> %.9g, sigma^2 + d^2 (1 - 1/k^2)/12 = %.9g (sigma^2 %.9g)\n",
               sigma, d, k, mx - cx, my - cy, vx / f, vy / f, want, sigma * sigma);
        assert_true(fabs(mx - cx) < 1e-7 && fabs(my - cy) < 1e-7);
        assert_true(fabs(vx / f / want - 1.0) < 1e-6 && fabs(vy / f / want - 1.0) < 1e-6);
        assert_true(fabs(f / rate_of(23.0) - 1.0) < 1e-6);
    }
    free(map);
}

static void test_sis_magnification(void **state)
{
    (void)state;
    const double theta_e = 1.0, beta = 0.3, sigma = 0.01;
    /* the source centre off the clump's: only the clump's centre beta matters */
    const double clump[1][4] = {{0.07, 0.0, sigma, 22.0}};
    const lg_source s = source_with(beta - 0.07, 0.0, 1.0, 1.0, 0.0, 1, clump);
    const lg_grid g = lg_grid_make(200, 2.0);
    lg_lens_model m = {.n = 1};
    m.c[0] = (lg_component){.type = LG_COMP_SIS, .theta_e = theta_e, .q = 1.0};
    float *image = malloc(sizeof(float) * 200 * 200);
    lg_image_render(&m, &s, &g, 5, image, NULL);
    const double mu = sum(image, 200 * 200) / rate_of(22.0), point = 2.0 * theta_e / beta;
    /* <1/|beta|> over the Gaussian: 1/beta (1 + t/2 + 9 t^2/8 + ...), t = (sigma/beta)^2 (the
     * Laplacians of 1/r and 1/r^3 in 2-D are 1/r^3 and 9/r^5) */
    const double t = sigma * sigma / (beta * beta), finite = point * (1.0 + t / 2 + 9 * t * t / 8);
    printf("SIS, clump sigma/beta = %.4f: total |mu| %.9f, point source %.9f (rel %.2e), to "
           "(sigma/beta)^4 %.9f (rel %.2e)\n",
           sigma / beta, mu, point, mu / point - 1.0, finite, mu / finite - 1.0);
    /* within (sigma/beta)^2 of a point; the expansion's next term is ~5 (sigma/beta)^6. The
     * bound is the float32 rays' rounding (ray_shoot.h; 3.9e-7 measured), below the t^2 term
     * (9 t^2/8 = 1.4e-6) that it still resolves */
    assert_true(fabs(mu / point - 1.0) < t);
    assert_true(fabs(mu / finite - 1.0) < 7e-7);
    free(image);
}

#define DECK                                                                                       \
    "n_samples = 100000\nseed = 9\n[lens]\nprofile = sis\n[source]\n"                              \
    "mag = uniform(21, 23)\nr_e = uniform(0.1, 0.3)\n"                                             \
    "clump_mag = uniform(23, 26)\nclump_sigma = loguniform(0.01, 0.1)\n"                           \
    "clump_x = normal(0, 0.1, -0.3, 0.3)\nclump_y = uniform(-0.25, 0.25)\n"                        \
    "[output]\nmaps = kappa, image\n"

static lg_config config_with(const char *n_clumps)
{
    char set[64];
    snprintf(set, sizeof set, "source.n_clumps=%s", n_clumps);
    char *over[1] = {set};
    lg_config cfg;
    assert_int_equal(lg_deck_parse_text("test_source_clumps", DECK, over, 1, &cfg, stderr), 0);
    return cfg;
}

/* The lens without its clumps: every clump field as for n_clumps = 0. */
static void drop_clumps(lg_lens *l)
{
    l->n_clumps = 0;
    for (int k = 0; k < LG_MAX_CLUMPS; ++k)
        l->clump_x[k] = l->clump_y[k] = l->clump_sigma[k] = l->clump_mag[k] = NAN;
}

static void test_draws(void **state)
{
    (void)state;
    lg_cosmology cosmo;
    lg_cosmology_init(&cosmo, 70.0, 0.3);
    const lg_config c0 = config_with("0"), c3 = config_with("3"), c5 = config_with("5");
    for (uint64_t i = 0; i < 200; ++i) {
        lg_lens l0, l3, l5, again;
        lg_lens_draw(&c0, &cosmo, i, &l0);
        lg_lens_draw(&c3, &cosmo, i, &l3);
        lg_lens_draw(&c5, &cosmo, i, &l5);
        lg_lens_draw(&c5, &cosmo, i, &again);
        assert_memory_equal(&l5, &again, sizeof l5); /* reproducible */
        assert_int_equal(l0.n_clumps, 0);
        assert_int_equal(l3.n_clumps, 3);
        assert_int_equal(l5.n_clumps, 5);
        for (int k = 0; k < LG_MAX_CLUMPS; ++k) {
            if (k < 3) { /* the same values, bit for bit, whatever n_clumps */
                assert_memory_equal(&l3.clump_x[k], &l5.clump_x[k], sizeof(double));
                assert_memory_equal(&l3.clump_y[k], &l5.clump_y[k], sizeof(double));
                assert_memory_equal(&l3.clump_sigma[k], &l5.clump_sigma[k], sizeof(double));
                assert_memory_equal(&l3.clump_mag[k], &l5.clump_mag[k], sizeof(double));
            } else {
                assert_true(isnan(l3.clump_x[k]) && isnan(l3.clump_y[k]) &&
                            isnan(l3.clump_sigma[k]) && isnan(l3.clump_mag[k]));
            }
            if (k < 5) /* within the deck's distributions */
                assert_true(fabs(l5.clump_x[k]) <= 0.3 && fabs(l5.clump_y[k]) <= 0.25 &&
                            l5.clump_sigma[k] >= 0.01 && l5.clump_sigma[k] <= 0.1 &&
                            l5.clump_mag[k] >= 23.0 && l5.clump_mag[k] <= 26.0);
            else
                assert_true(isnan(l5.clump_x[k]) && isnan(l5.clump_mag[k]));
        }
        /* everything else of the sample as without clumps */
        drop_clumps(&l5);
        drop_clumps(&l0);
        assert_memory_equal(&l5, &l0, sizeof l5);
    }
    /* uniform(0, 4) rounded: 0 and 4 from half-width intervals */
    const lg_config cu = config_with("uniform(0, 4)");
    const int n = 8000;
    int count[LG_MAX_CLUMPS + 1] = {0};
    for (int i = 0; i < n; ++i) {
        lg_lens l;
        lg_lens_draw(&cu, &cosmo, (uint64_t)i, &l);
        assert_true(l.n_clumps >= 0 && l.n_clumps <= 4);
        ++count[l.n_clumps];
    }
    for (int c = 0; c <= 4; ++c) {
        const double p = c == 0 || c == 4 ? 0.125 : 0.25, sd = sqrt(n * p * (1.0 - p));
        printf(
            "n_clumps = uniform(0, 4): %d of %d samples have %d clumps (expected %.0f +- %.0f)\n",
            count[c], n, c, n * p, sd);
        assert_true(fabs(count[c] - n * p) < 5.0 * sd);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_total_rate),
        cmocka_unit_test(test_second_moment),
        cmocka_unit_test(test_sis_magnification),
        cmocka_unit_test(test_draws),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
