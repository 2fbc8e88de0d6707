/* lens.h: one sample's lens, drawn from the deck's distributions, with derived quantities,
 * and the mass components it is made of. */
#ifndef LG_LENS_H
#define LG_LENS_H

#include <stdint.h>

#include "config.h"
#include "cosmology.h"
#include "lens_model.h"
#include "point_images.h"
#include "profiles.h"

/* Per-sample parameters, as stored in /params (one column each, params_table.c). NaN where a
 * quantity does not apply. */
typedef struct {
    int profile;  /* enum lg_profile */
    int dm_model; /* enum lg_dm_model; none for lenses without a halo */
    int aug_rot90, aug_flip;
    double z_l, z_s;
    double center_x, center_y; /* arcsec */
    double e1, e2;             /* ellipticity of nfw_ell, sie, the composite's halo; else 0 */
    double m200, c;            /* halo: Msun, concentration (after WDM suppression) */
    double c_cdm;              /* halo: CDM concentration before WDM suppression */
    double m_x, m_hm;          /* WDM: particle mass (keV), half-mode mass (Msun) */
    double f_core, theta_c;    /* SIDM: r_c / r_s, core radius (arcsec) */
    double sigma_v;            /* SIS, SIE: km/s */
    double mass;               /* point mass: Msun */
    double sersic_n, sersic_r_e, sersic_kappa_e, sersic_m_star, sersic_e1, sersic_e2;
    double disk_r_e, disk_kappa_e, disk_m_star, disk_e1, disk_e2;
    double sigma_crit;       /* Msun / arcsec^2 */
    double kappa_s, theta_s; /* halo scale convergence and scale radius (arcsec) */
    double theta_e;          /* Einstein radius (arcsec): mean kappa inside it is 1 (NaN: none) */
    int strong_lens;         /* 1 when the lens has an Einstein radius (supercritical centre) */
    double src_mag, src_r_e, src_n, src_e1, src_e2, src_x, src_y; /* [source] */
    double src_amp; /* source surface brightness at r_e, e-/s/arcsec^2 */
    int n_clumps;   /* Gaussian clumps of the source; their arrays are NaN beyond n_clumps */
    double clump_x[LG_MAX_CLUMPS], clump_y[LG_MAX_CLUMPS]; /* offsets from src_x, src_y, arcsec */
    double clump_sigma[LG_MAX_CLUMPS], clump_mag[LG_MAX_CLUMPS]; /* arcsec, AB mag */
    double ps_mag; /* point source at the source's centre (source.point_source) */
    double d_dt;   /* time-delay distance (1 + z_l) D_l D_s / D_ls, Mpc */
    int n_images;  /* its images (point_images.h), in order of arrival */
    double img_x[LG_MAX_IMAGES], img_y[LG_MAX_IMAGES], img_mu[LG_MAX_IMAGES], img_dt[LG_MAX_IMAGES];
    double snr_mf, snr_peak;        /* signal-to-noise of kappa_noisy (noise.h) */
    double norm_offset, norm_scale; /* kappa_noisy raw = normalised * norm_scale + norm_offset */
    double image_norm_offset, image_norm_scale; /* image_noisy, likewise */
    /* output.wave (wave_lens.h): |beta| / theta_E, M (1 + z_l) in Msun, and how many of the
     * frequencies got geometric optics (/wave/n_geometric) */
    double wave_y, wave_m_lz;
    int wave_n_geo;
    /* [subhalos] (subhalo_batch.h): the population's labels; host_c is not a column */
    int n_sub, sub_capped;
    double sigma_sub, sub_host_m200, host_c, f_sub, sub_slope, sub_m_total, sub_r_max;
    /* [los] (los_population.h) */
    int n_los, los_capped;
    double delta_los, los_m_total, los_kappa_sheet;
} lg_lens;

/* Draw sample `index` of the run: a pure function of (cfg->seed, index). */
void lg_lens_draw(const lg_config *cfg, const lg_cosmology *cosmo, uint64_t index, lg_lens *out);

/* The mass components of a drawn lens. */
void lg_lens_build_model(const lg_lens *lens, lg_lens_model *model);

/* NFW scale quantities from M200c, c at z_l, with Sigma_crit in Msun/arcsec^2. */
void lg_nfw_scale(const lg_cosmology *cosmo, double m200, double c, double z_l,
                  double sigma_crit_arcsec2, double *kappa_s, double *theta_s);

/* Duffy et al. 2008 mean concentration (Table 1, M200 critical, full sample). */
double lg_duffy08_c(double m200, double z, double h);

/* Axis ratio and major-axis angle from (e1, e2) (docs/physics.md §1.4). */
void lg_ellipticity_to_q_phi(double e1, double e2, double *q, double *phi);

/* Float pixel-evaluation parameters of one component for kappa_map / the GPU kernels. */
void lg_component_kappa_par(const lg_component *c, lg_kappa_par *p);

#endif
