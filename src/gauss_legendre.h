/* gauss_legendre.h: Gauss-Legendre nodes and weights (from GSL's fixed-order tables), shared by
 * the cosmology integrals and the elliptical-profile quadrature. */
#ifndef LG_GAUSS_LEGENDRE_H
#define LG_GAUSS_LEGENDRE_H

/* The n nodes x[i] (ascending) and weights w[i] on [-1, 1]. Returns 0, or -1 on failure. */
int lg_gauss_legendre(int n, double *x, double *w);

#endif
