/* subhalo_render.h: the convergence of a subhalo population (subhalo_population.h: truncated
 * NFW profiles, profile_tnfw.c) added to a kappa map, without evaluating every subhalo at every
 * pixel (issue 13, item 5).
 *
 * Each subhalo is evaluated only inside its window: the pixels within R_cut (+ half a pixel
 * diagonal) of its centre, R_cut the radius where its convergence (by the float kernel the
 * pixels use, so within LG_TNFW_F32_REL_ERR of the double value) falls to `eps` (kappa is
 * monotonic in R). Pixel values are means over ss x ss sub-pixels of the float kernel
 * (profiles_tnfw.h), the sub-pixels beyond R_cut left out, where they are needed: within
 * LG_SUBHALO_NEAR pixel widths of the centre, and wherever the centre value would be off the
 * ss x ss mean by more than LG_SUBHALO_SAMPLE_TOL of itself by the estimate
 * (d^2 (1 - 1/ss^2)/24) |lap kappa|, lap kappa from the 5-point difference of the centre
 * values (windows of at most 8 x 8 pixels are all supersampled). Every other pixel takes one
 * sample, its centre value (0 if the centre lies beyond R_cut): far from the centre the
 * profile is smooth on the pixel scale, and these pixels are most of a large window. Such a
 * pixel is within LG_SUBHALO_SINGLE_ERR of its value of the ss x ss mean (asserted in
 * tests/unit/test_subhalo_render.c, test_single_samples). Then all are scaled so the subhalo's
 * mass in the map is exactly its projected mass inside R_cut, M_2D(R_cut) = pi R_cut alpha(R_cut)
 * (a subhalo smaller than a sub-pixel would otherwise be caught or missed by the samples; one
 * inside no sub-pixel is deposited by cloud in cell). The error this leaves, per subhalo:
 *   - outside the window, |kappa| < eps at every pixel (the cut);
 *   - the mass beyond R_cut, M_tot - M_2D(R_cut), is left out (reported in the stats);
 *   - inside, a single-sampled pixel is off its ss x ss mean by at most LG_SUBHALO_SINGLE_ERR
 *     (relative), and the scaling moves every pixel by the sampling error of the mass (that of
 *     the ss x ss means, ~1e-3 for a resolved subhalo, plus the single samples' share, at most
 *     LG_SUBHALO_SINGLE_ERR): every pixel within n eps + 1 % of the full ss x ss evaluation of
 *     n overlapping subhalos (the bound test_error_bound asserts).
 * A window that reaches past the map is sampled on the map only and not scaled (the mass off
 * the map leaves with it; such a subhalo spans many pixels, so its samples hold its mass).
 * No MPI, no HDF5. */
#ifndef LG_SUBHALO_RENDER_H
#define LG_SUBHALO_RENDER_H

#include "grid.h"
#include "lens_model.h"
#include "subhalo_population.h"

/* Pixels whose centre lies within LG_SUBHALO_NEAR pixel widths of a subhalo's centre are
 * always supersampled (the cusp: the 5-point estimate fails at R ~ d). */
#define LG_SUBHALO_NEAR 2.0
/* A pixel is sampled once where the estimated offset of its centre value from its ss x ss
 * mean is below this fraction of the value ... */
#define LG_SUBHALO_SAMPLE_TOL 2.5e-3
/* ... which holds it within this fraction of that mean: the estimate's own error, O(d^4),
 * included (worst 3.6e-3 in test_single_samples, over NFW-like, sharply truncated and cored
 * subhalos with r_s from 0.2 to 20 pixels, ss = 2; a tolerance of 2e-2 fails it). */
#define LG_SUBHALO_SINGLE_ERR 4e-3

typedef struct {
    double eps;      /* convergence below which a subhalo is not evaluated */
    int supersample; /* sub-pixels per pixel side, >= 1 */
} lg_subhalo_render_opts;

typedef struct {
    double mass_rendered; /* sum of M_2D(R_cut), Sigma_crit arcsec^2 (on the map or not) */
    double mass_dropped;  /* sum of M_tot - M_2D(R_cut) beyond the cuts */
    long evaluations;     /* float kernel evaluations */
} lg_subhalo_render_stats;

/* The cut radius (arcsec) of a truncated NFW of scale convergence kappa_s, scale radius
 * theta_s (arcsec) and tau: the R where its convergence equals eps (0 if kappa < eps
 * everywhere above LG_NFW_X_MIN theta_s). */
double lg_subhalo_cut_radius(double kappa_s, double theta_s, double tau, double eps);

/* Add the halos' convergence (cored ones too: lens_model.h) to map (npix^2). Returns 0, or -1
 * (no memory). st may be NULL. */
int lg_halo_render(const lg_halo_list *h, const lg_grid *g, const lg_subhalo_render_opts *o,
                   float *map, lg_subhalo_render_stats *st);

/* What lg_halo_render puts on an unbounded map of halo i: M_2D(R_cut) (Sigma_crit arcsec^2);
 * its total mass in *m_tot. */
double lg_halo_rendered_mass(const lg_halo_list *h, int i, double eps, double *m_tot);

/* The same for a population centred at the host centre (cx, cy). */
int lg_subhalo_render(const lg_subhalo_population *pop, double cx, double cy, const lg_grid *g,
                      const lg_subhalo_render_opts *o, float *map, lg_subhalo_render_stats *st);

#endif
