/* backend_cuda.c: the CUDA backend's stage table. Sampling stays on the host (cheap, GSL), as
 * do analytic derived maps (double-precision special functions and quadrature, lens_model.h):
 * they are uploaded to the device before augmentation. Every other stage runs on the device
 * through pipeline.h, with the kernels of the shared inline headers, so the data is the CPU
 * backend's up to float rounding (README, "Backends"). */
#include "backend_cuda.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "augment.h"
#include "derived_maps.h"
#include "image_batch.h"
#include "gauss_legendre.h"
#include "imaging.h"
#include "lens.h"
#include "map_info.h"
#include "noise.h"
#include "kappa_map.h"
#include "smoothing.h"
#include "subhalo_batch.h"
#include "wave_lens.h"

typedef struct {
    lg_config cfg;
    lg_grid grid;
    int computed; /* bit set of maps */
    int n_threads;
    lg_gpu_pipe *pipe;
    lg_lens *lenses;
    lg_lens_model *models;
    lg_image_batch *images; /* lensed images (host): PSF, work maps, or NULL */
    int64_t first;          /* the batch's first sample */
    lg_wave_batch wave;     /* output.wave: the grid and F per sample */
    /* subhalos or line-of-sight halos (subhalo_batch.h): drawn and rendered on the host */
    lg_subhalo_batch *subhalos;
    float *scratch; /* per thread: npix^2, for the host kappa maps */
} cuda_batch;

int lg_cuda_bind(int local_rank, lg_cuda_device *out)
{
    return lg_gpu_bind(local_rank, out);
}

static void cuda_destroy(void *impl)
{
    cuda_batch *b = impl;
    lg_gpu_pipe_destroy(b->pipe);
    lg_image_batch_free(b->images);
    free(b->lenses);
    free(b->models);
    lg_wave_batch_free(&b->wave);
    lg_subhalo_batch_free(b->subhalos);
    free(b->scratch);
    free(b);
}

/* The device's view of the run: plain data and the tables the CPU modules compute. */
static int make_setup(const lg_config *cfg, int64_t capacity, int n_threads, lg_gpu_setup *s,
                      float **smooth_k, float **fft_k)
{
    memset(s, 0, sizeof *s);
    s->npix = (int)cfg->npix;
    s->capacity = capacity;
    s->n_threads = n_threads;
    s->maps = lg_maps_computed(cfg);
    s->maps_out = cfg->maps;
    s->kappa.grid = lg_grid_make((int)cfg->npix, cfg->half_width);
    const lg_gl_rule *rule = lg_gl_unit((int)cfg->supersample), *g4 = lg_gl_unit(4),
                     *g8 = lg_gl_unit(8);
    if (!rule || !g4 || !g8)
        return -1;
    s->kappa.rule = *rule;
    s->kappa.g4 = *g4;
    s->kappa.g8 = *g8;
    const double sigma = lg_noise_sigma(cfg);
    s->white.type = cfg->noise_type;
    s->white.seed = (uint64_t)cfg->seed;
    s->white.sigma = (float)sigma;
    s->white.exposure = cfg->exposure;
    s->white.background = cfg->background;
    const double pixel = 2.0 * cfg->half_width / (double)cfg->npix;
    const lg_snr_model snr = {
        cfg->noise_type, sigma,
        cfg->smooth_fwhm > 0.0 ? lg_smoothing_norm2((int)cfg->npix, cfg->smooth_fwhm / pixel) : 1.0,
        cfg->exposure, cfg->background};
    s->snr = snr;
    if (cfg->smooth_fwhm > 0.0) {
        const double fwhm_pix = cfg->smooth_fwhm / pixel;
        s->smooth = 1;
        s->smooth_observed = cfg->smoothing == LG_SMOOTH_OBSERVED;
        s->smooth_p = lg_smoothing_line_length((int)cfg->npix, fwhm_pix);
        /* one block: the transform, then 1 / the weight inside the map */
        *smooth_k = malloc(sizeof(float) * (2 * (size_t)(s->smooth_p / 2 + 1) + (size_t)cfg->npix));
        if (!*smooth_k)
            return -1;
        float *inv_inside = *smooth_k + 2 * (size_t)(s->smooth_p / 2 + 1);
        if (lg_smoothing_tables((int)cfg->npix, fwhm_pix, *smooth_k, inv_inside) != 0)
            return -1;
        s->smooth_kernel_k = *smooth_k;
        s->smooth_inv_inside = inv_inside;
    }
    if (cfg->derived_method == LG_DERIVED_FFT && (s->maps & lg_derived_map_mask())) {
        const size_t p = 2 * (size_t)cfg->npix;
        s->derived_fft = 1;
        *fft_k = malloc(sizeof(float) * 2 * LG_FFT_LENSING_KERNELS * p * (p / 2 + 1));
        if (!*fft_k || lg_fft_lensing_kernels(&s->kappa.grid, *fft_k) != 0)
            return -1;
        s->fft_kernels = *fft_k;
    }
    s->normalise = cfg->normalise;
    s->augment = cfg->augment_rot90 || cfg->augment_flip;
    return 0;
}

