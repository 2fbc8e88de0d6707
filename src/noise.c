/* noise.c: Gaussian and Poisson noise for one map. */
#include "noise.h"

#include <math.h>
#include <stdlib.h>

#include "rng.h"
#include "smoothing.h"

struct lg_noise {
    lg_config cfg;
    double sigma;       /* per-pixel sigma after smoothing */
    double sigma_white; /* sigma of the white field before smoothing */
    lg_smoother *smoother;
    lg_gauss_work *work; /* one per thread */
    int n_threads;
};

double lg_noise_sigma(const lg_config *cfg)
{
    if (cfg->sigma_from == LG_SIGMA_VALUE)
        return cfg->sigma;
    double pix_arcmin = 2.0 * cfg->half_width / (double)cfg->npix / 60.0;
    return cfg->sigma_e / sqrt(2.0 * cfg->n_gal * pix_arcmin * pix_arcmin);
}

lg_noise *lg_noise_create(const lg_config *cfg, int n_threads)
{
    lg_noise *nz = calloc(1, sizeof *nz);
    if (!nz)
        return NULL;
    nz->cfg = *cfg;
    nz->n_threads = n_threads;
    nz->work = calloc((size_t)n_threads, sizeof *nz->work);
    for (int t = 0; nz->work && t < n_threads; ++t)
        if (lg_gauss_work_alloc(&nz->work[t], (size_t)(cfg->npix * cfg->npix)) != 0) {
            lg_noise_free(nz);
            return NULL;
        }
    if (!nz->work) {
        free(nz);
        return NULL;
    }
    nz->sigma = lg_noise_sigma(cfg);
    nz->sigma_white = nz->sigma;
    if (cfg->noise_type == LG_NOISE_GAUSSIAN && cfg->smooth_fwhm > 0.0) {
        double fwhm_pix = cfg->smooth_fwhm / (2.0 * cfg->half_width / (double)cfg->npix);
        nz->smoother = lg_smoother_create((int)cfg->npix, fwhm_pix, n_threads);
        if (!nz->smoother) {
            lg_noise_free(nz);
            return NULL;
        }
        /* The deck's sigma is the sigma after smoothing: scale the white field up. */
        nz->sigma_white = nz->sigma / sqrt(lg_smoother_kernel_norm2(nz->smoother));
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

double lg_noise_white_sigma(const lg_noise *nz)
{
    return nz->sigma_white;
}

int lg_gauss_work_alloc(lg_gauss_work *w, size_t n)
{
    w->bits = malloc(sizeof(uint32_t) * (n + 4));
    w->angle = malloc(sizeof(float) * (n / 2 + 4));
    return w->bits && w->angle ? 0 : -1;
}

void lg_gauss_work_free(lg_gauss_work *w)
{
    free(w->bits);
    free(w->angle);
    w->bits = NULL;
    w->angle = NULL;
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

void lg_noise_apply(lg_noise *nz, int thread, uint64_t index, const float *kappa, float *out)
{
    const lg_config *cfg = &nz->cfg;
    const size_t n = (size_t)cfg->npix * (size_t)cfg->npix;
    const uint64_t seed = (uint64_t)cfg->seed;
    switch (cfg->noise_type) {
    case LG_NOISE_GAUSSIAN: {
        lg_gaussian_field(seed, index, out, n, &nz->work[thread]);
        if (nz->smoother)
            lg_smooth(nz->smoother, thread, out);
        const float s = (float)nz->sigma_white;
#pragma omp simd
        for (size_t i = 0; i < n; ++i)
            out[i] = kappa[i] + s * out[i];
        break;
    }
    case LG_NOISE_POISSON: {
        const double ex = cfg->exposure, bg = cfg->background;
        for (size_t i = 0; i < n; ++i) {
            double counts = lg_poisson(seed, index, (uint32_t)i, ((double)kappa[i] + bg) * ex);
            out[i] = (float)(counts / ex - bg);
        }
        break;
    }
    default:
        for (size_t i = 0; i < n; ++i)
            out[i] = kappa[i];
    }
}
