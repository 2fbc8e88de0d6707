/* test_augment.c: augmentation (augment.c) against the geometry it promises (augment.h): the
 * transform T = F^flip R^k, a counter-clockwise rotation by k x 90 degrees and then the mirror
 * x -> -x, applied to every map and to the lens's orientation parameters together.
 *
 * Expectations are built here from 2x2 integer matrices acting on pixel-centre coordinates (in
 * units of half a pixel: X_i = 2 i + 1 - n, symmetric about 0), not from augment.c's index
 * formulas: a scalar map moves its pixels, new(p) = old(T^-1 p); the deflection also turns,
 * alpha' = T alpha; the shear and the ellipticities are spin 2, S' = T S T^T with
 * S = [[g1, g2], [g2, -g1]]; the lens centre moves, c' = T c. Map values are small multiples of
 * 1/4, so every comparison is exact. For every k in 0..3, flip in 0..1 and odd and even npix. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "augment.h"

/* A 2x2 integer matrix [[a, b], [c, d]]. */
typedef struct {
    int a, b, c, d;
} mat2;

static mat2 mat_mul(mat2 p, mat2 q)
{
    mat2 r = {p.a * q.a + p.b * q.c, p.a * q.b + p.b * q.d, p.c * q.a + p.d * q.c,
              p.c * q.b + p.d * q.d};
    return r;
}

/* T = F^flip R^k; R = [[0, -1], [1, 0]] (90 degrees counter-clockwise), F = [[-1, 0], [0, 1]]. */
static mat2 transform(int k, int flip)
{
    const mat2 R = {0, -1, 1, 0}, F = {-1, 0, 0, 1};
    mat2 t = {1, 0, 0, 1};
    for (int i = 0; i < k; ++i)
        t = mat_mul(R, t);
    return flip ? mat_mul(F, t) : t;
}

/* The inverse of an orthogonal integer matrix: its transpose. */
static mat2 transpose(mat2 m)
{
    mat2 r = {m.a, m.c, m.b, m.d};
    return r;
}

/* v' = M v */
static void apply(mat2 m, double x, double y, double *xo, double *yo)
{
    *xo = m.a * x + m.b * y;
    *yo = m.c * x + m.d * y;
}

/* A spin-2 pair (g1, g2) transformed as S' = M S M^T. */
static void apply_spin2(mat2 m, double g1, double g2, double *g1o, double *g2o)
{
    /* S = [[g1, g2], [g2, -g1]]; P = M S; S' = P M^T */
    const double pa = m.a * g1 + m.b * g2, pb = m.a * g2 - m.b * g1;
    const double pc = m.c * g1 + m.d * g2, pd = m.c * g2 - m.d * g1;
    *g1o = pa * m.a + pb * m.b; /* S'_xx */
    *g2o = pa * m.c + pb * m.d; /* S'_xy */
    /* S' is symmetric and trace-free again: S'_yx = S'_xy, S'_yy = -S'_xx */
    assert_true(pc * m.a + pd * m.b == *g2o);
    assert_true(pc * m.c + pd * m.d == -*g1o);
}

/* The pixel whose centre T^-1 sends pixel (ix, iy) to: the source of (ix, iy) under T. */
static size_t source_pixel(mat2 t, int n, int ix, int iy)
{
    double sx, sy;
    apply(transpose(t), 2 * ix + 1 - n, 2 * iy + 1 - n, &sx, &sy);
    const int jx = ((int)sx + n - 1) / 2, jy = ((int)sy + n - 1) / 2;
    assert_true(jx >= 0 && jx < n && jy >= 0 && jy < n);
    return (size_t)jy * n + jx;
}

/* Distinct values per map and pixel (multiples of 1/4, exact in float and under negation). */
static void fill(float *maps[LG_N_MAPS], int n)
{
    for (int m = 0; m < LG_N_MAPS; ++m)
        for (size_t i = 0; maps[m] && i < (size_t)n * n; ++i)
            maps[m][i] = (float)((m % 2 ? -1.0 : 1.0) * (1000.0 * m + (double)i + 0.25 * (m % 4)));
}

typedef struct {
    float *buf, *scratch;
    lg_map_set set, orig;
} maps_fixture;

