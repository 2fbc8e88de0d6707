/* lens.c: draw a lens, derive its scale quantities (docs/physics.md §2-3), build its components. */
#include "lens.h"

#include <math.h>
#include <string.h>

#include "constants.h"
#include "einstein_radius.h"
#include "halo.h"
#include "map_info.h"
#include "params_table.h"
#include "profile_eval.h"
#include "sampling.h"
#include "source_light.h"

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

void lg_ellipticity_to_q_phi(double e1, double e2, double *q, double *phi)
{
    const double e = hypot(e1, e2);
    *q = (1.0 - e) / (1.0 + e);
    *phi = 0.5 * atan2(e2, e1);
}

static double draw(const lg_dist *d, const lg_config *cfg, uint64_t index, uint32_t pid)
{
    return lg_dist_draw(d, (uint64_t)cfg->seed, index, pid);
}

static void draw_wdm(const lg_config *cfg, const lg_cosmology *cosmo, uint64_t index, lg_lens *l)
{
    l->m_x = draw(&cfg->m_x, cfg, index, LG_PID_M_X);
    l->m_hm = lg_wdm_half_mode_mass(cosmo, cfg->Omega_b, l->m_x);
}

/* The host of the subhalo population (subhalo_batch.h): the lens's halo, or for lenses without
 * one a halo of mass subhalos.host_m200 with the Duffy et al. (2008) mean concentration, and a
 * dark-matter model drawn as for a halo (it sets the subhalos' WDM thinning and SIDM cores). */
static void draw_subhalo_host(const lg_config *cfg, const lg_cosmology *cosmo, uint64_t index,
                              lg_lens *l)
{
    l->sigma_sub = draw(&cfg->sub_sigma_sub, cfg, index, LG_PID_SUB_SIGMA_SUB);
    if (l->m200 > 0.0) {
        l->sub_host_m200 = l->m200;
        l->host_c = l->c;
        return;
    }
    l->dm_model = 1 + lg_choice_draw(&cfg->dm_model, (uint64_t)cfg->seed, index, LG_PID_DM_MODEL);
    l->sub_host_m200 = draw(&cfg->sub_host_m200, cfg, index, LG_PID_SUB_HOST_M200);
    l->host_c = lg_duffy08_c(l->sub_host_m200, l->z_l, cosmo->H0 / 100.0);
    if (l->dm_model == LG_DM_WDM)
        draw_wdm(cfg, cosmo, index, l);
}

/* The halo of nfw, nfw_ell and composite lenses under the sample's dark-matter model. */
static void draw_halo(const lg_config *cfg, const lg_cosmology *cosmo, uint64_t index, lg_lens *l)
{
    const uint64_t seed = (uint64_t)cfg->seed;
    l->dm_model = 1 + lg_choice_draw(&cfg->dm_model, seed, index, LG_PID_DM_MODEL);
    l->m200 = draw(&cfg->m200, cfg, index, LG_PID_M200);
    if (cfg->c_model == LG_C_FIXED) {
        l->c_cdm = draw(&cfg->c, cfg, index, LG_PID_C);
    } else {
        double z = lg_normal_d(lg_philox(seed, index, LG_STREAM_PARAMS | LG_PID_C_SCATTER, 0));
        l->c_cdm =
            lg_duffy08_c(l->m200, l->z_l, cosmo->H0 / 100.0) * pow(10.0, cfg->c_scatter_dex * z);
    }
    l->c = l->c_cdm;
    if (l->dm_model == LG_DM_WDM) {
        draw_wdm(cfg, cosmo, index, l);
        l->c = lg_wdm_concentration(l->c_cdm, l->m200, l->m_hm, l->z_l, cfg->wdm_z_factor);
    }
    lg_nfw_scale(cosmo, l->m200, l->c, l->z_l, l->sigma_crit, &l->kappa_s, &l->theta_s);
    if (l->dm_model == LG_DM_SIDM) {
        l->f_core = draw(&cfg->f_core, cfg, index, LG_PID_F_CORE);
        l->theta_c = l->f_core * l->theta_s;
        l->kappa_s = lg_sidm_kappa_s(l->kappa_s, l->c, l->f_core);
    }
}

