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
    nz->sigma = lg_noise_sigma(cfg);
    nz->sigma_white = nz->sigma;
    if (cfg->noise_type == LG_NOISE_GAUSSIAN && cfg->smooth_fwhm > 0.0) {
        double fwhm_pix = cfg->smooth_fwhm / (2.0 * cfg->half_width / (double)cfg->npix);
        nz->smoother = lg_smoother_create((int)cfg->npix, fwhm_pix, n_threads);
        if (!nz->smoother) {
            free(nz);
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
    free(nz);
}

double lg_noise_white_sigma(const lg_noise *nz)
{
    return nz->sigma_white;
}

void lg_gaussian_field(uint64_t seed, uint64_t index, float *out, size_t n)
{
    const size_t groups = n / 4;
#pragma omp simd
    for (size_t g = 0; g < groups; ++g) {
        float z[4];
        lg_normal4f(seed, index, (uint32_t)g, z);
        out[4 * g] = z[0];
        out[4 * g + 1] = z[1];
        out[4 * g + 2] = z[2];
        out[4 * g + 3] = z[3];
    }
    if (n % 4) {
        float z[4];
        lg_normal4f(seed, index, (uint32_t)groups, z);
        for (size_t i = 4 * groups; i < n; ++i)
            out[i] = z[i - 4 * groups];
    }
}

void lg_noise_apply(lg_noise *nz, int thread, uint64_t index, const float *kappa, float *out)
{
    const lg_config *cfg = &nz->cfg;
    const size_t n = (size_t)cfg->npix * (size_t)cfg->npix;
    const uint64_t seed = (uint64_t)cfg->seed;
    switch (cfg->noise_type) {
    case LG_NOISE_GAUSSIAN: {
        lg_gaussian_field(seed, index, out, n);
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
