/* source_light.h: the light of the lensed-image source (README, "Lensed images"): an elliptical
 * Sersic galaxy plus up to LG_MAX_CLUMPS round Gaussian clumps. Surface brightness in
 * e-/s/arcsec^2, total rates in e-/s. */
#ifndef LG_SOURCE_LIGHT_H
#define LG_SOURCE_LIGHT_H

#include "config.h"
#include "lens.h"

/* An elliptical Sersic light profile: I(R) = amp exp(-b_n ((R / r_e)^(1/n) - 1)), R the
 * product-average radius sqrt(q x'^2 + y'^2 / q) in the frame rotated by phi (as the lens
 * profiles, docs/physics.md). */
typedef struct {
    double amp, r_e, n, inv_n, b_n, q, cos_phi, sin_phi, cx, cy;
} lg_sersic_light;

/* A round Gaussian clump of total rate F: I(r) = F / (2 pi sigma^2) exp(-r^2 / (2 sigma^2)). */
typedef struct {
    double cx, cy;  /* centre, arcsec */
    double peak;    /* F / (2 pi sigma^2) */
    double inv_2s2; /* 1 / (2 sigma^2) */
} lg_clump_light;

/* The whole source: its Sersic and n_clumps clumps. */
typedef struct {
    lg_sersic_light sersic;
    int n_clumps;
    lg_clump_light clump[LG_MAX_CLUMPS];
} lg_source;

/* The sample's Sersic ([source] parameters of l). */
lg_sersic_light lg_source_light(const lg_lens *l);

/* Surface brightness of the Sersic at (x, y), e-/s/arcsec^2. */
double lg_sersic_light_at(const lg_sersic_light *s, double x, double y);

/* Total rate (e-/s) of a Sersic profile of brightness amp at r_e: the ellipse R < r has area
 * pi r^2 whatever q, so it is amp r_e^2 2 pi n e^(b_n) Gamma(2n) / b_n^(2n). */
double lg_sersic_total(double amp, double r_e, double n, double b_n);

/* A clump centred at (cx, cy) with sigma (arcsec) and total rate (e-/s). */
lg_clump_light lg_clump_light_make(double cx, double cy, double sigma, double rate);

/* The sample's source: the Sersic of lg_source_light and l's clumps, centred at the source
 * centre plus their offsets, of rate 10^(-0.4 (clump_mag - zero_point)) e-/s each. */
lg_source lg_source_of(const lg_lens *l, double zero_point);

#endif
