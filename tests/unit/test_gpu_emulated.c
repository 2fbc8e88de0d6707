/* test_gpu_emulated.c: the CUDA backend without a GPU. LENSGEN_CUDA_EMULATE=1 runs the backend's
 * whole device pipeline (gpu/pipeline.hpp: the same kernel bodies, chunks, streams' order and
 * FFT layouts) on the host, and this test compares it with the CPU backend on decks that use
 * every stage. Properties:
 *   - parameters drawn on the host: bitwise equal (every /params column but the map statistics);
 *   - kappa of every profile: within LG_GPU_KAPPA_REL of the map's peak (float32; the CPU's
 *     loops call vector math functions, the bodies scalar ones), most pixels bitwise;
 *   - Poisson noise (double arithmetic) and the normalisation: bitwise, given the same map;
 *   - mu through 1/mu = (1 - kappa)^2 - |gamma|^2 (mu itself diverges on critical curves);
 *   - Gaussian noise: the CPU's vectorised logf/sinf/cosf (libmvec) may differ from the
 *     scalar ones by a few ulp: within LG_GAUSS_ULP ulp per deviate;
 *   - smoothing and FFT maps (FFTW's batched transforms in the device's layout): within kappa's
 *     bound, which carries over through these linear maps;
 *   - S/N and normalisation statistics: within 1e-6 relative.
 * With --device (CTest gpu_backend_vs_cpu) the same deck comparisons run on a real CUDA device
 * instead of the emulation (exit 77, skipped, where there is none). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <omp.h>

#include "backend.h"
#include "backend_cuda.h"
#include "batch_bodies.h"
#include "deck.h"
#include "map_info.h"
#include "noise.h"
#include "normalise.h"
#include "params_table.h"
#include "rng.h"
#include "timing.h"

/* Two float32 evaluations of the same formula: the CPU's loops call glibc's vector logf/powf
 * (libmvec, up to ~4 ulp), the device's its own (1-2 ulp); the kernels' own error is 2.8e-6
 * (README, "Float32 accuracy"). The bound is the NumPy cross-check's. */
#define LG_GPU_KAPPA_REL 1e-5
/* sqrtf(-2 logf(u)) cosf(a): up to ~4 ulp per function call in libmvec, composed. */
#define LG_GAUSS_ULP 16

static int device_mode = 0; /* --device: a real CUDA device, not the emulation */

static const char *const COMMON = "n_samples = 100\nseed = 11\nbatch_size = 16\n";

/* every profile, analytic derived maps, smoothed Gaussian noise, z-score, augmentation */
static const char *const DECK_ALL =
    "[map]\nnpix = 32\nhalf_width = 3.0\nsupersample = 2\n"
    "[lens]\nprofile = choice(point_mass, sis, nfw, nfw_ell, sie, sersic, composite)\n"
    "dm_model = choice(cdm, wdm, sidm)\n"
    "center_x = uniform(-0.5, 0.5)\ncenter_y = uniform(-0.5, 0.5)\n"
    "e1 = uniform(-0.3, 0.3)\ne2 = uniform(-0.3, 0.3)\n"
    "[nfw]\nm200 = loguniform(1e13, 1e15)\n"
    "[noise]\nsigma = 0.05\nsmooth_fwhm = 0.4\n"
    "[normalise]\nmethod = zscore\n"
    "[augment]\nrot90 = true\nflip = true\n"
    "[output]\nmaps = kappa, kappa_noisy, alpha_x, alpha_y, gamma1, gamma2, psi, mu\n";

/* pixel centres, Poisson noise without smoothing, min-max, FFT maps */
static const char *const DECK_POISSON =
    "[map]\nnpix = 24\nhalf_width = 2.5\nsupersample = 1\n"
    "[lens]\nprofile = choice(sis, nfw_ell, sie, sersic)\n"
    "e1 = uniform(-0.3, 0.3)\ne2 = uniform(-0.3, 0.3)\n"
    "[noise]\ntype = poisson\nexposure = 50\nbackground = 0.2\n"
    "[normalise]\nmethod = minmax\n"
    "[augment]\nrot90 = true\n"
    "[imaging]\nsupersample = 1\n"
    "[output]\nmaps = kappa, kappa_noisy, alpha_x, alpha_y, gamma2, mu, image, source\n"
    "derived = fft\n";

