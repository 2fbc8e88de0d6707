/* imaging.c: ray shooting through the lens model to the source (imaging.h, source_light.h). */
#include "imaging.h"

#include <math.h>
#include <stdio.h>

#include "constants.h"
#include "detector.h"
#include "normalise.h"
#include "point_images.h"
#include "psf.h"
#include "profile_eval.h"

void lg_image_render(const lg_lens_model *m, const lg_source *s, const lg_grid *g, int ss,
                     float *image, float *source)
{
    const int n = g->npix;
    const double d = g->pixel_d, area = d * d / ((double)ss * ss);
    for (int iy = 0; iy < n; ++iy)
        for (int ix = 0; ix < n; ++ix) {
            double lensed = 0.0, plain = 0.0;
            for (int sy = 0; sy < ss; ++sy)
                for (int sx = 0; sx < ss; ++sx) {
                    const double x = lg_pixel_center_d(g, ix) + ((sx + 0.5) / ss - 0.5) * d;
                    const double y = lg_pixel_center_d(g, iy) + ((sy + 0.5) / ss - 0.5) * d;
                    if (image) {
                        lg_lensq q;
                        lg_lens_model_eval(m, x, y, &q);
                        lensed += lg_source_brightness(s, x - q.alpha_x, y - q.alpha_y);
                    }
                    if (source)
                        plain += lg_source_brightness(s, x, y);
                }
            const size_t i = (size_t)iy * n + ix;
            if (image)
                image[i] = (float)(lensed * area);
            if (source)
                source[i] = (float)(plain * area);
        }
}

/* flux (e-/s) at (x, y) shared bilinearly over the four pixel centres around it */
static void deposit(const lg_grid *g, double x, double y, double flux, float *image)
{
    const int n = g->npix;
    const double fx = (x + g->half_width_d) / g->pixel_d - 0.5,
                 fy = (y + g->half_width_d) / g->pixel_d - 0.5;
    const int ix0 = (int)floor(fx), iy0 = (int)floor(fy);
    const double wx = fx - ix0, wy = fy - iy0;
    for (int j = 0; j < 2; ++j)
        for (int i = 0; i < 2; ++i) {
            const int ix = ix0 + i, iy = iy0 + j;
            if (ix >= 0 && iy >= 0 && ix < n && iy < n)
                image[(size_t)iy * n + ix] +=
                    (float)(flux * (i ? wx : 1.0 - wx) * (j ? wy : 1.0 - wy));
        }
}

void lg_image_point_source(const lg_lens_model *m, const lg_grid *g, double zero_point, lg_lens *l,
                           float *image)
{
    lg_point_images im;
    lg_point_images_solve(m, l->src_x, l->src_y, g->half_width_d, 0.5 * g->pixel_d, &im);
    /* days per arcsec^2 of Fermat potential: D_dt / c, D_dt in Mpc */
    const double days = l->d_dt * LG_MPC_M / LG_C_M_S * LG_ARCSEC_RAD * LG_ARCSEC_RAD / 86400.0;
    const double rate = pow(10.0, -0.4 * (l->ps_mag - zero_point));
    l->n_images = im.n;
    for (int k = 0; k < LG_MAX_IMAGES && k < im.n; ++k) {
        l->img_x[k] = im.x[k];
        l->img_y[k] = im.y[k];
        l->img_mu[k] = im.mu[k];
        l->img_dt[k] = (im.fermat[k] - im.fermat[0]) * days;
        if (image)
            deposit(g, im.x[k], im.y[k], fabs(im.mu[k]) * rate, image);
    }
}

lg_psf *lg_image_psf(const lg_config *cfg, int n_threads)
{
    char err[512];
    const double pixel = 2.0 * cfg->half_width / (double)cfg->npix;
    lg_psf *p = lg_psf_create(cfg->psf_type, (int)cfg->npix, pixel, cfg->psf_fwhm, cfg->psf_beta,
                              cfg->psf_file, pixel, n_threads, err, sizeof err);
    if (!p)
        fprintf(stderr, "lensgen: imaging.psf: %s\n", err);
    return p;
}

void lg_image_sample(const lg_config *cfg, const lg_grid *g, lg_psf *psf, int thread,
                     const lg_lens_model *m, uint64_t index, lg_lens *l, float *image,
                     float *source, float *noisy, float *fermat)
{
    if (fermat) {
        const double days = l->d_dt * LG_MPC_M / LG_C_M_S * LG_ARCSEC_RAD * LG_ARCSEC_RAD / 86400.0;
        for (int iy = 0; iy < g->npix; ++iy)
            for (int ix = 0; ix < g->npix; ++ix)
                fermat[(size_t)iy * g->npix + ix] =
                    (float)(days * lg_fermat_potential(m, lg_pixel_center_d(g, ix),
                                                       lg_pixel_center_d(g, iy), l->src_x,
                                                       l->src_y));
    }
    const lg_source src = lg_source_of(l, cfg->zero_point);
    lg_image_render(m, &src, g, (int)cfg->img_supersample, image, source);
    if (cfg->point_source)
        lg_image_point_source(m, g, cfg->zero_point, l, image);
    if (image && psf)
        lg_psf_apply(psf, thread, image);
    if (image && noisy) {
        const lg_detector d = {cfg->exposure_s, cfg->sky_mag, cfg->zero_point,  cfg->gain,
                               cfg->read_noise, g->pixel_d,   cfg->subtract_sky};
        const size_t n2 = (size_t)g->npix * (size_t)g->npix;
        lg_detector_apply(&d, (uint64_t)cfg->seed, index, image, noisy, n2);
        if (cfg->normalise != LG_NORM_NONE)
            lg_normalise_map(cfg->normalise, noisy, n2, &l->image_norm_offset,
                             &l->image_norm_scale);
    }
}