static void *cuda_create(const lg_config *cfg, int64_t capacity, int n_threads)
{
    cuda_batch *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->cfg = *cfg;
    b->grid = lg_grid_make((int)cfg->npix, cfg->half_width);
    b->computed = lg_maps_computed(cfg);
    b->n_threads = n_threads;
    b->lenses = malloc(sizeof(lg_lens) * (size_t)capacity);
    b->models = malloc(sizeof(lg_lens_model) * (size_t)capacity);
    lg_gpu_setup s;
    float *smooth_k = NULL, *fft_k = NULL;
    int ok =
        b->lenses && b->models && make_setup(cfg, capacity, n_threads, &s, &smooth_k, &fft_k) == 0;
    ok = ok && (b->pipe = lg_gpu_pipe_create(&s, lg_gpu_emulated_devices() > 0)) != NULL;
    if (b->computed & lg_image_map_mask())
        ok = ok && (b->images = lg_image_batch_create(cfg, n_threads)) != NULL;
    ok = ok && lg_wave_batch_init(&b->wave, cfg, capacity) == 0;
    int sub_failed = 0;
    b->subhalos = lg_subhalo_batch_create(cfg, capacity, n_threads, &sub_failed);
    if (b->subhalos)
        ok = ok && (b->scratch = malloc(sizeof(float) * (size_t)n_threads * (size_t)cfg->npix *
                                        (size_t)cfg->npix)) != NULL;
    ok = ok && !sub_failed;
    free(smooth_k);
    free(fft_k);
    if (!ok) {
        cuda_destroy(b);
        return NULL;
    }
    return b;
}

static int cuda_sample(void *impl, const lg_cosmology *cosmo, int64_t first, int64_t count)
{
    cuda_batch *b = impl;
    b->first = first;
    lg_kappa_lens *kl = lg_gpu_pipe_lenses(b->pipe);
    int *aug = lg_gpu_pipe_aug(b->pipe);
#pragma omp parallel for schedule(static) num_threads(b->n_threads)
    for (int64_t i = 0; i < count; ++i) {
        if (lg_backend_stop_requested())
            continue;
        lg_lens_draw(&b->cfg, cosmo, (uint64_t)(first + i), &b->lenses[i]);
        lg_lens_build_model(&b->lenses[i], &b->models[i]);
        if (b->subhalos)
            lg_subhalo_batch_draw(b->subhalos, cosmo, omp_get_thread_num(), (uint64_t)(first + i),
                                  i, &b->lenses[i], &b->models[i]);
        lg_wave_lens_params(&b->cfg, cosmo, (uint64_t)(first + i), &b->lenses[i]);
        memset(&kl[i], 0, sizeof kl[i]);
        kl[i].n = b->models[i].n;
        for (int c = 0; c < b->models[i].n; ++c)
            lg_component_kappa_par(&b->models[i].c[c], &kl[i].c[c]);
        aug[2 * i] = b->lenses[i].aug_rot90;
        aug[2 * i + 1] = b->lenses[i].aug_flip;
    }
    return 0;
}

/* With subhalos the kappa maps are made on the host, as backend_cpu.c makes them (the same
 * calls: the same bits), and uploaded: the windowed renderer has no device kernel yet. */
