/* library.c: liblensgen (lensgen.h) on the physics core: the deck reader and the CPU backend's
 * stage table. Every stage is a function of the sample indices alone (backend.h), so samples
 * computed here in chunks of any size are the bits the program writes in its batches. */
#include "lensgen.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "config.h"
#include "cosmology.h"
#include "deck.h"
#include "deck_schema.h"
#include "params_table.h"
#include "timing.h"

struct lensgen_gen {
    lg_config cfg;
    lg_cosmology cosmo;
    lg_backend backend;
    int64_t capacity; /* samples per backend call: the deck's batch_size */
    int n_maps, map_id[LG_N_MAPS];
    char map_name[LG_N_MAPS][32];
    int n_params, param_id[LG_MAX_PARAM_COLS];
};

static void set_err(char *err, size_t size, const char *msg)
{
    if (err && size > 0)
        snprintf(err, size, "%s", msg);
}

/* Parse with the deck reader's messages captured into err. */
static lensgen_gen *open_deck(const char *path, const char *label, const char *text,
                              const char *const *overrides, int n_overrides, char *err,
                              size_t err_size)
{
    if (n_overrides < 0 || (n_overrides > 0 && !overrides) || (!path && !text)) {
        set_err(err, err_size, "lensgen_open: no deck, or overrides NULL with n_overrides > 0");
        return NULL;
    }
    lensgen_gen *g = calloc(1, sizeof *g);
    char *msg = NULL;
    size_t msg_len = 0;
    FILE *log = open_memstream(&msg, &msg_len);
    if (!g || !log) {
        free(g);
        if (log)
            fclose(log);
        set_err(err, err_size, "lensgen_open: out of memory");
        return NULL;
    }
    char *const *ov = (char *const *)overrides; /* the reader only reads them */
    char *deck_text = NULL;
    const int n_err =
        path ? lg_deck_load(path, ov, n_overrides, &g->cfg, &deck_text, log)
             : lg_deck_parse_text(label ? label : "deck", text, ov, n_overrides, &g->cfg, log);
    free(deck_text);
    fclose(log);
    if (n_err > 0) {
        set_err(err, err_size, msg && *msg ? msg : "lensgen_open: the deck has errors");
        free(msg);
        free(g);
        return NULL;
    }
    free(msg);
    lg_cosmology_init(&g->cosmo, g->cfg.H0, g->cfg.Omega_m);
    g->capacity = g->cfg.batch_size;
    for (int m = 0; m < LG_N_MAPS; ++m)
        if (g->cfg.maps >> m & 1) {
            g->map_id[g->n_maps] = m;
            lg_choices_name(LG_MAP_NAMES, m, g->map_name[g->n_maps], sizeof g->map_name[0]);
            ++g->n_maps;
        }
    lg_col_set cols;
    char why[256];
    if (lg_params_select(&g->cfg, &cols, why, sizeof why) == 0)
        for (int i = 0; i < lg_n_param_cols; ++i)
            if (cols.on[i] && lg_param_cols[i].width == 1 &&
                strcmp(lg_param_cols[i].group, "params") == 0)
                g->param_id[g->n_params++] = i;
    if (lg_backend_create(&g->backend, &lg_backend_cpu_ops, &g->cfg, g->capacity,
                          omp_get_max_threads()) != 0) {
        set_err(err, err_size, "lensgen_open: out of memory for the sample buffers");
        free(g);
        return NULL;
    }
    return g;
}

lensgen_gen *lensgen_open(const char *path, const char *const *overrides, int n_overrides,
                          char *err, size_t err_size)
{
    if (!path) {
        set_err(err, err_size, "lensgen_open: path is NULL");
        return NULL;
    }
    return open_deck(path, NULL, NULL, overrides, n_overrides, err, err_size);
}

lensgen_gen *lensgen_open_text(const char *label, const char *text, const char *const *overrides,
                               int n_overrides, char *err, size_t err_size)
{
    if (!text) {
        set_err(err, err_size, "lensgen_open_text: text is NULL");
        return NULL;
    }
    return open_deck(NULL, label, text, overrides, n_overrides, err, err_size);
}

void lensgen_close(lensgen_gen *g)
{
    if (!g)
        return;
    lg_backend_destroy(&g->backend);
    free(g);
}

int64_t lensgen_n_samples(const lensgen_gen *g)
{
    return g->cfg.n_samples;
}

int lensgen_npix(const lensgen_gen *g)
{
    return (int)g->cfg.npix;
}

int lensgen_n_maps(const lensgen_gen *g)
{
    return g->n_maps;
}

const char *lensgen_map_name(const lensgen_gen *g, int i)
{
    return i >= 0 && i < g->n_maps ? g->map_name[i] : NULL;
}

int lensgen_n_params(const lensgen_gen *g)
{
    return g->n_params;
}

const char *lensgen_param_name(const lensgen_gen *g, int i)
{
    return i >= 0 && i < g->n_params ? lg_param_cols[g->param_id[i]].name : NULL;
}

int lensgen_fill(lensgen_gen *g, int64_t first, int64_t count, float *maps, double *params,
                 char *err, size_t err_size)
{
    if (!g || first < 0 || count < 0 || first > INT64_MAX - count) {
        set_err(err, err_size, "lensgen_fill: no handle, or first/count negative or too large");
        return LENSGEN_ERR_INPUT;
    }
    const size_t n2 = (size_t)g->cfg.npix * (size_t)g->cfg.npix;
    double t[LG_N_PHASES] = {0};
    for (int64_t done = 0; done < count;) {
        const int64_t n = count - done < g->capacity ? count - done : g->capacity;
        lg_host_batch out;
        if (lg_backend_compute(&g->backend, &g->cosmo, first + done, n, t, &out) != 0) {
            set_err(err, err_size, "lensgen_fill: a stage failed (out of memory?)");
            return LENSGEN_ERR_COMPUTE;
        }
        for (int64_t i = 0; i < n; ++i) {
            for (int k = 0; maps && k < g->n_maps; ++k)
                memcpy(maps + ((size_t)(done + i) * (size_t)g->n_maps + (size_t)k) * n2,
                       out.map[g->map_id[k]] + (size_t)i * n2, sizeof(float) * n2);
            for (int k = 0; params && k < g->n_params; ++k)
                params[(size_t)(done + i) * (size_t)g->n_params + (size_t)k] =
                    lg_param_value(&out.lenses[i], g->param_id[k]);
        }
        done += n;
    }
    return LENSGEN_OK;
}
