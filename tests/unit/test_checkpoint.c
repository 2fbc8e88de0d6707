/* test_checkpoint.c: the completion record (checkpoint.c): what is saved loads back exactly
 * (done batches and their checksums), and a damaged or foreign record is refused, never read
 * as a shorter list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "checkpoint.h"
#include "deck.h"

static lg_config small_config(void)
{
    lg_config cfg;
    assert_int_equal(
        lg_deck_parse_text("test", "n_samples = 1000\nbatch_size = 64\n", NULL, 0, &cfg, stderr),
        0);
    return cfg;
}

/* The hash --resume compares: every key that shapes the data changes it; the output's name,
 * the checkpoint interval and the backend do not (a run may resume on another backend). */
static void test_hash_keys(void **state)
{
    (void)state;
    const char *base = "n_samples = 1000\nbatch_size = 64\n";
    lg_config cfg;
    assert_int_equal(lg_deck_parse_text("test", base, NULL, 0, &cfg, stderr), 0);
    const uint64_t h = lg_config_hash(&cfg);
    const char *same[] = {"backend=cpu", "backend=cuda", "output.file=elsewhere.h5",
                          "output.checkpoint_s=5"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; ++i) {
        char *set[] = {(char *)same[i]};
        assert_int_equal(lg_deck_parse_text("test", base, set, 1, &cfg, stderr), 0);
        assert_int_equal(lg_config_hash(&cfg), h);
    }
    const char *other[] = {"seed=2", "map.npix=32", "noise.sigma=0.01"};
    for (size_t i = 0; i < sizeof other / sizeof other[0]; ++i) {
        char *set[] = {(char *)other[i]};
        assert_int_equal(lg_deck_parse_text("test", base, set, 1, &cfg, stderr), 0);
        assert_int_not_equal(lg_config_hash(&cfg), h);
    }
    assert_int_equal(lg_deck_parse_text("test", base, (char *[]){"backend=cuda"}, 1, &cfg, stderr),
                     0);
    assert_int_equal(cfg.backend, LG_BACKEND_CUDA);
}

static void test_round_trip(void **state)
{
    (void)state;
    const lg_config cfg = small_config();
    lg_record r, back;
    assert_int_equal(lg_record_init(&r, &cfg), 0);
    assert_int_equal(r.n_batches, 16); /* ceil(1000 / 64) */
    const int64_t done[] = {0, 1, 2, 7, 9, 10, 15};
    for (size_t i = 0; i < sizeof done / sizeof done[0]; ++i) {
        r.done[done[i]] = 1;
        r.sum[done[i]] = 0x9e3779b97f4a7c15ull * (uint64_t)(done[i] + 1);
    }
    char path[] = "/tmp/lensgen-record-XXXXXX";
    close(mkstemp(path));
    assert_int_equal(lg_record_save(path, &r), 0);
    char why[256];
    assert_int_equal(lg_record_load(path, &back, why, sizeof why), 0);
    assert_int_equal(back.config_hash, lg_config_hash(&cfg));
    assert_int_equal(back.n_batches, r.n_batches);
    assert_memory_equal(back.done, r.done, (size_t)r.n_batches);
    for (int64_t b = 0; b < r.n_batches; ++b)
        if (r.done[b])
            assert_int_equal(back.sum[b], r.sum[b]);
    int64_t pending[16];
    assert_int_equal(lg_record_pending(&back, pending), 16 - 7);
    assert_int_equal(pending[0], 3);
    lg_record_free(&back);

    /* a record cut short (a checksum missing) is refused */
    FILE *f = fopen(path, "r+");
    fseek(f, 0, SEEK_END);
    const long size = ftell(f);
    fclose(f);
    assert_int_equal(truncate(path, size - 18), 0);
    assert_int_equal(lg_record_load(path, &back, why, sizeof why), -1);
    assert_non_null(strstr(why, "not a valid lensgen completion record"));

    /* a version-1 record (no checksums) is refused: its batches could not be verified */
    f = fopen(path, "w");
    fputs("lensgen-progress 1\nconfig_hash 0000000000000001\nn_samples 1000\nbatch_size 64\n"
          "n_batches 16\nbatches_done 1\ndone 0-0\n",
          f);
    fclose(f);
    assert_int_equal(lg_record_load(path, &back, why, sizeof why), -1);
    unlink(path);
    lg_record_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_round_trip),
                                       cmocka_unit_test(test_hash_keys)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