static int cuda_kappa(void *impl, int64_t count)
{
    cuda_batch *b = impl;
    if (!b->subhalos)
        return lg_gpu_pipe_kappa(b->pipe, count);
    float *kappa = lg_gpu_pipe_host_map(b->pipe, LG_MAP_KAPPA);
    if (!kappa)
        return 0;
    const size_t n2 = (size_t)b->grid.npix * (size_t)b->grid.npix;
    int failed = 0;
#pragma omp parallel for schedule(dynamic, 4) num_threads(b->n_threads) reduction(+ : failed)
    for (int64_t i = 0; i < count; ++i) {
        if (lg_backend_stop_requested())
            continue;
        lg_kappa_map(&b->models[i], &b->grid, (int)b->cfg.supersample,
                     b->scratch + (size_t)omp_get_thread_num() * n2, kappa + (size_t)i * n2);
        failed += lg_subhalo_batch_render(b->subhalos, &b->models[i], &b->grid,
                                          kappa + (size_t)i * n2) != 0;
    }
    if (failed) {
        fprintf(stderr, "lensgen: out of memory rendering subhalos\n");
        return 1;
    }
    return lg_gpu_pipe_upload(b->pipe, 1 << LG_MAP_KAPPA, count);
}

/* Lensed images on the host (image_batch.h: ray shooting, the PSF, the detector and
 * image_noisy's normalisation; with output.derived = fft the rays' FFT deflection comes from a
 * host kappa map, so the images are the CPU backend's bits), uploaded for augmentation. */
static int cuda_images(cuda_batch *b, int64_t count)
{
    const int images = b->computed & lg_image_map_mask();
    if (!images)
        return 0;
    const size_t n2 = (size_t)b->grid.npix * (size_t)b->grid.npix;
    float *map[LG_N_MAPS];
    for (int m = 0; m < LG_N_MAPS; ++m)
        map[m] = (images >> m & 1) ? lg_gpu_pipe_host_map(b->pipe, m) : NULL;
    /* with small halos the FFT rays follow the host kappa maps that hold them (cuda_kappa) */
    const float *host_kappa = b->subhalos ? lg_gpu_pipe_host_map(b->pipe, LG_MAP_KAPPA) : NULL;
    int failed = 0;
#pragma omp parallel for schedule(dynamic, 1) num_threads(b->n_threads) reduction(+ : failed)
    for (int64_t i = 0; i < count; ++i) {
        if (lg_backend_stop_requested())
            continue;
        const size_t o = (size_t)i * n2;
        failed +=
            lg_image_batch_sample(b->images, omp_get_thread_num(), &b->models[i],
                                  host_kappa ? host_kappa + o : NULL, (uint64_t)(b->first + i),
                                  &b->lenses[i], map[LG_MAP_IMAGE] ? map[LG_MAP_IMAGE] + o : NULL,
                                  map[LG_MAP_SOURCE] ? map[LG_MAP_SOURCE] + o : NULL,
                                  map[LG_MAP_IMAGE_NOISY] ? map[LG_MAP_IMAGE_NOISY] + o : NULL,
                                  map[LG_MAP_FERMAT] ? map[LG_MAP_FERMAT] + o : NULL) != 0;
    }
    if (failed)
        return -1;
    return lg_gpu_pipe_upload(b->pipe, images, count);
}

/* Images and F(w, y) on the host, as backend_cpu.c computes them (the same calls: the same
 * bits); the FFT or analytic derived maps after them. */
static int cuda_derived(void *impl, int64_t count)
{
    cuda_batch *b = impl;
    const int derived = b->computed & lg_derived_map_mask();
    if (cuda_images(b, count) != 0)
        return 1;
    lg_wave_batch_compute(&b->wave, b->lenses, count, b->n_threads);
    if (!derived)
        return 0;
    if (b->cfg.derived_method == LG_DERIVED_FFT)
        return lg_gpu_pipe_derived(b->pipe, count);
    const size_t n2 = (size_t)b->grid.npix * (size_t)b->grid.npix;
#pragma omp parallel for schedule(dynamic, 1) num_threads(b->n_threads)
    for (int64_t i = 0; i < count; ++i) {
        if (lg_backend_stop_requested())
            continue;
        lg_map_set s;
        for (int m = 0; m < LG_N_MAPS; ++m) {
            float *h = (derived >> m & 1) ? lg_gpu_pipe_host_map(b->pipe, m) : NULL;
            s.map[m] = h ? h + (size_t)i * n2 : NULL;
        }
        lg_derived_maps_analytic(&b->models[i], &b->grid, &s);
    }
    return lg_gpu_pipe_upload(b->pipe, derived, count);
}

