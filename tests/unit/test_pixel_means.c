/* test_pixel_means.c: map.supersample (kappa_map.c) makes every pixel the mean convergence over
 * its area, as a detector pixel integrates. Checked against closed forms computed here:
 * - SIS (kappa = theta_E / 2r): the integral of 1/r over a rectangle has the antiderivative
 *   F(x, y) = x asinh(y/x) + y asinh(x/y) (d^2F/dxdy = 1/r), so every pixel mean is exact;
 * - the brightest pixel no longer depends on where the centre falls beyond what the exact pixel
 *   mean implies (at most the factor 2 between a centre at a pixel centre and at a corner),
 *   while pixel-centre sampling grows without bound as the centre nears a pixel centre;
 * - the map's total mass equals the analytic mass inside the map: SIS by F, circular NFW by
 *   (1/2) int R(phi)^2 kbar(R(phi)) dphi over the square's boundary, with the mean convergence
 *   kbar from the double-precision deflection (lens_model.c), independent of the float kernels. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>
#include <math.h>

#include "constants.h"
#include "einstein_radius.h"
#include "grid.h"
#include "kappa_map.h"
#include "lens_model.h"

/* integral of 1/r over [0, x] x [0, y] for x, y >= 0 */
static double F(double x, double y)
{
    if (x <= 0.0 || y <= 0.0)
        return 0.0;
    return x * asinh(y / x) + y * asinh(x / y);
}

/* integral of 1/r over any axis-aligned rectangle (signed corners: split by quadrant) */
static double quad_part(double a, double b)
{
    /* integral of 1/r over [min(0,a), max(0,a)] x [0, |b|]-like pieces handled by signs */
    return F(fabs(a), fabs(b));
}

static double inv_r_rect(double x1, double x2, double y1, double y2)
{
    /* G(x, y) = sign(x) sign(y) F(|x|, |y|) is an antiderivative of 1/r on every quadrant */
    double g22 = copysign(1.0, x2) * copysign(1.0, y2) * quad_part(x2, y2);
    double g12 = copysign(1.0, x1) * copysign(1.0, y2) * quad_part(x1, y2);
    double g21 = copysign(1.0, x2) * copysign(1.0, y1) * quad_part(x2, y1);
    double g11 = copysign(1.0, x1) * copysign(1.0, y1) * quad_part(x1, y1);
    return g22 - g12 - g21 + g11;
}

static lg_lens_model sis_model(double cx, double cy, double theta_e)
{
    lg_lens_model m = {.n = 1, .c = {{.type = LG_COMP_SIS, .cx = cx, .cy = cy, .q = 1.0}}};
    m.c[0].theta_e = theta_e;
    return m;
}

/* Pixel (ix, iy)'s exact SIS mean. */
static double sis_pixel_mean(const lg_grid *g, const lg_lens_model *m, int ix, int iy)
{
    const double d = g->pixel_d, x1 = -g->half_width_d + ix * d - m->c[0].cx;
    const double y1 = -g->half_width_d + iy * d - m->c[0].cy;
    return 0.5 * m->c[0].theta_e * inv_r_rect(x1, x1 + d, y1, y1 + d) / (d * d);
}

/* Every pixel of an SIS map against its exact mean, at k = 2 and 4 Gauss-Legendre samples:
 * the pixels within two pixels of the centre are refined (good to float rounding); beyond, the
 * k-point rule's error for a 1/r cusp two pixels away is ~rho^-2k with rho = 5 + 2 sqrt 6
 * (~1e-4 at k = 2, ~1e-8 at 4). */
