/* subhalo_batch.h: the subhalos of a batch's samples (subhalos.enabled), for either backend:
 * each sample's population (subhalo_population.h) drawn on the host, kept as float arrays of
 * width subhalos.n_max, pointed at by the sample's lens model (lens_model.h, lg_halo_list) and
 * rendered into its kappa map (subhalo_render.h); the first LG_SUB_N_OUTPUT arrays are
 * /subhalos. No MPI, no HDF5. */
#ifndef LG_SUBHALO_BATCH_H
#define LG_SUBHALO_BATCH_H

#include <stdint.h>

#include "config.h"
#include "cosmology.h"
#include "grid.h"
#include "lens.h"
#include "lens_model.h"

/* Per-subhalo arrays; the first LG_SUB_N_OUTPUT are written to /subhalos (io_subhalos.c). */
enum lg_sub_field {
    LG_SUB_MASS = 0, /* M200, Msun */
    LG_SUB_C,        /* concentration */
    LG_SUB_X,        /* centre, arcsec, map frame */
    LG_SUB_Y,
    LG_SUB_R_T,    /* truncation radius, arcsec */
    LG_SUB_F_CORE, /* SIDM r_c / r_s; NaN for other dark matter */
    LG_SUB_N_OUTPUT
};
/* /subhalos dataset names, units and meanings of the written fields, in enum order. */
extern const char *const lg_sub_field_name[LG_SUB_N_OUTPUT];
extern const char *const lg_sub_field_unit[LG_SUB_N_OUTPUT];
extern const char *const lg_sub_field_help[LG_SUB_N_OUTPUT];

/* The line-of-sight cone's radius at the lens plane, in map half-diagonals: beyond the map, so
 * halos outside it bring in about the mass the halos inside it spread out (docs/physics.md
 * §17.9). */
#define LG_LOS_CONE_DIAGONALS 1.5

typedef struct lg_subhalo_batch lg_subhalo_batch;

/* NULL without subhalos.enabled, or when out of memory (*failed set). */
lg_subhalo_batch *lg_subhalo_batch_create(const lg_config *cfg, int64_t capacity, int n_threads,
                                          int *failed);
void lg_subhalo_batch_free(lg_subhalo_batch *b);

/* Sample `index`, row i of the batch, on OpenMP thread `thread`: draw its subhalos, set the
 * labels of *lens (n_sub, f_sub, ...) and point model->halos at row i. lens and model must be
 * the sample's drawn lens and its model. */
void lg_subhalo_batch_draw(lg_subhalo_batch *b, const lg_cosmology *cosmo, int thread,
                           uint64_t index, int64_t i, lg_lens *lens, lg_lens_model *model);

/* Add a sample's subhalos (model->halos, as lg_subhalo_batch_draw set them) to its kappa map
 * (subhalos.eps, map.supersample). Returns 0, or -1 when out of memory. */
int lg_subhalo_batch_render(const lg_subhalo_batch *b, const lg_lens_model *model, const lg_grid *g,
                            float *kappa);

/* Row i's positions after the augmentation of its maps (augment.h). */
void lg_subhalo_batch_augment(lg_subhalo_batch *b, int64_t i, int rot90, int flip);

/* Written field f of the batch: [capacity][width] floats, NaN beyond each sample's n_sub. */
const float *lg_subhalo_batch_field(const lg_subhalo_batch *b, int f);
int lg_subhalo_width(const lg_config *cfg);

/* Host bytes lg_subhalo_batch_create allocates (0 without subhalos). */
double lg_subhalo_batch_bytes(const lg_config *cfg, int64_t capacity, int n_threads);

#endif