static int cuda_noise(void *impl, int64_t first, int64_t count)
{
    return lg_gpu_pipe_noise(((cuda_batch *)impl)->pipe, first, count);
}

static int cuda_normalise(void *impl, int64_t count)
{
    return lg_gpu_pipe_normalise(((cuda_batch *)impl)->pipe, count);
}

static int cuda_augment(void *impl, int64_t count)
{
    cuda_batch *b = impl;
    if (!b->cfg.augment_rot90 && !b->cfg.augment_flip)
        return 0;
    for (int64_t i = 0; i < count; ++i) {
        lg_augment_lens(&b->lenses[i]);
        if (b->subhalos)
            lg_subhalo_batch_augment(b->subhalos, i, b->lenses[i].aug_rot90, b->lenses[i].aug_flip);
    }
    return lg_gpu_pipe_augment(b->pipe, count);
}

/* Wait for the device, then the statistics computed there go into the /params rows. */
static int cuda_host_maps(void *impl, int64_t count, lg_host_batch *out)
{
    cuda_batch *b = impl;
    const int err = lg_gpu_pipe_download(b->pipe, count);
    if (err)
        return err;
    const double *st = lg_gpu_pipe_stats(b->pipe);
    const int noisy = b->computed >> LG_MAP_KAPPA_NOISY & 1;
    for (int64_t i = 0; i < count && noisy; ++i) {
        b->lenses[i].snr_mf = st[4 * i];
        b->lenses[i].snr_peak = st[4 * i + 1];
        if (b->cfg.normalise != LG_NORM_NONE) {
            b->lenses[i].norm_offset = st[4 * i + 2];
            b->lenses[i].norm_scale = st[4 * i + 3];
        }
    }
    for (int m = 0; m < LG_N_MAPS; ++m)
        out->map[m] = (b->cfg.maps >> m & 1) ? lg_gpu_pipe_host_map(b->pipe, m) : NULL;
    out->lenses = b->lenses;
    out->wave_abs = b->wave.f_abs;
    out->wave_phase = b->wave.f_phase;
    for (int f = 0; f < LG_SUB_N_OUTPUT; ++f)
        out->subhalos[f] = b->subhalos ? lg_subhalo_batch_field(b->subhalos, f) : NULL;
    out->count = count;
    return 0;
}

/* Host bytes: the pinned maps of every computed map, lenses, models, the device's lens
 * parameters and the F values (the device's own memory is lg_gpu_pipe_device_bytes). */
static double cuda_bytes(const lg_config *cfg, int64_t capacity, int n_threads)
{
    const double npix2 = (double)cfg->npix * (double)cfg->npix;
    const int computed = lg_maps_computed(cfg);
    int n_maps = 0;
    for (int m = 0; m < LG_N_MAPS; ++m)
        n_maps += (computed >> m) & 1;
    const double images =
        (computed & lg_image_map_mask()) ? lg_image_batch_bytes(cfg, n_threads) : 0;
    return images +
           (double)capacity * (4.0 * npix2 * n_maps + sizeof(lg_lens) + sizeof(lg_lens_model) +
                               sizeof(lg_kappa_lens) + 2 * sizeof(int) + 4 * sizeof(double) +
                               lg_wave_bytes_per_sample(cfg)) +
           lg_subhalo_batch_bytes(cfg, capacity, n_threads) +
           (cfg->subhalos || cfg->los ? 4.0 * npix2 * n_threads : 0.0);
}

const lg_backend_ops lg_backend_cuda_ops = {
    "cuda",         cuda_create,  cuda_sample,    cuda_kappa,   cuda_derived, cuda_noise,
    cuda_normalise, cuda_augment, cuda_host_maps, cuda_destroy, cuda_bytes,
};
