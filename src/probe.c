/* probe.c: evaluate the first sample of a deck at points: lets a user check a model, and
 * compare lensgen with another code point by point. */
#include "probe.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "deck.h"
#include "lens.h"

static int parse_point(const char *s, double *x, double *y)
{
    char *end;
    errno = 0;
    *x = strtod(s, &end);
    if (end == s || *end != ',')
        return -1;
    const char *t = end + 1;
    *y = strtod(t, &end);
    return end == t || *end || errno ? -1 : 0;
}

int lg_probe(int argc, char **argv, FILE *out, FILE *err)
{
    const char *deck = NULL;
    char *overrides[LG_MAX_OVERRIDES];
    int n_over = 0, n_points = 0;
    double *pts = malloc(sizeof(double) * 2 * (size_t)(argc + 1));
    if (!pts)
        return 1;
    for (int i = 0; i < argc; ++i) {
        if (strcmp(argv[i], "--set") == 0 && i + 1 < argc && n_over < LG_MAX_OVERRIDES) {
            overrides[n_over++] = argv[++i];
        } else if (!deck) {
            deck = argv[i];
        } else if (parse_point(argv[i], &pts[2 * n_points], &pts[2 * n_points + 1]) == 0) {
            ++n_points;
        } else {
            fprintf(err, "lensgen probe: '%s' is not a point; write x,y in arcsec, e.g. 0.5,-1.2\n",
                    argv[i]);
            free(pts);
            return 2;
        }
    }
    if (!deck || n_points == 0) {
        fprintf(err, "usage: lensgen probe DECK x1,y1 [x2,y2 ...] [--set KEY=VALUE]\n");
        free(pts);
        return 2;
    }
    lg_config cfg;
    char *text = NULL;
    if (lg_deck_load(deck, overrides, n_over, &cfg, &text, err) != 0) {
        free(pts);
        return 2;
    }
    free(text);
    lg_cosmology cosmo;
    lg_cosmology_init(&cosmo, cfg.H0, cfg.Omega_m);
    lg_lens lens;
    lg_lens_draw(&cfg, &cosmo, 0, &lens);
    lg_lens_model model;
    lg_lens_build_model(&lens, &model);
    fprintf(out, "x,y,kappa,alpha_x,alpha_y,gamma1,gamma2,psi,mu\n");
    for (int i = 0; i < n_points; ++i) {
        lg_lensq q;
        const double x = pts[2 * i], y = pts[2 * i + 1];
        lg_lens_model_eval(&model, x, y, &q);
        fprintf(out, "%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", x, y, q.kappa,
                q.alpha_x, q.alpha_y, q.gamma1, q.gamma2, q.psi, lg_magnification(&q));
    }
    free(pts);
    return 0;
}
