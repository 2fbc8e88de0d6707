/* test_library.c: liblensgen (src/lensgen.h). A sample is a function of its index alone, so
 * samples filled in one call, in pieces, or one at a time are the same bits (tests/e2e/
 * test_library.py compares them with the program's file); shapes and names follow the deck;
 * bad input is refused with a message naming the key. Runs under ASan/UBSan with the suite. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lensgen.h"

static const char *DECK = "n_samples = 50\n"
                          "seed = 11\n"
                          "batch_size = 8\n"
                          "[map]\n"
                          "npix = 16\n"
                          "[lens]\n"
                          "profile = choice(sis, nfw_ell, composite)\n"
                          "[noise]\n"
                          "type = gaussian\n"
                          "sigma = 0.05\n"
                          "[augment]\n"
                          "rot90 = true\n"
                          "[output]\n"
                          "file = unused.h5\n"
                          "maps = kappa, kappa_noisy, alpha_x\n"
                          "derived = fft\n";

static void test_chunks_and_names(void **state)
{
    (void)state;
    char err[1024];
    lensgen_gen *g = lensgen_open_text("test deck", DECK, NULL, 0, err, sizeof err);
    assert_non_null(g);
    assert_int_equal(lensgen_npix(g), 16);
    assert_int_equal(lensgen_n_samples(g), 50);
    assert_int_equal(lensgen_n_maps(g), 3);
    assert_string_equal(lensgen_map_name(g, 0), "kappa");
    assert_string_equal(lensgen_map_name(g, 2), "alpha_x");
    assert_null(lensgen_map_name(g, 3));
    const int np = lensgen_n_params(g);
    assert_true(np > 5 && strcmp(lensgen_param_name(g, 0), "profile") == 0);
    const size_t per = 3 * 16 * 16, n = 30;
    float *a = malloc(sizeof(float) * per * n), *b = malloc(sizeof(float) * per * n);
    double *pa = malloc(sizeof(double) * (size_t)np * n), *pb = malloc(sizeof(double) * np * n);
    assert_int_equal(lensgen_fill(g, 0, (int64_t)n, a, pa, err, sizeof err), 0);
    /* in pieces that do not line up with batch_size = 8, and one sample at a time */
    assert_int_equal(lensgen_fill(g, 0, 11, b, pb, err, sizeof err), 0);
    assert_int_equal(lensgen_fill(g, 11, 19, b + 11 * per, pb + 11 * np, err, sizeof err), 0);
    assert_memory_equal(a, b, sizeof(float) * per * n);
    assert_memory_equal(pa, pb, sizeof(double) * (size_t)np * n);
    for (int i = 0; i < 30; i += 7) {
        assert_int_equal(lensgen_fill(g, i, 1, b, NULL, err, sizeof err), 0);
        assert_memory_equal(a + (size_t)i * per, b, sizeof(float) * per);
    }
    /* a second handle of the same deck gives the same samples */
    lensgen_gen *h = lensgen_open_text("test deck", DECK, NULL, 0, err, sizeof err);
    assert_int_equal(lensgen_fill(h, 0, (int64_t)n, b, NULL, err, sizeof err), 0);
    assert_memory_equal(a, b, sizeof(float) * per * n);
    lensgen_close(h);
    /* and samples differ from each other (the index keys the draws) */
    assert_true(memcmp(a, a + per, sizeof(float) * per) != 0);
    free(a);
    free(b);
    free(pa);
    free(pb);
    lensgen_close(g);
}

static void test_bad_input(void **state)
{
    (void)state;
    char err[1024] = "";
    const char *bad[] = {"map.npix=2"};
    assert_null(lensgen_open_text("test deck", DECK, bad, 1, err, sizeof err));
    assert_non_null(strstr(err, "map.npix"));
    assert_non_null(strstr(err, "allowed"));
    assert_null(lensgen_open("/nonexistent/deck.deck", NULL, 0, err, sizeof err));
    assert_true(strlen(err) > 0);
    lensgen_gen *g = lensgen_open_text("test deck", DECK, NULL, 0, err, sizeof err);
    float m[3 * 16 * 16];
    assert_int_equal(lensgen_fill(g, -1, 1, m, NULL, err, sizeof err), LENSGEN_ERR_INPUT);
    assert_int_equal(lensgen_fill(g, 0, -2, m, NULL, err, sizeof err), LENSGEN_ERR_INPUT);
    assert_int_equal(lensgen_fill(g, 0, 0, NULL, NULL, err, sizeof err), 0);
    lensgen_close(g);
    lensgen_close(NULL);
}

