/* elliptical.h: lensing quantities of an elliptical-mass profile kappa(R_ell) (product-average
 * radius R_ell = sqrt(q x'^2 + y'^2/q)) by 1-D quadrature of the circular profile
 * (Schramm 1990; Keeton 2001, "A catalog of mass models", eqs. for kappa(xi)). */
#ifndef LG_ELLIPTICAL_H
#define LG_ELLIPTICAL_H

#include "lens_model.h"

/* The circular profile the ellipse is built from. */
typedef struct {
    double (*kappa)(double r2, const void *par);  /* kappa at R^2 */
    double (*dkappa)(double r2, const void *par); /* d kappa / d(R^2) */
    double (*alpha)(double r, const void *par);   /* circular deflection (2/R) int_0^R R kappa dR */
    const void *par;
} lg_radial_profile;

/* Quantities at (xp, yp) in the major-axis frame for axis ratio 0 < q < 1; writes *out. */
void lg_elliptical_eval(const lg_radial_profile *p, double q, double xp, double yp, lg_lensq *out);

#endif
