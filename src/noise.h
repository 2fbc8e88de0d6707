/* noise.h: the noise added to kappa_noisy (physics.md §5): Gaussian white noise, optionally
 * smoothed, or true Poisson deviates. Random numbers from rng.h, keyed by sample index. */
#ifndef LG_NOISE_H
#define LG_NOISE_H

#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "grid.h"

typedef struct lg_noise lg_noise;

/* Resolved per-pixel Gaussian sigma: noise.sigma, or sigma_e^2 / (2 n_gal A_pix) with the
 * pixel area in arcmin^2 (van Waerbeke 2000; sigma_e the total ellipticity dispersion). */
double lg_noise_sigma(const lg_config *cfg);

/* Make what the noise needs (smoothing plans and per-thread buffers). NULL on failure. */
lg_noise *lg_noise_create(const lg_config *cfg, int n_threads);
void lg_noise_free(lg_noise *nz);

/* out[npix^2] = kappa + noise of sample `index`; `thread` selects work buffers. */
void lg_noise_apply(lg_noise *nz, int thread, uint64_t index, const float *kappa, float *out);

/* The white-noise sigma before smoothing (equals lg_noise_sigma without smoothing). */
double lg_noise_white_sigma(const lg_noise *nz);

/* Scratch space for lg_gaussian_field: bits[n + 4] words and angle[n/2 + 4] floats. */
typedef struct {
    uint32_t *bits;
    float *angle;
} lg_gauss_work;

int lg_gauss_work_alloc(lg_gauss_work *w, size_t n);
void lg_gauss_work_free(lg_gauss_work *w);

/* out[n] = the standard normal field of sample `index`, in the layout of lg_gauss_pixel
 * (rng.h), computed in vectorisable passes: Philox, then radii, then cosines and sines. */
void lg_gaussian_field(uint64_t seed, uint64_t index, float *out, size_t n, lg_gauss_work *w);

#endif
