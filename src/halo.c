/* halo.c: WDM and SIDM halo models. */
#include "halo.h"

#include <math.h>

#include "constants.h"
#include "profile_eval.h"

double lg_wdm_half_mode_mass(const lg_cosmology *cosmo, double omega_b, double m_x_kev)
{
    const double h = cosmo->H0 / 100.0, omega_x = cosmo->Omega_m - omega_b;
    const double mu = 1.12, g_x = 1.5;
    const double lambda_fs = 0.049 * pow(m_x_kev, -1.11) * pow(omega_x / 0.25, 0.11) *
                             pow(h / 0.7, 1.22) * pow(1.5 / g_x, 0.29); /* Mpc/h */
    const double lambda_hm = 2.0 * LG_PI * lambda_fs * pow(pow(2.0, mu / 5.0) - 1.0, -0.5 / mu);
    const double rho_mean = cosmo->Omega_m * lg_rho_crit(cosmo, 0.0); /* Msun/Mpc^3 */
    const double r = 0.5 * lambda_hm / h;                             /* Mpc */
    return 4.0 / 3.0 * LG_PI * rho_mean * r * r * r;
}

double lg_wdm_concentration(double c_cdm, double m200, double m_hm, double z, int z_factor)
{
    double c = c_cdm * pow(1.0 + 60.0 * m_hm / m200, -0.17);
    if (z_factor)
        c *= pow(1.0 + z, 0.026 * z - 0.04);
    return c;
}

double lg_sidm_kappa_s(double kappa_s_nfw, double c, double beta)
{
    const double m_nfw = log(1.0 + c) - c / (1.0 + c);
    return kappa_s_nfw * m_nfw / lg_cnfw_mass3d(c, beta);
}
