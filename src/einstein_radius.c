/* einstein_radius.c: the mean convergence inside r of a circular profile is alpha(r)/r, so
 * theta_E solves sum_c alpha_c(r)/r = 1. It decreases with r for every profile here (their
 * kappa never increases outwards), so a bracket and Brent's method (GSL) find the one root. */
#include "einstein_radius.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>

double lg_mean_kappa(const lg_lens_model *m, double r)
{
    double sum = 0.0;
    for (int i = 0; i < m->n; ++i) {
        lg_component c = m->c[i];
        c.cx = c.cy = 0.0;
        c.q = 1.0;
        c.phi = 0.0;
        lg_lensq q = {0, 0, 0, 0, 0, 0};
        lg_component_eval(&c, r, 0.0, &q);
        sum += q.alpha_x / r;
    }
    return sum;
}

/* ln(mean kappa) at r = e^u: smooth in u, zero at the Einstein radius. */
static double log_mean_kappa(double u, void *model)
{
    return log(lg_mean_kappa(model, exp(u)));
}

double lg_einstein_radius(const lg_lens_model *m)
{
    double lo = log(LG_THETA_E_MIN), hi = log(LG_THETA_E_MAX);
    void *model = (void *)m; /* GSL's callback takes a non-const pointer; it only reads */
    if (m->n == 0 || !(log_mean_kappa(lo, model) > 0.0) || log_mean_kappa(hi, model) >= 0.0)
        return NAN;
    gsl_function f = {log_mean_kappa, model};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        return NAN;
    gsl_root_fsolver_set(s, &f, lo, hi);
    double root = NAN;
    for (int it = 0; it < 200; ++it) {
        if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
            break;
        lo = gsl_root_fsolver_x_lower(s);
        hi = gsl_root_fsolver_x_upper(s);
        root = gsl_root_fsolver_root(s);
        if (gsl_root_test_interval(lo, hi, 1e-11, 0.0) == GSL_SUCCESS)
            break;
    }
    gsl_root_fsolver_free(s);
    return exp(root);
}
