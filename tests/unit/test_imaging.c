/* test_imaging.c: lensed images (imaging.h) against analytic results.
 *   - ray shooting conserves surface brightness: without sub-pixels, each pixel of an SIS's
 *     image is the source's brightness at beta = theta - theta_E theta/|theta| (written out
 *     here, not through the lens model), times the pixel area;
 *   - no lens: the image is the source map, bitwise;
 *   - the source's total rate: the map of a source well inside it sums to
 *     10^(-0.4 (mag - zero point)) (lg_sersic_total's closed form);
 *   - the total magnification of a small source behind an SIS at beta < theta_E is 2 theta_E /
 *     beta (the two images' |mu| = theta_E/beta +- 1);
 *   - the float32 deflection kernels of the rays (deflection.h) agree with the double-precision
 *     lens model (validated against lenstronomy, validation/) to float rounding, for the point
 *     mass, the SIS and the SIE from q = 1 (its series) to q = 0.3, at radii 1e-3 to 5 arcsec;
 *   - the float32 quadrature of the NFW, cored NFW and Sersic deflections (ray_elliptical.h)
 *     agrees with the double-precision evaluator (validated against lenstronomy and numerical
 *     projection, validation/) for q = 0.3 to 1, Sersic n = 1 to 8, at radii 1e-2 to 10";
 *   - rays that follow deflection maps (output.derived = fft) interpolate them exactly where
 *     the deflection is linear: a mass sheet of convergence k, alpha = k theta, images the
 *     source at beta = (1 - k) theta, i.e. the source magnified by 1/(1 - k) about the origin. */
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
#include "ray_elliptical.h"
#include "ray_shoot.h"

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
    /* rays and brightness are float32 (ray_shoot.h): ~1e-7 arcsec of position times the
     * profile's log-gradient b_n/(n r_e) ~ 7/arcsec, plus expf/logf's ~1e-7 each */
    assert_true(worst < 1e-5);
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

static void test_float_deflection_kernels(void **state)
{
    (void)state;
    const lg_component comps[] = {
        {.type = LG_COMP_POINT, .cx = 0.1, .cy = -0.2, .theta_e = 0.8, .q = 1.0},
        {.type = LG_COMP_SIS, .cx = -0.05, .cy = 0.02, .theta_e = 1.3, .q = 1.0},
        {.type = LG_COMP_SIE, .theta_e = 1.1, .q = 1.0, .phi = 0.3},
        {.type = LG_COMP_SIE, .theta_e = 1.1, .q = 0.9995, .phi = -0.7},
        {.type = LG_COMP_SIE, .theta_e = 1.1, .q = 0.997, .phi = 1.1},
        {.type = LG_COMP_SIE, .cx = 0.07, .cy = 0.03, .theta_e = 0.9, .q = 0.8, .phi = 2.0},
        {.type = LG_COMP_SIE, .theta_e = 1.6, .q = 0.3, .phi = -1.2},
    };
    for (size_t k = 0; k < sizeof comps / sizeof comps[0]; ++k) {
        lg_alpha_par p;
        assert_int_equal(lg_alpha_par_of(&comps[k], &p), 1);
        double worst = 0.0;
        for (int i = 0; i < 4000; ++i) {
            const double r = 1e-3 * pow(5e3, (i % 100) / 99.0), t = 0.0157 * i;
            const double x = comps[k].cx + r * cos(t), y = comps[k].cy + r * sin(t);
            lg_lensq q = {0, 0, 0, 0, 0, 0};
            lg_component_eval(&comps[k], x, y, &q);
            float ax = 0.0f, ay = 0.0f;
            const float dx = (float)x - p.cx, dy = (float)y - p.cy;
            if (p.kind == LG_ALPHA_POINT)
                lg_alpha_point(&p, dx, dy, &ax, &ay);
            else if (p.kind == LG_ALPHA_SIS)
                lg_alpha_sis(&p, dx, dy, &ax, &ay);
            else
                lg_alpha_sie(&p, dx, dy, &ax, &ay);
            worst =
                fmax(worst, hypot(ax - q.alpha_x, ay - q.alpha_y) / hypot(q.alpha_x, q.alpha_y));
        }
        printf("float deflection, component %zu: worst relative difference %.3g\n", k, worst);
        /* float rounding of the offsets (1e-8 arcsec at 0.1": 1e-5 relative at r = 1e-3, as
         * measured for the point mass) and of the atan/log kernels */
        assert_true(worst < 5e-5);
    }
}

