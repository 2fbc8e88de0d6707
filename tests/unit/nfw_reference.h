/* nfw_reference.h: independent long-double / double NFW closed forms of docs/physics.md §3.4
 * (Wright & Brainerd 2000), shared by the unit tests as the reference to compare with. */
#ifndef LG_TEST_NFW_REFERENCE_H
#define LG_TEST_NFW_REFERENCE_H

#include <math.h>

/* h(x) = (1 - F(x)) / (x^2 - 1) from the arccosh/arccos form, in long double;
 * kappa_NFW = 2 kappa_s h. */
static inline long double nfw_h_ref(long double x2)
{
    if (x2 == 1.0L)
        return 1.0L / 3.0L;
    long double x = sqrtl(x2), f;
    if (x < 1.0L)
        f = acoshl(1.0L / x) / sqrtl(1.0L - x2);
    else
        f = acosl(1.0L / x) / sqrtl(x2 - 1.0L);
    return (1.0L - f) / (x2 - 1.0L);
}

/* Enclosed-mass function g(x): M(<R) = 4 pi kappa_s theta_s^2 g(R/theta_s). */
static inline double nfw_g(double x)
{
    if (x < 1.0)
        return log(x / 2.0) + acosh(1.0 / x) / sqrt(1.0 - x * x);
    if (x > 1.0)
        return log(x / 2.0) + acos(1.0 / x) / sqrt(x * x - 1.0);
    return 1.0 + log(0.5);
}

#endif
