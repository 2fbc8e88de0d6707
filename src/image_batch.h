/* image_batch.h: what a backend needs to make the lensed images of its samples on the host
 * (imaging.h): the PSF, and for output.derived = fft the FFT deflection that the rays follow,
 * with per-thread work maps. Both backends use it, so a sample's images are the same bits on
 * either. */
#ifndef LG_IMAGE_BATCH_H
#define LG_IMAGE_BATCH_H

#include <stdint.h>

#include "config.h"
#include "lens.h"

typedef struct lg_image_batch lg_image_batch;

/* NULL after a message on stderr (a PSF file that cannot be read) or without memory. */
lg_image_batch *lg_image_batch_create(const lg_config *cfg, int n_threads);
void lg_image_batch_free(lg_image_batch *b);

/* Bytes lg_image_batch_create allocates beyond the PSF's own (for the memory estimate). */
double lg_image_batch_bytes(const lg_config *cfg, int n_threads);

/* One sample's image maps (NULL: not made; npix^2 each), on OpenMP thread `thread`. With
 * output.derived = fft the rays follow the deflection of `kappa` (this sample's convergence
 * map) by FFT; kappa NULL: the map is made here (lg_kappa_map). Returns 0, or -1. */
int lg_image_batch_sample(lg_image_batch *b, int thread, const lg_lens_model *m, const float *kappa,
                          uint64_t index, lg_lens *l, float *image, float *source, float *noisy,
                          float *fermat);

#endif
