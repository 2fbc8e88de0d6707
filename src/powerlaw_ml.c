/* powerlaw_ml.c: ML index of a truncated power law. With t = ln(m / m_lo) on [0, D],
 * D = ln(m_hi / m_lo), the density is a truncated exponential in t of rate b = alpha + 1, an
 * exponential family: the likelihood equation is E_b[t] = mean(t), E_b[t] rises with b, and
 * the root is bracketed and found by GSL's Brent solver. */
#include "powerlaw_ml.h"

#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

/* Mean and variance of t on [0, d] with density ~ exp(b t); series near b = 0 (uniform). */
static void moments(double b, double d, double *mean, double *var)
{
    const double x = b * d;
    if (fabs(x) < 1e-4) {
        *mean = d * (0.5 + x / 12.0);
        *var = d * d * (1.0 / 12.0 - x * x / 240.0);
        return;
    }
    /* d / (1 - exp(-x)) - 1 / b, written with expm1 to keep precision */
    *mean = -d / expm1(-x) - 1.0 / b;
    const double e = exp(-fabs(x)), s = d * sqrt(e) / -expm1(-fabs(x));
    *var = 1.0 / (b * b) - s * s;
}

typedef struct {
    double d, target;
} ml_arg;

static double score(double b, void *arg)
{
    const ml_arg *a = arg;
    double mean, var;
    moments(b, a->d, &mean, &var);
    return mean - a->target;
}

double lg_powerlaw_ml_slope(const double *m, int n, double m_lo, double m_hi, double *err)
{
    *err = NAN;
    if (n < 2)
        return NAN;
    const double d = log(m_hi / m_lo);
    double sum = 0.0;
    for (int i = 0; i < n; ++i)
        sum += log(m[i] / m_lo);
    ml_arg a = {d, sum / n};
    /* E_b[t] runs from 0 (b -> -inf) to d (b -> +inf); a mean at either end has no finite root */
    const double b_max = 200.0 / d;
    if (score(-b_max, &a) >= 0.0 || score(b_max, &a) <= 0.0)
        return NAN;
    gsl_function f = {score, &a};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    gsl_root_fsolver_set(s, &f, -b_max, b_max);
    double b = 0.0;
    for (int it = 0; it < 200; ++it) {
        if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
            break;
        b = gsl_root_fsolver_root(s);
        if (gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s), 1e-12,
                                   0.0) == GSL_SUCCESS)
            break;
    }
    gsl_root_fsolver_free(s);
    double mean, var;
    moments(b, d, &mean, &var);
    *err = 1.0 / sqrt(n * var);
    return b - 1.0;
}
