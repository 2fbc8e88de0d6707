/* powerlaw_ml.h: maximum-likelihood index of a truncated power law (docs/physics.md §16.7). */
#ifndef LG_POWERLAW_ML_H
#define LG_POWERLAW_ML_H

/* The index alpha of dN/dm ~ m^alpha on [m_lo, m_hi] that maximises the likelihood of the n
 * masses m, and its standard error 1 / sqrt(n Var_alpha[ln m]) (the Fisher information).
 * NaN (and *err NaN) for n < 2. */
double lg_powerlaw_ml_slope(const double *m, int n, double m_lo, double m_hi, double *err);

#endif
