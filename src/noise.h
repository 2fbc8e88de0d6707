/* noise.h: the observed map kappa_noisy (README, "Noise"): white noise per pixel (Gaussian of
 * noise.sigma or shape noise, or true Poisson deviates), then the Gaussian smoothing of
 * noise.smooth_fwhm applied to the observed map (kappa + noise) or, with
 * noise.smoothing = noise, to the noise alone (a correlated-noise model). Random numbers from
 * rng.h, keyed by sample index. */
#ifndef LG_NOISE_H
#define LG_NOISE_H

#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "grid.h"

typedef struct lg_noise lg_noise;

/* Per-pixel Gaussian sigma of the white noise, before any smoothing: noise.sigma, or
 * sigma_e / sqrt(2 n_gal A_pix) with the pixel area in arcmin^2 (van Waerbeke 2000; sigma_e the
 * total ellipticity dispersion). NaN unless noise.type = gaussian. */
double lg_noise_sigma(const lg_config *cfg);

/* Per-pixel sigma of that noise after the smoothing (pixels more than 2 FWHM from the edges):
 * lg_noise_sigma * sqrt(sum of the squared kernel weights); equal to it without smoothing. */
double lg_noise_sigma_smoothed(const lg_config *cfg);

/* Make what the noise needs (smoothing plans and per-thread buffers). NULL on failure. */
lg_noise *lg_noise_create(const lg_config *cfg, int n_threads);
void lg_noise_free(lg_noise *nz);

/* Signal-to-noise of one sample (README, "Signal-to-noise"): snr_mf = sqrt(sum_i kappa_i^2 /
 * var_i), the S/N of the matched filter for the noise-free map in the white per-pixel noise
 * (smoothing by a known kernel does not change it); snr_peak = max_i S_i / sigma_i, with S the
 * signal as it appears in kappa_noisy (smoothed when the observed map is) and sigma_i that map's
 * per-pixel noise. Both NaN without noise. */
typedef struct {
    double mf, peak;
} lg_snr;

/* out[npix^2] = the observed map of sample `index`; `thread` selects work buffers; fills *snr
 * when it is not NULL. */
void lg_noise_apply(lg_noise *nz, int thread, uint64_t index, const float *kappa, float *out,
                    lg_snr *snr);

/* Scratch space for lg_gaussian_field: bits[n + 4] words and angle[n/2 + 4] floats. */
typedef struct {
    uint32_t *bits;
    float *angle;
    float *signal; /* n floats: the smoothed kappa */
} lg_gauss_work;

int lg_gauss_work_alloc(lg_gauss_work *w, size_t n);
void lg_gauss_work_free(lg_gauss_work *w);

/* out[n] = the standard normal field of sample `index`, in the layout of lg_gauss_pixel
 * (rng.h), computed in vectorisable passes: Philox, then radii, then cosines and sines. */
void lg_gaussian_field(uint64_t seed, uint64_t index, float *out, size_t n, lg_gauss_work *w);

#endif
