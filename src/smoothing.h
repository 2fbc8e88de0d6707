/* smoothing.h: Gaussian smoothing of a map by FFT (FFTW, single precision), as a linear
 * convolution: the map is zero-padded so nothing wraps around the edges, and each pixel is
 * divided by the kernel weight that falls inside the map, so a smooth map keeps its level up to
 * the edges (white noise there is smoothed by fewer pixels and keeps more of its sigma). */
#ifndef LG_SMOOTHING_H
#define LG_SMOOTHING_H

typedef struct lg_smoother lg_smoother;

/* Plans (FFTW_ESTIMATE: the same plan on every rank, for bitwise reproducibility) are made
 * once here and shared; each of n_threads gets its own aligned work buffers.
 * fwhm_pix is the kernel FWHM in pixels. Returns NULL on allocation failure. */
lg_smoother *lg_smoother_create(int npix, double fwhm_pix, int n_threads);
void lg_smoother_free(lg_smoother *s);

/* map[npix*npix] <- map convolved with the unit-sum kernel, renormalised to the part inside the
 * map; `thread` picks the buffers. */
void lg_smooth(lg_smoother *s, int thread, float *map);

/* Sum of the squared kernel weights: white noise of sigma s0 has sigma s0 * sqrt(this)
 * after smoothing (pixels far from the edges). */
double lg_smoother_kernel_norm2(const lg_smoother *s);

/* The same sum for a map of npix and a kernel of fwhm_pix, without plans or buffers. */
double lg_smoothing_norm2(int npix, double fwhm_pix);

/* The tables a device backend needs to smooth exactly as lg_smooth does (gpu/pipeline.hpp):
 * lg_smoothing_line_length gives the padded line length p; lg_smoothing_tables fills
 * kernel_k[2 (p/2 + 1)] with the 1-D kernel's transform divided by p (re, im pairs) and
 * inv_inside[npix] with 1 / the kernel weight inside the map. Returns 0, or -1 (no memory). */
int lg_smoothing_line_length(int npix, double fwhm_pix);
int lg_smoothing_tables(int npix, double fwhm_pix, float *kernel_k, float *inv_inside);

/* Smallest m >= n of the form 2^a 3^b 5^c: a length FFTW transforms fast (and the PSF's). */
int lg_fft_size(int n);

#endif
