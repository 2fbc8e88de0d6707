/* imaging.h: lensed images of a background source (README, "Lensed images"): rays shot through
 * each pixel's sub-pixels to the source plane, beta = theta - alpha(theta), the source's surface
 * brightness there (lensing conserves surface brightness), averaged and times the pixel area.
 * Units: electrons per second (e-/s) per pixel; surface brightness in e-/s/arcsec^2. */
#ifndef LG_IMAGING_H
#define LG_IMAGING_H

#include "config.h"
#include "grid.h"
#include "lens.h"
#include "lens_model.h"
#include "light_kernels.h"
#include "source_light.h"

/* The float kernels' form of a source (light_kernels.h). */
lg_light_f lg_light_kernel(const lg_source *s);

/* image[npix^2] (lensed) and source[npix^2] (no lens; either may be NULL): each pixel the mean
 * brightness (the Sersic and the clumps) of ss x ss sub-pixels (cell centres) times the pixel area,
 * by the float kernels of ray_shoot.h. Returns 0, or -1 (no memory). */
int lg_image_render(const lg_lens_model *m, const lg_source *s, const lg_grid *g, int ss,
                    float *image, float *source);

/* The point source of l (source.point_source) at the source's centre: its images (positions,
 * magnifications, arrival times after the first: l->img_*, l->n_images) and, into image when not
 * NULL, their flux |mu| 10^(-0.4 (ps_mag - zero_point)) shared over the four pixels around each
 * (cloud in cell: a PSF then spreads it). */
void lg_image_point_source(const lg_lens_model *m, const lg_grid *g, double zero_point, lg_lens *l,
                           float *image);

/* Everything of one sample's lensed images (the maps given non-NULL, npix^2 each): image (ray
 * shooting, the point source, then the PSF), source, and image_noisy (the detector, then the
 * [normalise] method into l->image_norm_*), and fermat (the arrival-time surface in days at
 * pixel centres). psf may be NULL (no PSF); thread selects its buffers. The rays are
 * deflected by the lens model, or, given alpha_x and alpha_y (the deflection maps at pixel
 * centres: output.derived = fft), by those maps interpolated; the point source's images and the
 * Fermat surface always use the lens model. Returns 0, or -1 (no memory; a message on stderr).
 */
typedef struct lg_psf lg_psf;

/* The PSF of cfg's imaging keys for n_threads threads; NULL after a message on stderr. */
lg_psf *lg_image_psf(const lg_config *cfg, int n_threads);

int lg_image_sample(const lg_config *cfg, const lg_grid *g, lg_psf *psf, int thread,
                    const lg_lens_model *m, const float *alpha_x, const float *alpha_y,
                    uint64_t index, lg_lens *l, float *image, float *source, float *noisy,
                    float *fermat);

#endif
