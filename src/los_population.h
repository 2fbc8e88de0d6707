/* los_population.h: one sample's line-of-sight (field) halos between observer and source, after
 * Gilman et al. (2020, MNRAS 491, 6077) and pyHalo (docs/physics.md §17): the Sheth & Tormen
 * (1999, MNRAS 308, 119) mass function in redshift slices of pyHalo's double cone, truncated
 * NFW halos with the DG19 concentrations of the subhalos (peak_height.h), and for warm dark
 * matter the field-halo fit of Lovell (2020, ApJ 897, 147).
 *
 * SINGLE-PLANE APPROXIMATION: every halo is returned as a convergence profile on the lens plane
 * (its Sigma over Sigma_crit(z_h, z_s), its scale radius over D_A(z_h)) at its unlensed angular
 * position; no multi-plane deflection is applied (docs/physics.md §17.5).
 *
 * Randomness (docs/physics.md §6, §17.6): the count from LG_STREAM_LOS_COUNT; halo k's slice,
 * mass, position, concentration scatter and WDM survival each from its own sub-stream of
 * LG_STREAM_LOS with block = k, so halo k's values never depend on how many were drawn. */
#ifndef LG_LOS_POPULATION_H
#define LG_LOS_POPULATION_H

#include <stdint.h>

#include "cosmology.h"
#include "peak_height.h"

typedef struct {
    double delta_los;    /* multiplier of the halo mass function (pyHalo's LOS_normalization) */
    double m_min, m_max; /* Msun: M200 (critical density at the halo's redshift) */
    double cone_arcsec;  /* radius (arcsec) of the double cone at the lens plane */
    double angle_pad; /* closure behind the lens: 1 closes the cone at the source (pyHalo: 0.95) */
    double dz;        /* redshift slice width */
    double z_min;     /* the first slice starts here (avoids z = 0) */
    double trunc_n;   /* r_t = r_N, N x rho_crit(z_h) (pyHalo's TruncationRN: 50) */
    lg_dg19_c conc;   /* mean concentration relation, as the subhalos' */
    double c_dex_scatter; /* log-normal scatter of c, dex */
    double m_hm;          /* WDM half-mode mass, Msun; 0 = CDM */
    int wdm_z_factor;     /* lg_wdm_concentration's redshift factor */
    int n_max;            /* cap on the number of candidates (CDM draws) */
} lg_los_params;

/* Mass nodes per slice: ln M is cut into LG_LOS_MASS_BINS equal intervals over [m_min, m_max]. */
#define LG_LOS_MASS_BINS 64

/* One redshift slice [z_lo, z_hi); its halos lie on the plane z = z_lo (pyHalo's planes). */
typedef struct {
    double z_lo, z_hi;
    double chi_lo, chi_hi; /* comoving distances, Mpc */
    double volume;         /* comoving Mpc^3 of the slice inside the double cone */
    double r_arcsec;       /* angular radius of the cone at z_lo (= cone_arcsec before the lens) */
    double n_expected;     /* expected CDM count (delta_los included) */
    double m_expected;     /* expected sum of M200 of the returned (WDM-thinned) halos, Msun */
    double kappa;          /* its share of kappa_sheet */
    double growth;         /* D(z_lo) */
    double d_a;            /* D_A(z_lo), Mpc */
    double sigma_crit;     /* Sigma_crit(z_lo, z_s), Msun / arcsec^2 at z_lo */
    double rho_c;          /* rho_crit(z_lo), Msun / kpc^3 */
} lg_los_slice;

