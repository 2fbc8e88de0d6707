/* noise.c: Gaussian and Poisson noise for one map. */
#include "noise.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "map_stats.h"
#include "rng.h"
#include "smoothing.h"

struct lg_noise {
    lg_config cfg;
    size_t n;           /* pixels per map */
    double sigma_white; /* Gaussian: per-pixel sigma before smoothing */
    double norm2;       /* sum of the squared smoothing weights (1 without smoothing) */
    lg_smoother *smoother;
    lg_gauss_work *work; /* one per thread */
    int n_threads;
};

static double pixel_arcsec(const lg_config *cfg)
{
    return 2.0 * cfg->half_width / (double)cfg->npix;
}

double lg_noise_sigma(const lg_config *cfg)
{
    if (cfg->noise_type != LG_NOISE_GAUSSIAN)
        return NAN;
    if (cfg->sigma_from == LG_SIGMA_VALUE)
        return cfg->sigma;
    double pix_arcmin = pixel_arcsec(cfg) / 60.0;
    return cfg->sigma_e / sqrt(2.0 * cfg->n_gal * pix_arcmin * pix_arcmin);
}

double lg_noise_sigma_smoothed(const lg_config *cfg)
{
    if (cfg->smooth_fwhm <= 0.0)
        return lg_noise_sigma(cfg);
    double fwhm_pix = cfg->smooth_fwhm / pixel_arcsec(cfg);
    return lg_noise_sigma(cfg) * sqrt(lg_smoothing_norm2((int)cfg->npix, fwhm_pix));
}

lg_noise *lg_noise_create(const lg_config *cfg, int n_threads)
{
    lg_noise *nz = calloc(1, sizeof *nz);
    if (!nz)
        return NULL;
    nz->cfg = *cfg;
    nz->n = (size_t)cfg->npix * (size_t)cfg->npix;
    nz->n_threads = n_threads;
    nz->sigma_white = lg_noise_sigma(cfg);
    nz->norm2 = 1.0;
    nz->work = calloc((size_t)n_threads, sizeof *nz->work);
    if (!nz->work) {
        free(nz);
        return NULL;
    }
    for (int t = 0; t < n_threads; ++t)
        if (lg_gauss_work_alloc(&nz->work[t], nz->n) != 0) {
            lg_noise_free(nz);
            return NULL;
        }
    if (cfg->smooth_fwhm > 0.0) {
        nz->smoother =
            lg_smoother_create((int)cfg->npix, cfg->smooth_fwhm / pixel_arcsec(cfg), n_threads);
        if (!nz->smoother) {
            lg_noise_free(nz);
            return NULL;
        }
        nz->norm2 = lg_smoother_kernel_norm2(nz->smoother);
    }
    return nz;
}

void lg_noise_free(lg_noise *nz)
{
    if (!nz)
        return;
    lg_smoother_free(nz->smoother);
    for (int t = 0; nz->work && t < nz->n_threads; ++t)
        lg_gauss_work_free(&nz->work[t]);
    free(nz->work);
    free(nz);
}

int lg_gauss_work_alloc(lg_gauss_work *w, size_t n)
{
    w->bits = malloc(sizeof(uint32_t) * (n + 4));
    w->angle = malloc(sizeof(float) * (n / 2 + 4));
    w->signal = malloc(sizeof(float) * (n + 4));
    return w->bits && w->angle && w->signal ? 0 : -1;
}

void lg_gauss_work_free(lg_gauss_work *w)
{
    free(w->bits);
    free(w->angle);
    free(w->signal);
    w->bits = NULL;
    w->angle = NULL;
    w->signal = NULL;
}

