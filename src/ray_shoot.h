/* ray_shoot.h: the image of a source seen through a lens by ray shooting (README, "Lensed
 * images"): each pixel's ss x ss sub-pixel centres are mapped to the source plane,
 * beta = theta - alpha(theta), the source's surface brightness is taken there (lensing
 * conserves surface brightness), averaged and multiplied by the pixel area.
 *
 * Why this shape: a row of rays at a time, the deflection of each mass component added in its
 * own loop, then the brightness in another, so each loop is a vectorised float32 kernel
 * (deflection.h, light_kernels.h); NFW, cored NFW and Sersic lenses by their float quadrature
 * (ray_elliptical.h). Rays are float32: ~1e-7 arcsec of rounding on an 8" map. */
#ifndef LG_RAY_SHOOT_H
#define LG_RAY_SHOOT_H

#include "deflection.h"
#include "grid.h"
#include "lens_model.h"
#include "light_kernels.h"
#include "ray_elliptical.h"

/* The float kernel's parameters of component c: 1, or 0 when c has no float kernel. */
int lg_alpha_par_of(const lg_component *c, lg_alpha_par *p);

/* A lens model's float deflection kernels, made once per sample: per component a closed form
 * (deflection.h), the float quadrature (ray_elliptical.h), or the double evaluator. */
typedef struct {
    const lg_lens_model *model;
    int kind[LG_MAX_COMPONENTS]; /* 1 closed form, 2 quadrature, 0 double */
    lg_alpha_par par[LG_MAX_COMPONENTS];
    lg_el_nodes el[LG_MAX_COMPONENTS];
} lg_deflector;

void lg_deflector_make(const lg_lens_model *m, lg_deflector *d);

/* The deflection (ax, ay) at the rays (x[j], y), j < nr (overwritten). work: 4 nr floats. */
void lg_deflector_row(const lg_deflector *d, const float *x, float y, int nr, float *ax, float *ay,
                      float *work);

/* image[npix^2] (lensed; NULL: not made) and source[npix^2] (the same source without the lens;
 * NULL: not made), e-/s per pixel. The deflection comes from the lens model m, or, when
 * alpha_x and alpha_y are given (npix^2 maps at pixel centres, e.g. from the kappa map by FFT),
 * from their bilinear interpolation (clamped at the map's edge). Returns 0, or -1 when the
 * row buffers (40 npix ss bytes) could not be allocated. */
int lg_ray_render(const lg_lens_model *m, const float *alpha_x, const float *alpha_y,
                  const lg_light_f *light, const lg_grid *g, int ss, float *image, float *source);

#endif