/* 3 x 3 sub-pixels, smoothing of the noise alone, no normalisation, cored halos */
static const char *const DECK_SMOOTH_NOISE =
    "[map]\nnpix = 20\nhalf_width = 2.0\nsupersample = 3\n"
    "[lens]\nprofile = composite\ndm_model = sidm\n"
    "[noise]\nsigma = 0.02\nsmooth_fwhm = 0.3\nsmoothing = noise\n"
    "[output]\nmaps = kappa, kappa_noisy\n";

typedef struct {
    double worst_rel; /* max |a - b| / max(1e-30, max |b|) */
    double bitwise;   /* fraction of values equal */
} diff;

static diff compare(const float *a, const float *b, size_t n, int inverse)
{
    double peak = 0.0, worst = 0.0;
    size_t same = 0;
    for (size_t i = 0; i < n; ++i) {
        const double x = inverse ? 1.0 / a[i] : a[i], y = inverse ? 1.0 / b[i] : b[i];
        peak = fmax(peak, fabs(y));
        worst = fmax(worst, fabs(x - y));
        same += memcmp(&a[i], &b[i], sizeof(float)) == 0;
    }
    const diff d = {worst / fmax(peak, 1e-30), (double)same / (double)n};
    return d;
}

static lg_config config_of(const char *deck)
{
    char text[4096];
    snprintf(text, sizeof text, "%s%s", COMMON, deck);
    lg_config cfg;
    assert_int_equal(lg_deck_parse_text("test_gpu_emulated", text, NULL, 0, &cfg, stderr), 0);
    return cfg;
}

/* Samples [3, 3 + 37) in batches of at most 16 (so both chunks, and a short last batch) on
 * both backends; returns the worst differences per map through *out (LG_N_MAPS entries). */
static void run_both(const lg_config *cfg, diff *out, int check_params)
{
    lg_cosmology cosmo;
    lg_cosmology_init(&cosmo, cfg->H0, cfg->Omega_m);
    lg_cuda_device dev;
    assert_int_equal(lg_cuda_bind(0, &dev), 0);
    assert_int_equal(dev.emulated, !device_mode);
    lg_backend cpu, gpu;
    assert_int_equal(lg_backend_create(&cpu, &lg_backend_cpu_ops, cfg, 16, omp_get_max_threads()),
                     0);
    assert_int_equal(lg_backend_create(&gpu, &lg_backend_cuda_ops, cfg, 16, omp_get_max_threads()),
                     0);
    const size_t n2 = (size_t)cfg->npix * (size_t)cfg->npix;
    for (int m = 0; m < LG_N_MAPS; ++m)
        out[m] = (diff){0.0, 1.0};
    double t[LG_N_PHASES] = {0};
    for (int64_t first = 3; first < 40; first += 16) {
        const int64_t count = first + 16 <= 40 ? 16 : 40 - first;
        lg_host_batch hc, hg;
        assert_int_equal(lg_backend_compute(&cpu, &cosmo, first, count, t, &hc), 0);
        assert_int_equal(lg_backend_compute(&gpu, &cosmo, first, count, t, &hg), 0);
        assert_int_equal(hg.count, count);
        for (int m = 0; m < LG_N_MAPS; ++m) {
            if (!(cfg->maps >> m & 1))
                continue;
            assert_non_null(hg.map[m]);
            const diff d = compare(hg.map[m], hc.map[m], (size_t)count * n2, m == LG_MAP_MU);
            out[m].worst_rel = fmax(out[m].worst_rel, d.worst_rel);
            out[m].bitwise = fmin(out[m].bitwise, d.bitwise);
        }
        for (int64_t i = 0; i < count && check_params; ++i)
            for (int c = 0; c < lg_n_param_cols; ++c) {
                const double a = lg_param_value(&hg.lenses[i], c),
                             b = lg_param_value(&hc.lenses[i], c);
                const int stat = lg_param_cols[c].need == LG_NEED_NOISE ||
                                 lg_param_cols[c].need == LG_NEED_NORMALISE;
                if (stat) {
                    if (!(fabs(a - b) <= 1e-6 * fabs(b) || (isnan(a) && isnan(b))))
                        fail_msg("sample %lld %s: %.17g vs %.17g", (long long)(first + i),
                                 lg_param_cols[c].name, a, b);
                } else if (memcmp(&a, &b, sizeof a) != 0) {
                    fail_msg("sample %lld %s: %.17g vs %.17g (not bitwise)", (long long)(first + i),
                             lg_param_cols[c].name, a, b);
                }
            }
    }
    lg_backend_destroy(&cpu);
    lg_backend_destroy(&gpu);
}