static void test_sis_every_pixel(void **state)
{
    (void)state;
    const int n = 32;
    const lg_grid g = lg_grid_make(n, 4.0);
    const lg_lens_model m = sis_model(0.0731, -0.2113, 1.2);
    float *map = malloc(sizeof(float) * n * n), *scratch = malloc(sizeof(float) * n * n);
    assert_non_null(map);
    assert_non_null(scratch);
    for (int k = 2; k <= 4; k += 2) {
        lg_kappa_map(&m, &g, k, scratch, map);
        double worst = 0.0, worst_near = 0.0;
        const int icx = (int)floor((m.c[0].cx + 4.0) / g.pixel_d);
        const int icy = (int)floor((m.c[0].cy + 4.0) / g.pixel_d);
        for (int iy = 0; iy < n; ++iy)
            for (int ix = 0; ix < n; ++ix) {
                double want = sis_pixel_mean(&g, &m, ix, iy);
                double err = fabs(map[iy * n + ix] / want - 1.0);
                worst = fmax(worst, err);
                if (abs(ix - icx) <= 1 && abs(iy - icy) <= 1)
                    worst_near = fmax(worst_near, err);
            }
        printf("SIS k=%d: max relative error %.3g over the map, %.3g in the 3x3 pixels around "
               "the centre\n",
               k, worst, worst_near);
        assert_true(worst < (k == 2 ? 3e-4 : 1e-5));
        assert_true(worst_near < 1e-5);
    }
    free(map);
    free(scratch);
}

/* The brightest pixel of an SIS as its centre moves across a pixel (11 x 11 sub-pixel
 * offsets): with k = 4 it equals the exact brightest pixel mean (within 1e-4), so it varies
 * only between the corner and centre values 2 asinh(1)/d and 4 asinh(1)/d times theta_E/2;
 * at pixel centres (k = 1) it exceeds that by > 100x when the centre lies 1e-3 px from a
 * pixel centre. */
static void test_max_vs_subpixel(void **state)
{
    (void)state;
    const int n = 16;
    const lg_grid g = lg_grid_make(n, 2.0); /* pixel 0.25" */
    float map[16 * 16], scratch[16 * 16];
    double lo = INFINITY, hi = 0.0, worst = 0.0;
    for (int j = 0; j <= 10; ++j)
        for (int i = 0; i <= 10; ++i) {
            const double cx = 0.25 * i / 10.0 + 1e-4, cy = 0.25 * j / 10.0 + 1e-4;
            const lg_lens_model m = sis_model(cx, cy, 0.8);
            lg_kappa_map(&m, &g, 4, scratch, map);
            double got = 0.0, want = 0.0;
            for (int p = 0; p < n * n; ++p) {
                got = fmax(got, map[p]);
                want = fmax(want, sis_pixel_mean(&g, &m, p % n, p / n));
            }
            worst = fmax(worst, fabs(got / want - 1.0));
            lo = fmin(lo, got);
            hi = fmax(hi, got);
        }
    const double d = g.pixel_d, corner = 0.4 * 2.0 * asinh(1.0) / d, centre = 2 * corner;
    printf("SIS brightest pixel over sub-pixel centres: %.4f .. %.4f (exact corner %.4f, centre "
           "%.4f), max relative error %.2g\n",
           lo, hi, corner, centre, worst);
    assert_true(worst < 1e-4);
    assert_true(lo > 0.99 * corner && hi < 1.01 * centre);
    /* pixel centres: the value next to the singularity is theta_E / (2 r) */
    const lg_lens_model near = sis_model(0.125 + 1e-3 * 0.25, 0.125, 0.8);
    lg_kappa_map(&near, &g, 1, scratch, map);
    float peak = 0.0f;
    for (int p = 0; p < n * n; ++p)
        peak = fmaxf(peak, map[p]);
    printf("pixel centres, centre 1e-3 px from a pixel centre: brightest %.1f (%.0fx the exact "
           "pixel mean)\n",
           (double)peak, peak / centre);
    assert_true(peak > 100.0 * centre);
}

/* Mass inside the map: SIS exactly by F; circular NFW by the boundary integral of the enclosed
 * mass (64-point Gauss-Legendre per side piece; the integrand is smooth between corners). */
