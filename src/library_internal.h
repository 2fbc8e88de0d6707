/* library_internal.h: what the lensgen program uses of liblensgen beyond lensgen.h. Each rank
 * of the program computes its batches through handles of the library (made from the deck rank 0
 * read and broadcast, on the backend the ranks agreed on), so the file holds the library's
 * samples by construction; the engine adds the MPI schedule and the HDF5 writer. */
#ifndef LG_LIBRARY_INTERNAL_H
#define LG_LIBRARY_INTERNAL_H

#include <stdint.h>

#include "backend.h"
#include "config.h"
#include "lensgen.h"

/* Once per process, before the first handle: FFTW's planner made thread-safe (handles plan
 * their FFTs in parallel) and GSL's abort-on-error handler off (its status codes are checked). */
void lg_library_init(void);

/* A handle for a checked deck, computing on `ops` in batches of up to `capacity` samples with
 * n_threads OpenMP threads. NULL when memory runs out. */
lensgen_gen *lg_gen_create(const lg_config *cfg, const lg_backend_ops *ops, int64_t capacity,
                           int n_threads);

/* Samples [first, first + count), count <= capacity, into the handle's buffers (valid until the
 * next call): lg_backend_compute's contract, the stage times added to t[enum lg_phase]. */
int lg_gen_compute(lensgen_gen *g, int64_t first, int64_t count, double *t, lg_host_batch *out);

/* The stage table the handle computes on. */
const lg_backend_ops *lg_gen_ops(const lensgen_gen *g);

#endif
