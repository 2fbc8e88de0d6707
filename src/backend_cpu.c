/* backend_cpu.c: the CPU backend of the stage table (backend.h): every stage is an OpenMP loop
 * over the batch's samples, so a sample's numbers never depend on the thread that made them. */
#include <fftw3.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#include "augment.h"
#include "backend.h"
#include "derived_maps.h"
#include "image_batch.h"
#include "kappa_map.h"
#include "map_info.h"
#include "noise.h"
#include "normalise.h"
#include "subhalo_batch.h"
#include "wave_lens.h"

typedef struct {
    lg_config cfg;
    lg_grid grid;
    int computed; /* bit set of maps */
    float *map[LG_N_MAPS];
    lg_lens *lenses;
    lg_lens_model *models;
    float *scratch; /* per thread: npix^2 */
    lg_noise *noise;
    lg_fft_lensing *fft;
    lg_image_batch *images;     /* lensed images' PSF and work maps, or NULL */
    int64_t first;              /* the batch's first sample (sample stage) */
    lg_wave_batch wave;         /* output.wave: the grid and F per sample */
    lg_subhalo_batch *subhalos; /* subhalos.enabled, else NULL */
} cpu_batch;

static void cpu_destroy(void *impl)
{
    cpu_batch *b = impl;
    for (int m = 0; m < LG_N_MAPS; ++m)
        free(b->map[m]);
    free(b->lenses);
    free(b->models);
    fftwf_free(b->scratch);
    lg_noise_free(b->noise);
    lg_fft_lensing_free(b->fft);
    lg_image_batch_free(b->images);
    lg_wave_batch_free(&b->wave);
    lg_subhalo_batch_free(b->subhalos);
    free(b);
}

static void *cpu_create(const lg_config *cfg, int64_t capacity, int n_threads)
{
    cpu_batch *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->cfg = *cfg;
    b->grid = lg_grid_make((int)cfg->npix, cfg->half_width);
    b->computed = lg_maps_computed(cfg);
    const size_t npix2 = (size_t)cfg->npix * (size_t)cfg->npix;
    int ok = 1;
    for (int m = 0; m < LG_N_MAPS; ++m)
        if (b->computed & (1 << m))
            ok = ok && (b->map[m] = lg_host_maps_alloc((size_t)capacity * npix2)) != NULL;
    b->lenses = malloc(sizeof(lg_lens) * (size_t)capacity);
    b->models = malloc(sizeof(lg_lens_model) * (size_t)capacity);
    b->scratch = fftwf_alloc_real((size_t)n_threads * npix2);
    b->noise = lg_noise_create(cfg, n_threads);
    if (cfg->derived_method == LG_DERIVED_FFT && (b->computed & lg_derived_map_mask()))
        ok = ok && (b->fft = lg_fft_lensing_create(&b->grid, n_threads)) != NULL;
    if (b->computed & lg_image_map_mask())
        ok = ok && (b->images = lg_image_batch_create(cfg, n_threads)) != NULL;
    ok = ok && lg_wave_batch_init(&b->wave, cfg, capacity) == 0;
    int sub_failed = 0;
    b->subhalos = lg_subhalo_batch_create(cfg, capacity, n_threads, &sub_failed);
    ok = ok && !sub_failed;
    if (!ok || !b->lenses || !b->models || !b->scratch || !b->noise) {
        cpu_destroy(b);
        return NULL;
    }
    return b;
}

static size_t npix2_of(const cpu_batch *b)
{
    return (size_t)b->grid.npix * (size_t)b->grid.npix;
}

/* The maps of sample i of the batch. */
static lg_map_set sample_maps(const cpu_batch *b, int64_t i)
{
    lg_map_set s;
    for (int m = 0; m < LG_N_MAPS; ++m)
        s.map[m] = b->map[m] ? b->map[m] + (size_t)i * npix2_of(b) : NULL;
    return s;
}

