/* gauss_legendre.c: nodes and weights through GSL (gsl_integration_glfixed). */
#include "gauss_legendre.h"

#include <gsl/gsl_integration.h>

int lg_gauss_legendre(int n, double *x, double *w)
{
    gsl_integration_glfixed_table *t = gsl_integration_glfixed_table_alloc((size_t)n);
    if (!t)
        return -1;
    for (int i = 0; i < n; ++i)
        gsl_integration_glfixed_point(-1.0, 1.0, (size_t)i, &x[i], &w[i], t);
    gsl_integration_glfixed_table_free(t);
    return 0;
}
