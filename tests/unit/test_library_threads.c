/* test_library_threads.c: liblensgen from several threads (src/lensgen.h, "Threads"): handles
 * filled at once from their own threads, and one handle shared by threads, give the samples a
 * single thread gets; the backend key (cpu, cuda without a device: refused, cuda on the
 * emulated device: the CPU's maps within 1e-4 of their peak). Runs under ASan/UBSan with the
 * suite. */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lensgen.h"

static const char *DECK = "n_samples = 64\n"
                          "seed = 3\n"
                          "batch_size = 5\n"
                          "[map]\n"
                          "npix = 24\n"
                          "[lens]\n"
                          "profile = choice(sie, nfw_ell, composite)\n"
                          "[noise]\n"
                          "type = gaussian\n"
                          "sigma = 0.05\n"
                          "[output]\n"
                          "file = unused.h5\n"
                          "maps = kappa, kappa_noisy, alpha_x, gamma1\n"
                          "derived = fft\n";
enum { N = 24, MAPS = 4, NPIX = 24, PER = MAPS * NPIX * NPIX, THREADS = 4 };

typedef struct {
    lensgen_gen *g; /* NULL: the thread opens (and closes) a handle of its own */
    int64_t first, count;
    float *maps;
    int status;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    char err[512];
    lensgen_gen *g = j->g ? j->g : lensgen_open_text("deck", DECK, NULL, 0, err, sizeof err);
    j->status = g ? lensgen_fill(g, j->first, j->count, j->maps, NULL, err, sizeof err) : -1;
    if (!j->g)
        lensgen_close(g);
    return NULL;
}

static float *serial_maps(void)
{
    char err[512];
    lensgen_gen *g = lensgen_open_text("deck", DECK, NULL, 0, err, sizeof err);
    assert_non_null(g);
    float *m = malloc(sizeof(float) * PER * N);
    assert_int_equal(lensgen_fill(g, 0, N, m, NULL, err, sizeof err), 0);
    lensgen_close(g);
    return m;
}

/* shared != 0: the threads fill one handle; else each opens its own. */
static void run_threads(int shared)
{
    float *want = serial_maps(), *got = calloc(PER * N, sizeof(float));
    char err[512];
    lensgen_gen *g = shared ? lensgen_open_text("deck", DECK, NULL, 0, err, sizeof err) : NULL;
    job jobs[THREADS];
    pthread_t tid[THREADS];
    for (int t = 0; t < THREADS; ++t) { /* ranges that cut across the batches of 5 */
        const int64_t first = (int64_t)t * N / THREADS, last = (int64_t)(t + 1) * N / THREADS;
        jobs[t] = (job){g, first, last - first, got + first * PER, -9};
        assert_int_equal(pthread_create(&tid[t], NULL, run_job, &jobs[t]), 0);
    }
    for (int t = 0; t < THREADS; ++t) {
        pthread_join(tid[t], NULL);
        assert_int_equal(jobs[t].status, 0);
    }
    assert_memory_equal(want, got, sizeof(float) * PER * N);
    lensgen_close(g);
    free(want);
    free(got);
}

static void test_own_handles(void **state)
{
    (void)state;
    run_threads(0);
}

static void test_shared_handle(void **state)
{
    (void)state;
    run_threads(1);
}

static void test_backends(void **state)
{
    (void)state;
    char err[1024] = "";
    assert_true(strncmp(lensgen_version(), "0.", 2) == 0);
    const char *cpu[] = {"backend=cpu"}, *cuda[] = {"backend=cuda"};
    lensgen_gen *g = lensgen_open_text("deck", DECK, cpu, 1, err, sizeof err);
    assert_non_null(g);
    assert_string_equal(lensgen_backend(g), "cpu");
    float *want = malloc(sizeof(float) * PER * 6), *got = malloc(sizeof(float) * PER * 6);
    assert_int_equal(lensgen_fill(g, 3, 6, want, NULL, err, sizeof err), 0);
    lensgen_close(g);
    /* cuda: refused with a reason without a device; on the emulated device (the CUDA backend's
     * kernels run on the host), the noiseless maps are the CPU's bits */
    unsetenv("LENSGEN_CUDA_EMULATE");
    const char *autob[] = {"backend=auto"};
    g = lensgen_open_text("deck", DECK, autob, 1, err, sizeof err);
    assert_non_null(g);
    const int have_device = strcmp(lensgen_backend(g), "cuda") == 0;
    lensgen_close(g);
    if (!have_device) { /* auto fell back to the CPU: cuda is refused, saying why */
        assert_null(lensgen_open_text("deck", DECK, cuda, 1, err, sizeof err));
        assert_non_null(strstr(err, "backend = cuda"));
        assert_non_null(strstr(err, "auto or cpu"));
    }
    setenv("LENSGEN_CUDA_EMULATE", "1", 1);
    g = lensgen_open_text("deck", DECK, cuda, 1, err, sizeof err);
    assert_non_null(g);
    assert_string_equal(lensgen_backend(g), "cuda");
    assert_int_equal(lensgen_fill(g, 3, 6, got, NULL, err, sizeof err), 0);
    /* the device's kernels and batched FFTs round differently from the CPU's vectorised loops
     * (a few float ulps); the pixel holding an SIE's singular centre averages sub-samples of
     * 1/r and amplifies them (5e-5 seen): every map within 1e-4 of its peak */
    for (int s = 0; s < 6; ++s)
        for (int m = 0; m < MAPS; ++m) {
            const float *w = want + ((size_t)s * MAPS + (size_t)m) * NPIX * NPIX,
                        *h = got + ((size_t)s * MAPS + (size_t)m) * NPIX * NPIX;
            float peak = 0, diff = 0;
            for (int k = 0; k < NPIX * NPIX; ++k) {
                peak = fmaxf(peak, fabsf(w[k]));
                diff = fmaxf(diff, fabsf(w[k] - h[k]));
            }
            assert_true(peak > 0 && diff <= 1e-4f * peak);
        }
    lensgen_close(g);
    unsetenv("LENSGEN_CUDA_EMULATE");
    free(want);
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_own_handles),
        cmocka_unit_test(test_shared_handle),
        cmocka_unit_test(test_backends),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
