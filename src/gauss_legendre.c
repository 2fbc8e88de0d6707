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

const lg_gl_rule *lg_gl_unit(int n)
{
    static _Thread_local lg_gl_rule cache[LG_GL_UNIT_MAX + 1]; /* n = 0: not made yet */
    if (n < 1 || n > LG_GL_UNIT_MAX)
        return NULL;
    lg_gl_rule *r = &cache[n];
    if (r->n == 0) {
        double x[LG_GL_UNIT_MAX], w[LG_GL_UNIT_MAX];
        if (lg_gauss_legendre(n, x, w) != 0)
            return NULL;
        for (int i = 0; i < n; ++i) {
            r->x[i] = 0.5 * (x[i] + 1.0);
            r->w[i] = 0.5 * w[i];
        }
        r->n = n;
    }
    return r;
}
