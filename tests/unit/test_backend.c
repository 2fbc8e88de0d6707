/* test_backend.c: the backend stage table (backend.h). The engine drives every backend through
 * lg_backend_compute, so these properties hold for any backend that fills the table:
 *   - the stages run in their order and a failing stage stops the batch with its status;
 *   - a sample's maps and parameters depend on its index only, not on the batch it is in
 *     (the dataset is the same for any batch size, rank count or schedule);
 *   - the CPU table is complete and found by name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "backend.h"
#include "deck.h"
#include "timing.h"

/* Every stage at work: a composite lens, derived maps, smoothed noise, z-score normalisation,
 * rotations and flips. */
static const char *const DECK = "n_samples = 64\nseed = 7\nbatch_size = 8\n"
                                "[map]\nnpix = 24\nhalf_width = 3.0\n"
                                "[lens]\nprofile = choice(sie: 1, nfw_ell: 1, composite: 1)\n"
                                "e1 = uniform(-0.3, 0.3)\ne2 = uniform(-0.3, 0.3)\n"
                                "[nfw]\nm200 = loguniform(1e14, 1e15)\n"
                                "[noise]\nsigma = 0.1\nsmooth_fwhm = 0.3\n"
                                "[normalise]\nmethod = zscore\n"
                                "[augment]\nrot90 = true\nflip = true\n"
                                "[output]\nmaps = kappa, kappa_noisy, alpha_x, gamma1, psi, mu\n";

static lg_config deck_config(void)
{
    lg_config cfg;
    assert_int_equal(lg_deck_parse_text("test_backend", DECK, NULL, 0, &cfg, stderr), 0);
    return cfg;
}

static void test_cpu_table_complete(void **state)
{
    (void)state;
    const lg_backend_ops *o = lg_backend_find("cpu");
    assert_ptr_equal(o, &lg_backend_cpu_ops);
    assert_null(lg_backend_find("quantum"));
    assert_string_equal(o->name, "cpu");
    assert_non_null(o->create);
    assert_non_null(o->sample);
    assert_non_null(o->kappa);
    assert_non_null(o->derived);
    assert_non_null(o->noise);
    assert_non_null(o->normalise);
    assert_non_null(o->augment);
    assert_non_null(o->host_maps);
    assert_non_null(o->destroy);
    assert_non_null(o->bytes);
}

/* Samples [0, 12) in one batch, and as [0, 5) + [5, 12) in two: bitwise the same maps (every
 * computed map) and parameters. */
static void test_batch_independent(void **state)
{
    (void)state;
    const lg_config cfg = deck_config();
    lg_cosmology cosmo;
    lg_cosmology_init(&cosmo, cfg.H0, cfg.Omega_m);
    const int64_t n = 12, split = 5;
    const size_t npix2 = (size_t)cfg.npix * (size_t)cfg.npix;
    lg_backend whole, part;
    assert_int_equal(lg_backend_create(&whole, &lg_backend_cpu_ops, &cfg, n, 2), 0);
    assert_int_equal(lg_backend_create(&part, &lg_backend_cpu_ops, &cfg, n, 2), 0);
    double t[LG_N_PHASES] = {0};
    lg_host_batch hw, hp;
    assert_int_equal(lg_backend_compute(&whole, &cosmo, 0, n, t, &hw), 0);
    assert_int_equal(hw.count, n);
    const int computed = lg_maps_computed(&cfg);
    int n_maps = 0;
    for (int pass = 0; pass < 2; ++pass) {
        const int64_t first = pass ? split : 0, count = pass ? n - split : split;
        assert_int_equal(lg_backend_compute(&part, &cosmo, first, count, t, &hp), 0);
        for (int m = 0; m < LG_N_MAPS; ++m) {
            if (!(computed & (1 << m))) {
                assert_null(hp.map[m]);
                continue;
            }
            n_maps += pass == 0;
            assert_memory_equal(hp.map[m], hw.map[m] + (size_t)first * npix2,
                                sizeof(float) * npix2 * (size_t)count);
        }
        assert_memory_equal(hp.lenses, hw.lenses + first, sizeof(lg_lens) * (size_t)count);
    }
    assert_true(n_maps >= 6); /* kappa, kappa_noisy and the derived maps were all compared */
    for (int ph = LG_PH_SAMPLING; ph <= LG_PH_AUGMENT; ++ph)
        assert_true(t[ph] >= 0.0);
    lg_backend_destroy(&whole);
    lg_backend_destroy(&part);
}

/* A recording backend: each stage appends its letter; stage `fail_at` returns 7. */
static char trace[16];
static int fail_at = -1;

static int record(int stage)
{
    const size_t len = strlen(trace);
    trace[len] = (char)('0' + stage);
    trace[len + 1] = '\0';
    return stage == fail_at ? 7 : 0;
}

static void *rec_create(const lg_config *cfg, int64_t capacity, int n_threads)
{
    (void)cfg;
    (void)capacity;
    (void)n_threads;
    return malloc(1);
}
static int rec_sample(void *b, const lg_cosmology *c, int64_t first, int64_t count)
{
    (void)b, (void)c, (void)first, (void)count;
    return record(0);
}
static int rec_kappa(void *b, int64_t count)
{
    (void)b, (void)count;
    return record(1);
}
static int rec_derived(void *b, int64_t count)
{
    (void)b, (void)count;
    return record(2);
}
static int rec_noise(void *b, int64_t first, int64_t count)
{
    (void)b, (void)first, (void)count;
    return record(3);
}
static int rec_normalise(void *b, int64_t count)
{
    (void)b, (void)count;
    return record(4);
}
static int rec_augment(void *b, int64_t count)
{
    (void)b, (void)count;
    return record(5);
}
static int rec_host(void *b, int64_t count, lg_host_batch *out)
{
    (void)b;
    out->count = count;
    return record(6);
}

static const lg_backend_ops recording = {"recording", rec_create, rec_sample,    rec_kappa,
                                         rec_derived, rec_noise,  rec_normalise, rec_augment,
                                         rec_host,    free,       NULL};

static void test_stage_order_and_failure(void **state)
{
    (void)state;
    const lg_config cfg = deck_config();
    lg_backend b;
    assert_int_equal(lg_backend_create(&b, &recording, &cfg, 4, 1), 0);
    double t[LG_N_PHASES] = {0};
    lg_host_batch h;
    trace[0] = '\0';
    fail_at = -1;
    assert_int_equal(lg_backend_compute(&b, NULL, 0, 4, t, &h), 0);
    assert_string_equal(trace, "0123456");
    assert_int_equal(h.count, 4);
    for (int stage = 0; stage <= 6; ++stage) { /* a failure stops the batch at that stage */
        trace[0] = '\0';
        fail_at = stage;
        assert_int_equal(lg_backend_compute(&b, NULL, 0, 4, t, &h), 7);
        assert_int_equal((int)strlen(trace), stage + 1);
    }
    lg_backend_destroy(&b);
    assert_null(b.impl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cpu_table_complete),
        cmocka_unit_test(test_batch_independent),
        cmocka_unit_test(test_stage_order_and_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
