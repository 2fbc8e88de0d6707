/* map_info.c: the map table (map_info.h), in enum lg_map order. */
#include "map_info.h"

const lg_map_info lg_maps[] = {
    {"kappa", "", "convergence Sigma/Sigma_crit, noise-free, not normalised", 0},
    {"kappa_noisy", "",
     "convergence with noise, smoothed (attribute smoothing), then per-sample normalisation", 0},
    {"alpha_x", "arcsec", "deflection angle, x component", 1},
    {"alpha_y", "arcsec", "deflection angle, y component", 1},
    {"gamma1", "", "shear component 1: (psi_xx - psi_yy)/2", 1},
    {"gamma2", "", "shear component 2: psi_xy", 1},
    {"psi", "arcsec^2", "lensing potential (FFT mode: up to an additive constant)", 1},
    {"mu", "", "magnification 1/[(1 - kappa)^2 - gamma^2]", 1},
    {"image", "e-/s",
     "lensed image of the [source], noise-free: electrons per second per pixel (ray-traced at "
     "imaging.supersample^2 sub-pixels)",
     0},
    {"source", "e-/s", "the [source] without the lens, on the same grid and sub-pixels", 0},
    {"image_noisy", "e-/s",
     "image with detector noise (Poisson counts of image + sky, read noise, gain; sky "
     "subtracted unless imaging.subtract_sky = false), then the [normalise] method",
     0},
    {"fermat", "days",
     "arrival-time surface (D_dt/c) (|theta - beta|^2/2 - psi(theta)) for the source's centre "
     "beta at pixel centres: up to a constant (psi's); differences are time delays",
     0},
};
_Static_assert(sizeof lg_maps / sizeof lg_maps[0] == LG_N_MAPS, "one row per enum lg_map");

int lg_derived_map_mask(void)
{
    int mask = 0;
    for (int m = 0; m < LG_N_MAPS; ++m)
        mask |= lg_maps[m].derived << m;
    return mask;
}

int lg_image_map_mask(void)
{
    return (1 << LG_MAP_IMAGE) | (1 << LG_MAP_SOURCE) | (1 << LG_MAP_IMAGE_NOISY) |
           (1 << LG_MAP_FERMAT);
}
