/* halo.h: dark-matter models of a halo beyond CDM (docs/physics.md §3.8-3.9): warm dark matter
 * (suppressed concentration) and self-interacting dark matter (a cored NFW). */
#ifndef LG_HALO_H
#define LG_HALO_H

#include "cosmology.h"

/* WDM half-mode mass in Msun for a thermal relic of m_x keV (Schneider et al. 2012, MNRAS 424,
 * 684, eqs. 7-8, after Viel et al. 2005): lambda_fs = 0.049 m_x^-1.11 (Omega_x/0.25)^0.11
 * (h/0.7)^1.22 (1.5/g_x)^0.29 Mpc/h with g_x = 1.5, lambda_hm = 2 pi lambda_fs (2^(mu/5) -
 * 1)^(-1/(2 mu)), mu = 1.12, M_hm = (4 pi/3) rho_mean (lambda_hm/2)^3, rho_mean = Omega_m
 * rho_crit(0). Omega_x = Omega_m - Omega_b. */
double lg_wdm_half_mode_mass(const lg_cosmology *cosmo, double omega_b, double m_x_kev);

/* Bose et al. 2016 (MNRAS 455, 318): c_WDM = c_CDM (1 + 60 M_hm/M)^-0.17, times
 * (1 + z)^(0.026 z - 0.04) when z_factor is set. */
double lg_wdm_concentration(double c_cdm, double m200, double m_hm, double z, int z_factor);

/* Scale convergence of a cored NFW (core ratio beta = r_c/r_s) with the same M200 and r_s as
 * an NFW of scale convergence kappa_s_nfw and concentration c: rho_s scales by
 * m_NFW(c) / m_cored(c, beta). */
double lg_sidm_kappa_s(double kappa_s_nfw, double c, double beta);

#endif
