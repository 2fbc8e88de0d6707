/* library.c: liblensgen (lensgen.h) on the physics core: the deck reader and a backend's stage
 * table. Every stage is a function of the sample indices alone (backend.h), so samples
 * computed here in chunks of any size are the bits the program writes in its batches -- and the
 * program computes its batches through these very handles (library_internal.h). */
#include "library_internal.h"

#include <fftw3.h>
#include <gsl/gsl_errno.h>
#include <omp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend_cuda.h"
#include "cosmology.h"
#include "deck.h"
#include "deck_schema.h"
#include "params_table.h"
#include "subhalo_batch.h"
#include "timing.h"
#include "version.h"
#include "wave_lens.h"

/* One per-sample array of the file beyond the maps and the scalar labels. */
enum array_kind { ARR_COLUMN, ARR_SUBHALO, ARR_WAVE };
typedef struct {
    char name[48]; /* its path in the file */
    int kind, index, width;
} lib_array;
#define MAX_ARRAYS (LG_MAX_PARAM_COLS + LG_SUB_N_OUTPUT + LG_WAVE_N_SETS)

struct lensgen_gen {
    lg_config cfg; /* the handle's own copy: the backend keeps pointers into it */
    lg_cosmology cosmo;
    lg_backend backend;
    pthread_mutex_t lock; /* one caller at a time per handle */
    int64_t capacity;     /* samples per backend call */
    int n_maps, map_id[LG_N_MAPS];
    char map_name[LG_N_MAPS][32];
    int n_params, param_id[LG_MAX_PARAM_COLS];
    int n_arrays;
    lib_array arrays[MAX_ARRAYS];
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_process(void)
{
    fftwf_make_planner_thread_safe();
    gsl_set_error_handler_off();
}

void lg_library_init(void)
{
    pthread_once(&init_once, init_process);
}

const char *lensgen_version(void)
{
    /* the flags too: samples are bitwise the same only for the same compiler and flags */
    return LG_VERSION " (git " LG_GIT_REVISION "; " LG_COMPILER " " LG_BUILD_TYPE " " LG_C_FLAGS
                      ")";
}

static void set_err(char *err, size_t size, const char *msg)
{
    if (err && size > 0)
        snprintf(err, size, "%s", msg);
}

/* The deck reader names overrides as the program's --set options; here they are the caller's. */
static void name_overrides(char *msg)
{
    static const char from[] = "command line (--set #", to[] = "override (#";
    for (char *p = msg; (p = strstr(p, from)) != NULL;) {
        memmove(p + sizeof to - 1, p + sizeof from - 1, strlen(p + sizeof from - 1) + 1);
        memcpy(p, to, sizeof to - 1);
        p += sizeof to - 1;
    }
}

static void add_array(lensgen_gen *g, const char *group, const char *name, int kind, int index,
                      int width)
{
    lib_array *a = &g->arrays[g->n_arrays++];
    snprintf(a->name, sizeof a->name, "%s/%s", group, name);
    a->kind = kind;
    a->index = index;
    a->width = width;
}

/* The maps, scalar labels and arrays the deck writes, in the file's order. */
static void describe_outputs(lensgen_gen *g)
{
    const lg_config *cfg = &g->cfg;
    for (int m = 0; m < LG_N_MAPS; ++m)
        if (cfg->maps >> m & 1) {
            g->map_id[g->n_maps] = m;
            lg_choices_name(LG_MAP_NAMES, m, g->map_name[g->n_maps], sizeof g->map_name[0]);
            ++g->n_maps;
        }
    lg_col_set cols;
    char why[256];
    if (lg_params_select(cfg, &cols, why, sizeof why) == 0)
        for (int i = 0; i < lg_n_param_cols; ++i) {
            const lg_param_col *c = &lg_param_cols[i];
            if (!cols.on[i])
                continue;
            if (c->width == 1 && strcmp(c->group, "params") == 0)
                g->param_id[g->n_params++] = i;
            else
                add_array(g, c->group, c->name, ARR_COLUMN, i, c->width);
        }
    if (cfg->subhalos)
        for (int k = 0; k < LG_SUB_N_OUTPUT; ++k)
            add_array(g, "subhalos", lg_sub_field_name[k], ARR_SUBHALO, k, (int)cfg->sub_n_max);
    if (cfg->wave)
        for (int k = 0; k < LG_WAVE_N_SETS; ++k)
            add_array(g, "wave", lg_wave_set_name[k], ARR_WAVE, k,
                      k == LG_WAVE_N_GEO ? 1 : (int)cfg->wave_n_freq);
}

lensgen_gen *lg_gen_create(const lg_config *cfg, const lg_backend_ops *ops, int64_t capacity,
                           int n_threads)
{
    lg_library_init();
    lensgen_gen *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->cfg = *cfg;
    lg_cosmology_init(&g->cosmo, cfg->H0, cfg->Omega_m);
    g->capacity = capacity;
    describe_outputs(g);
    if (pthread_mutex_init(&g->lock, NULL) != 0) {
        free(g);
        return NULL;
    }
    if (lg_backend_create(&g->backend, ops, &g->cfg, capacity, n_threads) != 0) {
        pthread_mutex_destroy(&g->lock);
        free(g);
        return NULL;
    }
    return g;
}

int lg_gen_compute(lensgen_gen *g, int64_t first, int64_t count, double *t, lg_host_batch *out)
{
    return lg_backend_compute(&g->backend, &g->cosmo, first, count, t, out);
}

const lg_backend_ops *lg_gen_ops(const lensgen_gen *g)
{
    return g->backend.ops;
}

/* The deck's backend key: cpu; cuda (a visible device, else an error); auto (one if visible). */
static const lg_backend_ops *choose_backend(const lg_config *cfg, char *err, size_t err_size)
{
    if (cfg->backend == LG_BACKEND_CPU)
        return &lg_backend_cpu_ops;
    lg_cuda_device dev;
    if (lg_cuda_bind(0, &dev) == 0)
        return &lg_backend_cuda_ops;
    if (cfg->backend == LG_BACKEND_CUDA) {
        char msg[512];
        snprintf(msg, sizeof msg,
                 "lensgen_open: backend = cuda but no CUDA device is usable: %s; use backend = "
                 "auto or cpu",
                 dev.why);
        set_err(err, err_size, msg);
        return NULL;
    }
    return &lg_backend_cpu_ops;
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
    lg_config *cfg = calloc(1, sizeof *cfg);
    char *msg = NULL;
    size_t msg_len = 0;
    FILE *log = open_memstream(&msg, &msg_len);
    if (!cfg || !log) {
        free(cfg);
        if (log)
            fclose(log);
        set_err(err, err_size, "lensgen_open: out of memory");
        return NULL;
    }
    char *const *ov = (char *const *)overrides; /* the reader only reads them */
    char *deck_text = NULL;
    const int n_err =
        path ? lg_deck_load(path, ov, n_overrides, cfg, &deck_text, log)
             : lg_deck_parse_text(label ? label : "deck", text, ov, n_overrides, cfg, log);
    free(deck_text);
    fclose(log);
    lensgen_gen *g = NULL;
    if (n_err > 0) {
        if (msg)
            name_overrides(msg);
        set_err(err, err_size, msg && *msg ? msg : "lensgen_open: the deck has errors");
    } else {
        lg_library_init();
        const lg_backend_ops *ops = choose_backend(cfg, err, err_size);
        if (ops && !(g = lg_gen_create(cfg, ops, cfg->batch_size, omp_get_max_threads())))
            set_err(err, err_size, "lensgen_open: out of memory for the sample buffers");
    }
    free(msg);
    free(cfg);
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
    pthread_mutex_destroy(&g->lock);
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

const char *lensgen_backend(const lensgen_gen *g)
{
    return g->backend.ops->name;
}

int lensgen_n_arrays(const lensgen_gen *g)
{
    return g->n_arrays;
}

const char *lensgen_array_name(const lensgen_gen *g, int i)
{
    return i >= 0 && i < g->n_arrays ? g->arrays[i].name : NULL;
}

int lensgen_array_width(const lensgen_gen *g, int i)
{
    return i >= 0 && i < g->n_arrays ? g->arrays[i].width : 0;
}

/* Sample i of a computed batch into row `row` of array a. */
static void copy_array(const lib_array *a, const lg_host_batch *out, int64_t i, double *row)
{
    const size_t w = (size_t)a->width;
    switch (a->kind) {
    case ARR_COLUMN:
        for (int k = 0; k < a->width; ++k)
            row[k] = lg_param_value_at(&out->lenses[i], a->index, k);
        break;
    case ARR_SUBHALO:
        for (size_t k = 0; k < w; ++k)
            row[k] = out->subhalos[a->index][(size_t)i * w + k];
        break;
    default: /* ARR_WAVE */
        if (a->index == LG_WAVE_N_GEO)
            row[0] = out->lenses[i].wave_n_geo;
        else
            memcpy(row,
                   (a->index == LG_WAVE_F_ABS ? out->wave_abs : out->wave_phase) + (size_t)i * w,
                   sizeof(double) * w);
    }
}

static int fill_locked(lensgen_gen *g, int64_t first, int64_t count, float *maps, double *params,
                       double *const *arrays, char *err, size_t err_size)
{
    const size_t n2 = (size_t)g->cfg.npix * (size_t)g->cfg.npix;
    double t[LG_N_PHASES] = {0};
    for (int64_t done = 0; done < count;) {
        const int64_t n = count - done < g->capacity ? count - done : g->capacity;
        lg_host_batch out;
        if (lg_gen_compute(g, first + done, n, t, &out) != 0) {
            set_err(err, err_size, "lensgen_fill: a stage failed (out of memory?)");
            return LENSGEN_ERR_COMPUTE;
        }
        for (int64_t i = 0; i < n; ++i) {
            const size_t s = (size_t)(done + i);
            for (int k = 0; maps && k < g->n_maps; ++k)
                memcpy(maps + (s * (size_t)g->n_maps + (size_t)k) * n2,
                       out.map[g->map_id[k]] + (size_t)i * n2, sizeof(float) * n2);
            for (int k = 0; params && k < g->n_params; ++k)
                params[s * (size_t)g->n_params + (size_t)k] =
                    lg_param_value(&out.lenses[i], g->param_id[k]);
            for (int a = 0; arrays && a < g->n_arrays; ++a)
                if (arrays[a])
                    copy_array(&g->arrays[a], &out, i, arrays[a] + s * (size_t)g->arrays[a].width);
        }
        done += n;
    }
    return LENSGEN_OK;
}

int lensgen_fill_arrays(lensgen_gen *g, int64_t first, int64_t count, float *maps, double *params,
                        double *const *arrays, char *err, size_t err_size)
{
    if (!g || first < 0 || count < 0 || first > INT64_MAX - count) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "lensgen_fill: %s (first %lld, count %lld; allowed: first >= 0, count >= 0)",
                 g ? "a negative or too large sample range" : "no handle", (long long)first,
                 (long long)count);
        set_err(err, err_size, msg);
        return LENSGEN_ERR_INPUT;
    }
    pthread_mutex_lock(&g->lock);
    const int status = fill_locked(g, first, count, maps, params, arrays, err, err_size);
    pthread_mutex_unlock(&g->lock);
    return status;
}

int lensgen_fill(lensgen_gen *g, int64_t first, int64_t count, float *maps, double *params,
                 char *err, size_t err_size)
{
    return lensgen_fill_arrays(g, first, count, maps, params, NULL, err, err_size);
}
