/* bench_gpu_kappa.c: throughput of the CUDA backend's kappa stage (gpu/pipeline.h): NFW maps
 * at pixel centres (map.supersample = 1, the kernel alone) and with 2 x 2 sub-pixel means, on
 * batches of 64 x 64 maps and on single 4096 x 4096 maps. Prints CSV lines
 * case,npix,maps,gpix_per_s (median of the repeats, after a warm-up). --emulate (or
 * LENSGEN_CUDA_EMULATE): the host emulation, a smoke test whose figures are not the device's.
 * Built as build/lensgen_bench_gpu_kappa; run by scripts/bench_gpu.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend_cuda.h"
#include "gauss_legendre.h"
#include "lens.h"
#include "timing.h"

#define REPEATS 5

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median Gpix/s of the kappa stage (lenses up, maps computed, a wait) for `maps` maps. */
static double run(int npix, int64_t maps, int supersample, int emulated)
{
    lg_gpu_setup s;
    memset(&s, 0, sizeof s);
    s.npix = npix;
    s.capacity = maps;
    s.n_threads = 1;
    s.maps = 1 << LG_MAP_KAPPA;
    s.kappa.grid = lg_grid_make(npix, 5.0);
    s.kappa.rule = *lg_gl_unit(supersample);
    s.kappa.g4 = *lg_gl_unit(4);
    s.kappa.g8 = *lg_gl_unit(8);
    lg_gpu_pipe *p = lg_gpu_pipe_create(&s, emulated);
    if (!p)
        return -1.0;
    lg_kappa_lens *lens = lg_gpu_pipe_lenses(p);
    for (int64_t i = 0; i < maps; ++i) {
        const lg_component c = {.type = LG_COMP_NFW,
                                .cx = 0.37 * (double)(i % 7) / 7.0,
                                .cy = -0.21,
                                .q = 1.0,
                                .kappa_s = 0.2 + 0.001 * (double)(i % 13),
                                .theta_s = 1.5};
        lens[i].n = 1;
        lg_component_kappa_par(&c, &lens[i].c[0]);
    }
    double t[REPEATS];
    int err = lg_gpu_pipe_kappa(p, maps) || lg_gpu_pipe_download(p, maps); /* warm-up */
    for (int r = 0; r < REPEATS && !err; ++r) {
        const double t0 = lg_now();
        err = lg_gpu_pipe_kappa(p, maps) || lg_gpu_pipe_download(p, maps);
        t[r] = lg_now() - t0;
    }
    lg_gpu_pipe_destroy(p);
    if (err)
        return -1.0;
    qsort(t, REPEATS, sizeof t[0], cmp_double);
    return (double)maps * npix * npix / t[REPEATS / 2] / 1e9;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--emulate") == 0)
        setenv("LENSGEN_CUDA_EMULATE", "1", 1);
    lg_cuda_device dev;
    if (lg_cuda_bind(0, &dev) != 0) {
        fprintf(stderr, "bench_gpu_kappa: no CUDA device: %s\n", dev.why);
        return 77;
    }
    const int emulated = dev.emulated;
    printf("# device: %s (%s)%s\n", dev.name, dev.pci_bus_id, emulated ? " (emulated)" : "");
    printf("case,npix,maps,gpix_per_s\n");
    const struct {
        const char *name;
        int npix, supersample;
        int64_t maps;
    } cases[] = {
        {"nfw_centres", 64, 1, emulated ? 64 : 16384},
        {"nfw_centres", 4096, 1, 1},
        {"nfw_means_2x2", 64, 2, emulated ? 16 : 16384},
        {"nfw_means_2x2", 4096, 2, 1},
    };
    int status = 0;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; ++c) {
        if (emulated && cases[c].npix > 1024)
            continue;
        const double g = run(cases[c].npix, cases[c].maps, cases[c].supersample, emulated);
        status |= g < 0;
        printf("%s,%d,%lld,%.2f\n", cases[c].name, cases[c].npix, (long long)cases[c].maps, g);
    }
    return status;
}