static int cpu_sample(void *impl, const lg_cosmology *cosmo, int64_t first, int64_t count)
{
    cpu_batch *b = impl;
    b->first = first;
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < count; ++i) {
        if (lg_backend_stop_requested())
            continue;
        lg_lens_draw(&b->cfg, cosmo, (uint64_t)(first + i), &b->lenses[i]);
        lg_lens_build_model(&b->lenses[i], &b->models[i]);
        if (b->subhalos)
            lg_subhalo_batch_draw(b->subhalos, cosmo, omp_get_thread_num(), (uint64_t)(first + i),
                                  i, &b->lenses[i], &b->models[i]);
        lg_wave_lens_params(&b->cfg, cosmo, (uint64_t)(first + i), &b->lenses[i]);
    }
    return 0;
}

static int cpu_kappa(void *impl, int64_t count)
{
    cpu_batch *b = impl;
    const size_t npix2 = npix2_of(b);
    if (!b->map[LG_MAP_KAPPA])
        return 0;
    int failed = 0;
#pragma omp parallel for schedule(dynamic, 4) reduction(+ : failed)
    for (int64_t i = 0; i < count; ++i) {
        if (lg_backend_stop_requested())
            continue;
        float *kappa = b->map[LG_MAP_KAPPA] + (size_t)i * npix2;
        lg_kappa_map(&b->models[i], &b->grid, (int)b->cfg.supersample,
                     b->scratch + (size_t)omp_get_thread_num() * npix2, kappa);
        if (b->subhalos)
            failed += lg_subhalo_batch_render(b->subhalos, &b->models[i], &b->grid, kappa) != 0;
    }
    if (failed)
        fprintf(stderr, "lensgen: out of memory rendering subhalos\n");
    return failed ? -1 : 0;
}

/* The lensed images of the batch (imaging.h), in the derived stage: both need the model. */
static int cpu_images(cpu_batch *b, int64_t count)
{
    if (!b->images)
        return 0;
    int failed = 0;
#pragma omp parallel for schedule(dynamic, 1) reduction(+ : failed)
    for (int64_t i = 0; i < count; ++i) {
        if (lg_backend_stop_requested())
            continue;
        lg_map_set s = sample_maps(b, i);
        failed += lg_image_batch_sample(b->images, omp_get_thread_num(), &b->models[i],
                                        s.map[LG_MAP_KAPPA], (uint64_t)(b->first + i),
                                        &b->lenses[i], s.map[LG_MAP_IMAGE], s.map[LG_MAP_SOURCE],
                                        s.map[LG_MAP_IMAGE_NOISY], s.map[LG_MAP_FERMAT]) != 0;
    }
    return failed ? -1 : 0;
}

/* Images and F(w, y) (wave_lens.h) are host code in the derived stage, on either backend. */
static int cpu_derived(void *impl, int64_t count)
{
    cpu_batch *b = impl;
    if (cpu_images(b, count) != 0)
        return -1;
    lg_wave_batch_compute(&b->wave, b->lenses, count, omp_get_max_threads());
    if (!(b->computed & lg_derived_map_mask()))
        return 0;
#pragma omp parallel for schedule(dynamic, 1)
    for (int64_t i = 0; i < count; ++i) {
        if (lg_backend_stop_requested())
            continue;
        lg_map_set s = sample_maps(b, i);
        s.map[LG_MAP_KAPPA] = s.map[LG_MAP_KAPPA_NOISY] = NULL;
        if (b->fft)
            lg_derived_maps_fft(b->fft, omp_get_thread_num(),
                                b->map[LG_MAP_KAPPA] + (size_t)i * npix2_of(b), &s);
        else
            lg_derived_maps_analytic(&b->models[i], &b->grid, &s);
    }
    return 0;
}

static int cpu_noise(void *impl, int64_t first, int64_t count)
{
    cpu_batch *b = impl;
    if (!b->map[LG_MAP_KAPPA_NOISY])
        return 0;
    const size_t npix2 = npix2_of(b);
#pragma omp parallel for schedule(dynamic, 4)
    for (int64_t i = 0; i < count; ++i) {
        if (lg_backend_stop_requested())
            continue;
        lg_snr snr;
        lg_noise_apply(b->noise, omp_get_thread_num(), (uint64_t)(first + i),
                       b->map[LG_MAP_KAPPA] + (size_t)i * npix2,
                       b->map[LG_MAP_KAPPA_NOISY] + (size_t)i * npix2, &snr);
        b->lenses[i].snr_mf = snr.mf;
        b->lenses[i].snr_peak = snr.peak;
    }
    return 0;
}

