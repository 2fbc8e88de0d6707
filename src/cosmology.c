/* cosmology.c: flat LambdaCDM. The distance integral is smooth on [0, z] (its nearest
 * singularity lies at z < -2), so 64-point Gauss-Legendre reaches double precision for every
 * redshift the deck allows; it costs 64 square roots, cheap enough to do per sample. */
#include "cosmology.h"

#include <math.h>
#include <threads.h>

#include "constants.h"
#include "gauss_legendre.h"

#define GL_N 64
static double gl_x[GL_N], gl_w[GL_N];
static once_flag gl_once = ONCE_FLAG_INIT;

static void gl_init(void)
{
    lg_gauss_legendre(GL_N, gl_x, gl_w);
}

void lg_cosmology_init(lg_cosmology *c, double H0, double Omega_m)
{
    call_once(&gl_once, gl_init);
    c->H0 = H0;
    c->Omega_m = Omega_m;
    c->d_hubble = LG_C_KM_S / H0;
}

double lg_efunc(const lg_cosmology *c, double z)
{
    double a = 1.0 + z;
    return sqrt(c->Omega_m * a * a * a + (1.0 - c->Omega_m));
}

double lg_comoving_distance(const lg_cosmology *c, double z)
{
    double half = 0.5 * z, sum = 0.0;
    for (int i = 0; i < GL_N; ++i)
        sum += gl_w[i] / lg_efunc(c, half * (gl_x[i] + 1.0));
    return c->d_hubble * half * sum;
}

double lg_angular_diameter_distance(const lg_cosmology *c, double z)
{
    return lg_comoving_distance(c, z) / (1.0 + z);
}

double lg_angular_diameter_distance_z1z2(const lg_cosmology *c, double z1, double z2)
{
    return (lg_comoving_distance(c, z2) - lg_comoving_distance(c, z1)) / (1.0 + z2);
}

double lg_sigma_crit(const lg_cosmology *c, double z_l, double z_s)
{
    /* c^2 / (4 pi G) in Msun / Mpc */
    const double k = LG_C_M_S * LG_C_M_S / (4.0 * LG_PI * LG_G_SI) * LG_MPC_M / LG_MSUN_KG;
    double dl = lg_angular_diameter_distance(c, z_l);
    double ds = lg_angular_diameter_distance(c, z_s);
    double dls = lg_angular_diameter_distance_z1z2(c, z_l, z_s);
    return k * ds / (dl * dls);
}

double lg_rho_crit(const lg_cosmology *c, double z)
{
    double h_si = c->H0 * 1e3 / LG_MPC_M * lg_efunc(c, z);       /* 1/s */
    double rho_si = 3.0 * h_si * h_si / (8.0 * LG_PI * LG_G_SI); /* kg/m^3 */
    return rho_si * LG_MPC_M * LG_MPC_M * LG_MPC_M / LG_MSUN_KG;
}