static void report(const char *deck, const diff *d, int maps)
{
    for (int m = 0; m < LG_N_MAPS; ++m)
        if (maps >> m & 1)
            printf("%-14s %-12s max |emulated - cpu| / peak (mu: of 1/mu) = %.3g, bitwise %.4f\n",
                   deck, lg_maps[m].name, d[m].worst_rel, d[m].bitwise);
}

static void test_every_stage(void **state)
{
    (void)state;
    const lg_config cfg = config_of(DECK_ALL);
    diff d[LG_N_MAPS];
    run_both(&cfg, d, 1);
    report("all-stages", d, cfg.maps);
    assert_true(d[LG_MAP_KAPPA].worst_rel <= LG_GPU_KAPPA_REL);
    /* smoothing (FFT) and Gaussian deviates, then a z-score: relative to the peak */
    assert_true(d[LG_MAP_KAPPA_NOISY].worst_rel <= 1e-5);
    /* analytic derived maps: the host computes them; the device only permutes them */
    for (int m = LG_MAP_ALPHA_X; m <= LG_MAP_MU; ++m)
        assert_true(d[m].bitwise == 1.0);
}

static void test_poisson_fft(void **state)
{
    (void)state;
    const lg_config cfg = config_of(DECK_POISSON);
    diff d[LG_N_MAPS];
    run_both(&cfg, d, 1);
    report("poisson-fft", d, cfg.maps);
    assert_true(d[LG_MAP_KAPPA].worst_rel <= LG_GPU_KAPPA_REL);
    assert_true(d[LG_MAP_KAPPA_NOISY].worst_rel <= LG_GPU_KAPPA_REL);
    /* linear in kappa (mu: 1/mu quadratic near 1), so kappa's bound carries over; the FFTs'
     * own rounding (another batch layout) is ~log2(p) eps, far below it */
    for (int m = LG_MAP_ALPHA_X; m <= LG_MAP_MU; ++m)
        if (cfg.maps >> m & 1)
            assert_true(d[m].worst_rel <= LG_GPU_KAPPA_REL);
    /* lensed images: ray-traced on the host, only permuted on the device */
    assert_true(d[LG_MAP_IMAGE].bitwise == 1.0 && d[LG_MAP_SOURCE].bitwise == 1.0);
}

static void test_smoothed_noise(void **state)
{
    (void)state;
    const lg_config cfg = config_of(DECK_SMOOTH_NOISE);
    diff d[LG_N_MAPS];
    run_both(&cfg, d, 1);
    report("smooth-noise", d, cfg.maps);
    assert_true(d[LG_MAP_KAPPA].worst_rel <= LG_GPU_KAPPA_REL);
    assert_true(d[LG_MAP_KAPPA_NOISY].worst_rel <= 1e-5);
}

/* ulp distance of two finite floats of the same sign */
static int64_t ulps(float a, float b)
{
    int32_t ia, ib;
    memcpy(&ia, &a, sizeof ia);
    memcpy(&ib, &b, sizeof ib);
    if ((ia < 0) != (ib < 0))
        return a == b ? 0 : INT32_MAX;
    return llabs((int64_t)ia - (int64_t)ib);
}

/* The device's per-pixel Gaussian deviates (lg_gauss_pixel) against the CPU's vectorised field. */
static void test_gauss_deviates(void **state)
{
    (void)state;
    const size_t n = 64 * 64 + 3;
    float *cpu = malloc(sizeof(float) * n);
    lg_gauss_work w;
    assert_int_equal(lg_gauss_work_alloc(&w, n), 0);
    int64_t worst = 0;
    size_t same = 0, total = 0;
    for (uint64_t index = 0; index < 64; ++index) {
        lg_gaussian_field(2024, index, cpu, n, &w);
        for (uint32_t p = 0; p < n; ++p) {
            const float g = lg_gauss_pixel(2024, index, (uint32_t)n, p);
            const int64_t u = ulps(g, cpu[p]);
            worst = u > worst ? u : worst;
            same += g == cpu[p];
            ++total;
        }
    }
    printf("Gaussian deviates: %zu values, worst %lld ulp, %.4f bitwise\n", total, (long long)worst,
           (double)same / (double)total);
    assert_true(worst <= LG_GAUSS_ULP);
    lg_gauss_work_free(&w);
    free(cpu);
}

