/* lens_model.h: a lens as a sum of mass components, and every lensing quantity of it at a
 * point, in double precision (probe, deflection/shear/potential maps, validation).
 *
 * Conventions (README "Conventions", docs/physics.md §1 and §4.1): angles in arcsec; a component's
 * ellipticity is (q, phi): axis ratio q = (1 - |e|)/(1 + |e|) and major-axis angle phi from +x
 * counter-clockwise; elliptical profiles use the product-average radius
 * R_ell = sqrt(q x'^2 + y'^2 / q) in the frame (x', y') rotated by phi about the centre.
 * Quantities follow from the potential psi: alpha = grad psi (arcsec),
 * kappa = (psi_xx + psi_yy)/2, gamma1 = (psi_xx - psi_yy)/2, gamma2 = psi_xy,
 * mu = 1/[(1 - kappa)^2 - gamma1^2 - gamma2^2]; psi in arcsec^2. */
#ifndef LG_LENS_MODEL_H
#define LG_LENS_MODEL_H

enum lg_component_type {
    LG_COMP_POINT = 0, /* theta_e */
    LG_COMP_SIS,       /* theta_e (q ignored) */
    LG_COMP_SIE,       /* theta_e, q, phi: kappa = theta_e / (2 R_ell) */
    LG_COMP_NFW,       /* kappa_s, theta_s, q, phi (q = 1: spherical) */
    LG_COMP_CNFW,      /* cored NFW: kappa_s, theta_s, beta = r_c/r_s, q, phi */
    LG_COMP_SERSIC,    /* kappa_e, r_e, n, b_n, q, phi */
    LG_COMP_TNFW,      /* truncated NFW: kappa_s, theta_s, tau = r_t/r_s (q ignored) */
    LG_N_COMPONENT_TYPES
};

typedef struct {
    int type;
    double cx, cy;           /* centre, arcsec */
    double q, phi;           /* axis ratio (1 = circular) and major-axis angle, radians */
    double theta_e;          /* Einstein radius, arcsec (point, SIS, SIE) */
    double kappa_s, theta_s; /* NFW and cored NFW: scale convergence, scale radius (arcsec) */
    double beta;             /* cored NFW: core radius / scale radius */
    double kappa_e, r_e;     /* Sersic: convergence at, and angle of, the half-mass radius */
    double n, b_n;           /* Sersic index and its exact b_n (lg_sersic_b_n) */
    double tau;              /* truncated NFW: truncation radius / scale radius */
} lg_component;

#define LG_MAX_COMPONENTS 3

/* Small halos of a sample (subhalos; subhalo_batch.h): circular truncated NFWs, each optionally
 * cored (SIDM). A cored one is the truncated NFW of scale theta_s minus the truncated NFW of
 * scale core * theta_s with the same kappa_s and the same truncation radius (docs/physics.md
 * §16.7), both times `norm`. Arrays of n; the caller owns them. */
typedef struct {
    int n;
    const double *x, *y;                   /* centre, arcsec (map frame) */
    const double *kappa_s, *theta_s, *tau; /* truncated NFW (LG_COMP_TNFW) */
    const double *core;                    /* r_c / r_s in [0, 1); 0: no core */
    double sheet; /* a uniform convergence -sheet (line-of-sight halos' mean; 0: none) */
    double sheet_cx, sheet_cy; /* its potential's centre (psi = -sheet r^2 / 2) */
} lg_halo_list;

/* Component j (0 or 1) of halo i: the truncated NFW, or the subtracted core (j = 1). Returns 0
 * when halo i has no such component. */
int lg_halo_component(const lg_halo_list *h, int i, int j, lg_component *c);

/* A sample's lens: up to LG_MAX_COMPONENTS components whose quantities add, plus its halos. */
typedef struct {
    int n;
    lg_component c[LG_MAX_COMPONENTS];
    lg_halo_list halos;
} lg_lens_model;

/* The quantities of a lens at a point. */
typedef struct {
    double kappa, alpha_x, alpha_y, gamma1, gamma2, psi;
} lg_lensq;

/* Add component c's quantities at (x, y) to *out (which the caller zeroes). */
void lg_component_eval(const lg_component *c, double x, double y, lg_lensq *out);

/* All quantities of the whole lens at (x, y). */
void lg_lens_model_eval(const lg_lens_model *m, double x, double y, lg_lensq *out);

/* Magnification from kappa and shear; +-inf on a critical curve. */
double lg_magnification(const lg_lensq *q);

#endif
