/* bench_kappa.c: single-thread throughput of the per-sample kernels (kappa per profile,
 * Gaussian noise, min-max) at several map sizes. Prints one CSV line per case with the
 * median of the repeats: kernel,npix,mpix_per_s. Built as build/lensgen_bench_kappa;
 * run by scripts/benchmark.py. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "kappa_map.h"
#include "noise.h"
#include "normalise.h"
#include "derived_maps.h"
#include "profile_eval.h"
#include "timing.h"

#define REPEATS 7

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One component of each kind, with the ellipticity used for the elliptical ones. */
static lg_lens_model make_model(const char *kernel)
{
    lg_component c = {.cx = 0.13,
                      .cy = -0.07,
                      .q = 1.0,
                      .phi = 0.0,
                      .theta_e = 1.2,
                      .kappa_s = 0.2,
                      .theta_s = 1.5,
                      .beta = 0.3,
                      .kappa_e = 0.5,
                      .r_e = 0.8,
                      .n = 4.0};
    if (strcmp(kernel, "nfw") == 0)
        c.type = LG_COMP_NFW;
    else if (strcmp(kernel, "nfw_ell") == 0)
        c.type = LG_COMP_NFW, c.q = 0.6, c.phi = 0.5;
    else if (strcmp(kernel, "sis") == 0)
        c.type = LG_COMP_SIS;
    else if (strcmp(kernel, "sie") == 0)
        c.type = LG_COMP_SIE, c.q = 0.6, c.phi = 0.5;
    else if (strcmp(kernel, "cnfw") == 0)
        c.type = LG_COMP_CNFW;
    else if (strcmp(kernel, "sersic") == 0)
        c.type = LG_COMP_SERSIC, c.q = 0.7, c.phi = 0.5, c.b_n = lg_sersic_b_n(c.n);
    else
        c.type = LG_COMP_POINT;
    lg_lens_model m = {.n = 1, .c = {c}};
    return m;
}

/* Run `maps` evaluations of one kernel, REPEATS times; return median Mpix/s. */
static double bench(const char *kernel, int npix, int maps, float *map, float *out, lg_noise *noise)
{
    const lg_grid g = lg_grid_make(npix, 5.0);
    const size_t n = (size_t)npix * npix;
    double rate[REPEATS];
    /* "alpha:PROFILE": every derived map (alpha, gamma, psi, mu) through the double evaluator */
    const int alpha = strncmp(kernel, "alpha:", 6) == 0;
    /* "ssK:PROFILE": kappa as pixel means of K x K sub-pixel samples (map.supersample) */
    const int ss = strncmp(kernel, "ss", 2) == 0 ? atoi(kernel + 2) : 1;
    const lg_lens_model model = make_model(alpha    ? kernel + 6
                                           : ss > 1 ? strchr(kernel, ':') + 1
                                                    : kernel);
    lg_map_set set = {{NULL}};
    for (int k = LG_MAP_ALPHA_X; alpha && k < LG_N_MAPS; ++k)
        set.map[k] = out; /* timing only: every map in one buffer */
    for (int r = 0; r < REPEATS; ++r) {
        double t0 = lg_now();
        for (int m = 0; m < maps; ++m) {
            if (strcmp(kernel, "gauss_noise") == 0)
                lg_noise_apply(noise, 0, (uint64_t)m, map, out, NULL);
            else if (strcmp(kernel, "minmax") == 0) {
                double offset, scale;
                lg_normalise_map(LG_NORM_MINMAX, out, n, &offset, &scale);
            } else if (alpha)
                lg_derived_maps_analytic(&model, &g, &set);
            else
                lg_kappa_map(&model, &g, ss, out, map);
        }
        rate[r] = (double)maps * (double)n / (lg_now() - t0) * 1e-6;
    }
    qsort(rate, REPEATS, sizeof rate[0], cmp_double);
    return rate[REPEATS / 2];
}

int main(void)
{
    static const int sizes[] = {64, 256, 1024};
    static const char *kernels[] = {"nfw",       "nfw_ell",   "cnfw",          "sis",
                                    "sie",       "sersic",    "point_mass",    "gauss_noise",
                                    "minmax",    "alpha:nfw", "alpha:nfw_ell", "alpha:cnfw",
                                    "alpha:sis", "alpha:sie", "alpha:sersic",  "alpha:point_mass",
                                    "ss2:nfw",   "ss4:nfw",   "ss2:sie",       "ss4:sie",
                                    "ss4:sersic"};
    printf("kernel,npix,mpix_per_s\n");
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; ++s) {
        const int npix = sizes[s];
        const size_t n = (size_t)npix * npix;
        const int maps = (int)(8e6 / (double)n) + 1; /* ~8 Mpix per repeat */
        const int alpha_maps = maps / 64 + 1;        /* the double evaluator is slower */
        float *map = malloc(sizeof(float) * n), *out = malloc(sizeof(float) * n);
        lg_config cfg;
        memset(&cfg, 0, sizeof cfg);
        cfg.npix = npix;
        cfg.half_width = 5.0;
        cfg.seed = 1;
        cfg.noise_type = LG_NOISE_GAUSSIAN;
        cfg.sigma = 0.05;
        lg_noise *noise = lg_noise_create(&cfg, 1);
        if (!map || !out || !noise)
            return 1;
        memset(map, 0, sizeof(float) * n);
        memset(out, 0, sizeof(float) * n);
        for (size_t k = 0; k < sizeof kernels / sizeof kernels[0]; ++k) {
            const int many = strncmp(kernels[k], "alpha:", 6) == 0 ? alpha_maps : maps;
            if (npix > 256 && many == alpha_maps)
                continue; /* 1024^2 alpha maps take seconds each */
            printf("%s,%d,%.1f\n", kernels[k], npix,
                   bench(kernels[k], npix, many, map, out, noise));
            fflush(stdout);
        }
        lg_noise_free(noise);
        free(map);
        free(out);
    }
    return 0;
}