/* Every map of an n x n sample (with_vectors = 0: the scalar maps alone, the vector and spin-2
 * maps NULL), filled, and a copy of the original values. */
static maps_fixture maps_new(int n, int with_vectors)
{
    const size_t nn = (size_t)n * n;
    maps_fixture f;
    f.buf = malloc(sizeof(float) * nn * (2 * LG_N_MAPS + 1));
    assert_non_null(f.buf);
    f.scratch = f.buf + 2 * LG_N_MAPS * nn;
    for (int m = 0; m < LG_N_MAPS; ++m) {
        const int vector =
            m == LG_MAP_ALPHA_X || m == LG_MAP_ALPHA_Y || m == LG_MAP_GAMMA1 || m == LG_MAP_GAMMA2;
        f.set.map[m] = (with_vectors || !vector) ? f.buf + m * nn : NULL;
        f.orig.map[m] = f.set.map[m] ? f.buf + (LG_N_MAPS + m) * nn : NULL;
    }
    fill(f.set.map, n);
    fill(f.orig.map, n);
    return f;
}

static const int SIZES[] = {1, 2, 5, 6, 8};
#define N_SIZES (sizeof SIZES / sizeof SIZES[0])

/* For every size, k and flip: a fresh sample (with_vectors: as maps_new), augmented, and
 * check(f, n, k, flip, T, ix, iy) at every pixel. */
typedef void (*pixel_check)(const maps_fixture *f, int n, int k, int flip, mat2 t, int ix, int iy);
static void for_each_transform(int with_vectors, pixel_check check)
{
    for (size_t s = 0; s < N_SIZES; ++s)
        for (int k = 0; k < 4; ++k)
            for (int flip = 0; flip < 2; ++flip) {
                const int n = SIZES[s];
                maps_fixture f = maps_new(n, with_vectors);
                lg_augment_maps(&f.set, n, k, flip, f.scratch);
                for (int iy = 0; iy < n; ++iy)
                    for (int ix = 0; ix < n; ++ix)
                        check(&f, n, k, flip, transform(k, flip), ix, iy);
                free(f.buf);
            }
}

/* Scalar maps (kappa, kappa_noisy, psi, mu) move by the pixel permutation of T, exactly (the
 * absent, NULL, vector and shear maps are skipped). Also: flip alone is the column reversal
 * and k = 1 alone is new(x, y) = old(y, -x), spelled out in indices. */
static void check_scalar_pixel(const maps_fixture *f, int n, int k, int flip, mat2 t, int ix,
                               int iy)
{
    const int scalars[] = {LG_MAP_KAPPA, LG_MAP_KAPPA_NOISY, LG_MAP_PSI, LG_MAP_MU};
    for (size_t m = 0; m < sizeof scalars / sizeof scalars[0]; ++m) {
        const float *got = f->set.map[scalars[m]], *old = f->orig.map[scalars[m]];
        const float want = old[source_pixel(t, n, ix, iy)];
        assert_true(got[(size_t)iy * n + ix] == want);
        if (k == 0 && flip)
            assert_true(want == old[(size_t)iy * n + (n - 1 - ix)]);
        if (k == 1 && !flip)
            assert_true(want == old[(size_t)(n - 1 - ix) * n + iy]);
    }
}

static void test_scalar_maps(void **state)
{
    (void)state;
    for_each_transform(0, check_scalar_pixel);
}

/* alpha'(p) = T alpha(T^-1 p); (gamma1, gamma2)'(p) = the spin-2 transform of gamma(T^-1 p). */
static void check_vector_pixel(const maps_fixture *f, int n, int k, int flip, mat2 t, int ix,
                               int iy)
{
    (void)k;
    (void)flip;
    float *const *got = f->set.map, *const *old = f->orig.map;
    const size_t p = (size_t)iy * n + ix, q = source_pixel(t, n, ix, iy);
    double ax, ay, g1, g2;
    apply(t, old[LG_MAP_ALPHA_X][q], old[LG_MAP_ALPHA_Y][q], &ax, &ay);
    apply_spin2(t, old[LG_MAP_GAMMA1][q], old[LG_MAP_GAMMA2][q], &g1, &g2);
    assert_true(got[LG_MAP_ALPHA_X][p] == (float)ax);
    assert_true(got[LG_MAP_ALPHA_Y][p] == (float)ay);
    assert_true(got[LG_MAP_GAMMA1][p] == (float)g1);
    assert_true(got[LG_MAP_GAMMA2][p] == (float)g2);
    assert_true(got[LG_MAP_KAPPA][p] == old[LG_MAP_KAPPA][q]);
}

