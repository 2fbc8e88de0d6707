/* test_subhalo_render.c: subhalos added to a kappa map within their windows
 * (subhalo_render.h), against the profile's own closed forms and a full evaluation.
 *   - the cut radius: kappa(R_cut) = eps (double profile, profile_tnfw.c);
 *   - mass: the map holds exactly sum M_2D(R_cut) of subhalos whose windows lie on it, and
 *     rendered + dropped
 *     mass = sum of the closed-form total masses;
 *   - the error bound: against every subhalo evaluated at every pixel (the same ss x ss means,
 *     no cut), no pixel differs by more than the cut eps per overlapping subhalo plus the
 *     renormalisation (the sub-pixel sampling error of the mass: measured, bounded here);
 *   - an unresolved subhalo (r_s a hundredth of a pixel) keeps its mass and its centroid;
 *   - cost: 1,000 subhalos cost a small fraction of 1,000 full-map evaluations. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "constants.h"
#include "lens_model.h"
#include "profile_eval.h"
#include "profiles_tnfw.h"
#include "subhalo_render.h"

enum { N = 96 };

static double kappa_exact(double ks, double ts, double tau, double r)
{
    const lg_component c = {
        .type = LG_COMP_TNFW, .kappa_s = ks, .theta_s = ts, .tau = tau, .q = 1.0};
    lg_lensq q = {0, 0, 0, 0, 0, 0};
    lg_component_eval(&c, r, 0.0, &q);
    return q.kappa;
}

/* n subhalos within 0.3 half of the centre, r_s from rs_lo to 100 rs_lo, kappa_s from ks to
 * 10 ks. */
static void population(lg_subhalo_population *p, int n, double half, double rs_lo, double ks)
{
    assert_int_equal(lg_subhalo_population_alloc(p, n), 0);
    p->n = n;
    for (int k = 0; k < n; ++k) {
        const double u = (k + 0.5) / n;
        p->x_arcsec[k] = (2.0 * fmod(k * 0.618034, 1.0) - 1.0) * 0.3 * half;
        p->y_arcsec[k] = (2.0 * u - 1.0) * 0.3 * half;
        p->r_s_arcsec[k] = rs_lo * pow(100.0, fmod(k * 0.414, 1.0));
        p->tau[k] = 2.0 + 30.0 * fmod(k * 0.732, 1.0);
        p->kappa_s[k] = ks * pow(10.0, fmod(k * 0.271, 1.0));
    }
}

static void test_cut_radius(void **state)
{
    (void)state;
    const double eps = 1e-4;
    const double sets[][3] = {{0.05, 0.02, 5.0}, {0.3, 0.2, 30.0}, {0.02, 0.004, 2.0}};
    for (int i = 0; i < 3; ++i) {
        const double rc = lg_subhalo_cut_radius(sets[i][0], sets[i][1], sets[i][2], eps);
        const double k = kappa_exact(sets[i][0], sets[i][1], sets[i][2], rc);
        printf("R_cut %.5f arcsec: kappa there %.9g (eps %g)\n", rc, k, eps);
        /* the cut is where the float kernel the pixels use falls to eps (LG_TNFW_F32_REL_ERR) */
        assert_true(rc > 0.0 && fabs(k / eps - 1.0) < LG_TNFW_F32_REL_ERR);
    }
    assert_true(lg_subhalo_cut_radius(1e-6, 0.01, 3.0, 1.0) == 0.0);
}

static void test_mass(void **state)
{
    (void)state;
    /* 24": the largest cut radius here (7.8") plus 3.6" stays on the map */
    const double half = 12.0, eps = 1e-4;
    const lg_grid g = lg_grid_make(N, half);
    lg_subhalo_population pop;
    population(&pop, 40, half, 0.002, 0.05); /* r_s 0.002" to 0.2": mostly below a pixel */
    const lg_subhalo_render_opts o = {eps, 4};
    float *map = calloc(N * N, sizeof(float)), *full = calloc(N * N, sizeof(float));
    lg_subhalo_render_stats st;
    assert_int_equal(lg_subhalo_render(&pop, 0.0, 0.0, &g, &o, map, &st), 0);
    double sum = 0.0, total = 0.0;
    for (int i = 0; i < N * N; ++i)
        sum += map[i];
    sum *= g.pixel_d * g.pixel_d;
    for (int k = 0; k < pop.n; ++k) {
        const lg_component c = {.type = LG_COMP_TNFW,
                                .kappa_s = pop.kappa_s[k],
                                .theta_s = pop.r_s_arcsec[k],
                                .tau = pop.tau[k],
                                .q = 1.0};
        total += lg_tnfw_total_mass(&c);
    }
    printf("map mass %.9g, sum M_2D(R_cut) %.9g (rel %.2g); rendered + dropped %.9g of %.9g\n", sum,
           st.mass_rendered, sum / st.mass_rendered - 1.0, st.mass_rendered + st.mass_dropped,
           total);
    assert_true(fabs(sum / st.mass_rendered - 1.0) < 1e-5);
    assert_true(fabs((st.mass_rendered + st.mass_dropped) / total - 1.0) < 1e-9);
    free(map);
    free(full);
    lg_subhalo_population_free(&pop);
}

