/* gauss_legendre.h: Gauss-Legendre nodes and weights (from GSL's fixed-order tables), shared by
 * the cosmology integrals and the elliptical-profile quadrature. */
#ifndef LG_GAUSS_LEGENDRE_H
#define LG_GAUSS_LEGENDRE_H

/* The n nodes x[i] (ascending) and weights w[i] on [-1, 1]. Returns 0, or -1 on failure. */
int lg_gauss_legendre(int n, double *x, double *w);

#include "gl_rule.h"

/* The n-point rule on [0, 1] (weights summing to 1), 1 <= n <= LG_GL_UNIT_MAX, made once per
 * thread: for the rules the pixel loops use on every map. NULL for n out of range. */

const lg_gl_rule *lg_gl_unit(int n);

#endif
