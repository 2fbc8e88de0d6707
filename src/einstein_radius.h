/* einstein_radius.h: the Einstein radius of any lens model, the label theta_E (README, "Einstein
 * radius"): the radius inside which the mean convergence of the circularised lens is 1.
 * Circularised: each component with q = 1 about its centre, which keeps the mass inside every
 * elliptical contour of the product-average radius (that ellipse has the area of the circle); for
 * SIS, SIE and point masses this is their theta_E parameter. */
#ifndef LG_EINSTEIN_RADIUS_H
#define LG_EINSTEIN_RADIUS_H

#include "lens_model.h"

/* Einstein radii are searched in [LG_THETA_E_MIN, LG_THETA_E_MAX] arcsec: a lens whose mean
 * convergence reaches 1 only inside 1 milliarcsecond (an NFW cusp of a low-mass halo) is far
 * below any map's resolution and counts as subcritical. */
#define LG_THETA_E_MIN 1e-3
#define LG_THETA_E_MAX 1e4

/* Mean convergence of the circularised lens inside radius r (arcsec) about the first
 * component's centre (the components of a sample share it). */
double lg_mean_kappa(const lg_lens_model *m, double r);

/* The Einstein radius in arcsec (relative accuracy 1e-10), or NaN when the mean convergence
 * stays below 1 on [LG_THETA_E_MIN, LG_THETA_E_MAX]. */
double lg_einstein_radius(const lg_lens_model *m);

#endif
