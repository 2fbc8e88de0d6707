/* backend.h: the stage table every compute backend implements (the CPU one in backend_cpu.c; a
 * device backend in gpu/). A batch goes through the stages in order; the engine reaches a
 * backend only through this table (lg_backend_compute), never through its internals. Every
 * stage is a function of the sample indices alone, so the data does not depend on the backend
 * that made it, on the rank, or on the thread. No MPI, no HDF5 here. */
#ifndef LG_BACKEND_H
#define LG_BACKEND_H

#include <stdint.h>

#include "config.h"
#include "cosmology.h"
#include "lens.h"
#include "subhalo_batch.h"

/* A computed batch as the writer needs it: host memory, valid until the next compute. */
typedef struct {
    const float *map[LG_N_MAPS]; /* [count][npix][npix], NULL for maps not computed */
    const lg_lens *lenses;       /* count lenses: the /params rows */
    /* output.wave: |F| and arg F, [count][wave.n_freq] (wave_lens.h); else NULL */
    const double *wave_abs, *wave_phase;
    /* subhalos.enabled: /subhalos fields [count][subhalos.n_max] (subhalo_batch.h); else NULL */
    const float *subhalos[LG_SUB_N_OUTPUT];
    int64_t count;
} lg_host_batch;

/* The stages. `impl` is the backend's own batch state, made by create for `capacity` samples.
 * Stages return 0, or non-zero on a failure (a device error) after saying why on stderr. */
typedef struct {
    const char *name;
    void *(*create)(const lg_config *cfg, int64_t capacity, int n_threads); /* NULL: no memory */
    int (*sample)(void *impl, const lg_cosmology *cosmo, int64_t first, int64_t count);
    int (*kappa)(void *impl, int64_t count);
    int (*derived)(void *impl, int64_t count); /* alpha, gamma, psi, mu, images, F (host) */
    int (*noise)(void *impl, int64_t first, int64_t count);
    int (*normalise)(void *impl, int64_t count);
    int (*augment)(void *impl, int64_t count);
    int (*host_maps)(void *impl, int64_t count, lg_host_batch *out); /* device -> host */
    void (*destroy)(void *impl);
    /* host bytes create would allocate for these arguments (an estimate that errs high) */
    double (*bytes)(const lg_config *cfg, int64_t capacity, int n_threads);
} lg_backend_ops;

extern const lg_backend_ops lg_backend_cpu_ops;

/* The backend a deck asks for (today: "cpu"); NULL when unknown. */
const lg_backend_ops *lg_backend_find(const char *name);

/* A stop asked for (a signal): every stage skips the samples it has not started, so a batch
 * in progress ends within about one sample's time; lg_backend_compute then returns
 * LG_BACKEND_STOPPED and the batch must not be written. Async-signal-safe. */
#define LG_BACKEND_STOPPED (-2)
void lg_backend_request_stop(void);
int lg_backend_stop_requested(void);

/* A batch buffer of one backend. */
typedef struct {
    const lg_backend_ops *ops;
    void *impl;
} lg_backend;

/* Buffers for `capacity` samples; returns 0, or -1 when memory runs out (b->impl NULL). */
int lg_backend_create(lg_backend *b, const lg_backend_ops *ops, const lg_config *cfg,
                      int64_t capacity, int n_threads);
void lg_backend_destroy(lg_backend *b);

/* Samples [first, first + count) through every stage, then their maps on the host in *out;
 * adds each stage's time to t[enum lg_phase]. Returns 0, the first failing stage's status, or
 * LG_BACKEND_STOPPED when a stop was asked for during the batch. */
int lg_backend_compute(const lg_backend *b, const lg_cosmology *cosmo, int64_t first, int64_t count,
                       double *t, lg_host_batch *out);

/* Host map buffers of a backend: aligned to LG_HOST_ALIGN bytes, so the writer can send a
 * batch's rows to disk without a copy (io_direct.h); free with free(). NULL: out of memory. */
#define LG_HOST_ALIGN 4096
float *lg_host_maps_alloc(size_t n_floats);

/* The maps a run computes: the requested ones, kappa when kappa_noisy or an FFT map or FFT
 * rays are made from it, the image under image_noisy, and all of alpha, gamma and psi when any
 * derived map is requested (they come together, and a rotation mixes the alpha components). */
int lg_maps_computed(const lg_config *cfg);

#endif