static void test_vector_and_shear_maps(void **state)
{
    (void)state;
    for_each_transform(1, check_vector_pixel);
}

/* The inverse of (k, flip): (4 - k) mod 4 without flip; a (k, 1) is a mirror, its own
 * inverse. Applying a transform and then its inverse restores every map bit for bit; so do
 * four quarter turns; and k quarter turns one at a time equal one call with k. */
static void test_inverse_restores(void **state)
{
    (void)state;
    const int n = 6;
    const size_t bytes = sizeof(float) * (size_t)n * n;
    for (int k = 0; k < 4; ++k)
        for (int flip = 0; flip < 2; ++flip) {
            const int ik = flip ? k : (4 - k) % 4;
            const mat2 id = mat_mul(transform(ik, flip), transform(k, flip));
            assert_true(id.a == 1 && id.b == 0 && id.c == 0 && id.d == 1);
            maps_fixture f = maps_new(n, 1);
            lg_augment_maps(&f.set, n, k, flip, f.scratch);
            if (k != 0 || flip) /* the transform moves something */
                assert_true(memcmp(f.set.map[LG_MAP_KAPPA], f.orig.map[LG_MAP_KAPPA], bytes) != 0);
            lg_augment_maps(&f.set, n, ik, flip, f.scratch);
            for (int m = 0; m < LG_N_MAPS; ++m)
                assert_memory_equal(f.set.map[m], f.orig.map[m], bytes);
            free(f.buf);
        }
    maps_fixture f = maps_new(n, 1), g = maps_new(n, 1);
    for (int i = 0; i < 4; ++i)
        lg_augment_maps(&f.set, n, 1, 0, f.scratch);
    for (int m = 0; m < LG_N_MAPS; ++m)
        assert_memory_equal(f.set.map[m], f.orig.map[m], bytes);
    for (int k = 1; k < 4; ++k) {
        lg_augment_maps(&f.set, n, 1, 0, f.scratch);     /* f: k single turns so far */
        memcpy(g.buf, g.orig.map[0], bytes * LG_N_MAPS); /* g: the original again */
        lg_augment_maps(&g.set, n, k, 0, g.scratch);
        for (int m = 0; m < LG_N_MAPS; ++m)
            assert_memory_equal(f.set.map[m], g.set.map[m], bytes);
    }
    free(f.buf);
    free(g.buf);
}

/* A lens with distinct orientation parameters (and every other field set, to see that it is
 * left alone). */
static lg_lens lens_new(int k, int flip)
{
    lg_lens l;
    memset(&l, 0, sizeof l);
    l.profile = 6;
    l.dm_model = 2;
    l.aug_rot90 = k;
    l.aug_flip = flip;
    l.z_l = 0.5;
    l.z_s = 2.0;
    l.center_x = 0.375;
    l.center_y = -1.25;
    l.e1 = 0.125;
    l.e2 = -0.0625;
    l.sersic_e1 = -0.25;
    l.sersic_e2 = 0.1875;
    l.disk_e1 = 0.03125;
    l.disk_e2 = 0.3;
    l.m200 = 1e13;
    l.c = 6.5;
    l.sigma_v = 250.0;
    l.sersic_r_e = 0.8;
    l.disk_r_e = 1.7;
    l.src_x = 0.21875;
    l.src_y = -0.15625;
    l.src_e1 = 0.0625;
    l.src_e2 = -0.125;
    for (int i = 0; i < LG_MAX_IMAGES; ++i) {
        l.img_x[i] = 0.5 + 0.25 * i;
        l.img_y[i] = -0.75 + 0.125 * i;
    }
    l.n_clumps = 3;
    for (int i = 0; i < LG_MAX_CLUMPS; ++i) { /* NaN beyond n_clumps, as drawn */
        l.clump_x[i] = i < l.n_clumps ? 0.09375 - 0.0625 * i : NAN;
        l.clump_y[i] = i < l.n_clumps ? 0.125 * i - 0.03125 : NAN;
        l.clump_sigma[i] = i < l.n_clumps ? 0.03 : NAN;
        l.clump_mag[i] = i < l.n_clumps ? 24.5 : NAN;
    }
    return l;
}

