/* test_point_images.c: the lens equation for a point source against closed forms.
 *   - SIS, source at beta < theta_E: two images at beta + theta_E and beta - theta_E on the
 *     source's axis (also the saddle image closer to the centre than a grid step), mu = 1 +-
 * theta_E/beta, Fermat delay 2 theta_E beta = (theta_+^2 - theta_-^2)/2; beta > theta_E: one image;
 *   - point mass: theta_+- = (beta +- sqrt(beta^2 + 4 theta_E^2))/2, mu = 1/(1 - (theta_E /
 *     theta)^4), Fermat potential |theta - beta|^2/2 - theta_E^2 ln|theta|;
 *   - a point mass with its source almost on the axis (|mu| up to ~1e4): still exactly two
 *     images, each at its closed-form position (a highly magnified image was once found twice,
 *     its Newton copies farther apart than the de-duplication distance);
 *   - SIE with the source at the centre behind it: four images (an Einstein cross), the
 *     solutions of the lens equation to 1e-8 arcsec. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "point_images.h"

static lg_lens_model one(int type, double theta_e, double q, double phi)
{
    lg_lens_model m = {.n = 1};
    m.c[0] = (lg_component){.type = type, .theta_e = theta_e, .q = q, .phi = phi};
    return m;
}

static void test_sis(void **state)
{
    (void)state;
    const double te = 1.2, b = 0.35, ang = 0.7; /* source at angle 0.7 rad */
    const double bx = b * cos(ang), by = b * sin(ang);
    const lg_lens_model m = one(LG_COMP_SIS, te, 1.0, 0.0);
    lg_point_images im;
    lg_point_images_solve(&m, bx, by, 3.0, 0.05, &im);
    assert_int_equal(im.n, 2);
    /* the first to arrive is the minimum, theta_+ = beta + theta_E along the source */
    const double rp = b + te, rm = te - b;
    assert_true(fabs(im.x[0] - rp * cos(ang)) < 1e-7 && fabs(im.y[0] - rp * sin(ang)) < 1e-7);
    assert_true(fabs(im.x[1] + rm * cos(ang)) < 1e-7 && fabs(im.y[1] + rm * sin(ang)) < 1e-7);
    assert_true(fabs(im.mu[0] - (1.0 + te / b)) < 1e-6);
    assert_true(fabs(im.mu[1] - (1.0 - te / b)) < 1e-6);
    const double delay = im.fermat[1] - im.fermat[0];
    printf("SIS: Fermat delay %.12f, 2 theta_E beta %.12f\n", delay, 2.0 * te * b);
    assert_true(fabs(delay - 2.0 * te * b) < 1e-8);
    assert_true(fabs(delay - 0.5 * (rp * rp - rm * rm)) < 1e-8);
    /* beta / theta_E = 0.97: the saddle image 0.036" from the centre, under a grid step */
    lg_point_images_solve(&m, 0.97 * te * cos(ang), 0.97 * te * sin(ang), 3.0, 0.05, &im);
    assert_int_equal(im.n, 2);
    assert_true(fabs(hypot(im.x[1], im.y[1]) - 0.03 * te) < 1e-7);
    assert_true(fabs(im.mu[1] - (1.0 - 1.0 / 0.97)) < 1e-6);
    lg_point_images_solve(&m, 1.5 * te, 0.0, 4.0, 0.05, &im);
    assert_int_equal(im.n, 1);
    assert_true(fabs(im.x[0] - 2.5 * te) < 1e-7);
}

static void test_point_mass(void **state)
{
    (void)state;
    const double te = 0.9, b = 0.4;
    const lg_lens_model m = one(LG_COMP_POINT, te, 1.0, 0.0);
    lg_point_images im;
    lg_point_images_solve(&m, b, 0.0, 3.0, 0.05, &im);
    assert_int_equal(im.n, 2);
    const double s = sqrt(b * b + 4.0 * te * te), tp = 0.5 * (b + s), tm = 0.5 * (b - s);
    const double th[2] = {tp, tm};
    for (int k = 0; k < 2; ++k) {
        const double r = fabs(th[k]), mu = 1.0 / (1.0 - pow(te / r, 4));
        const double tau = 0.5 * (th[k] - b) * (th[k] - b) - te * te * log(r);
        printf("point mass image %d: x %.10f (%.10f), mu %.8f (%.8f)\n", k, im.x[k], th[k],
               im.mu[k], mu);
        assert_true(fabs(im.x[k] - th[k]) < 1e-7 && fabs(im.y[k]) < 1e-7);
        assert_true(fabs(im.mu[k] - mu) < 1e-6 * fabs(mu));
        assert_true(fabs(im.fermat[k] - tau) < 1e-8);
    }
}

static void test_point_mass_near_axis(void **state)
{
    (void)state;
    const double te = 1.0;
    const lg_lens_model m = one(LG_COMP_POINT, te, 1.0, 0.0);
    double worst = 0.0;
    for (int i = 0; i < 60; ++i) {
        const double b = 1e-4 * pow(200.0, (i % 20) / 19.0), ang = 0.37 * i;
        lg_point_images im;
        lg_point_images_solve(&m, b * cos(ang), b * sin(ang), 3.0, 0.05, &im);
        assert_int_equal(im.n, 2);
        const double s = sqrt(b * b + 4.0 * te * te), r[2] = {0.5 * (b + s), 0.5 * (b - s)};
        for (int k = 0; k < 2; ++k)
            worst = fmax(worst, hypot(im.x[k] - r[k] * cos(ang), im.y[k] - r[k] * sin(ang)));
    }
    printf("point mass, beta 1e-4 to 0.02 theta_E: 2 images each, positions within %.2g\n", worst);
    assert_true(worst < 1e-7);
}

static void test_sie_cross(void **state)
{
    (void)state;
    const lg_lens_model m = one(LG_COMP_SIE, 1.0, 0.7, 0.3);
    lg_point_images im;
    lg_point_images_solve(&m, 0.02, -0.01, 2.5, 0.05, &im);
    printf("SIE, source near the centre: %d images\n", im.n);
    assert_int_equal(im.n, 4);
    for (int k = 0; k < 4; ++k) {
        lg_lensq q;
        lg_lens_model_eval(&m, im.x[k], im.y[k], &q);
        assert_true(hypot(im.x[k] - q.alpha_x - 0.02, im.y[k] - q.alpha_y + 0.01) < 1e-8);
        assert_true(fabs(im.mu[k]) > 1.0);
        if (k)
            assert_true(im.fermat[k] >= im.fermat[k - 1]); /* in order of arrival */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sis),
        cmocka_unit_test(test_point_mass),
        cmocka_unit_test(test_point_mass_near_axis),
        cmocka_unit_test(test_sie_cross),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
