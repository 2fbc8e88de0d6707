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

/* A truncated NFW, cored or not (core = r_c/r_s, 0: none), at squared offset r2 (arcsec^2),
 * as the renderer's float kernel evaluates it. */
static float sub_kernel(const double *p, float r2)
{
    const double ks = p[0], ts = p[1], tau = p[2], core = p[3];
    float k = lg_tnfw_kappa_x2((float)ks, (float)tau, r2 * (float)(1.0 / (ts * ts)));
    if (core > 0.0) {
        const float r2m = (float)(LG_NFW_X_MIN * ts * LG_NFW_X_MIN * ts);
        k -= lg_tnfw_kappa_x2((float)ks, (float)(tau / core),
                              (r2 > r2m ? r2 : r2m) * (float)(1.0 / (core * ts * core * ts)));
    }
    return k;
}

/* Where sub_kernel falls to eps (bisection in ln R; kappa decreases with R). */
static double sub_cut(const double *p, double eps)
{
    double lo = 1e-4 * p[1], hi = 1e4 * p[1];
    for (int it = 0; it < 80; ++it) {
        const double mid = sqrt(lo * hi);
        if (sub_kernel(p, (float)(mid * mid)) > eps)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

/* Far from the centre a pixel takes one sample (subhalo_render.h): one subhalo at a time
 * (NFW-like, sharply truncated, cored; r_s from a fifth of a pixel to 20 pixels), every pixel
 * against its ss x ss mean (sub-pixels beyond R_cut left out, as the renderer does) times the
 * renderer's mass scaling (read off the pixel holding the centre: always supersampled). A
 * single-sampled pixel must stay within LG_SUBHALO_SINGLE_ERR of that mean; one whose centre
 * lies within half a pixel diagonal of R_cut may also lose or gain what the cut leaves
 * (< eps). */
static void test_single_samples(void **state)
{
    (void)state;
    enum { M = 128, SS = 2 };
    const double half = 6.0, eps = 1e-4;
    const lg_grid g = lg_grid_make(M, half);
    const double d = g.pixel_d;
    /* kappa_s, r_s (arcsec), tau, r_c/r_s */
    const double sets[][4] = {{0.02, 0.4, 5.0, 0.0},  {0.05, 0.1, 30.0, 0.0},
                              {0.01, 1.0, 2.0, 0.0},  {0.002, 2.0, 100.0, 0.0},
                              {0.03, 0.4, 5.0, 0.3},  {0.1, 0.05, 10.0, 0.5},
                              {0.004, 1.5, 1.2, 0.2}, {0.2, 0.02, 20.0, 0.0}};
    float *map = malloc(sizeof(float) * M * M), *mean = malloc(sizeof(float) * M * M);
    double worst = 0.0;
    long single = 0, total = 0;
    for (size_t t = 0; t < sizeof sets / sizeof sets[0]; ++t) {
        const double *p = sets[t];
        const double x = 0.0123 * (double)t - 0.04, y = 0.031 - 0.0071 * (double)t;
        const lg_halo_list h = {1, &x, &y, &p[0], &p[1], &p[2], &p[3], 0.0, 0.0, 0.0};
        for (int i = 0; i < M * M; ++i)
            map[i] = 0.0f;
        const lg_subhalo_render_opts o = {eps, SS};
        assert_int_equal(lg_halo_render(&h, &g, &o, map, NULL), 0);
        const double rc = sub_cut(p, eps);
        const float rc2 = (float)(rc * rc);
        for (int iy = 0; iy < M; ++iy)
            for (int ix = 0; ix < M; ++ix) {
                float v = 0.0f; /* the renderer's order of summation */
                for (int a = 0; a < SS; ++a)
                    for (int b = 0; b < SS; ++b) {
                        const float dx = (float)(-half + (ix + (b + 0.5) / SS) * d - x);
                        const float dy = (float)(-half + (iy + (a + 0.5) / SS) * d - y);
                        const float r2 = dx * dx + dy * dy;
                        v += (r2 <= rc2 ? sub_kernel(p, r2) : 0.0f) * (1.0f / (SS * SS));
                    }
                mean[iy * M + ix] = v;
            }
        const int cx = (int)floor((x + half) / d), cy = (int)floor((y + half) / d);
        const double scale = map[cy * M + cx] / (double)mean[cy * M + cx];
        assert_true(scale > 0.9 && scale < 1.1);
        for (int iy = 0; iy < M; ++iy)
            for (int ix = 0; ix < M; ++ix) {
                const double r = hypot(-half + (ix + 0.5) * d - x, -half + (iy + 0.5) * d - y);
                const int straddles = fabs(r - rc) < 0.71 * d;
                const double v = mean[iy * M + ix], m = map[iy * M + ix] / scale;
                const double e = fabs(m - v);
                if (m == 0.0 && v == 0.0)
                    continue;
                ++total;
                single += e > 1e-5 * v;
                const double allowed = LG_SUBHALO_SINGLE_ERR * v + (straddles ? eps : 0.0);
                if (!(e <= allowed))
                    printf("set %zu pixel (%d, %d) at %.2f pixels: %.7g vs its mean %.7g\n", t, ix,
                           iy, r / d, m, v);
                assert_true(e <= allowed);
                if (!straddles)
                    worst = fmax(worst, e / v);
            }
    }
    printf("single samples: %ld of %ld pixels off their %d x %d means, worst %.3g of the value "
           "(bound %g)\n",
           single, total, SS, SS, worst, LG_SUBHALO_SINGLE_ERR);
    free(map);
    free(mean);
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
        cmocka_unit_test(test_cut_radius),          cmocka_unit_test(test_mass),
        cmocka_unit_test(test_error_bound),         cmocka_unit_test(test_single_samples),
        cmocka_unit_test(test_unresolved_centroid), cmocka_unit_test(test_cost),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