/* lg_augment_lens: centre c' = T c, (e1, e2) of the halo, the bulge and the disk as spin 2, the
 * source's and the point-source images' positions and the clumps' offsets as vectors, the
 * source's (e1, e2) as spin 2, every other field (the clumps' NaN padding too) untouched; the
 * inverse transform restores the lens exactly. */
static void test_lens_params(void **state)
{
    (void)state;
    for (int k = 0; k < 4; ++k)
        for (int flip = 0; flip < 2; ++flip) {
            const lg_lens before = lens_new(k, flip);
            lg_lens want, got;
            memcpy(&want, &before, sizeof want);
            memcpy(&got, &before, sizeof got);
            const mat2 t = transform(k, flip);
            apply(t, before.center_x, before.center_y, &want.center_x, &want.center_y);
            apply_spin2(t, before.e1, before.e2, &want.e1, &want.e2);
            apply_spin2(t, before.sersic_e1, before.sersic_e2, &want.sersic_e1, &want.sersic_e2);
            apply_spin2(t, before.disk_e1, before.disk_e2, &want.disk_e1, &want.disk_e2);
            apply(t, before.src_x, before.src_y, &want.src_x, &want.src_y);
            apply_spin2(t, before.src_e1, before.src_e2, &want.src_e1, &want.src_e2);
            for (int i = 0; i < LG_MAX_IMAGES; ++i)
                apply(t, before.img_x[i], before.img_y[i], &want.img_x[i], &want.img_y[i]);
            for (int i = 0; i < before.n_clumps; ++i) /* offsets: vectors; the padding stays */
                apply(t, before.clump_x[i], before.clump_y[i], &want.clump_x[i], &want.clump_y[i]);
            lg_augment_lens(&got);
            assert_memory_equal(&got, &want, sizeof got);
            /* back: the inverse transform gives the original lens */
            got.aug_rot90 = flip ? k : (4 - k) % 4;
            lg_augment_lens(&got);
            got.aug_rot90 = k;
            assert_memory_equal(&got, &before, sizeof got);
        }
}

/* Maps and parameters move together: a map with one marked pixel at the lens centre, augmented
 * with the lens, has its mark at the augmented centre. */
static void test_maps_follow_params(void **state)
{
    (void)state;
    const int n = 8;
    const double d = 0.25; /* pixel size; centres at (i + 1/2 - n/2) d */
    for (int k = 0; k < 4; ++k)
        for (int flip = 0; flip < 2; ++flip) {
            const int cx = 6, cy = 1; /* the pixel holding the lens centre */
            lg_lens l = lens_new(k, flip);
            l.center_x = (cx + 0.5 - n / 2.0) * d;
            l.center_y = (cy + 0.5 - n / 2.0) * d;
            maps_fixture f = maps_new(n, 0);
            memset(f.set.map[LG_MAP_KAPPA], 0, sizeof(float) * n * n);
            f.set.map[LG_MAP_KAPPA][(size_t)cy * n + cx] = 1.0f;
            lg_augment_maps(&f.set, n, k, flip, f.scratch);
            lg_augment_lens(&l);
            /* the pixel of the augmented centre, which is a pixel centre again, exactly */
            const int jx = (int)(l.center_x / d + n / 2.0), jy = (int)(l.center_y / d + n / 2.0);
            assert_true((jx + 0.5 - n / 2.0) * d == l.center_x);
            assert_true((jy + 0.5 - n / 2.0) * d == l.center_y);
            for (int iy = 0; iy < n; ++iy)
                for (int ix = 0; ix < n; ++ix)
                    assert_true(f.set.map[LG_MAP_KAPPA][(size_t)iy * n + ix] ==
                                (ix == jx && iy == jy ? 1.0f : 0.0f));
            free(f.buf);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalar_maps),        cmocka_unit_test(test_vector_and_shear_maps),
        cmocka_unit_test(test_inverse_restores),   cmocka_unit_test(test_lens_params),
        cmocka_unit_test(test_maps_follow_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