static int cpu_normalise(void *impl, int64_t count)
{
    cpu_batch *b = impl;
    if (!b->map[LG_MAP_KAPPA_NOISY] || b->cfg.normalise == LG_NORM_NONE)
        return 0;
    const size_t npix2 = npix2_of(b);
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < count; ++i)
        lg_normalise_map(b->cfg.normalise, b->map[LG_MAP_KAPPA_NOISY] + (size_t)i * npix2, npix2,
                         &b->lenses[i].norm_offset, &b->lenses[i].norm_scale);
    return 0;
}

static int cpu_augment(void *impl, int64_t count)
{
    cpu_batch *b = impl;
    if (!b->cfg.augment_rot90 && !b->cfg.augment_flip)
        return 0;
#pragma omp parallel for schedule(static)
    for (int64_t i = 0; i < count; ++i) {
        lg_map_set s = sample_maps(b, i);
        lg_augment_maps(&s, b->grid.npix, b->lenses[i].aug_rot90, b->lenses[i].aug_flip,
                        b->scratch + (size_t)omp_get_thread_num() * npix2_of(b));
        lg_augment_lens(&b->lenses[i]);
        if (b->subhalos)
            lg_subhalo_batch_augment(b->subhalos, i, b->lenses[i].aug_rot90, b->lenses[i].aug_flip);
    }
    return 0;
}

/* The maps are in host memory already. */
static int cpu_host_maps(void *impl, int64_t count, lg_host_batch *out)
{
    const cpu_batch *b = impl;
    for (int m = 0; m < LG_N_MAPS; ++m)
        out->map[m] = b->map[m];
    out->lenses = b->lenses;
    out->wave_abs = b->wave.f_abs;
    out->wave_phase = b->wave.f_phase;
    for (int f = 0; f < LG_SUB_N_OUTPUT; ++f)
        out->subhalos[f] = b->subhalos ? lg_subhalo_batch_field(b->subhalos, f) : NULL;
    out->count = count;
    return 0;
}

/* What cpu_create allocates: the maps, lenses, models and F values of `capacity` samples, and per
 * thread a scratch map, the noise work arrays, the separable smoothing's padded lines (padding at
 * most 2 npix: 28 npix^2 bytes) and the FFT lensing grids (2 npix square, complex: 80 npix^2). */
static double cpu_bytes(const lg_config *cfg, int64_t capacity, int n_threads)
{
    const double npix2 = (double)cfg->npix * (double)cfg->npix;
    const int computed = lg_maps_computed(cfg);
    int n_maps = 0;
    for (int m = 0; m < LG_N_MAPS; ++m)
        n_maps += (computed >> m) & 1;
    double per_thread = 4.0 * npix2 + 12.0 * npix2;
    if (cfg->smooth_fwhm > 0.0)
        per_thread += 28.0 * npix2;
    if (cfg->derived_method == LG_DERIVED_FFT && (computed & lg_derived_map_mask()))
        per_thread += 80.0 * npix2;
    if (computed & lg_image_map_mask())
        per_thread += lg_image_batch_bytes(cfg, 1);
    return (double)capacity * (4.0 * npix2 * n_maps + sizeof(lg_lens) + sizeof(lg_lens_model) +
                               lg_wave_bytes_per_sample(cfg)) +
           (double)n_threads * per_thread + lg_subhalo_batch_bytes(cfg, capacity, n_threads);
}

const lg_backend_ops lg_backend_cpu_ops = {
    "cpu",         cpu_create,  cpu_sample,    cpu_kappa,   cpu_derived, cpu_noise,
    cpu_normalise, cpu_augment, cpu_host_maps, cpu_destroy, cpu_bytes,
};