/* kappa_e of a Sersic component of total mass m_star (Msun) with Sigma_crit in Msun/arcsec^2. */
static double sersic_kappa_e(double m_star, double sigma_crit, double n, double r_e, double e1,
                             double e2)
{
    lg_component c = {.type = LG_COMP_SERSIC, .kappa_e = 1.0, .r_e = r_e, .n = n};
    double phi;
    lg_ellipticity_to_q_phi(e1, e2, &c.q, &phi);
    c.b_n = lg_sersic_b_n(n);
    return m_star / sigma_crit / lg_sersic_total_mass(&c);
}

static void draw_bulge(const lg_config *cfg, uint64_t index, lg_lens *l)
{
    l->sersic_n = draw(&cfg->sersic_n, cfg, index, LG_PID_SERSIC_N);
    l->sersic_r_e = draw(&cfg->sersic_r_e, cfg, index, LG_PID_SERSIC_R_E);
    l->sersic_e1 = draw(&cfg->sersic_e1, cfg, index, LG_PID_SERSIC_E1);
    l->sersic_e2 = draw(&cfg->sersic_e2, cfg, index, LG_PID_SERSIC_E2);
    if (cfg->sersic_norm == LG_SERSIC_KAPPA_E) {
        l->sersic_kappa_e = draw(&cfg->sersic_kappa_e, cfg, index, LG_PID_SERSIC_KAPPA_E);
    } else {
        l->sersic_m_star = draw(&cfg->sersic_m_star, cfg, index, LG_PID_SERSIC_M_STAR);
        l->sersic_kappa_e = sersic_kappa_e(l->sersic_m_star, l->sigma_crit, l->sersic_n,
                                           l->sersic_r_e, l->sersic_e1, l->sersic_e2);
    }
}

static void draw_disk(const lg_config *cfg, uint64_t index, lg_lens *l)
{
    l->disk_r_e = draw(&cfg->disk_r_e, cfg, index, LG_PID_DISK_R_E);
    l->disk_m_star = draw(&cfg->disk_m_star, cfg, index, LG_PID_DISK_M_STAR);
    l->disk_e1 = draw(&cfg->disk_e1, cfg, index, LG_PID_DISK_E1);
    l->disk_e2 = draw(&cfg->disk_e2, cfg, index, LG_PID_DISK_E2);
    l->disk_kappa_e =
        sersic_kappa_e(l->disk_m_star, l->sigma_crit, 1.0, l->disk_r_e, l->disk_e1, l->disk_e2);
}

/* The background source of the lensed images: drawn only when an image map is written. */
static void draw_source(const lg_config *cfg, uint64_t index, lg_lens *l)
{
    l->src_mag = draw(&cfg->src_mag, cfg, index, LG_PID_SRC_MAG);
    l->src_r_e = draw(&cfg->src_r_e, cfg, index, LG_PID_SRC_R_E);
    l->src_n = draw(&cfg->src_n, cfg, index, LG_PID_SRC_N);
    l->src_e1 = draw(&cfg->src_e1, cfg, index, LG_PID_SRC_E1);
    l->src_e2 = draw(&cfg->src_e2, cfg, index, LG_PID_SRC_E2);
    l->src_x = draw(&cfg->src_x, cfg, index, LG_PID_SRC_X);
    l->src_y = draw(&cfg->src_y, cfg, index, LG_PID_SRC_Y);
    if (cfg->point_source)
        l->ps_mag = draw(&cfg->ps_mag, cfg, index, LG_PID_PS_MAG);
    /* the deck keeps every draw in [0, LG_MAX_CLUMPS]; the clamp only guards the arrays */
    const long n_clumps = lround(draw(&cfg->n_clumps, cfg, index, LG_PID_SRC_N_CLUMPS));
    l->n_clumps = (int)(n_clumps < 0 ? 0 : n_clumps > LG_MAX_CLUMPS ? LG_MAX_CLUMPS : n_clumps);
    for (int k = 0; k < l->n_clumps; ++k) {
        const uint32_t off = (uint32_t)k * LG_PID_CLUMP_STRIDE;
        l->clump_x[k] = draw(&cfg->clump_x, cfg, index, LG_PID_CLUMP_X + off);
        l->clump_y[k] = draw(&cfg->clump_y, cfg, index, LG_PID_CLUMP_Y + off);
        l->clump_sigma[k] = draw(&cfg->clump_sigma, cfg, index, LG_PID_CLUMP_SIGMA + off);
        l->clump_mag[k] = draw(&cfg->clump_mag, cfg, index, LG_PID_CLUMP_MAG + off);
    }
    const double rate = pow(10.0, -0.4 * (l->src_mag - cfg->zero_point)); /* e-/s */
    l->src_amp = rate / lg_sersic_total(1.0, l->src_r_e, l->src_n, lg_sersic_b_n(l->src_n));
}

