/* cosmology.h: flat LambdaCDM distances, critical densities (docs/physics.md §2).
 * Distances in Mpc (physical angular-diameter), masses in Msun. */
#ifndef LG_COSMOLOGY_H
#define LG_COSMOLOGY_H

typedef struct {
    double H0;       /* km/s/Mpc */
    double Omega_m;  /* Omega_Lambda = 1 - Omega_m */
    double d_hubble; /* c / H0, Mpc */
} lg_cosmology;

void lg_cosmology_init(lg_cosmology *c, double H0, double Omega_m);
double lg_efunc(const lg_cosmology *c, double z);
/* Line-of-sight comoving distance: (c/H0) int_0^z dz'/E(z'), 64-point Gauss-Legendre. */
double lg_comoving_distance(const lg_cosmology *c, double z);
double lg_angular_diameter_distance(const lg_cosmology *c, double z);
/* D_A between z1 < z2 in a flat universe: (D_C(z2) - D_C(z1)) / (1 + z2). */
double lg_angular_diameter_distance_z1z2(const lg_cosmology *c, double z1, double z2);
/* Sigma_crit = c^2/(4 pi G) D_s/(D_l D_ls), Msun/Mpc^2. */
double lg_sigma_crit(const lg_cosmology *c, double z_l, double z_s);
/* rho_crit(z) = 3 H(z)^2 / (8 pi G), Msun/Mpc^3. */
double lg_rho_crit(const lg_cosmology *c, double z);

#endif
