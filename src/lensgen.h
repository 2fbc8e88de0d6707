/* lensgen.h: what lensgen promises to its callers (installed as include/lensgen.h):
 *   - the exit statuses of the program (README, "Running"), which scripts and job chains test;
 *   - the library (liblensgen, README "Library and Python"): open a deck, ask for the shapes
 *     and the label columns, fill caller buffers with samples [first, first + count), exactly
 *     the samples `lensgen DECK` writes to its file (bitwise, same seed and build); close.
 *
 * No MPI: the library computes on the calling process's CPU cores (OpenMP), or on a CUDA
 * device when the deck's backend key says cuda (or auto, and one is visible). The lensgen
 * program is built on it: its ranks compute through these handles.
 *
 * Threads: any function from any thread. Handles are independent: several threads may each
 * fill their own at once (the samples do not change). Fills of the SAME handle from several
 * threads take turns (a lock per handle); lensgen_close must not overlap another call on its
 * handle. The first open makes FFTW's planner thread-safe and turns GSL's abort-on-error
 * handler off for the process (lensgen checks GSL's status codes).
 *
 * Errors: a non-zero status, and a message in the caller's buffer naming the file:line, key,
 * value and what is allowed. */
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

#define LENSGEN_API_VERSION 2

/* "0.1.0 (git REVISION; COMPILER BUILD_TYPE FLAGS)": the build of the library. Samples are
 * bitwise the program's when both come from the same revision, compiler and flags (the pixel
 * loops' vector math follows -march). */
const char *lensgen_version(void);

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
/* The scalar /params columns the deck writes (output.params), one value per sample, int
 * columns as doubles; the per-image, per-clump, subhalo and wave arrays: lensgen_n_arrays. */
int lensgen_n_params(const lensgen_gen *g);
const char *lensgen_param_name(const lensgen_gen *g, int i);

/* The backend the handle computes on: "cpu" or "cuda". */
const char *lensgen_backend(const lensgen_gen *g);

/* Per-sample arrays beyond the maps and the scalar labels, named by their path in the file:
 * "params/src_clump_x" ... (one value per clump), "images/n", "images/x" ... (per image of the
 * point source), "subhalos/mass" ... (per subhalo, subhalos.n_max wide), "wave/F_abs",
 * "wave/F_phase" (per frequency), "wave/n_geometric"; each `width` values per sample, padded with
 * NaN as in the file (int and float32 datasets as doubles). */
int lensgen_n_arrays(const lensgen_gen *g);
const char *lensgen_array_name(const lensgen_gen *g, int i);
int lensgen_array_width(const lensgen_gen *g, int i); /* values per sample; 0 for a bad i */

/* Samples [first, first + count) of the deck (0 <= first, first + count <= n_samples is not
 * required: any index is a sample). maps: [count][n_maps][npix][npix] floats (float32 even
 * when output.dtype = float16: the file holds these values rounded), params:
 * [count][n_params] doubles; either may be NULL. Returns 0 or a lensgen_status. */
int lensgen_fill(lensgen_gen *g, int64_t first, int64_t count, float *maps, double *params,
                 char *err, size_t err_size);

/* lensgen_fill, and the arrays: arrays[i] is [count][lensgen_array_width(g, i)] doubles, or NULL
 * to skip array i; `arrays` itself may be NULL (then this is lensgen_fill). */
int lensgen_fill_arrays(lensgen_gen *g, int64_t first, int64_t count, float *maps, double *params,
                        double *const *arrays, char *err, size_t err_size);

#ifdef __cplusplus
}
#endif

#endif
