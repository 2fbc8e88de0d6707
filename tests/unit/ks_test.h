/* ks_test.h: the one-sample Kolmogorov-Smirnov test the population tests use. */
#ifndef LG_TEST_KS_TEST_H
#define LG_TEST_KS_TEST_H

#include <math.h>
#include <stdlib.h>

static inline int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Kolmogorov's asymptotic p-value of lambda = sqrt(n) D. */
static inline double ks_pvalue(double lambda)
{
    double p = 0.0;
    for (int j = 1; j < 100; ++j)
        p += 2.0 * ((j & 1) ? 1.0 : -1.0) * exp(-2.0 * j * j * lambda * lambda);
    return fmin(fmax(p, 0.0), 1.0);
}

/* sqrt(n) D of a sample of n values whose CDF values are u (sorted here). */
static inline double ks_lambda(double *u, size_t n)
{
    qsort(u, n, sizeof *u, cmp_double);
    double d = 0.0;
    for (size_t i = 0; i < n; ++i)
        d = fmax(d, fmax(fabs((i + 1.0) / n - u[i]), fabs((double)i / n - u[i])));
    return sqrt((double)n) * d;
}

#endif