static void test_float_elliptical_quadrature(void **state)
{
    (void)state;
    const lg_component comps[] = {
        {.type = LG_COMP_NFW, .kappa_s = 0.15, .theta_s = 6.0, .q = 0.6, .phi = 0.4},
        {.type = LG_COMP_NFW, .cx = 0.1, .kappa_s = 0.3, .theta_s = 2.0, .q = 1.0},
        {.type = LG_COMP_CNFW, .kappa_s = 0.2, .theta_s = 4.0, .beta = 0.1, .q = 0.8, .phi = 1.0},
        {.type = LG_COMP_CNFW, .kappa_s = 0.2, .theta_s = 4.0, .beta = 1.2, .q = 0.7, .phi = -0.3},
        {.type = LG_COMP_SERSIC, .kappa_e = 0.4, .r_e = 0.5, .n = 4.0, .q = 0.7, .phi = 0.2},
        {.type = LG_COMP_SERSIC, .kappa_e = 0.1, .r_e = 1.2, .n = 1.0, .q = 0.3, .phi = 2.2},
        {.type = LG_COMP_SERSIC, .kappa_e = 0.05, .r_e = 0.8, .n = 8.0, .q = 0.9, .phi = 0.0},
    };
    enum { NR = 64 };
    float x[NR], ax[NR], ay[NR], work[4 * NR];
    for (size_t k = 0; k < sizeof comps / sizeof comps[0]; ++k) {
        lg_component c = comps[k];
        if (c.type == LG_COMP_SERSIC)
            c.b_n = lg_sersic_b_n(c.n);
        lg_el_nodes e;
        assert_int_equal(lg_el_nodes_of(&c, &e), 1);
        double worst = 0.0;
        for (int row = 0; row < 24; ++row) {
            const float y = (float)(c.cy + 1e-2 * pow(1e3, row / 23.0) * (row % 2 ? 1 : -1));
            for (int j = 0; j < NR; ++j) {
                x[j] = (float)(c.cx + 10.0 * (j - 31.5) / 31.5);
                ax[j] = ay[j] = 0.0f;
            }
            lg_el_alpha_row(&e, x, y, NR, ax, ay, work);
            for (int j = 0; j < NR; ++j) {
                lg_lensq q = {0, 0, 0, 0, 0, 0};
                lg_component_eval(&c, x[j], y, &q);
                worst = fmax(worst, hypot(ax[j] - q.alpha_x, ay[j] - q.alpha_y) /
                                        hypot(q.alpha_x, q.alpha_y));
            }
        }
        printf("float quadrature, component %zu: worst relative difference %.3g\n", k, worst);
        /* float rounding of 136 node sums (4.6e-6 measured at most, Sersic n = 8) */
        assert_true(worst < 2e-5);
    }
}

static void test_deflection_maps_interpolated(void **state)
{
    (void)state;
    enum { N = 48 };
    const double k = 0.3, half = 2.4;
    const lg_grid g = lg_grid_make(N, half);
    float *ax = malloc(sizeof(float) * N * N), *ay = malloc(sizeof(float) * N * N);
    for (int iy = 0; iy < N; ++iy)
        for (int ix = 0; ix < N; ++ix) {
            ax[iy * N + ix] = (float)(k * lg_pixel_center_d(&g, ix));
            ay[iy * N + ix] = (float)(k * lg_pixel_center_d(&g, iy));
        }
    const lg_lens_model none = {.n = 0};
    const lg_source s = round_source(0.12, -0.08, 0.25, 1.3, 40.0);
    const lg_light_f light = lg_light_kernel(&s);
    /* the same source seen without a lens, every length divided by 1 - k */
    lg_source big = round_source(0.12 / (1 - k), -0.08 / (1 - k), 0.25 / (1 - k), 1.3, 1.0);
    big.sersic.amp = s.sersic.amp;
    const lg_light_f light_big = lg_light_kernel(&big);
    float *image = malloc(sizeof(float) * N * N), *want = malloc(sizeof(float) * N * N);
    assert_int_equal(lg_ray_render(&none, ax, ay, &light, &g, 3, image, NULL), 0);
    assert_int_equal(lg_ray_render(&none, NULL, NULL, &light_big, &g, 3, NULL, want), 0);
    double worst = 0.0, peak = 0.0;
    for (int i = 0; i < N * N; ++i)
        peak = fmax(peak, want[i]);
    /* the outer half pixel is clamped to the outermost centres: compare inside it */
    for (int iy = 1; iy < N - 1; ++iy)
        for (int ix = 1; ix < N - 1; ++ix)
            worst = fmax(worst, fabs(image[iy * N + ix] - want[iy * N + ix]) / peak);
    printf("mass sheet through interpolated deflection maps: worst %.3g of the peak\n", worst);
    assert_true(worst < 2e-6);
    free(ax);
    free(ay);
    free(image);
    free(want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_surface_brightness_conserved),
        cmocka_unit_test(test_no_lens_is_source),
        cmocka_unit_test(test_total_rate),
        cmocka_unit_test(test_sis_total_magnification),
        cmocka_unit_test(test_float_deflection_kernels),
        cmocka_unit_test(test_float_elliptical_quadrature),
        cmocka_unit_test(test_deflection_maps_interpolated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
