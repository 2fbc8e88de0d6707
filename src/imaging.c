/* imaging.c: ray shooting through the lens model to the source (imaging.h, source_light.h). */
#include "imaging.h"

#include <math.h>
#include <stdio.h>

#include "constants.h"
#include "detector.h"
#include "normalise.h"
#include "point_images.h"
#include "psf.h"
#include "ray_shoot.h"
#include "profile_eval.h"

_Static_assert(LG_LIGHT_MAX_CLUMPS >= LG_MAX_CLUMPS, "light_kernels.h holds every clump");

lg_light_f lg_light_kernel(const lg_source *src)
{
    const lg_sersic_light *s = &src->sersic;
    lg_light_f f = {0};
    f.sersic = (lg_sersic_f){(float)s->amp,
                             (float)s->cx,
                             (float)s->cy,
                             (float)s->cos_phi,
                             (float)s->sin_phi,
                             (float)s->q,
                             (float)(1.0 / s->q),
                             (float)(1.0 / (s->r_e * s->r_e)),
                             (float)(0.5 * s->inv_n),
                             (float)s->b_n};
    f.n_clumps = src->n_clumps;
    for (int k = 0; k < src->n_clumps; ++k) {
        const lg_clump_light *c = &src->clump[k];
        f.clump[k] = (lg_gauss_f){(float)c->cx, (float)c->cy, (float)c->peak, (float)c->inv_2s2};
    }
    return f;
}

int lg_image_render(const lg_lens_model *m, const lg_source *s, const lg_grid *g, int ss,
                    float *image, float *source)
{
    const lg_light_f light = lg_light_kernel(s);
    return lg_ray_render(m, NULL, NULL, &light, g, ss, image, source);
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

int lg_image_sample(const lg_config *cfg, const lg_grid *g, lg_psf *psf, int thread,
                    const lg_lens_model *m, const float *alpha_x, const float *alpha_y,
                    uint64_t index, lg_lens *l, float *image, float *source, float *noisy,
                    float *fermat)
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
    const lg_light_f light = lg_light_kernel(&src);
    if (lg_ray_render(m, alpha_x, alpha_y, &light, g, (int)cfg->img_supersample, image, source)) {
        fprintf(stderr, "lensgen: out of memory ray shooting sample %llu\n",
                (unsigned long long)index);
        return -1;
    }
    if (cfg->point_source)
        lg_image_point_source(m, g, cfg->zero_point, l, image);
    if (image && psf) {
        lg_psf_apply(psf, thread, image);
        /* the FFT leaves round-off of ~1e-7 of the peak, of either sign, where there is no
         * light: a brightness is never negative (and the detector's Poisson mean must not be) */
        const size_t n2 = (size_t)g->npix * (size_t)g->npix;
        for (size_t i = 0; i < n2; ++i)
            image[i] = image[i] > 0.0f ? image[i] : 0.0f;
    }
    if (image && noisy) {
        const lg_detector d = {cfg->exposure_s, cfg->sky_mag, cfg->zero_point,  cfg->gain,
                               cfg->read_noise, g->pixel_d,   cfg->subtract_sky};
        const size_t n2 = (size_t)g->npix * (size_t)g->npix;
        lg_detector_apply(&d, (uint64_t)cfg->seed, index, image, noisy, n2);
        if (cfg->normalise != LG_NORM_NONE)
            lg_normalise_map(cfg->normalise, noisy, n2, &l->image_norm_offset,
                             &l->image_norm_scale);
    }
    return 0;
}
