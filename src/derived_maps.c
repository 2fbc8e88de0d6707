/* derived_maps.c: analytic maps, and maps from kappa by FFT convolution (FFTW). */
#include "derived_maps.h"

#include <complex.h>
#include <fftw3.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "constants.h"

static void store(lg_map_set *out, int m, size_t i, double v)
{
    if (out->map[m])
        out->map[m][i] = (float)v;
}

void lg_derived_maps_analytic(const lg_lens_model *m, const lg_grid *g, lg_map_set *out)
{
    const int n = g->npix;
    for (int iy = 0; iy < n; ++iy)
        for (int ix = 0; ix < n; ++ix) {
            lg_lensq q;
            lg_lens_model_eval(m, lg_pixel_center_d(g, ix), lg_pixel_center_d(g, iy), &q);
            const size_t i = (size_t)iy * n + ix;
            store(out, LG_MAP_ALPHA_X, i, q.alpha_x);
            store(out, LG_MAP_ALPHA_Y, i, q.alpha_y);
            store(out, LG_MAP_GAMMA1, i, q.gamma1);
            store(out, LG_MAP_GAMMA2, i, q.gamma2);
            store(out, LG_MAP_PSI, i, q.psi);
            store(out, LG_MAP_MU, i, lg_magnification(&q));
        }
}

/* ---- FFT ------------------------------------------------------------------------------- */

enum { K_PSI, K_AX, K_AY, K_G1, K_G2, N_KERNELS };
static const int kernel_map[N_KERNELS] = {LG_MAP_PSI, LG_MAP_ALPHA_X, LG_MAP_ALPHA_Y, LG_MAP_GAMMA1,
                                          LG_MAP_GAMMA2};

struct lg_fft_lensing {
    int n, p, n_threads;
    fftwf_plan fwd, inv;
    fftwf_complex *kernel[N_KERNELS]; /* transforms of the kernels, times A_pix / p^2 */
    float **real_buf;
    float **shear_buf; /* per thread: 2 n x n, the shear when only mu is requested */
    fftwf_complex **kappa_k, **work_k;
};

/* Mean of ln r over a pixel of side 1 centred on the origin: (ln 2 - 3)/2 + pi/4. */
#define LN_R_PIXEL_MEAN (-0.36795)

lg_fft_lensing *lg_fft_lensing_create(const lg_grid *g, int n_threads)
{
    lg_fft_lensing *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    const int n = g->npix, p = 2 * n, pc = p / 2 + 1;
    const size_t nr = (size_t)p * p, nc = (size_t)p * pc;
    const double d = g->pixel, area = d * d;
    f->n = n;
    f->p = p;
    f->n_threads = n_threads;
    f->real_buf = calloc((size_t)n_threads, sizeof *f->real_buf);
    f->kappa_k = calloc((size_t)n_threads, sizeof *f->kappa_k);
    f->work_k = calloc((size_t)n_threads, sizeof *f->work_k);
    f->shear_buf = calloc((size_t)n_threads, sizeof *f->shear_buf);
    int ok = f->real_buf && f->kappa_k && f->work_k && f->shear_buf;
    for (int t = 0; ok && t < n_threads; ++t) {
        f->shear_buf[t] = fftwf_alloc_real(2 * (size_t)n * n);
        f->real_buf[t] = fftwf_alloc_real(nr);
        f->kappa_k[t] = fftwf_alloc_complex(nc);
        f->work_k[t] = fftwf_alloc_complex(nc);
        ok = f->real_buf[t] && f->kappa_k[t] && f->work_k[t] && f->shear_buf[t];
    }
    for (int k = 0; ok && k < N_KERNELS; ++k)
        ok = (f->kernel[k] = fftwf_alloc_complex(nc)) != NULL;
    if (ok) {
        f->fwd = fftwf_plan_dft_r2c_2d(p, p, f->real_buf[0], f->kappa_k[0], FFTW_ESTIMATE);
        f->inv = fftwf_plan_dft_c2r_2d(p, p, f->work_k[0], f->real_buf[0], FFTW_ESTIMATE);
        ok = f->fwd && f->inv;
    }
    if (!ok) {
        lg_fft_lensing_free(f);
        return NULL;
    }
    /* kernels on the padded grid, offsets wrapped (|offset| < n), computed in double */
    float *r = f->real_buf[0];
    for (int k = 0; k < N_KERNELS; ++k) {
        for (int j = 0; j < p; ++j)
            for (int i = 0; i < p; ++i) {
                const int di = i < n ? i : i - p, dj = j < n ? j : j - p;
                const double x = di * d, y = dj * d, r2 = x * x + y * y;
                double v = 0.0;
                if (abs(di) < n && abs(dj) < n) {
                    if (r2 == 0.0)
                        v = k == K_PSI ? (log(d) + LN_R_PIXEL_MEAN) / LG_PI : 0.0;
                    else if (k == K_PSI)
                        v = 0.5 * log(r2) / LG_PI;
                    else if (k == K_AX)
                        v = x / (LG_PI * r2);
                    else if (k == K_AY)
                        v = y / (LG_PI * r2);
                    else if (k == K_G1)
                        v = (y * y - x * x) / (LG_PI * r2 * r2);
                    else
                        v = -2.0 * x * y / (LG_PI * r2 * r2);
                }
                r[(size_t)j * p + i] = (float)(v * area / ((double)p * p));
            }
        fftwf_execute_dft_r2c(f->fwd, r, f->kernel[k]);
    }
    return f;
}

