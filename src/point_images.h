/* point_images.h: the images of a point source (a quasar): every solution theta of the lens
 * equation beta = theta - alpha(theta), with its magnification and Fermat potential. Found by a
 * search over triangles of an image-plane grid mapped to the source plane, then refined by
 * Newton's method with the lens's Jacobian to 1e-8 arcsec in the source plane. */
#ifndef LG_POINT_IMAGES_H
#define LG_POINT_IMAGES_H

#include "lens_model.h"

/* Images stored per sample (/images); a lens with more keeps its brightest (n says how many
 * were found). 5: a quad plus a central image. */
#define LG_MAX_IMAGES 5

typedef struct {
    int n;                   /* images found (may exceed LG_MAX_IMAGES) */
    double x[LG_MAX_IMAGES]; /* arcsec, in order of arrival time */
    double y[LG_MAX_IMAGES];
    double mu[LG_MAX_IMAGES];     /* signed magnification */
    double fermat[LG_MAX_IMAGES]; /* Fermat potential |theta - beta|^2/2 - psi, arcsec^2 */
} lg_point_images;

/* The images of a point source at (bx, by) within the square |x|, |y| <= half_width, searched on
 * a grid of `step` arcsec (a fraction of the smallest image separation: e.g. pixel / 2). */
void lg_point_images_solve(const lg_lens_model *m, double bx, double by, double half_width,
                           double step, lg_point_images *out);

/* The Fermat potential (arcsec^2) at theta for a source at beta. */
double lg_fermat_potential(const lg_lens_model *m, double x, double y, double bx, double by);

#endif
