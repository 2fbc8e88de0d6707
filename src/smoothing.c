/* smoothing.c: Gaussian smoothing as a zero-padded linear convolution by FFT (FFTW).
 *
 * The Gaussian kernel, truncated to the square |dx|, |dy| < n pixels, is the outer product of
 * two 1-D kernels, so the 2-D convolution is a 1-D convolution along the columns followed by
 * one along the rows: half the work of a 2-D transform pair, same result. The kernel is
 * truncated at R = min(n - 1, ceil(8 sigma)) pixels (the weight beyond 8 sigma, 1e-15, is far below
 * float precision). Each pass pads the n columns with zeros to p >= n + R rows, which makes
 * the circular convolution equal to the linear one on the map (no wrap-around at the edges),
 * p being the next size FFTW transforms fastest (2^a 3^b 5^c), and transforms all n columns
 * with one batched plan whose
 * transforms are adjacent in memory (FFTW vectorises across them); the row pass runs on a
 * transposed copy with the same plans. */
#include "smoothing.h"

#include <complex.h>
#include <fftw3.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct lg_smoother {
    int n, p; /* map size and padded line length (>= n + kernel reach) */
    int n_threads;
    fftwf_plan fwd, inv;      /* n lines of length p, batched */
    fftwf_complex *kernel_k;  /* transform of the 1-D kernel, divided by p */
    float **real_buf;         /* per thread: p x n (padded columns) */
    fftwf_complex **cplx_buf; /* per thread: (p/2 + 1) x n */
    float **line_buf;         /* per thread: n x n, the transposed map */
    double norm2;             /* sum of the squared 2-D kernel weights */
    float *inv_inside;        /* [n]: 1 / the 1-D kernel weight that falls inside the map */
};

static void *alloc_per_thread(int n_threads, size_t bytes, void ***out)
{
    *out = calloc((size_t)n_threads, sizeof(void *));
    for (int t = 0; *out && t < n_threads; ++t)
        if (!((*out)[t] = fftwf_malloc(bytes)))
            return NULL;
    return *out;
}

int lg_fft_size(int n)
{
    for (int m = n > 1 ? n : 1;; ++m) {
        int r = m;
        while (r % 2 == 0)
            r /= 2;
        while (r % 3 == 0)
            r /= 3;
        while (r % 5 == 0)
            r /= 5;
        if (r == 1)
            return m;
    }
}

/* The unit-sum 1-D kernel of sigma `sig` pixels truncated at `reach`, on a line of p with
 * offsets wrapped, into k[p]; returns the sum of the squared 2-D (outer product) weights. */
static double kernel_1d(double sig, int reach, int p, double *k)
{
    double sum = 0.0, sum2 = 0.0;
    for (int i = 0; i < p; ++i) {
        int d = i <= reach ? i : i - p;
        k[i] = abs(d) <= reach ? (sig > 0 ? exp(-0.5 * d * d / (sig * sig)) : (d == 0)) : 0.0;
        sum += k[i];
    }
    for (int i = 0; i < p; ++i) {
        k[i] /= sum;
        sum2 += k[i] * k[i];
    }
    return sum2 * sum2;
}

static double fwhm_to_sigma(double fwhm_pix)
{
    return fwhm_pix / (2.0 * sqrt(2.0 * log(2.0)));
}

static int kernel_reach(int npix, double sig)
{
    return (int)fmin(npix - 1, ceil(8.0 * sig));
}

double lg_smoothing_norm2(int npix, double fwhm_pix)
{
    const double sig = fwhm_to_sigma(fwhm_pix);
    const int reach = kernel_reach(npix, sig), p = lg_fft_size(npix + reach);
    double *k = malloc(sizeof(double) * (size_t)p);
    if (!k)
        return NAN;
    double norm2 = kernel_1d(sig, reach, p, k);
    free(k);
    return norm2;
}

