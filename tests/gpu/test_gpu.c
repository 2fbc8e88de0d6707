/* test_gpu.c: the CUDA kernels against the CPU, on a machine with a GPU (exit 77, skipped,
 * without one). Properties: Philox words bitwise equal; the Gaussian field equal within 1e-6
 * (device and host logf/sinf/cosf may differ by an ulp); kappa of every per-pixel profile within
 * 1e-5 relative of lg_kappa_map_par (same inline formulas; --fmad=false keeps the GPU from
 * contracting a*b+c, so most pixels agree bitwise: the count is printed). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kappa_map.h"
#include "lensgen_gpu.h"
#include "noise.h"
#include "rng.h"

static int failures = 0;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok" : "FAIL", what);
    failures += !ok;
}

static void test_philox(void)
{
    enum { N = 4096 };
    static uint32_t gpu[4 * N];
    if (lg_gpu_philox(12345, 678, LG_STREAM_GAUSS, N, gpu) != 0) {
        check(0, "philox kernel ran");
        return;
    }
    int same = 1;
    for (uint32_t b = 0; b < N; ++b) {
        lg_bits4 w = lg_philox(12345, 678, LG_STREAM_GAUSS, b);
        same &= !memcmp(w.w, gpu + 4 * b, sizeof w.w);
    }
    check(same, "Philox4x32-10 words bitwise equal on GPU and CPU");
}

static void test_gauss(void)
{
    const uint32_t n = 64 * 64 + 3;
    float *g = malloc(sizeof(float) * n), *c = malloc(sizeof(float) * n);
    lg_gauss_work w;
    lg_gauss_work_alloc(&w, n);
    lg_gaussian_field(99, 7, c, n, &w);
    int ok = lg_gpu_gauss_field(99, 7, n, g) == 0;
    double worst = 0.0;
    int bitwise = 0;
    for (uint32_t i = 0; ok && i < n; ++i) {
        worst = fmax(worst, fabs((double)g[i] - c[i]));
        bitwise += g[i] == c[i];
    }
    printf("gauss field: max |gpu - cpu| = %.3g, %d of %u bitwise equal\n", worst, bitwise, n);
    check(ok && worst < 1e-6, "Gaussian field within 1e-6 of the CPU");
    lg_gauss_work_free(&w);
    free(g);
    free(c);
}

static void test_kappa(void)
{
    const lg_grid grid = lg_grid_make(96, 6.0);
    const lg_kappa_par base = {.cx = 0.13f,
                               .cy = -0.21f,
                               .kappa_s = 0.3f,
                               .inv_theta_s = 0.5f,
                               .beta = 0.3f,
                               .theta_e = 1.1f,
                               .kappa_e = 0.6f,
                               .inv_r_e = 1.25f,
                               .inv_n = 0.25f,
                               .b_n = 7.669284f,
                               .cos_phi = 0.8f,
                               .sin_phi = 0.6f,
                               .q = 0.7f};
    const struct {
        int type, elliptical;
        float beta;
        const char *name;
    } cases[] = {{LG_COMP_NFW, 0, 0, "nfw"},       {LG_COMP_NFW, 1, 0, "nfw_ell"},
                 {LG_COMP_CNFW, 0, 0.3f, "cnfw"},  {LG_COMP_CNFW, 1, 1.0f, "cnfw_ell b=1"},
                 {LG_COMP_SIS, 0, 0, "sis"},       {LG_COMP_SIE, 1, 0, "sie"},
                 {LG_COMP_SERSIC, 0, 0, "sersic"}, {LG_COMP_SERSIC, 1, 0, "sersic_ell"}};
    const int n = (int)(sizeof cases / sizeof cases[0]);
    const size_t npix2 = (size_t)grid.npix * grid.npix;
    lg_kappa_par pars[8];
    float *gpu = malloc(sizeof(float) * npix2 * n), *cpu = malloc(sizeof(float) * npix2);
    for (int k = 0; k < n; ++k) {
        pars[k] = base;
        pars[k].profile = cases[k].type;
        pars[k].elliptical = cases[k].elliptical;
        if (cases[k].beta > 0)
            pars[k].beta = cases[k].beta;
    }
    if (lg_gpu_kappa_maps(pars, n, &grid, gpu) != 0) {
        check(0, "kappa kernel ran");
        return;
    }
    for (int k = 0; k < n; ++k) {
        lg_kappa_map_par(&pars[k], &grid, cpu);
        double worst = 0.0;
        size_t bitwise = 0;
        for (size_t i = 0; i < npix2; ++i) {
            const float g = gpu[k * npix2 + i];
            worst = fmax(worst, fabs((double)g - cpu[i]) / fmax(fabs((double)cpu[i]), 1e-30));
            bitwise += g == cpu[i];
        }
        char what[128];
        snprintf(what, sizeof what,
                 "%s kappa within 1e-5 of the CPU (max rel %.2g, %zu/%zu bitwise)", cases[k].name,
                 worst, bitwise, npix2);
        check(worst < 1e-5, what);
    }
    free(gpu);
    free(cpu);
}

int main(void)
{
    if (lg_gpu_device_count() == 0) {
        printf("SKIPPED: no CUDA device\n");
        return 77;
    }
    test_philox();
    test_gauss();
    test_kappa();
    printf("%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
