/* test_library.c: liblensgen (src/lensgen.h). A sample is a function of its index alone, so
 * samples filled in one call, in pieces, or one at a time are the same bits (tests/e2e/
 * test_library.py compares them with the program's file); shapes and names follow the deck;
 * bad input is refused with a message naming the key. Runs under ASan/UBSan with the suite. */
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chunks_and_names),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
