/* consumer.c: a program outside the lensgen tree, built against an installed lensgen
 * (find_package(lensgen) or pkg-config; shared or static): opens an installed deck, fills two
 * samples, prints a hash of their bytes. */
#include <lensgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    char err[1024];
    const char *ov[] = {"map.npix=16"};
    lensgen_gen *g = lensgen_open(argv[1], ov, 1, err, sizeof err);
    if (!g) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    const int n = lensgen_npix(g), m = lensgen_n_maps(g), p = lensgen_n_params(g);
    float *maps = malloc(sizeof(float) * 2 * (size_t)(m * n * n));
    double *par = malloc(sizeof(double) * 2 * (size_t)p);
    const int rc = lensgen_fill(g, 0, 2, maps, par, err, sizeof err);
    /* FNV-1a of every byte: the test compares the builds' samples through it */
    uint64_t h = 1469598103934665603u;
    const unsigned char *b[2] = {(const unsigned char *)maps, (const unsigned char *)par};
    const size_t nb[2] = {sizeof(float) * 2 * (size_t)(m * n * n), sizeof(double) * 2 * (size_t)p};
    for (int k = 0; k < 2; ++k)
        for (size_t i = 0; i < nb[k]; ++i)
            h = (h ^ b[k][i]) * 1099511628211u;
    printf("npix %d maps %d params %d status %d kappa[0] %g fnv1a %016llx\n", n, m, p, rc, maps[0],
           (unsigned long long)h);
    free(maps);
    free(par);
    lensgen_close(g);
    return rc;
}