void lg_lens_draw(const lg_config *cfg, const lg_cosmology *cosmo, uint64_t index, lg_lens *l)
{
    const uint64_t seed = (uint64_t)cfg->seed;
    memset(l, 0, sizeof *l); /* padding too: a lens compares bytewise whoever drew it */
    lg_params_clear(l);
    l->profile = lg_choice_draw(&cfg->profile, seed, index, LG_PID_PROFILE);
    l->z_l = draw(&cfg->z_l, cfg, index, LG_PID_Z_L);
    l->z_s = draw(&cfg->z_s, cfg, index, LG_PID_Z_S);
    l->center_x = draw(&cfg->center_x, cfg, index, LG_PID_CENTER_X);
    l->center_y = draw(&cfg->center_y, cfg, index, LG_PID_CENTER_Y);

    double d_l = lg_angular_diameter_distance(cosmo, l->z_l);
    double d_s = lg_angular_diameter_distance(cosmo, l->z_s);
    double d_ls = lg_angular_diameter_distance_z1z2(cosmo, l->z_l, l->z_s);
    double mpc_per_arcsec = d_l * LG_ARCSEC_RAD;
    l->sigma_crit = lg_sigma_crit(cosmo, l->z_l, l->z_s) * mpc_per_arcsec * mpc_per_arcsec;

    const int p = l->profile;
    if (p == LG_NFW_ELL || p == LG_SIE || p == LG_COMPOSITE) {
        l->e1 = draw(&cfg->e1, cfg, index, LG_PID_E1);
        l->e2 = draw(&cfg->e2, cfg, index, LG_PID_E2);
    }
    if (p == LG_NFW || p == LG_NFW_ELL || p == LG_COMPOSITE)
        draw_halo(cfg, cosmo, index, l);
    if (p == LG_SERSIC || p == LG_COMPOSITE)
        draw_bulge(cfg, index, l);
    if (p == LG_COMPOSITE)
        draw_disk(cfg, index, l);
    if (p == LG_SIS || p == LG_SIE) {
        l->sigma_v = draw(&cfg->sigma_v, cfg, index, LG_PID_SIGMA_V);
        double beta = l->sigma_v / LG_C_KM_S;
        l->theta_e = 4.0 * LG_PI * beta * beta * d_ls / d_s / LG_ARCSEC_RAD;
    }
    if (p == LG_POINT_MASS) {
        l->mass = draw(&cfg->mass, cfg, index, LG_PID_MASS);
        /* theta_E^2 = 4 G M / c^2 * D_ls / (D_l D_s), distances in metres */
        double rg = 4.0 * LG_G_SI * l->mass * LG_MSUN_KG / (LG_C_M_S * LG_C_M_S);
        l->theta_e = sqrt(rg * d_ls / (d_l * d_s * LG_MPC_M)) / LG_ARCSEC_RAD;
    }
    if (p != LG_SIS && p != LG_SIE && p != LG_POINT_MASS) {
        lg_lens_model model;
        lg_lens_build_model(l, &model);
        l->theta_e = lg_einstein_radius(&model);
    }
    l->strong_lens = l->theta_e >= LG_THETA_E_MIN;
    if (cfg->subhalos || cfg->los) /* both need the dark-matter model */
        draw_subhalo_host(cfg, cosmo, index, l);
    if (cfg->los)
        l->delta_los = draw(&cfg->los_delta, cfg, index, LG_PID_LOS_DELTA);
    if (cfg->maps & lg_image_map_mask()) {
        draw_source(cfg, index, l);
        if (cfg->point_source || (cfg->maps >> LG_MAP_FERMAT & 1))
            l->d_dt = (1.0 + l->z_l) * d_l * d_s / d_ls;
    }
    if (cfg->augment_rot90)
        l->aug_rot90 =
            (int)(lg_philox(seed, index, LG_STREAM_PARAMS | LG_PID_AUG_ROT90, 0).w[0] >> 30);
    if (cfg->augment_flip)
        l->aug_flip =
            (int)(lg_philox(seed, index, LG_STREAM_PARAMS | LG_PID_AUG_FLIP, 0).w[0] >> 31);
}