/* Resolved subhalos (r_s of 0.1" to 10" on 0.25" pixels: the 4 x 4 sub-pixel means hold their
 * mass to ~1e-3), against every subhalo evaluated at every pixel. */
static void test_error_bound(void **state)
{
    (void)state;
    const double half = 12.0, eps = 1e-4;
    const lg_grid g = lg_grid_make(N, half);
    lg_subhalo_population pop;
    population(&pop, 12, half, 0.1, 0.002);
    const lg_subhalo_render_opts o = {eps, 4};
    float *map = calloc(N * N, sizeof(float)), *full = calloc(N * N, sizeof(float));
    lg_subhalo_render_stats st;
    assert_int_equal(lg_subhalo_render(&pop, 0.0, 0.0, &g, &o, map, &st), 0);
    /* every subhalo at every pixel, the same sub-pixel means, no cut, no scaling */
    const int ss = 4;
    for (int iy = 0; iy < N; ++iy)
        for (int ix = 0; ix < N; ++ix) {
            double v = 0.0;
            for (int k = 0; k < pop.n; ++k)
                for (int a = 0; a < ss; ++a)
                    for (int b = 0; b < ss; ++b) {
                        const double x =
                            -half + (ix + (b + 0.5) / ss) * g.pixel_d - pop.x_arcsec[k];
                        const double y =
                            -half + (iy + (a + 0.5) / ss) * g.pixel_d - pop.y_arcsec[k];
                        const double t = pop.r_s_arcsec[k];
                        v += lg_tnfw_kappa_x2((float)pop.kappa_s[k], (float)pop.tau[k],
                                              (float)((x * x + y * y) / (t * t))) /
                             (ss * ss);
                    }
            full[iy * N + ix] = (float)v;
        }
    /* outside the windows eps per subhalo; inside, the scaling moves a resolved subhalo's
     * pixels by its sampling error */
    double worst = 0.0;
    for (int i = 0; i < N * N; ++i)
        worst = fmax(worst, fabs(map[i] - full[i]) / (pop.n * eps + 0.01 * full[i]));
    printf("windowed vs full evaluation: worst |diff| / (n eps + 0.01 kappa) = %.3g\n", worst);
    assert_true(worst < 1.0);
    printf("kernel evaluations %ld, a full evaluation %d\n", st.evaluations, pop.n * N * N * 16);
    free(map);
    free(full);
    lg_subhalo_population_free(&pop);
}

static void test_unresolved_centroid(void **state)
{
    (void)state;
    const double half = 2.0;
    const lg_grid g = lg_grid_make(40, half);
    lg_subhalo_population pop;
    assert_int_equal(lg_subhalo_population_alloc(&pop, 1), 0);
    pop.n = 1;
    pop.x_arcsec[0] = 0.0317;
    pop.y_arcsec[0] = -0.0451;
    pop.r_s_arcsec[0] = 0.001; /* a hundredth of the 0.1" pixel */
    pop.tau[0] = 10.0;
    pop.kappa_s[0] = 0.5;
    float map[40 * 40] = {0};
    const lg_subhalo_render_opts o = {1e-5, 3};
    lg_subhalo_render_stats st;
    assert_int_equal(lg_subhalo_render(&pop, 0.1, 0.2, &g, &o, map, &st), 0);
    double m = 0.0, mx = 0.0, my = 0.0;
    for (int iy = 0; iy < 40; ++iy)
        for (int ix = 0; ix < 40; ++ix) {
            const double v = map[iy * 40 + ix] * g.pixel_d * g.pixel_d;
            m += v;
            mx += v * lg_pixel_center_d(&g, ix);
            my += v * lg_pixel_center_d(&g, iy);
        }
    printf("unresolved: mass %.6g of %.6g, centroid (%.4f, %.4f) for (%.4f, %.4f)\n", m,
           st.mass_rendered, mx / m, my / m, 0.1317, 0.1549);
    assert_true(fabs(m / st.mass_rendered - 1.0) < 1e-5);
    /* the mass lands on the sub-pixels nearest the centre: within a sub-pixel of it */
    assert_true(hypot(mx / m - 0.1317, my / m - 0.1549) < g.pixel_d / 3);
    lg_subhalo_population_free(&pop);
}

static void test_cost(void **state)
{
    (void)state;
    const double half = 4.0;
    const lg_grid g = lg_grid_make(64, half);
    lg_subhalo_population pop;
    population(&pop, 1000, half, 0.002, 0.05);
    float *map = calloc(64 * 64, sizeof(float));
    const lg_subhalo_render_opts o = {1e-3, 3};
    lg_subhalo_render_stats st;
    assert_int_equal(lg_subhalo_render(&pop, 0.0, 0.0, &g, &o, map, &st), 0);
    const double full = 1000.0 * 64 * 64 * 9;
    printf("1,000 subhalos: %ld kernel evaluations, %.3g of evaluating each on the whole map\n",
           st.evaluations, st.evaluations / full);
    assert_true(st.evaluations < 0.05 * full);
    free(map);
    lg_subhalo_population_free(&pop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cut_radius),  cmocka_unit_test(test_mass),
        cmocka_unit_test(test_error_bound), cmocka_unit_test(test_unresolved_centroid),
        cmocka_unit_test(test_cost),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