lg_smoother *lg_smoother_create(int npix, double fwhm_pix, int n_threads)
{
    lg_smoother *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    const double sig = fwhm_to_sigma(fwhm_pix);
    const int n = npix, reach = kernel_reach(n, sig);
    const int p = lg_fft_size(n + reach), pc = p / 2 + 1;
    s->n = n;
    s->p = p;
    s->n_threads = n_threads;
    s->kernel_k = fftwf_alloc_complex((size_t)pc);
    int ok = s->kernel_k != NULL;
    ok = ok && alloc_per_thread(n_threads, sizeof(float) * (size_t)n * p, (void ***)&s->real_buf);
    ok = ok && alloc_per_thread(n_threads, sizeof(fftwf_complex) * (size_t)n * pc,
                                (void ***)&s->cplx_buf);
    ok = ok && alloc_per_thread(n_threads, sizeof(float) * (size_t)n * n, (void ***)&s->line_buf);
    /* the kernel transform below uses real_buf[0] as p x n */
    if (!ok) {
        lg_smoother_free(s);
        return NULL;
    }
    /* FFTW_ESTIMATE: the plan does not depend on timings, so every rank and every run uses
     * the same algorithm and the results are bitwise reproducible. */
    int len[1] = {p};
    s->fwd = fftwf_plan_many_dft_r2c(1, len, n, s->real_buf[0], NULL, n, 1, s->cplx_buf[0], NULL, n,
                                     1, FFTW_ESTIMATE);
    s->inv = fftwf_plan_many_dft_c2r(1, len, n, s->cplx_buf[0], NULL, n, 1, s->real_buf[0], NULL, n,
                                     1, FFTW_ESTIMATE);
    if (!s->fwd || !s->inv) {
        lg_smoother_free(s);
        return NULL;
    }

    /* 1-D kernel on the padded line, offsets wrapped, unit sum; computed in double. */
    double k[4 * 8192];
    s->norm2 = kernel_1d(sig, reach, p, k);
    /* near an edge part of the kernel falls off the map: dividing by the part inside keeps a
     * smooth map's level there (the sky goes on beyond the map; zero padding would darken a
     * frame of ~2 FWHM by up to 25 % at the edge) */
    s->inv_inside = malloc(sizeof(float) * (size_t)n);
    if (!s->inv_inside) {
        lg_smoother_free(s);
        return NULL;
    }
    for (int i = 0; i < n; ++i) {
        double inside = 0.0;
        for (int j = 0; j < n; ++j)
            inside += abs(i - j) <= reach ? k[abs(i - j)] : 0.0;
        s->inv_inside[i] = (float)(1.0 / inside);
    }
    float *kr = s->real_buf[0];
    memset(kr, 0, sizeof(float) * (size_t)p * n);
    for (int i = 0; i < p; ++i)
        kr[(size_t)i * n] = (float)k[i]; /* column 0 holds the kernel, the others zeros */
    fftwf_execute_dft_r2c(s->fwd, kr, s->cplx_buf[0]);
    for (int i = 0; i < pc; ++i)
        s->kernel_k[i] = s->cplx_buf[0][(size_t)i * n] / (float)p;
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
        if (s->real_buf)
            fftwf_free(s->real_buf[t]);
        if (s->cplx_buf)
            fftwf_free(s->cplx_buf[t]);
        if (s->line_buf)
            fftwf_free(s->line_buf[t]);
    }
    free(s->real_buf);
    free(s->cplx_buf);
    free(s->line_buf);
    free(s->inv_inside);
    if (s->kernel_k)
        fftwf_free(s->kernel_k);
    free(s);
}

/* Convolve every column of map[n][n] with the 1-D kernel, in place. */
static void convolve_columns(lg_smoother *s, int thread, float *map)
{
    const int n = s->n, p = s->p, pc = p / 2 + 1;
    float *r = s->real_buf[thread];
    fftwf_complex *c = s->cplx_buf[thread];
    memcpy(r, map, sizeof(float) * (size_t)n * n);
    memset(r + (size_t)n * n, 0, sizeof(float) * (size_t)(p - n) * n);
    fftwf_execute_dft_r2c(s->fwd, r, c);
    for (int k = 0; k < pc; ++k) {
        const fftwf_complex w = s->kernel_k[k];
        fftwf_complex *row = c + (size_t)k * n;
        for (int j = 0; j < n; ++j)
            row[j] *= w;
    }
    fftwf_execute_dft_c2r(s->inv, c, r);
    memcpy(map, r, sizeof(float) * (size_t)n * n);
}

static void transpose(const float *in, float *out, int n)
{
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i)
            out[(size_t)i * n + j] = in[(size_t)j * n + i];
}

void lg_smooth(lg_smoother *s, int thread, float *map)
{
    float *t = s->line_buf[thread];
    convolve_columns(s, thread, map);
    transpose(map, t, s->n);
    convolve_columns(s, thread, t); /* the rows of map */
    transpose(t, map, s->n);
    const int n = s->n;
    const float *restrict w = s->inv_inside;
    for (int iy = 0; iy < n; ++iy) {
        float *restrict row = map + (size_t)iy * n;
        const float wy = w[iy];
#pragma omp simd
        for (int ix = 0; ix < n; ++ix)
            row[ix] *= wy * w[ix];
    }
}

double lg_smoother_kernel_norm2(const lg_smoother *s)
{
    return s->norm2;
}

int lg_smoothing_line_length(int npix, double fwhm_pix)
{
    return lg_fft_size(npix + kernel_reach(npix, fwhm_to_sigma(fwhm_pix)));
}

int lg_smoothing_tables(int npix, double fwhm_pix, float *kernel_k, float *inv_inside)
{
    lg_smoother *s = lg_smoother_create(npix, fwhm_pix, 1);
    if (!s)
        return -1;
    memcpy(kernel_k, s->kernel_k, sizeof(fftwf_complex) * (size_t)(s->p / 2 + 1));
    memcpy(inv_inside, s->inv_inside, sizeof(float) * (size_t)npix);
    lg_smoother_free(s);
    return 0;
}