void lg_fft_lensing_free(lg_fft_lensing *f)
{
    if (!f)
        return;
    if (f->fwd)
        fftwf_destroy_plan(f->fwd);
    if (f->inv)
        fftwf_destroy_plan(f->inv);
    for (int t = 0; t < f->n_threads; ++t) {
        if (f->real_buf)
            fftwf_free(f->real_buf[t]);
        if (f->kappa_k)
            fftwf_free(f->kappa_k[t]);
        if (f->work_k)
            fftwf_free(f->work_k[t]);
        if (f->shear_buf)
            fftwf_free(f->shear_buf[t]);
    }
    for (int k = 0; k < N_KERNELS; ++k)
        fftwf_free(f->kernel[k]);
    free(f->real_buf);
    free(f->kappa_k);
    free(f->work_k);
    free(f->shear_buf);
    free(f);
}

void lg_derived_maps_fft(lg_fft_lensing *f, int thread, const float *kappa, lg_map_set *out)
{
    const int n = f->n, p = f->p, pc = p / 2 + 1;
    const size_t nc = (size_t)p * pc, nn = (size_t)n * n;
    float *r = f->real_buf[thread];
    fftwf_complex *kk = f->kappa_k[thread], *w = f->work_k[thread];
    float *dst[N_KERNELS];
    for (int k = 0; k < N_KERNELS; ++k)
        dst[k] = out->map[kernel_map[k]];
    if (out->map[LG_MAP_MU]) { /* mu needs the shear even when it is not written */
        if (!dst[K_G1])
            dst[K_G1] = f->shear_buf[thread];
        if (!dst[K_G2])
            dst[K_G2] = f->shear_buf[thread] + nn;
    }
    memset(r, 0, sizeof(float) * (size_t)p * p);
    for (int j = 0; j < n; ++j)
        memcpy(r + (size_t)j * p, kappa + (size_t)j * n, sizeof(float) * (size_t)n);
    fftwf_execute_dft_r2c(f->fwd, r, kk);
    for (int k = 0; k < N_KERNELS; ++k) {
        if (!dst[k])
            continue;
        for (size_t i = 0; i < nc; ++i)
            w[i] = kk[i] * f->kernel[k][i];
        fftwf_execute_dft_c2r(f->inv, w, r);
        for (int j = 0; j < n; ++j)
            memcpy(dst[k] + (size_t)j * n, r + (size_t)j * p, sizeof(float) * (size_t)n);
    }
    if (out->map[LG_MAP_MU])
        for (size_t o = 0; o < nn; ++o) {
            const double k1 = kappa[o], s1 = dst[K_G1][o], s2 = dst[K_G2][o];
            out->map[LG_MAP_MU][o] = (float)(1.0 / ((1.0 - k1) * (1.0 - k1) - s1 * s1 - s2 * s2));
        }
}

int lg_fft_lensing_kernels(const lg_grid *g, float *out)
{
    _Static_assert(N_KERNELS == LG_FFT_LENSING_KERNELS, "kernel count");
    _Static_assert(K_PSI == 0 && K_AX == 1 && K_AY == 2 && K_G1 == 3 && K_G2 == 4, "order");
    lg_fft_lensing *f = lg_fft_lensing_create(g, 1);
    if (!f)
        return -1;
    const size_t nc = (size_t)f->p * (size_t)(f->p / 2 + 1);
    for (int k = 0; k < N_KERNELS; ++k)
        memcpy(out + 2 * nc * (size_t)k, f->kernel[k], sizeof(fftwf_complex) * nc);
    lg_fft_lensing_free(f);
    return 0;
}
