/* image_batch.c: the host side of the lensed images for a backend (image_batch.h). */
#include "image_batch.h"

#include <fftw3.h>
#include <stdlib.h>

#include "derived_maps.h"
#include "grid.h"
#include "imaging.h"
#include "kappa_map.h"
#include "psf.h"

struct lg_image_batch {
    lg_config cfg;
    lg_grid grid;
    lg_psf *psf;         /* NULL without a PSF */
    lg_fft_lensing *fft; /* output.derived = fft: the rays' deflection from kappa */
    float *work;         /* per thread: alpha_x, alpha_y, kappa, kappa's scratch (npix^2 each) */
};

#define WORK_MAPS 4

static int fft_rays(const lg_config *cfg)
{
    return cfg->derived_method == LG_DERIVED_FFT;
}

lg_image_batch *lg_image_batch_create(const lg_config *cfg, int n_threads)
{
    lg_image_batch *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->cfg = *cfg;
    b->grid = lg_grid_make((int)cfg->npix, cfg->half_width);
    int ok = 1;
    if (cfg->psf_type != LG_PSF_NONE)
        ok = (b->psf = lg_image_psf(cfg, n_threads)) != NULL;
    if (ok && fft_rays(cfg)) {
        const size_t n2 = (size_t)cfg->npix * (size_t)cfg->npix;
        ok = (b->fft = lg_fft_lensing_create(&b->grid, n_threads)) != NULL &&
             (b->work = fftwf_alloc_real(WORK_MAPS * n2 * (size_t)n_threads)) != NULL;
    }
    if (!ok) {
        lg_image_batch_free(b);
        return NULL;
    }
    return b;
}

void lg_image_batch_free(lg_image_batch *b)
{
    if (!b)
        return;
    lg_psf_free(b->psf);
    lg_fft_lensing_free(b->fft);
    fftwf_free(b->work);
    free(b);
}

double lg_image_batch_bytes(const lg_config *cfg, int n_threads)
{
    const double n2 = (double)cfg->npix * (double)cfg->npix;
    /* the work maps, and the FFT lensing grids (2 npix square, complex: 80 npix^2) */
    return fft_rays(cfg) ? (double)n_threads * (4.0 * WORK_MAPS + 80.0) * n2 : 0.0;
}

int lg_image_batch_sample(lg_image_batch *b, int thread, const lg_lens_model *m, const float *kappa,
                          uint64_t index, lg_lens *l, float *image, float *source, float *noisy,
                          float *fermat)
{
    const float *alpha_x = NULL, *alpha_y = NULL;
    if (b->fft && image) {
        const size_t n2 = (size_t)b->grid.npix * (size_t)b->grid.npix;
        float *w = b->work + (size_t)thread * WORK_MAPS * n2;
        if (!kappa) {
            lg_kappa_map(m, &b->grid, (int)b->cfg.supersample, w + 3 * n2, w + 2 * n2);
            kappa = w + 2 * n2;
        }
        lg_map_set s = {{NULL}};
        s.map[LG_MAP_ALPHA_X] = w;
        s.map[LG_MAP_ALPHA_Y] = w + n2;
        lg_derived_maps_fft(b->fft, thread, kappa, &s);
        alpha_x = w;
        alpha_y = w + n2;
    }
    return lg_image_sample(&b->cfg, &b->grid, b->psf, thread, m, alpha_x, alpha_y, index, l, image,
                           source, noisy, fermat);
}
