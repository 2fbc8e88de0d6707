/* subhalo_population.h: one sample's subhalos of the main deflector, after Gilman et al.
 * (2020, MNRAS 492, L12, arXiv:1909.02573, "DG19"), with the warm-dark-matter mass function of
 * Lovell (2020, ApJ 897, 147) (docs/physics.md §16). Masses, positions, concentrations and
 * truncated-NFW scales; the rendering of their convergence is separate.
 *
 * Randomness (docs/physics.md §6, §16.6): the count from LG_STREAM_SUBHALO_COUNT; subhalo k's
 * mass, position, concentration scatter and WDM survival each from its own sub-stream of
 * LG_STREAM_SUBHALO with block = k. Subhalo k's values therefore never depend on how many were
 * drawn before or after it. */
#ifndef LG_SUBHALO_POPULATION_H
#define LG_SUBHALO_POPULATION_H

#include <stdint.h>

#include "config.h"
#include "cosmology.h"
#include "peak_height.h"

typedef struct {
    double sigma_sub;     /* kpc^-2: amplitude of d^2N / (dm dA) at m_pivot */
    double alpha;         /* logarithmic slope of dN/dm */
    double m_min, m_max;  /* Msun: the mass range drawn */
    double m_pivot;       /* Msun */
    double k1, k2;        /* host scaling f_host = 10^(k1 log10(M200/1e13) + k2 log10(z+0.5)) */
    double r_max_theta_e; /* cylinder radius in units of theta_E */
    double r_min_render_arcsec; /* the cylinder radius is at least this (0: no floor) */
    lg_dg19_c conc;             /* mean concentration relation */
    double c_dex_scatter;       /* log-normal scatter of c, dex */
    double m_hm;                /* WDM half-mode mass, Msun; 0 = CDM */
    int wdm_z_factor;           /* lg_wdm_concentration's redshift factor */
    int n_max;                  /* cap on the number of candidates (CDM draws) */
    const lg_dist *f_core;      /* SIDM: r_c / r_s drawn per subhalo, in (0, 1); NULL: no cores */
} lg_subhalo_params;

/* The host, as lens.c draws it. */
typedef struct {
    double m200;       /* Msun (200 x critical density at z_l) */
    double c;          /* concentration (sets the host r_s of the subhalos' radial density) */
    double z_l;        /* lens redshift */
    double theta_e;    /* Einstein radius, arcsec */
    double sigma_crit; /* Msun / arcsec^2 */
} lg_subhalo_host;

/* Structure of arrays, capacity n_max; positions relative to the host centre. */
typedef struct {
    int capacity;
    int n;                          /* subhalos returned (WDM survivors of the candidates) */
    int n_candidates;               /* CDM draws: min(Poisson count, n_max) */
    int n_drawn;                    /* the Poisson count itself */
    int cap_hit;                    /* 1 if the Poisson count exceeded n_max */
    int position_capped;            /* subhalos whose position rejection sampling hit its cap */
    double n_expected;              /* the CDM mean count (before the cap) */
    double r_max_kpc, r_max_arcsec; /* cylinder radius */
    double host_r200_kpc, host_rs_kpc;
    double m_sub_total; /* sum of the returned masses (Msun): all lie inside the cylinder */
    double slope_ml;    /* ML power-law index of the returned masses; NaN below 2 */
    double slope_err;   /* its standard error (Fisher information) */
    int *index;         /* k: the candidate each subhalo came from */
    double *m, *c;      /* M200 (Msun), concentration */
    double *x_kpc, *y_kpc, *z_kpc, *r3d_kpc;
    double *x_arcsec, *y_arcsec;
    double *r_s_kpc, *r_s_arcsec, *rho_s; /* rho_s in Msun / kpc^3 */
    double *kappa_s;                      /* rho_s r_s / Sigma_crit, as lg_nfw_scale */
    double *r_t_kpc, *r_t_arcsec, *tau;   /* truncation radius, tau = r_t / r_s */
    double *core; /* SIDM: r_c / r_s (kappa_s then holds the cored profile's, §16.7); else 0 */
} lg_subhalo_population;

/* DG19 defaults: alpha -1.9, m 1e6..1e10, pivot 1e8, k1 0.88, k2 1.7, 3 theta_E, c_0 18,
 * zeta -0.2, beta 0.8, m_ref 1e8, 0.1 dex; sigma_sub 0.025 kpc^-2 (pyHalo's default); CDM;
 * n_max 100000. */
void lg_subhalo_params_default(lg_subhalo_params *p);

/* Returns 0, or -1 when out of memory. */
int lg_subhalo_population_alloc(lg_subhalo_population *pop, int capacity);
void lg_subhalo_population_free(lg_subhalo_population *pop);

/* Host scaling f_host of the mass function. */
double lg_subhalo_f_host(const lg_subhalo_params *p, double m200, double z_l);
/* The WDM/CDM ratio of dN/dm: (1 + (4.2 m_hm / m)^2.5)^-0.2; 1 when m_hm = 0. */
double lg_subhalo_wdm_ratio(double m, double m_hm);
/* Expected CDM count inside a cylinder of radius r_max_kpc over [m_lo, m_hi]. */
double lg_subhalo_expected(const lg_subhalo_params *p, double m200, double z_l, double r_max_kpc,
                           double m_lo, double m_hi);
/* Truncation radius (kpc) of a subhalo of mass m at 3-D distance r (kpc) from the host centre:
 * 1.4 (m / 1e7 Msun)^(1/3) (r / 50 kpc)^(2/3) kpc. */
double lg_subhalo_truncation(double m, double r_kpc);

/* Draws sample `index`'s population into pop (capacity >= p->n_max). power must be initialised
 * (lg_power_init) with the same cosmology. Returns 0, or -1 if pop is too small. */
int lg_subhalo_draw(const lg_subhalo_params *p, const lg_subhalo_host *host,
                    const lg_cosmology *cosmo, const lg_power *power, uint64_t seed, uint64_t index,
                    lg_subhalo_population *pop);

#endif
