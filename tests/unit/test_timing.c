/* test_timing.c: the timing report names each rank's backend and device (timing.c): the table's
 * backend lines group the ranks as ranges, and the CSV ends each row with backend,device (the
 * device quoted when it holds a comma or a quote). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "timing.h"

static void set_row(lg_rank_timing *row, const char *backend, const char *device)
{
    memset(row, 0, sizeof *row);
    for (int p = 0; p < LG_N_PHASES; ++p)
        row->seconds[p] = 0.5;
    row->samples = 10;
    row->threads = 2;
    snprintf(row->backend, sizeof row->backend, "%s", backend);
    snprintf(row->device, sizeof row->device, "%s", device);
}

/* ranks 0-2 and 5 on device A, 3 on the CPU, 4 on "B, rev 2" */
static void mixed_rows(lg_rank_timing *rows)
{
    set_row(&rows[0], "cuda", "Device A");
    set_row(&rows[1], "cuda", "Device A");
    set_row(&rows[2], "cuda", "Device A");
    set_row(&rows[3], "cpu", "");
    set_row(&rows[4], "cuda", "B, rev \"2\"");
    set_row(&rows[5], "cuda", "Device A");
}

static void test_report_backends(void **state)
{
    (void)state;
    lg_rank_timing rows[6];
    mixed_rows(rows);
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    assert_non_null(f);
    lg_timing_report(f, rows, 6, 60, 32);
    fclose(f);
    assert_non_null(strstr(text, "\nbackend: cuda 'Device A' on 4 rank(s): 0-2,5\n"));
    assert_non_null(strstr(text, "\nbackend: cpu on 1 rank(s): 3\n"));
    assert_non_null(strstr(text, "\nbackend: cuda 'B, rev \"2\"' on 1 rank(s): 4\n"));
    /* one line per backend and device, in the order of their first rank */
    const char *a = strstr(text, "backend: cuda 'Device A'"), *c = strstr(text, "backend: cpu");
    assert_true(a && c && a < c);
    free(text);

    /* a single CPU rank */
    set_row(&rows[0], "cpu", "");
    f = open_memstream(&text, &size);
    lg_timing_report(f, rows, 1, 10, 32);
    fclose(f);
    assert_non_null(strstr(text, "\nbackend: cpu on 1 rank(s): 0\n"));
    free(text);
}

static void test_csv_backends(void **state)
{
    (void)state;
    lg_rank_timing rows[6];
    mixed_rows(rows);
    char path[] = "/tmp/lensgen-timing-XXXXXX";
    close(mkstemp(path));
    assert_int_equal(lg_timing_write_csv(path, rows, 6), 0);
    FILE *f = fopen(path, "r");
    char line[1024];
    assert_non_null(fgets(line, sizeof line, f));
    assert_non_null(strstr(line, ",total_s,backend,device\n"));
    assert_true(strncmp(line, "rank,threads,samples,peak_rss_mib,deck_s", 40) == 0);
    const char *ends[] = {",cuda,Device A\n",
                          ",cuda,Device A\n",
                          ",cuda,Device A\n",
                          ",cpu,\n",
                          ",cuda,\"B, rev \"\"2\"\"\"\n",
                          ",cuda,Device A\n"};
    for (int r = 0; r < 6; ++r) {
        assert_non_null(fgets(line, sizeof line, f));
        const size_t n = strlen(line), e = strlen(ends[r]);
        assert_true(n > e);
        assert_string_equal(line + n - e, ends[r]);
    }
    assert_null(fgets(line, sizeof line, f));
    fclose(f);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_backends),
        cmocka_unit_test(test_csv_backends),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
