/* batch.c: the per-sample pipeline over a batch (OpenMP over samples). */
#include "batch.h"

#include <fftw3.h>
#include <omp.h>
#include <stdlib.h>

#include "augment.h"
#include "derived_maps.h"
#include "kappa_map.h"
#include "map_info.h"
#include "noise.h"
#include "normalise.h"
#include "timing.h"

struct lg_batch {
    lg_config cfg;
    lg_grid grid;
    int computed; /* bit set of maps */
    float *map[LG_N_MAPS];
    lg_lens *lenses;
    lg_lens_model *models;
    float *scratch; /* per thread: npix^2 */
    lg_noise *noise;
    lg_fft_lensing *fft;
};

#define DERIVED_MAPS lg_derived_map_mask()

int lg_maps_computed(const lg_config *cfg)
{
    int maps = cfg->maps | (1 << LG_MAP_KAPPA);
    if (maps & DERIVED_MAPS)
        maps |= DERIVED_MAPS & ~(1 << LG_MAP_MU);
    return maps;
}

lg_batch *lg_batch_create(const lg_config *cfg, int64_t capacity, int n_threads)
{
    lg_batch *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->cfg = *cfg;
    b->grid = lg_grid_make((int)cfg->npix, cfg->half_width);
    b->computed = lg_maps_computed(cfg);
    const size_t npix2 = (size_t)cfg->npix * (size_t)cfg->npix;
    int ok = 1;
    for (int m = 0; m < LG_N_MAPS; ++m)
        if (b->computed & (1 << m))
            ok = ok && (b->map[m] = fftwf_alloc_real((size_t)capacity * npix2)) != NULL;
    b->lenses = malloc(sizeof(lg_lens) * (size_t)capacity);
    b->models = malloc(sizeof(lg_lens_model) * (size_t)capacity);
    b->scratch = fftwf_alloc_real((size_t)n_threads * npix2);
    b->noise = lg_noise_create(cfg, n_threads);
    if (cfg->derived_method == LG_DERIVED_FFT && (b->computed & DERIVED_MAPS))
        ok = ok && (b->fft = lg_fft_lensing_create(&b->grid, n_threads)) != NULL;
    if (!ok || !b->lenses || !b->models || !b->scratch || !b->noise) {
        lg_batch_free(b);
        return NULL;
    }
    return b;
}

void lg_batch_free(lg_batch *b)
{
    if (!b)
        return;
    for (int m = 0; m < LG_N_MAPS; ++m)
        fftwf_free(b->map[m]);
    free(b->lenses);
    free(b->models);
    fftwf_free(b->scratch);
    lg_noise_free(b->noise);
    lg_fft_lensing_free(b->fft);
    free(b);
}

/* The maps of sample i of the batch. */
static lg_map_set sample_maps(const lg_batch *b, int64_t i)
{
    const size_t npix2 = (size_t)b->grid.npix * (size_t)b->grid.npix;
    lg_map_set s;
    for (int m = 0; m < LG_N_MAPS; ++m)
        s.map[m] = b->map[m] ? b->map[m] + (size_t)i * npix2 : NULL;
    return s;
}

void lg_batch_compute(lg_batch *b, const lg_cosmology *cosmo, int64_t first, int64_t count,
                      double *t)
{
    const lg_config *cfg = &b->cfg;
    const size_t npix2 = (size_t)cfg->npix * (size_t)cfg->npix;
    const int derived = (b->computed & DERIVED_MAPS) != 0, noisy = b->map[LG_MAP_KAPPA_NOISY] != 0;
    const int augment = cfg->augment_rot90 || cfg->augment_flip;
    double t0 = lg_now();
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < count; ++i) {
        lg_lens_draw(cfg, cosmo, (uint64_t)(first + i), &b->lenses[i]);
        lg_lens_build_model(&b->lenses[i], &b->models[i]);
    }
    double t1 = lg_now();
#pragma omp parallel for schedule(dynamic, 4)
    for (int64_t i = 0; i < count; ++i)
        lg_kappa_map(&b->models[i], &b->grid, (int)cfg->supersample,
                     b->scratch + (size_t)omp_get_thread_num() * npix2,
                     b->map[LG_MAP_KAPPA] + (size_t)i * npix2);
    double t2 = lg_now();
    if (derived) {
#pragma omp parallel for schedule(dynamic, 1)
        for (int64_t i = 0; i < count; ++i) {
            lg_map_set s = sample_maps(b, i);
            s.map[LG_MAP_KAPPA] = s.map[LG_MAP_KAPPA_NOISY] = NULL;
            if (b->fft)
                lg_derived_maps_fft(b->fft, omp_get_thread_num(),
                                    b->map[LG_MAP_KAPPA] + (size_t)i * npix2, &s);
            else
                lg_derived_maps_analytic(&b->models[i], &b->grid, &s);
        }
    }
    double t3 = lg_now();
    if (noisy) {
#pragma omp parallel for schedule(dynamic, 4)
        for (int64_t i = 0; i < count; ++i) {
            lg_snr snr;
            lg_noise_apply(b->noise, omp_get_thread_num(), (uint64_t)(first + i),
                           b->map[LG_MAP_KAPPA] + (size_t)i * npix2,
                           b->map[LG_MAP_KAPPA_NOISY] + (size_t)i * npix2, &snr);
            b->lenses[i].snr_mf = snr.mf;
            b->lenses[i].snr_peak = snr.peak;
        }
    }
    double t4 = lg_now();
    if (noisy && cfg->normalise != LG_NORM_NONE) {
#pragma omp parallel for schedule(static)
        for (int64_t i = 0; i < count; ++i)
            lg_normalise_map(cfg->normalise, b->map[LG_MAP_KAPPA_NOISY] + (size_t)i * npix2, npix2,
                             &b->lenses[i].norm_offset, &b->lenses[i].norm_scale);
    }
    double t5 = lg_now();
    if (augment) {
#pragma omp parallel for schedule(static)
        for (int64_t i = 0; i < count; ++i) {
            lg_map_set s = sample_maps(b, i);
            lg_augment_maps(&s, (int)cfg->npix, b->lenses[i].aug_rot90, b->lenses[i].aug_flip,
                            b->scratch + (size_t)omp_get_thread_num() * npix2);
            lg_augment_lens(&b->lenses[i]);
        }
    }
    double t6 = lg_now();
    t[LG_PH_SAMPLING] += t1 - t0;
    t[LG_PH_KAPPA] += t2 - t1;
    t[LG_PH_DERIVED] += t3 - t2;
    t[LG_PH_NOISE] += t4 - t3;
    t[LG_PH_NORMALISE] += t5 - t4;
    t[LG_PH_AUGMENT] += t6 - t5;
}

const float *lg_batch_map(const lg_batch *b, int m)
{
    return b->map[m];
}

const lg_lens *lg_batch_lenses(const lg_batch *b)
{
    return b->lenses;
}
