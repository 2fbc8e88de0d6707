/* batch.h: compute a batch of samples: draw the lenses, their kappa, derived maps, noise,
 * normalisation and augmentation, into buffers allocated once for the run (no MPI here).
 * Every phase is a parallel loop over samples, so a sample's numbers never depend on the
 * thread that made them. */
#ifndef LG_BATCH_H
#define LG_BATCH_H

#include <stdint.h>

#include "config.h"
#include "cosmology.h"
#include "lens.h"

typedef struct lg_batch lg_batch;

/* Buffers for `capacity` samples and the per-thread tools (noise smoothing, FFT lensing).
 * Returns NULL when memory runs out. */
lg_batch *lg_batch_create(const lg_config *cfg, int64_t capacity, int n_threads);
void lg_batch_free(lg_batch *b);

/* Samples [first, first + count); adds the time of each phase to t[enum lg_phase]. */
void lg_batch_compute(lg_batch *b, const lg_cosmology *cosmo, int64_t first, int64_t count,
                      double *t);

/* Map m (enum lg_map) of the last batch, [count][npix][npix], or NULL if not computed. */
const float *lg_batch_map(const lg_batch *b, int m);
const lg_lens *lg_batch_lenses(const lg_batch *b);

/* The maps a run computes: the requested ones, kappa (every map derives from it), and all of
 * alpha, gamma and psi when any derived map is requested (they come together, and a rotation
 * mixes the alpha components). */
int lg_maps_computed(const lg_config *cfg);

#endif