static double square_mass_circular(const lg_lens_model *m, double hw)
{
    const double cx = m->c[0].cx, cy = m->c[0].cy;
    /* corners' angles split the boundary into 4 smooth pieces */
    const double xs[4] = {hw - cx, -hw - cx, -hw - cx, hw - cx};
    const double ys[4] = {hw - cy, hw - cy, -hw - cy, -hw - cy};
    double total = 0.0;
    for (int side = 0; side < 4; ++side) {
        double a0 = atan2(ys[side], xs[side]), a1 = atan2(ys[(side + 1) % 4], xs[(side + 1) % 4]);
        if (a1 < a0)
            a1 += 2.0 * LG_PI;
        const int steps = 4000; /* Simpson, smooth integrand */
        double sum = 0.0;
        for (int k = 0; k <= steps; ++k) {
            const double phi = a0 + (a1 - a0) * k / steps, c = cos(phi), s = sin(phi);
            /* distance to the side: sides are x = +-hw (0, 2) or y = +-hw (1, 3) */
            double r = side == 0   ? (hw - cy) / s
                       : side == 1 ? (-hw - cx) / c
                       : side == 2 ? (-hw - cy) / s
                                   : (hw - cx) / c;
            double w = (k == 0 || k == steps) ? 1.0 : (k % 2 ? 4.0 : 2.0);
            sum += w * 0.5 * r * r * lg_mean_kappa(m, r);
        }
        total += sum * (a1 - a0) / (3.0 * steps);
    }
    return total;
}

/* Mass of the lens's map in arcsec^2 (kappa summed times the pixel area). */
static double map_mass(const lg_lens_model *m, const lg_grid *g, int k, float *scratch, float *map)
{
    lg_kappa_map(m, g, k, scratch, map);
    double sum = 0.0;
    for (int i = 0; i < g->npix * g->npix; ++i)
        sum += map[i];
    return sum * g->pixel_d * g->pixel_d;
}

static void test_total_mass(void **state)
{
    (void)state;
    const int n = 64;
    const double hw = 4.0;
    const lg_grid g = lg_grid_make(n, hw);
    float *map = malloc(sizeof(float) * n * n), *scratch = malloc(sizeof(float) * n * n);
    assert_non_null(map);
    assert_non_null(scratch);
    /* SIS off-centre: exact to float summation already at k = 2 */
    lg_lens_model sis = sis_model(0.41, -0.77, 1.3);
    double want = 0.5 * 1.3 * inv_r_rect(-hw - 0.41, hw - 0.41, -hw + 0.77, hw + 0.77), got;
    assert_true(fabs(square_mass_circular(&sis, hw) / want - 1.0) < 1e-7); /* the reference */
    double err[9] = {0};
    for (int k = 2; k <= 8; k *= 2) {
        got = map_mass(&sis, &g, k, scratch, map);
        err[k] = fabs(got / want - 1.0);
        printf("SIS k=%d: mass in the map %.7f, analytic %.7f (rel %.2g)\n", k, got, want,
               got / want - 1);
    }
    assert_true(err[2] < 1e-5 && err[4] < 1e-5 && err[8] < 1e-5);
    /* circular NFW: theta_s 1.5", kappa_s 0.4, off-centre */
    lg_lens_model nfw = {.n = 1, .c = {{.type = LG_COMP_NFW, .cx = -0.63, .cy = 0.29, .q = 1.0}}};
    nfw.c[0].kappa_s = 0.4;
    nfw.c[0].theta_s = 1.5;
    for (int k = 1; k <= 4; k *= 2) {
        got = map_mass(&nfw, &g, k, scratch, map);
        want = square_mass_circular(&nfw, hw);
        printf("NFW k=%d: mass in the map %.7f, analytic %.7f (rel %.2g)\n", k, got, want,
               got / want - 1);
        if (k >= 2)
            assert_true(fabs(got / want - 1.0) < 1e-5);
    }
    free(map);
    free(scratch);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sis_every_pixel),
        cmocka_unit_test(test_max_vs_subpixel),
        cmocka_unit_test(test_total_mass),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