void lg_gaussian_field(uint64_t seed, uint64_t index, float *restrict out, size_t n,
                       lg_gauss_work *w)
{
    const size_t G = n / 4, H = 2 * G;
    uint32_t *restrict bits = w->bits; /* [0, H): radius words, [H, 2H): angle words */
    float *restrict angle = w->angle;
#pragma omp simd
    for (size_t g = 0; g < G; ++g) {
        lg_bits4 b = lg_philox(seed, index, LG_STREAM_GAUSS, (uint32_t)g);
        bits[g] = b.w[0];
        bits[H + g] = b.w[1];
        bits[G + g] = b.w[2];
        bits[H + G + g] = b.w[3];
    }
    const float two_pi = 6.28318530717958647692f;
#pragma omp simd
    for (size_t j = 0; j < H; ++j) {
        out[j] = sqrtf(-2.0f * logf(lg_u01f(bits[j])));
        angle[j] = two_pi * lg_u01f(bits[H + j]);
    }
    /* sines and cosines in separate loops: together they fuse into a sincosf call that
     * does not vectorise */
#pragma omp simd
    for (size_t j = 0; j < H; ++j)
        out[H + j] = out[j] * sinf(angle[j]);
#pragma omp simd
    for (size_t j = 0; j < H; ++j)
        out[j] = out[j] * cosf(angle[j]);
    if (n > 2 * H) {
        float z[4];
        lg_normal4f(seed, index, (uint32_t)G, z);
        for (size_t p = 2 * H; p < n; ++p)
            out[p] = z[p - 2 * H];
    }
}

/* field[n] = the white noise of sample `index` alone (observed - kappa). */
static void white_noise(const lg_noise *nz, lg_gauss_work *w, uint64_t index, const float *kappa,
                        float *restrict field)
{
    const lg_config *cfg = &nz->cfg;
    const size_t n = nz->n;
    const uint64_t seed = (uint64_t)cfg->seed;
    if (cfg->noise_type == LG_NOISE_GAUSSIAN) {
        lg_gaussian_field(seed, index, field, n, w);
        const float s = (float)nz->sigma_white;
#pragma omp simd
        for (size_t i = 0; i < n; ++i)
            field[i] *= s;
    } else if (cfg->noise_type == LG_NOISE_POISSON) {
        const double ex = cfg->exposure, bg = cfg->background;
        for (size_t i = 0; i < n; ++i) {
            double lam = ((double)kappa[i] + bg) * ex;
            field[i] = (float)(lg_poisson(seed, index, (uint32_t)i, lam) / ex - bg - kappa[i]);
        }
    } else {
        memset(field, 0, sizeof(float) * n);
    }
}

/* snr of a sample from its noise-free map and the signal as kappa_noisy shows it. */
static void signal_to_noise(const lg_noise *nz, const float *kappa, const float *signal,
                            lg_snr *snr)
{
    const lg_config *cfg = &nz->cfg;
    const lg_snr_model m = {cfg->noise_type, nz->sigma_white, nz->norm2, cfg->exposure,
                            cfg->background};
    lg_snr_of(&m, kappa, signal, nz->n, &snr->mf, &snr->peak);
}

void lg_noise_apply(lg_noise *nz, int thread, uint64_t index, const float *kappa, float *out,
                    lg_snr *snr)
{
    const size_t n = nz->n;
    lg_gauss_work *w = &nz->work[thread];
    white_noise(nz, w, index, kappa, out);
    const float *signal = kappa;
    if (nz->smoother) {
        lg_smooth(nz->smoother, thread, out);
        if (nz->cfg.smoothing == LG_SMOOTH_OBSERVED) {
            /* smoothing is linear: smooth(kappa + noise) = smooth(kappa) + smooth(noise), and
             * smooth(kappa) is the signal the observed map shows */
            memcpy(w->signal, kappa, sizeof(float) * n);
            lg_smooth(nz->smoother, thread, w->signal);
            signal = w->signal;
        }
    }
#pragma omp simd
    for (size_t i = 0; i < n; ++i)
        out[i] += signal[i];
    if (snr)
        signal_to_noise(nz, kappa, signal, snr);
}
