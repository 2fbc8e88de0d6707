/* psf.h: the point-spread function of an image (docs/physics.md §13.1): a Gaussian or Moffat
 * profile of given FWHM, or a kernel read from a file, applied to a square map as a linear
 * (zero-padded, never circular) convolution by FFT (FFTW, single precision).
 *
 * Kernel conventions:
 * - pixel k[(R + dy) * size + (R + dx)], size = 2 R + 1 (always odd), holds the share of a point
 *   source's light that lands dy rows and dx columns from the source's pixel; the kernel is
 *   centred on its middle pixel and normalised to unit sum over the extent that is applied.
 * - gaussian and moffat: PIXEL-INTEGRATED values, the mean of the profile over each pixel
 *   (Gaussian: exact, a product of two erf differences; Moffat: Gauss-Legendre, 8 x 8 nodes on
 *   each of s x s sub-cells with s = ceil(2 px / alpha) (1 to 32), relative error below 1e-11
 *   of the peak (measured 2e-13, tests/unit/test_psf.c)), truncated to the square |dx|, |dy| <= R
 * that contains the circle holding all but 1e-6 of the flux (Gaussian) or 1e-4 (Moffat, whose tail
 * falls only as r^(-2 beta)), then normalised to unit sum, which spreads that little tail over the
 * kernel.
 * - R is capped at npix - 1: an offset of npix pixels or more never carries light from one pixel
 *   of the map to another, so the cap changes no output pixel except through the normalisation
 *   (the fraction dropped, lg_psf_tail_fraction, is renormalised away like the rest).
 * - pixel: a kernel from a file (.npy or text, see lg_psf_create) at the map's own pixel scale
 *   (no resampling), odd square size, finite values, positive sum; negative entries (noise in
 *   a measured PSF) are kept.
 *
 * Light that the kernel moves off the map is lost, as a detector loses it; no light enters
 * from outside the map (the sky beyond it is dark). Nothing wraps around. */
#ifndef LG_PSF_H
#define LG_PSF_H

#include <stddef.h>

enum lg_psf_type { LG_PSF_NONE = 0, LG_PSF_GAUSSIAN, LG_PSF_MOFFAT, LG_PSF_PIXEL };

typedef struct lg_psf lg_psf;

/* A PSF for maps of npix x npix pixels of pixel_arcsec.
 * type LG_PSF_NONE: the identity (lg_psf_apply does nothing, the kernel is [1]).
 * LG_PSF_GAUSSIAN: fwhm_arcsec > 0. LG_PSF_MOFFAT: fwhm_arcsec > 0 and moffat_beta > 1, with
 *   I(r) proportional to [1 + (r/alpha)^2]^(-beta), alpha = fwhm / (2 sqrt(2^(1/beta) - 1)).
 * LG_PSF_PIXEL: the kernel in kernel_path, whose pixel scale kernel_pixel_arcsec must equal
 *   pixel_arcsec (to 1e-9 relative). The file is a text file (one kernel row per line, values
 *   separated by blanks or commas, '#' starting a comment; lines without values are skipped)
 *   or, when its name ends in .npy, a NumPy array: format version 1, 2 or 3, dtype '<f4' or
 *   '<f8', 2-D, fortran_order False (the header dictionary is parsed here; nothing else is
 *   accepted). A kernel larger than 2 npix - 1 is cropped about its centre to that size.
 * Plans (FFTW_ESTIMATE, the same on every rank) are made here and shared; each of n_threads
 * gets its own buffers. Not thread-safe itself (FFTW's planner): create and free on one thread.
 * Returns NULL on bad input or no memory, with a one-line message in err (naming the value or
 * file and what is allowed) when err is not NULL. */
lg_psf *lg_psf_create(int type, int npix, double pixel_arcsec, double fwhm_arcsec,
                      double moffat_beta, const char *kernel_path, double kernel_pixel_arcsec,
                      int n_threads, char *err, size_t err_size);
void lg_psf_free(lg_psf *p);

/* image[npix * npix] (row-major) <- image convolved with the kernel: the linear convolution,
 * zero-padded to a p x p transform, p the smallest 2^a 3^b 5^c >= npix + size - 1, so nothing
 * wraps around. `thread` (0 .. n_threads - 1) picks the buffers: calls with distinct thread
 * indices may run at the same time. */
void lg_psf_apply(lg_psf *p, int thread, float *image);

/* The kernel's side (odd) and its values, size * size doubles, row-major (for tests). */
int lg_psf_size(const lg_psf *p);
const double *lg_psf_kernel(const lg_psf *p);

/* The fraction of the profile's (or file kernel's) flux outside the applied kernel square,
 * before normalisation: at most 1e-6 (gaussian) or 1e-4 (moffat) unless the map-size cap cut
 * deeper; 0 for none and for an uncropped file kernel. */
double lg_psf_tail_fraction(const lg_psf *p);

/* The padded transform side p (for tests and memory estimates); 0 for LG_PSF_NONE. */
int lg_psf_fft_size(const lg_psf *p);

#endif
