/* smoothing.c: one r2c/c2r plan pair on a (2n x 2n) padded grid; the kernel's transform is
 * computed once. The kernel is truncated at |offset| < n pixels, which makes the padded
 * circular convolution equal to the linear one on the n x n map. */
#include "smoothing.h"

#include <complex.h>
#include <fftw3.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct lg_smoother {
    int n, p; /* map and padded size */
    int n_threads;
    fftwf_plan fwd, inv;
    fftwf_complex *kernel_k;  /* transform of the kernel, divided by p*p */
    float **real_buf;         /* per thread: p x p */
    fftwf_complex **cplx_buf; /* per thread: p x (p/2 + 1) */
    double norm2;
};

lg_smoother *lg_smoother_create(int npix, double fwhm_pix, int n_threads)
{
    lg_smoother *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    const int n = npix, p = 2 * npix, pc = p / 2 + 1;
    s->n = n;
    s->p = p;
    s->n_threads = n_threads;
    s->real_buf = calloc((size_t)n_threads, sizeof *s->real_buf);
    s->cplx_buf = calloc((size_t)n_threads, sizeof *s->cplx_buf);
    s->kernel_k = fftwf_alloc_complex((size_t)p * pc);
    if (!s->real_buf || !s->cplx_buf || !s->kernel_k) {
        lg_smoother_free(s);
        return NULL;
    }
    for (int t = 0; t < n_threads; ++t) {
        s->real_buf[t] = fftwf_alloc_real((size_t)p * p);
        s->cplx_buf[t] = fftwf_alloc_complex((size_t)p * pc);
        if (!s->real_buf[t] || !s->cplx_buf[t]) {
            lg_smoother_free(s);
            return NULL;
        }
    }
    s->fwd = fftwf_plan_dft_r2c_2d(p, p, s->real_buf[0], s->cplx_buf[0], FFTW_ESTIMATE);
    s->inv = fftwf_plan_dft_c2r_2d(p, p, s->cplx_buf[0], s->real_buf[0], FFTW_ESTIMATE);

    /* Kernel on the padded grid, offsets wrapped; computed in double, unit sum. */
    const double sig = fwhm_pix / (2.0 * sqrt(2.0 * log(2.0)));
    double *k = malloc(sizeof(double) * (size_t)p * p);
    if (!k || !s->fwd || !s->inv) {
        free(k);
        lg_smoother_free(s);
        return NULL;
    }
    double sum = 0.0;
    for (int j = 0; j < p; ++j)
        for (int i = 0; i < p; ++i) {
            int dx = i < n ? i : i - p, dy = j < n ? j : j - p;
            double w = 0.0;
            if (abs(dx) < n && abs(dy) < n)
                w = sig > 0 ? exp(-0.5 * (dx * dx + dy * dy) / (sig * sig)) : (dx == 0 && dy == 0);
            k[(size_t)j * p + i] = w;
            sum += w;
        }
    s->norm2 = 0.0;
    float *kr = s->real_buf[0];
    for (size_t i = 0; i < (size_t)p * p; ++i) {
        k[i] /= sum;
        s->norm2 += k[i] * k[i];
        kr[i] = (float)k[i];
    }
    free(k);
    fftwf_execute_dft_r2c(s->fwd, kr, s->kernel_k);
    const float scale = 1.0f / ((float)p * (float)p);
    for (size_t i = 0; i < (size_t)p * pc; ++i)
        s->kernel_k[i] *= scale;
    return s;
}

void lg_smoother_free(lg_smoother *s)
{
    if (!s)
        return;
    if (s->fwd)
        fftwf_destroy_plan(s->fwd);
    if (s->inv)
        fftwf_destroy_plan(s->inv);
    for (int t = 0; t < s->n_threads; ++t) {
        if (s->real_buf && s->real_buf[t])
            fftwf_free(s->real_buf[t]);
        if (s->cplx_buf && s->cplx_buf[t])
            fftwf_free(s->cplx_buf[t]);
    }
    free(s->real_buf);
    free(s->cplx_buf);
    if (s->kernel_k)
        fftwf_free(s->kernel_k);
    free(s);
}

void lg_smooth(lg_smoother *s, int thread, float *map)
{
    const int n = s->n, p = s->p, pc = p / 2 + 1;
    float *r = s->real_buf[thread];
    fftwf_complex *c = s->cplx_buf[thread];
    memset(r, 0, sizeof(float) * (size_t)p * p);
    for (int j = 0; j < n; ++j)
        memcpy(r + (size_t)j * p, map + (size_t)j * n, sizeof(float) * (size_t)n);
    fftwf_execute_dft_r2c(s->fwd, r, c);
    for (size_t i = 0; i < (size_t)p * pc; ++i)
        c[i] *= s->kernel_k[i];
    fftwf_execute_dft_c2r(s->inv, c, r);
    for (int j = 0; j < n; ++j)
        memcpy(map + (size_t)j * n, r + (size_t)j * p, sizeof(float) * (size_t)n);
}

double lg_smoother_kernel_norm2(const lg_smoother *s)
{
    return s->norm2;
}