/* Given the same map, the bodies' Poisson noise and normalisation are the CPU's, bitwise. */
static void test_noise_normalise_exact(void **state)
{
    (void)state;
    const lg_config cfg = config_of(DECK_POISSON);
    const size_t n2 = (size_t)cfg.npix * (size_t)cfg.npix;
    lg_cosmology cosmo;
    lg_cosmology_init(&cosmo, cfg.H0, cfg.Omega_m);
    lg_backend cpu;
    assert_int_equal(lg_backend_create(&cpu, &lg_backend_cpu_ops, &cfg, 4, omp_get_max_threads()),
                     0);
    double t[LG_N_PHASES] = {0};
    lg_host_batch h;
    assert_int_equal(lg_backend_compute(&cpu, &cosmo, 9, 4, t, &h), 0);
    lg_noise *nz = lg_noise_create(&cfg, 1);
    float *cpu_out = malloc(sizeof(float) * n2), *body = malloc(sizeof(float) * n2);
    const lg_white_setup ws = {cfg.noise_type, (uint64_t)cfg.seed, 0.0f, cfg.exposure,
                               cfg.background};
    for (int64_t s = 0; s < 4; ++s) {
        const float *kappa = h.map[LG_MAP_KAPPA] + (size_t)s * n2;
        lg_snr snr;
        lg_noise_apply(nz, 0, (uint64_t)(9 + s), kappa, cpu_out, &snr);
        for (size_t i = 0; i < n2; ++i)
            lg_kb_white(i, &ws, n2, (uint64_t)(9 + s), kappa, body);
        for (size_t i = 0; i < n2; ++i)
            lg_kb_add(i, kappa, body);
        assert_memory_equal(cpu_out, body, sizeof(float) * n2);
        for (int method = LG_NORM_MINMAX; method <= LG_NORM_ZSCORE; ++method) {
            double o1, s1, st[4];
            memcpy(body, cpu_out, sizeof(float) * n2);
            lg_normalise_map(method, cpu_out, n2, &o1, &s1);
            lg_kb_normalise(0, method, n2, body, st);
            assert_memory_equal(cpu_out, body, sizeof(float) * n2);
            assert_memory_equal(&o1, &st[2], sizeof o1);
            assert_memory_equal(&s1, &st[3], sizeof s1);
            memcpy(cpu_out, body, sizeof(float) * n2);
        }
    }
    free(cpu_out);
    free(body);
    lg_noise_free(nz);
    lg_backend_destroy(&cpu);
}

/* auto/cuda binding of the emulation: local rank r gets device r % N. */
static void test_binding(void **state)
{
    (void)state;
    setenv("LENSGEN_CUDA_EMULATE", "3", 1);
    for (int r = 0; r < 7; ++r) {
        lg_cuda_device d;
        assert_int_equal(lg_cuda_bind(r, &d), 0);
        assert_int_equal(d.device, r % 3);
        assert_int_equal(d.n_visible, 3);
    }
    setenv("LENSGEN_CUDA_EMULATE", "1", 1);
}

int main(int argc, char **argv)
{
    device_mode = argc > 1 && strcmp(argv[1], "--device") == 0;
    if (device_mode) {
        unsetenv("LENSGEN_CUDA_EMULATE");
        lg_cuda_device dev;
        if (lg_cuda_bind(0, &dev) != 0) {
            printf("no CUDA device (%s): skipped\n", dev.why);
            return 77;
        }
        printf("device %d of %d: %s (%s), runtime %d, driver %d\n", dev.device, dev.n_visible,
               dev.name, dev.pci_bus_id, dev.runtime_version, dev.driver_version);
        const struct CMUnitTest on_device[] = {
            cmocka_unit_test(test_every_stage),
            cmocka_unit_test(test_poisson_fft),
            cmocka_unit_test(test_smoothed_noise),
        };
        return cmocka_run_group_tests(on_device, NULL, NULL);
    }
    setenv("LENSGEN_CUDA_EMULATE", "1", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gauss_deviates), cmocka_unit_test(test_binding),
        cmocka_unit_test(test_every_stage),    cmocka_unit_test(test_poisson_fft),
        cmocka_unit_test(test_smoothed_noise), cmocka_unit_test(test_noise_normalise_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
