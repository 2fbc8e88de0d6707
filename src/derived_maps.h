/* derived_maps.h: deflection, shear, potential and magnification maps of a lens, either
 * analytic (per pixel, double precision, lens_model.h) or from a kappa map by FFT. */
#ifndef LG_DERIVED_MAPS_H
#define LG_DERIVED_MAPS_H

#include "config.h"
#include "grid.h"
#include "lens_model.h"

/* The maps derived from the lens: out[m] for m in LG_MAP_ALPHA_X .. LG_MAP_MU; NULL entries are
 * skipped. Each is npix*npix floats. */
typedef struct {
    float *map[LG_N_MAPS];
} lg_map_set;

/* Analytic: every pixel centre through lg_lens_model_eval. */
void lg_derived_maps_analytic(const lg_lens_model *m, const lg_grid *g, lg_map_set *out);

/* FFT: the lensing potential, deflection and shear of the mass in `kappa` (the map itself,
 * nothing outside it) by linear convolution with the Green's-function kernels
 * psi: ln|d|/pi, alpha: d/(pi |d|^2), gamma: (d2^2 - d1^2, -2 d1 d2)/(pi |d|^4), each pixel's
 * mass at its centre; zero-padded so nothing wraps. mu from kappa and the shear. */
typedef struct lg_fft_lensing lg_fft_lensing;
lg_fft_lensing *lg_fft_lensing_create(const lg_grid *g, int n_threads);
void lg_fft_lensing_free(lg_fft_lensing *f);
void lg_derived_maps_fft(lg_fft_lensing *f, int thread, const float *kappa, lg_map_set *out);

/* The transforms of the five kernels (psi, alpha_x, alpha_y, gamma1, gamma2, in that order),
 * times A_pix / p^2, on the padded grid p = 2 npix: out[5][p][p/2 + 1] (re, im pairs), for a
 * device backend that convolves as lg_derived_maps_fft does. Returns 0, or -1 (no memory). */
#define LG_FFT_LENSING_KERNELS 5
int lg_fft_lensing_kernels(const lg_grid *g, float *out);

#endif
