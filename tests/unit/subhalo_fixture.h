/* subhalo_fixture.h: the host the subhalo tests draw populations for: a 1e13 Msun, c = 5 halo at
 * z_l = 0.5 with theta_E = 1" and a source at z_s = 2, in H0 = 70, Omega_m = 0.3, and the
 * power spectrum of that cosmology (Omega_b = 0.049, the Planck 2018 defaults of peak_height.h). */
#ifndef LG_TEST_SUBHALO_FIXTURE_H
#define LG_TEST_SUBHALO_FIXTURE_H

#include "constants.h"
#include "peak_height.h"
#include "subhalo_population.h"

/* The cosmology (H0 70, Omega_m 0.3) and its power spectrum alone. */
static inline int power_fixture(lg_cosmology *cosmo, lg_power *power)
{
    lg_cosmology_init(cosmo, 70.0, 0.3);
    return lg_power_init(power, cosmo, 0.049, LG_SIGMA_8_DEFAULT, LG_N_S_DEFAULT, LG_T_CMB_DEFAULT);
}

static inline int subhalo_fixture(lg_cosmology *cosmo, lg_power *power, lg_subhalo_host *host)
{
    lg_cosmology_init(cosmo, 70.0, 0.3);
    const double z_l = 0.5, z_s = 2.0;
    const double mpc_per_arcsec = lg_angular_diameter_distance(cosmo, z_l) * LG_ARCSEC_RAD;
    *host = (lg_subhalo_host){.m200 = 1e13,
                              .c = 5.0,
                              .z_l = z_l,
                              .theta_e = 1.0,
                              .sigma_crit =
                                  lg_sigma_crit(cosmo, z_l, z_s) * mpc_per_arcsec * mpc_per_arcsec};
    return lg_power_init(power, cosmo, 0.049, LG_SIGMA_8_DEFAULT, LG_N_S_DEFAULT, LG_T_CMB_DEFAULT);
}

#endif
