/* lensgen.h: what lensgen promises to its callers (installed as include/lensgen.h):
 *   - the exit statuses of the program (README, "Running"), which scripts and job chains test;
 *   - the library (liblensgen, README "Library"): open a deck, ask for the shapes and the label
 *     columns, fill caller buffers with samples [first, first + count) -- exactly the samples
 *     `lensgen DECK` writes to its file (bitwise, same seed and build) -- close.
 * The library needs no MPI: it computes on the calling process's CPU cores (OpenMP), one
 * handle per thread at a time (handles are independent). Errors: a non-zero status, and a
 * message in the caller's buffer naming the file:line, key, value and what is allowed. */
#ifndef LENSGEN_H
#define LENSGEN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Exit statuses of lensgen, the same on every rank. */
enum lg_exit {
    LG_EXIT_OK = 0,      /* the dataset is complete */
    LG_EXIT_RUNTIME = 1, /* a run-time failure (disk full, out of memory, I/O error) */
    LG_EXIT_INPUT = 2,   /* a bad command line, deck or output path */
    LG_EXIT_STOPPED = 3  /* stopped by SIGTERM, SIGINT or SIGUSR1 after a checkpoint: --resume */
};

/* Library status codes (0: success). */
enum lensgen_status {
    LENSGEN_OK = 0,
    LENSGEN_ERR_INPUT = 2,  /* a bad deck, override, argument or sample range */
    LENSGEN_ERR_MEMORY = 3, /* out of memory */
    LENSGEN_ERR_COMPUTE = 4 /* a stage failed */
};

#define LENSGEN_API_VERSION 1

typedef struct lensgen_gen lensgen_gen;

/* Open the deck file `path` (or, with lensgen_open_text, deck text; `label` names it in
 * messages), applying n_overrides "section.key=value" strings as `lensgen --set` does. NULL on
 * failure, with the message(s) in err (NUL-terminated, at most err_size bytes). */
lensgen_gen *lensgen_open(const char *path, const char *const *overrides, int n_overrides,
                          char *err, size_t err_size);
lensgen_gen *lensgen_open_text(const char *label, const char *text, const char *const *overrides,
                               int n_overrides, char *err, size_t err_size);
void lensgen_close(lensgen_gen *g);

int64_t lensgen_n_samples(const lensgen_gen *g); /* the deck's n_samples */
int lensgen_npix(const lensgen_gen *g);          /* maps are npix x npix, row y, column x */
int lensgen_n_maps(const lensgen_gen *g);        /* the maps the deck writes (output.maps) */
const char *lensgen_map_name(const lensgen_gen *g, int i); /* "kappa", ... in file order */
/* The /params columns the deck writes (output.params), one value per sample (the per-image
 * and per-clump arrays are left out); int columns as doubles. */
int lensgen_n_params(const lensgen_gen *g);
const char *lensgen_param_name(const lensgen_gen *g, int i);

/* Samples [first, first + count) of the deck (0 <= first, first + count <= n_samples is not
 * required: any index is a sample). maps: [count][n_maps][npix][npix] floats (float32 even
 * when output.dtype = float16: the file holds these values rounded), params:
 * [count][n_params] doubles; either may be NULL. Returns 0 or a lensgen_status. */
int lensgen_fill(lensgen_gen *g, int64_t first, int64_t count, float *maps, double *params,
                 char *err, size_t err_size);

#ifdef __cplusplus
}
#endif

#endif
