/* peak_height.h: the linear matter power spectrum, sigma(M), the growth factor and the peak
 * height nu = delta_c / sigma(M, z) that the subhalo concentrations need (docs/physics.md §16.3).
 *
 * Transfer function: Eisenstein & Hu (1998, ApJ 496, 605), the no-wiggle form, eqs. 26-31.
 * Mass M (Msun) maps to the comoving top-hat radius R = (3 M / (4 pi rho_m0))^(1/3) with
 * rho_m0 = Omega_m rho_crit(0); P(k) = A k^n_s T(k)^2 with A set by sigma(8 Mpc/h) = sigma_8. */
#ifndef LG_PEAK_HEIGHT_H
#define LG_PEAK_HEIGHT_H

#include "cosmology.h"

/* Planck 2018 (Planck Collaboration 2020, A&A 641, A6, table 2, TT,TE,EE+lowE+lensing+BAO):
 * the cosmology config has no sigma_8 or n_s, so these are the documented defaults. */
#define LG_SIGMA_8_DEFAULT 0.8102
#define LG_N_S_DEFAULT 0.9665
#define LG_T_CMB_DEFAULT 2.7255 /* K, Fixsen (2009, ApJ 707, 916) */

/* ln sigma(M) is tabulated at z = 0 on a grid in ln M (linear interpolation: the slope
 * d ln sigma / d ln M changes by < 0.01 per e-fold, so the error is < 1e-5); outside the grid
 * sigma is integrated directly. */
#define LG_SIGMA_TABLE_N 701
#define LG_SIGMA_TABLE_LOG10_MIN 2.0
#define LG_SIGMA_TABLE_DLOG10 0.02

typedef struct {
    double h, Omega_m, Omega_b, n_s, sigma_8, T_cmb;
    double rho_m0;        /* Msun / Mpc^3, comoving */
    double amplitude;     /* A of P(k) = A k^n_s T^2, Mpc^(3 + n_s) */
    double s_eh, alpha_g; /* EH98 sound horizon (Mpc, eq. 26) and alpha_Gamma (eq. 31) */
    double ln_sigma[LG_SIGMA_TABLE_N];
} lg_power;

/* Fills p (normalisation and the sigma(M) table: ~0.1 s; do it once per run). 0 on success,
 * -1 when an integral fails to converge. */
int lg_power_init(lg_power *p, const lg_cosmology *cosmo, double Omega_b, double sigma_8,
                  double n_s, double T_cmb);

/* EH98 no-wiggle transfer function at k (1/Mpc). */
double lg_eh98_nowiggle(const lg_power *p, double k);
/* sigma of the linear density field at z = 0 in a top-hat of comoving radius R (Mpc),
 * integrated directly. */
double lg_sigma_r(const lg_power *p, double r_mpc);
/* sigma(M) at z = 0 (M in Msun), from the table. */
double lg_sigma_m(const lg_power *p, double m);
/* Linear growth factor of flat LambdaCDM, D(0) = 1: D is proportional to
 * E(a) int_0^a da' / (a' E(a'))^3 (Heath 1977). */
double lg_growth_factor(double Omega_m, double z);
/* nu = delta_c / (sigma(M) D(z)), delta_c = (3/20) (12 pi)^(2/3). */
double lg_peak_height(const lg_power *p, double m, double z);

/* The mean concentration of Gilman et al. (2020, MNRAS 492, L12):
 * c = c_0 (1 + z)^zeta (nu(m, z) / nu(m_ref, 0))^(-beta), m and m_ref in Msun. */
typedef struct {
    double c_0, zeta, beta, m_ref;
} lg_dg19_c;
/* growth = lg_growth_factor(Omega_m, z), passed in so a population computes it once. */
double lg_dg19_concentration(const lg_power *p, const lg_dg19_c *c, double m, double z,
                             double growth);

#endif