static lg_component *add(lg_lens_model *m, int type, const lg_lens *l, double e1, double e2)
{
    lg_component *c = &m->c[m->n++];
    *c = (lg_component){.type = type, .cx = l->center_x, .cy = l->center_y, .q = 1.0};
    lg_ellipticity_to_q_phi(e1, e2, &c->q, &c->phi);
    return c;
}

void lg_lens_build_model(const lg_lens *l, lg_lens_model *m)
{
    m->n = 0;
    m->halos = (lg_halo_list){0};
    lg_component *c;
    switch (l->profile) {
    case LG_POINT_MASS: add(m, LG_COMP_POINT, l, 0, 0)->theta_e = l->theta_e; break;
    case LG_SIS: add(m, LG_COMP_SIS, l, 0, 0)->theta_e = l->theta_e; break;
    case LG_SIE: add(m, LG_COMP_SIE, l, l->e1, l->e2)->theta_e = l->theta_e; break;
    case LG_SERSIC:
    case LG_COMPOSITE:
        c = add(m, LG_COMP_SERSIC, l, l->sersic_e1, l->sersic_e2);
        c->kappa_e = l->sersic_kappa_e;
        c->r_e = l->sersic_r_e;
        c->n = l->sersic_n;
        c->b_n = lg_sersic_b_n(c->n);
        if (l->profile == LG_SERSIC)
            break;
        c = add(m, LG_COMP_SERSIC, l, l->disk_e1, l->disk_e2);
        c->kappa_e = l->disk_kappa_e;
        c->r_e = l->disk_r_e;
        c->n = 1.0;
        c->b_n = lg_sersic_b_n(1.0);
        /* the composite's halo follows */
        __attribute__((fallthrough));
    case LG_NFW:
    case LG_NFW_ELL:
        c = add(m, l->dm_model == LG_DM_SIDM ? LG_COMP_CNFW : LG_COMP_NFW, l, l->e1, l->e2);
        c->kappa_s = l->kappa_s;
        c->theta_s = l->theta_s;
        c->beta = l->dm_model == LG_DM_SIDM ? l->f_core : 0.0;
        break;
    }
}

void lg_component_kappa_par(const lg_component *c, lg_kappa_par *p)
{
    *p = (lg_kappa_par){0};
    p->profile = c->type;
    p->elliptical = c->q != 1.0;
    p->cx = (float)c->cx;
    p->cy = (float)c->cy;
    p->cos_phi = (float)cos(c->phi);
    p->sin_phi = (float)sin(c->phi);
    p->q = (float)c->q;
    p->theta_e = (float)c->theta_e;
    p->kappa_s = (float)c->kappa_s;
    p->inv_theta_s = c->theta_s > 0 ? (float)(1.0 / c->theta_s) : 0.0f;
    p->beta = (float)c->beta;
    p->kappa_e = (float)c->kappa_e;
    p->inv_r_e = c->r_e > 0 ? (float)(1.0 / c->r_e) : 0.0f;
    p->inv_n = c->n > 0 ? (float)(1.0 / c->n) : 0.0f;
    p->b_n = (float)c->b_n;
}