/* Structure of arrays, capacity n_max; positions relative to the lens centre. */
typedef struct {
    int capacity;
    int n;             /* halos returned (WDM survivors of the candidates) */
    int n_candidates;  /* CDM draws: min(Poisson count, n_max) */
    int n_drawn;       /* the Poisson count itself */
    int cap_hit;       /* 1 if the Poisson count exceeded n_max */
    double n_expected; /* the CDM mean count (before the cap) */
    /* The expected mean convergence that the returned halos add over the cone's disk at the lens
     * plane (radius cone_arcsec), in the single-plane approximation: the sum over slices of the
     * expected total truncated-NFW mass / (Sigma_crit(z_h, z_s) pi cone_arcsec^2), angles at
     * D_A(z_h). A caller subtracts it as a uniform negative sheet over the rendered region. */
    double kappa_sheet;
    double kappa_drawn; /* the same sum for the halos of this draw (its mean is kappa_sheet) */
    double m_total;     /* sum of the returned M200, Msun */
    int *index;         /* k: the candidate each halo came from */
    int *slice;         /* the halo's slice (pop->slices) */
    double *m, *c, *z;  /* M200 (Msun), concentration, redshift of the halo's plane */
    double *x_arcsec, *y_arcsec; /* unlensed angular position (comoving position / D_C(z)) */
    double *kappa_s, *theta_s;   /* rho_s r_s / Sigma_crit(z, z_s); r_s / D_A(z) in arcsec */
    double *tau, *r_t_arcsec;    /* r_t / r_s; r_t / D_A(z) in arcsec */
    double *m_tnfw;              /* total truncated-NFW mass, Msun */
    /* The slices of the last plan (owned; reallocated when a plan needs more). */
    lg_los_slice *slices;
    int n_slices, slice_capacity;
    double *cdf; /* per slice: cumulative CDM counts per Mpc^3 and dn/dln M at the ln M nodes */
} lg_los_population;

/* delta_los 1, m 1e6..1e10, cone 3", angle_pad 1, dz 0.02, z_min 0.01, trunc_n 50, the DG19
 * relation of the subhalos (c_0 18, zeta -0.2, beta 0.8, m_ref 1e8), 0.1 dex, CDM,
 * n_max 100000. */
void lg_los_params_default(lg_los_params *p);

/* Returns 0, or -1 when out of memory. */
int lg_los_population_alloc(lg_los_population *pop, int capacity);
void lg_los_population_free(lg_los_population *pop);

/* Sheth & Tormen (1999) dn/dln M in comoving Mpc^-3 at redshift z (sigma(M) D(z)). */
double lg_sheth_tormen_dndlnm(const lg_power *p, double m, double z);
/* The WDM/CDM ratio of the field-halo mass function: (1 + (2.3 m_hm / m)^0.8)^-1; 1 if m_hm = 0. */
double lg_los_wdm_ratio(double m, double m_hm);
/* Comoving radius (Mpc) of the double cone at comoving distance chi (chi_l, chi_s: lens and
 * source); 0 beyond the source. */
double lg_los_cone_radius(const lg_los_params *p, double chi, double chi_l, double chi_s);
/* Expected CDM count (delta_los included) for a lens at z_l and a source at z_s; -1 on bad
 * input or out of memory. */
double lg_los_expected(const lg_los_params *p, const lg_cosmology *cosmo, const lg_power *power,
                       double z_l, double z_s);

/* Fills pop->slices, n_expected and kappa_sheet for (z_l, z_s) without drawing (pop may have
 * capacity 0). Returns 0, -1 when out of memory, -2 on bad input (z_l <= 0, z_s <= z_l,
 * m_min >= m_max, dz <= 0, z_min <= 0, angle_pad outside [0, 1], more than 1e5 slices, ...);
 * on failure pop has no plan. */
int lg_los_plan(const lg_los_params *p, const lg_cosmology *cosmo, const lg_power *power,
                double z_l, double z_s, lg_los_population *pop);

/* Draws sample `index`'s halos into pop (capacity >= p->n_max): lg_los_plan, then
 * lg_los_sample. power must be initialised (lg_power_init) with the same cosmology. Returns 0,
 * -1 if pop is too small or out of memory, -2 on bad input (as lg_los_plan). */
int lg_los_draw(const lg_los_params *p, const lg_cosmology *cosmo, const lg_power *power,
                double z_l, double z_s, uint64_t seed, uint64_t index, lg_los_population *pop);
/* The halos of sample `index` from the slices of the last lg_los_plan on pop, which must have
 * been made with the same p (samples sharing z_l and z_s need one plan). Returns 0, or -1 if pop
 * is too small or has no plan. */
int lg_los_sample(const lg_los_params *p, const lg_power *power, uint64_t seed, uint64_t index,
                  lg_los_population *pop);

#endif
