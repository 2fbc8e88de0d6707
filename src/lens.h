/* lens.h: one sample's lens, drawn from the deck's distributions, with derived quantities. */
#ifndef LG_LENS_H
#define LG_LENS_H

#include <stdint.h>
#include "config.h"
#include "cosmology.h"
#include "profiles.h"

/* Per-sample parameters, as stored in /params. NaN where a quantity does not apply. */
typedef struct {
    int profile;
    double z_l, z_s;
    double center_x, center_y; /* arcsec */
    double e1, e2;             /* 0 for circular profiles */
    double m200, c;            /* NFW: Msun, concentration */
    double sigma_v;            /* SIS: km/s */
    double mass;               /* point mass: Msun */
    double sigma_crit;         /* Msun / arcsec^2 */
    double kappa_s, theta_s;   /* NFW scale convergence and scale radius (arcsec) */
    double theta_e;            /* SIS and point mass Einstein radius (arcsec) */
} lg_lens;

/* Draw sample `index` of the run: a pure function of (cfg->seed, index). */
void lg_lens_draw(const lg_config *cfg, const lg_cosmology *cosmo, uint64_t index, lg_lens *out);

/* NFW scale quantities from M200c, c at z_l, with Sigma_crit in Msun/arcsec^2. */
void lg_nfw_scale(const lg_cosmology *cosmo, double m200, double c, double z_l,
                  double sigma_crit_arcsec2, double *kappa_s, double *theta_s);

/* Duffy et al. 2008 mean concentration (Table 1, M200 critical, full sample). */
double lg_duffy08_c(double m200, double z, double h);

/* Float pixel-evaluation parameters for kappa_map / the GPU kernels. */
void lg_lens_kappa_par(const lg_lens *lens, lg_kappa_par *p);

#endif
