/* test_imaging.c: lensed images (imaging.h) against analytic results.
 *   - ray shooting conserves surface brightness: without sub-pixels, each pixel of an SIS's
 *     image is the source's brightness at beta = theta - theta_E theta/|theta| (written out
 *     here, not through the lens model), times the pixel area;
 *   - no lens: the image is the source map, bitwise;
 *   - the source's total rate: the map of a source well inside it sums to
 *     10^(-0.4 (mag - zero point)) (lg_sersic_total's closed form);
 *   - the total magnification of a small source behind an SIS at beta < theta_E is 2 theta_E /
 *     beta (the two images' |mu| = theta_E/beta +- 1). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "imaging.h"
#include "profile_eval.h"

/* A round Sersic source of total rate `rate` (e-/s), without clumps. */
static lg_source round_source(double x, double y, double r_e, double n, double rate)
{
    lg_lens l = {0};
    l.src_r_e = r_e;
    l.src_n = n;
    l.src_x = x;
    l.src_y = y;
    l.src_amp = rate / lg_sersic_total(1.0, r_e, n, lg_sersic_b_n(n));
    return (lg_source){.sersic = lg_source_light(&l)};
}

static lg_lens_model sis(double theta_e)
{
    lg_lens_model m = {.n = 1};
    m.c[0] = (lg_component){.type = LG_COMP_SIS, .theta_e = theta_e, .q = 1.0};
    return m;
}

static void test_surface_brightness_conserved(void **state)
{
    (void)state;
    const lg_grid g = lg_grid_make(40, 2.0);
    const lg_lens_model m = sis(1.1);
    const lg_source s = round_source(0.15, -0.1, 0.3, 1.5, 50.0);
    float *image = malloc(sizeof(float) * 1600);
    lg_image_render(&m, &s, &g, 1, image, NULL);
    double worst = 0.0;
    for (int iy = 0; iy < 40; ++iy)
        for (int ix = 0; ix < 40; ++ix) {
            const double x = lg_pixel_center_d(&g, ix), y = lg_pixel_center_d(&g, iy);
            const double r = hypot(x, y), bx = x - 1.1 * x / r, by = y - 1.1 * y / r;
            const double want = lg_sersic_light_at(&s.sersic, bx, by) * g.pixel_d * g.pixel_d;
            worst = fmax(worst, fabs(image[iy * 40 + ix] - want) / want);
        }
    printf("SIS image vs I(theta - alpha): worst relative difference %.3g\n", worst);
    assert_true(worst < 1e-6);
    free(image);
}

static void test_no_lens_is_source(void **state)
{
    (void)state;
    const lg_grid g = lg_grid_make(32, 1.6);
    const lg_lens_model none = {.n = 0};
    const lg_source s = round_source(0.2, 0.1, 0.25, 2.5, 10.0);
    float image[32 * 32], source[32 * 32];
    lg_image_render(&none, &s, &g, 3, image, source);
    assert_memory_equal(image, source, sizeof image);
}

static void test_total_rate(void **state)
{
    (void)state;
    const lg_grid g = lg_grid_make(120, 3.0);
    const lg_lens_model none = {.n = 0};
    for (int k = 0; k < 3; ++k) {
        const double n = (double[]){0.7, 1.0, 2.0}[k];
        const lg_source s = round_source(0.05, -0.03, 0.2, n, 123.0);
        float *source = malloc(sizeof(float) * 120 * 120);
        lg_image_render(&none, &s, &g, 4, NULL, source);
        double sum = 0.0;
        for (int i = 0; i < 120 * 120; ++i)
            sum += source[i];
        printf("n = %.1f: source map sums to %.5f e-/s of 123\n", n, sum);
        /* the light beyond 15 r_e (outside the map) is < 1e-3 of the total for n <= 2 */
        assert_true(fabs(sum / 123.0 - 1.0) < 2e-3);
        free(source);
    }
}

static void test_sis_total_magnification(void **state)
{
    (void)state;
    const double theta_e = 1.0, beta = 0.3;
    const lg_grid g = lg_grid_make(200, 2.0);
    const lg_lens_model m = sis(theta_e);
    const lg_source s = round_source(beta, 0.0, 0.01, 1.0, 1.0);
    float *image = malloc(sizeof(float) * 200 * 200), *source = malloc(sizeof(float) * 200 * 200);
    lg_image_render(&m, &s, &g, 5, image, source);
    double fi = 0.0, fs = 0.0;
    for (int i = 0; i < 200 * 200; ++i) {
        fi += image[i];
        fs += source[i];
    }
    const double mu = fi / fs, want = 2.0 * theta_e / beta;
    printf("SIS total magnification %.4f, point source %.4f\n", mu, want);
    /* a source of r_e = beta/30: finite-size corrections ~ (r_e/beta)^2 */
    assert_true(fabs(mu / want - 1.0) < 0.01);
    free(image);
    free(source);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_surface_brightness_conserved),
        cmocka_unit_test(test_no_lens_is_source),
        cmocka_unit_test(test_total_rate),
        cmocka_unit_test(test_sis_total_magnification),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
