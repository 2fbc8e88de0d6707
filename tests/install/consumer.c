/* consumer.c: a program outside the lensgen tree, built against an installed lensgen
 * (find_package(lensgen) or pkg-config): opens an installed deck, fills two samples. */
#include <lensgen.h>
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
    printf("npix %d maps %d params %d status %d kappa[0] %g\n", n, m, p, rc, maps[0]);
    free(maps);
    free(par);
    lensgen_close(g);
    return rc;
}