/* A lensed quasar with clumpy sources: the per-image and per-clump arrays. */
static const char *IMAGES_DECK = "n_samples = 20\n"
                                 "seed = 5\n"
                                 "batch_size = 6\n"
                                 "[map]\n"
                                 "npix = 32\n"
                                 "[lens]\n"
                                 "profile = sie\n"
                                 "[sis]\n"
                                 "sigma_v = uniform(200, 300)\n"
                                 "[source]\n"
                                 "center_x = uniform(-0.2, 0.2)\n"
                                 "center_y = uniform(-0.2, 0.2)\n"
                                 "n_clumps = uniform(0, 3)\n"
                                 "point_source = true\n"
                                 "[noise]\n"
                                 "type = none\n"
                                 "[output]\n"
                                 "file = unused.h5\n"
                                 "maps = image\n";

static int array_index(const lensgen_gen *g, const char *name)
{
    for (int i = 0; i < lensgen_n_arrays(g); ++i)
        if (strcmp(lensgen_array_name(g, i), name) == 0)
            return i;
    return -1;
}

static void test_arrays(void **state)
{
    (void)state;
    char err[1024];
    lensgen_gen *g = lensgen_open_text("images deck", IMAGES_DECK, NULL, 0, err, sizeof err);
    assert_non_null(g);
    const int n_arr = lensgen_n_arrays(g), n = 20;
    const int in = array_index(g, "images/n"), ix = array_index(g, "images/x"),
              cx = array_index(g, "params/src_clump_x"), nc = lensgen_n_params(g);
    assert_true(in >= 0 && ix >= 0 && cx >= 0);
    assert_int_equal(lensgen_array_width(g, in), 1);
    assert_int_equal(lensgen_array_width(g, ix), 5);
    assert_int_equal(lensgen_array_width(g, cx), 8);
    assert_int_equal(lensgen_array_width(g, n_arr), 0);
    assert_null(lensgen_array_name(g, -1));
    double *a[64] = {NULL}, *b[64] = {NULL};
    assert_true(n_arr <= 64);
    for (int i = 0; i < n_arr; ++i) {
        a[i] = malloc(sizeof(double) * (size_t)(n * lensgen_array_width(g, i)));
        b[i] = malloc(sizeof(double) * (size_t)(n * lensgen_array_width(g, i)));
    }
    double *pa = malloc(sizeof(double) * (size_t)(n * nc));
    assert_int_equal(lensgen_fill_arrays(g, 0, n, NULL, pa, a, err, sizeof err), 0);
    /* in pieces across the batches of 6, the arrays are the same bits */
    assert_int_equal(lensgen_fill_arrays(g, 0, 7, NULL, NULL, b, err, sizeof err), 0);
    double *b7[64];
    for (int i = 0; i < n_arr; ++i)
        b7[i] = b[i] + 7 * lensgen_array_width(g, i);
    assert_int_equal(lensgen_fill_arrays(g, 7, n - 7, NULL, NULL, b7, err, sizeof err), 0);
    int images = 0, clumps = 0;
    for (int i = 0; i < n_arr; ++i) {
        const size_t w = (size_t)lensgen_array_width(g, i);
        for (size_t k = 0; k < (size_t)n * w; ++k) /* NaN padding compares equal too */
            assert_true(a[i][k] == b[i][k] || (a[i][k] != a[i][k] && b[i][k] != b[i][k]));
    }
    int col_nc = -1; /* src_n_clumps is a scalar label */
    for (int k = 0; k < nc; ++k)
        if (strcmp(lensgen_param_name(g, k), "src_n_clumps") == 0)
            col_nc = k;
    assert_true(col_nc >= 0);
    for (int s = 0; s < n; ++s) {
        /* images/x holds n positions, NaN beyond; the clump arrays n_clumps values */
        const int ni = (int)a[in][s], ncl = (int)pa[s * nc + col_nc];
        assert_true(ni >= 0 && ni <= 5);
        images += ni;
        clumps += ncl;
        for (int k = 0; k < 5; ++k)
            assert_true((k < ni) == !isnan(a[ix][s * 5 + k]));
        for (int k = 0; k < 8; ++k)
            assert_true((k < ncl) == !isnan(a[cx][s * 8 + k]));
    }
    assert_true(images >= n && clumps > 0); /* the deck makes multiple images and clumps */
    /* a NULL entry skips that array; NULL arrays is lensgen_fill */
    double *keep = b[ix];
    b[ix] = NULL;
    assert_int_equal(lensgen_fill_arrays(g, 0, 2, NULL, NULL, b, err, sizeof err), 0);
    b[ix] = keep;
    for (int i = 0; i < n_arr; ++i) {
        free(a[i]);
        free(b[i]);
    }
    free(pa);
    lensgen_close(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chunks_and_names),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_arrays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
