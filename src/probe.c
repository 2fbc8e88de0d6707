/* probe.c: evaluate one sample of a deck at points, or print its parameters: lets a user check
 * a model, compare lensgen with another code point by point, and look up a sample of a dataset
 * without generating the samples before it (every sample is a pure function of seed and index). */
#include "probe.h"

#include <errno.h>
#include <omp.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "augment.h"
#include "backend.h"
#include "cli.h"
#include "deck.h"
#include "deck_schema.h"
#include "deck_value.h"
#include "lens.h"
#include "params_table.h"
#include "timing.h"

#define USAGE                                                                                      \
    "usage: lensgen probe DECK [--sample I] x1,y1 [x2,y2 ...] [--set KEY=VALUE]\n"                 \
    "       lensgen probe DECK [--sample I] --params [--set KEY=VALUE]\n"

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

/* The sample index of --sample TEXT, checked against the deck; -1 after a message. */
static int64_t parse_sample(const char *text, const lg_config *cfg, FILE *err)
{
    if (!text)
        return 0;
    char *end;
    errno = 0;
    const long long i = strtoll(text, &end, 10);
    const char *why = end == text || *end || errno   ? "is not an integer"
                      : i < 0 || i >= cfg->n_samples ? "is out of range"
                                                     : NULL;
    if (!why)
        return (int64_t)i;
    fprintf(err, "lensgen probe: --sample '%s' %s; allowed [0, %lld] (n_samples = %lld)\n", text,
            why, (long long)cfg->n_samples - 1, (long long)cfg->n_samples);
    return -1;
}

/* Sample `index` as the run makes it (a batch of one: drawn, its maps, noise, normalisation
 * and augmentation), so its parameters are those of /params, also any taken from its maps.
 * Returns 0, or 1 after a message. */
static int compute_sample(const lg_config *cfg, const lg_cosmology *cosmo, int64_t index,
                          lg_lens *out, FILE *err)
{
    lg_backend b;
    if (lg_backend_create(&b, &lg_backend_cpu_ops, cfg, 1, omp_get_max_threads()) != 0) {
        fprintf(err, "lensgen probe: out of memory for one sample of %lldx%lld maps\n",
                (long long)cfg->npix, (long long)cfg->npix);
        return 1;
    }
    double t[LG_N_PHASES] = {0};
    lg_host_batch h;
    const int failed = lg_backend_compute(&b, cosmo, index, 1, t, &h);
    if (!failed)
        *out = h.lenses[0];
    lg_backend_destroy(&b);
    return failed;
}

/* The columns the file holds (output.params), one line each; per-image arrays (/images) as
 * comma-separated values. */
static void print_params(const lg_config *cfg, const lg_lens *l, int64_t index, FILE *out)
{
    char name[32], value[40], err[256];
    lg_col_set selected;
    if (lg_params_select(cfg, &selected, err, sizeof err) != 0)
        memset(&selected, 1, sizeof selected);
    fprintf(out, "sample=%lld\n", (long long)index);
    for (int i = 0; i < lg_n_param_cols; ++i) {
        const lg_param_col *c = &lg_param_cols[i];
        if (!selected.on[i])
            continue;
        const double v = lg_param_value(l, i);
        if (c->is_int) {
            fprintf(out, "%s=%d\n", c->name, (int)v);
        } else {
            fprintf(out, "%s=", c->name);
            for (int k = 0; k < c->width; ++k)
                fprintf(out, "%s%s", k ? "," : "",
                        lg_format_real(value, sizeof value, lg_param_value_at(l, i, k)));
            fputc('\n', out);
        }
        /* the class names, as the attribute 'names' of /params lists them */
        if (c->offset == offsetof(lg_lens, profile)) {
            lg_choices_name(LG_PROFILE_NAMES, l->profile, name, sizeof name);
            fprintf(out, "profile_name=%s\n", name);
        } else if (c->offset == offsetof(lg_lens, dm_model)) {
            lg_choices_name("none|" LG_DM_NAMES, l->dm_model, name, sizeof name);
            fprintf(out, "dm_model_name=%s\n", name);
        }
    }
}

int lg_probe(int argc, char **argv, FILE *out, FILE *err)
{
    const char *deck = NULL, *sample = NULL;
    char *overrides[LG_MAX_OVERRIDES];
    int n_over = 0, n_points = 0, params = 0;
    double *pts = malloc(sizeof(double) * 2 * (size_t)(argc + 1));
    if (!pts)
        return 1;
    for (int i = 0; i < argc; ++i) {
        const char *a = argv[i];
        if ((strcmp(a, "--set") == 0 || strcmp(a, "--sample") == 0) && i + 1 >= argc) {
            fprintf(err, "lensgen probe: %s needs a value\n" USAGE, a);
            free(pts);
            return 2;
        }
        if (strcmp(a, "--set") == 0 && n_over < LG_MAX_OVERRIDES) {
            overrides[n_over++] = argv[++i];
        } else if (strcmp(a, "--sample") == 0) {
            sample = argv[++i];
        } else if (strncmp(a, "--sample=", 9) == 0) {
            sample = a + 9;
        } else if (strcmp(a, "--params") == 0) {
            params = 1;
        } else if (!deck) {
            deck = a;
        } else if (parse_point(a, &pts[2 * n_points], &pts[2 * n_points + 1]) == 0) {
            ++n_points;
        } else {
            fprintf(err, "lensgen probe: '%s' is not a point; write x,y in arcsec, e.g. 0.5,-1.2\n",
                    a);
            free(pts);
            return 2;
        }
    }
    if (!deck || (n_points == 0) == (params == 0)) {
        fprintf(err, "%s" USAGE,
                params ? "lensgen probe: give either points or --params, not both\n" : "");
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
    const int64_t index = parse_sample(sample, &cfg, err);
    if (index < 0) {
        free(pts);
        return 2;
    }
    lg_cosmology cosmo;
    lg_cosmology_init(&cosmo, cfg.H0, cfg.Omega_m);
    lg_lens lens;
    if (params) {
        int status = compute_sample(&cfg, &cosmo, index, &lens, err);
        if (status == 0)
            print_params(&cfg, &lens, index, out);
        free(pts);
        return status;
    }
    /* the lens alone (its maps are not needed), augmented as backend_cpu.c does: the stored
     * sample */
    lg_lens_draw(&cfg, &cosmo, (uint64_t)index, &lens);
    if (cfg.augment_rot90 || cfg.augment_flip)
        lg_augment_lens(&lens);
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
