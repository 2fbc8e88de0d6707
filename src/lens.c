/* lens.c: draw a lens and derive its scale quantities (physics.md §2-3). */
#include "lens.h"

#include <math.h>

#include "constants.h"
#include "sampling.h"

double lg_duffy08_c(double m200, double z, double h)
{
    const double A = 5.71, B = -0.084, C = -0.47, m_pivot = 2e12 / h;
    return A * pow(m200 / m_pivot, B) * pow(1.0 + z, C);
}

void lg_nfw_scale(const lg_cosmology *cosmo, double m200, double c, double z_l,
                  double sigma_crit_arcsec2, double *kappa_s, double *theta_s)
{
    double rho_c = lg_rho_crit(cosmo, z_l);
    double r200 = cbrt(3.0 * m200 / (4.0 * LG_PI * 200.0 * rho_c));
    double r_s = r200 / c;
    double rho_s = 200.0 / 3.0 * rho_c * c * c * c / (log(1.0 + c) - c / (1.0 + c));
    double d_l = lg_angular_diameter_distance(cosmo, z_l);
    double mpc_per_arcsec = d_l * LG_ARCSEC_RAD;
    double sigma_crit_mpc2 = sigma_crit_arcsec2 / (mpc_per_arcsec * mpc_per_arcsec);
    *kappa_s = rho_s * r_s / sigma_crit_mpc2;
    *theta_s = r_s / mpc_per_arcsec;
}

void lg_lens_draw(const lg_config *cfg, const lg_cosmology *cosmo, uint64_t index, lg_lens *l)
{
    const uint64_t seed = (uint64_t)cfg->seed;
    l->profile = lg_choice_draw(&cfg->profile, seed, index, LG_PID_PROFILE);
    l->z_l = lg_dist_draw(&cfg->z_l, seed, index, LG_PID_Z_L);
    l->z_s = lg_dist_draw(&cfg->z_s, seed, index, LG_PID_Z_S);
    l->center_x = lg_dist_draw(&cfg->center_x, seed, index, LG_PID_CENTER_X);
    l->center_y = lg_dist_draw(&cfg->center_y, seed, index, LG_PID_CENTER_Y);
    l->e1 = l->e2 = 0.0;
    l->m200 = l->c = l->sigma_v = l->mass = NAN;
    l->kappa_s = l->theta_s = l->theta_e = NAN;

    double d_l = lg_angular_diameter_distance(cosmo, l->z_l);
    double d_s = lg_angular_diameter_distance(cosmo, l->z_s);
    double d_ls = lg_angular_diameter_distance_z1z2(cosmo, l->z_l, l->z_s);
    double mpc_per_arcsec = d_l * LG_ARCSEC_RAD;
    l->sigma_crit = lg_sigma_crit(cosmo, l->z_l, l->z_s) * mpc_per_arcsec * mpc_per_arcsec;

    switch (l->profile) {
    case LG_NFW_ELL:
        l->e1 = lg_dist_draw(&cfg->e1, seed, index, LG_PID_E1);
        l->e2 = lg_dist_draw(&cfg->e2, seed, index, LG_PID_E2);
        /* the halo itself is drawn as for NFW */
        __attribute__((fallthrough));
    case LG_NFW:
        l->m200 = lg_dist_draw(&cfg->m200, seed, index, LG_PID_M200);
        if (cfg->c_model == LG_C_FIXED) {
            l->c = lg_dist_draw(&cfg->c, seed, index, LG_PID_C);
        } else {
            double z = lg_normal_d(lg_philox(seed, index, LG_STREAM_PARAMS | LG_PID_C_SCATTER, 0));
            l->c = lg_duffy08_c(l->m200, l->z_l, cosmo->H0 / 100.0) *
                   pow(10.0, cfg->c_scatter_dex * z);
        }
        lg_nfw_scale(cosmo, l->m200, l->c, l->z_l, l->sigma_crit, &l->kappa_s, &l->theta_s);
        break;
    case LG_SIS: {
        l->sigma_v = lg_dist_draw(&cfg->sigma_v, seed, index, LG_PID_SIGMA_V);
        double beta = l->sigma_v / LG_C_KM_S;
        l->theta_e = 4.0 * LG_PI * beta * beta * d_ls / d_s / LG_ARCSEC_RAD;
        break;
    }
    case LG_POINT_MASS: {
        l->mass = lg_dist_draw(&cfg->mass, seed, index, LG_PID_MASS);
        /* theta_E^2 = 4 G M / c^2 * D_ls / (D_l D_s), distances in metres */
        double rg = 4.0 * LG_G_SI * l->mass * LG_MSUN_KG / (LG_C_M_S * LG_C_M_S);
        l->theta_e = sqrt(rg * d_ls / (d_l * d_s * LG_MPC_M)) / LG_ARCSEC_RAD;
        break;
    }
    }
}

void lg_lens_kappa_par(const lg_lens *l, lg_kappa_par *p)
{
    double e = hypot(l->e1, l->e2);
    double phi = 0.5 * atan2(l->e2, l->e1);
    p->profile = l->profile;
    p->cx = (float)l->center_x;
    p->cy = (float)l->center_y;
    p->kappa_s = (float)l->kappa_s;
    p->inv_theta_s = (float)(1.0 / l->theta_s);
    p->theta_e = (float)l->theta_e;
    p->cos_phi = (float)cos(phi);
    p->sin_phi = (float)sin(phi);
    p->q = (float)((1.0 - e) / (1.0 + e));
}
