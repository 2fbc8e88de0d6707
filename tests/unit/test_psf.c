/* test_psf.c: PSF kernels and their convolution (psf.c, docs/physics.md §13.1) against
 * analytic properties: unit sum and symmetry, the pixel-integrated Gaussian's second moment
 * sigma^2 + 1/12, the FWHM recovered from the pixel values by an independent integration of the
 * profile (defined here by its half maximum, not by psf.c's formulas), a point source
 * reproducing the kernel, flux conservation, light lost at the edges with nothing wrapping
 * around, kernels read from .npy and text files, and the messages for bad input. */
#include <dirent.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <math.h>

#include "psf.h"

#define FWHM_TO_SIGMA 0.42466090014400953 /* 1 / (2 sqrt(2 ln 2)) */

static char tmpdir[64];

static int setup_dir(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/lg_test_psf_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    DIR *d = opendir(tmpdir);
    if (!d)
        return -1;
    for (struct dirent *e; (e = readdir(d));) {
        char path[512];
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
        remove(path);
    }
    closedir(d);
    return rmdir(tmpdir);
}

static lg_psf *make(int type, int npix, double fwhm_px, double beta)
{
    char err[512];
    lg_psf *p = lg_psf_create(type, npix, 0.1, 0.1 * fwhm_px, beta, NULL, 0.0, 2, err, sizeof err);
    if (!p)
        printf("unexpected error: %s\n", err);
    assert_non_null(p);
    return p;
}

/* ---- profiles defined here by shape and half maximum ------------------------------------- */

typedef struct {
    int moffat;
    double beta;
    double w; /* the width: sigma (Gaussian) or alpha (Moffat), pixels */
} profile;

static double shape(const profile *pr, double r2) /* unnormalised, 1 at the centre */
{
    const double u = r2 / (pr->w * pr->w);
    return pr->moffat ? pow(1.0 + u, -pr->beta) : exp(-0.5 * u);
}

/* The width whose profile falls to half its peak at r = fwhm / 2 (bisection on the shape, so it
 * does not rely on the closed forms psf.c uses). */
static profile profile_for(int moffat, double beta, double fwhm)
{
    profile pr = {moffat, beta, 1.0};
    double lo = 1e-3 * fwhm, hi = 1e3 * fwhm;
    for (int it = 0; it < 200; ++it) {
        pr.w = sqrt(lo * hi);
        if (shape(&pr, 0.25 * fwhm * fwhm) > 0.5)
            hi = pr.w; /* too wide */
        else
            lo = pr.w;
    }
    return pr;
}

/* Mean of the shape over pixel (dx, dy): 40 x 40 sub-cells with the 3-point Gauss-Legendre
 * rule (another rule and subdivision than psf.c's). */
static double pixel_mean(const profile *pr, int dx, int dy)
{
    static const double x3[3] = {-0.7745966692414834, 0.0, 0.7745966692414834};
    static const double w3[3] = {5.0 / 9.0, 8.0 / 9.0, 5.0 / 9.0};
    const int m = 40;
    const double h = 1.0 / m;
    double s = 0.0;
    for (int i = 0; i < m; ++i)
        for (int j = 0; j < m; ++j)
            for (int a = 0; a < 3; ++a)
                for (int b = 0; b < 3; ++b) {
                    const double y = dy - 0.5 + (i + 0.5 + 0.5 * x3[a]) * h;
                    const double x = dx - 0.5 + (j + 0.5 + 0.5 * x3[b]) * h;
                    s += w3[a] * w3[b] * shape(pr, x * x + y * y);
                }
    return s * 0.25 * h * h;
}

static double kval(const lg_psf *p, int dx, int dy)
{
    const int n = lg_psf_size(p), R = (n - 1) / 2;
    return lg_psf_kernel(p)[(size_t)(R + dy) * n + (R + dx)];
}

/* ---- kernels ---------------------------------------------------------------------------- */

/* Unit sum, odd size, the 8 symmetries of a circular profile, truncation within its bound. */
static void test_kernel_sum_and_symmetry(void **state)
{
    (void)state;
    const struct {
        int type;
        double fwhm, beta, eps;
    } cases[] = {{LG_PSF_GAUSSIAN, 1.0, 0, 1e-6}, {LG_PSF_GAUSSIAN, 2.5, 0, 1e-6},
                 {LG_PSF_GAUSSIAN, 7.0, 0, 1e-6}, {LG_PSF_MOFFAT, 0.5, 3.0, 1e-4},
                 {LG_PSF_MOFFAT, 2.0, 2.5, 1e-4}, {LG_PSF_MOFFAT, 3.65, 4.765, 1e-4},
                 {LG_PSF_MOFFAT, 4.0, 1.5, 0.5}}; /* beta 1.5: the 64-pixel cap cuts the tail */
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; ++c) {
        lg_psf *p = make(cases[c].type, 64, cases[c].fwhm, cases[c].beta);
        const int n = lg_psf_size(p), R = (n - 1) / 2;
        const double *k = lg_psf_kernel(p);
        double sum = 0.0, asym = 0.0;
        for (int dy = -R; dy <= R; ++dy)
            for (int dx = -R; dx <= R; ++dx) {
                const double v = kval(p, dx, dy);
                sum += v;
                asym = fmax(asym, fabs(v - kval(p, -dx, dy)));
                asym = fmax(asym, fabs(v - kval(p, dx, -dy)));
                asym = fmax(asym, fabs(v - kval(p, dy, dx)));
            }
        printf("type %d fwhm %.2f px beta %.3f: size %d, sum - 1 = %.2g, tail %.3g, max asym "
               "%.2g, fft %d\n",
               cases[c].type, cases[c].fwhm, cases[c].beta, n, sum - 1.0, lg_psf_tail_fraction(p),
               asym, lg_psf_fft_size(p));
        assert_true(n % 2 == 1 && n <= 2 * 64 - 1);
        assert_true(fabs(sum - 1.0) < 1e-13);
        assert_true(asym == 0.0 || asym < 1e-15 * k[(size_t)R * n + R]);
        assert_true(lg_psf_tail_fraction(p) >= 0.0 && lg_psf_tail_fraction(p) <= cases[c].eps);
        assert_true(lg_psf_fft_size(p) >= 64 + n - 1);
        lg_psf_free(p);
    }
    /* beta = 1.5 falls as r^-3: the circle holding all but 1e-4 is ~2e4 alpha, so the kernel
     * is capped at 2 * 64 - 1 pixels and the tail beyond (1 - enclosed(63.5 px) ~ 3 %) noted */
    lg_psf *p = make(LG_PSF_MOFFAT, 64, 4.0, 1.5);
    assert_int_equal(lg_psf_size(p), 127);
    assert_true(lg_psf_tail_fraction(p) > 0.01 && lg_psf_tail_fraction(p) < 0.05);
    lg_psf_free(p);
    /* none: the identity */
    char err[256];
    p = lg_psf_create(LG_PSF_NONE, 16, 0.1, 0.0, 0.0, NULL, 0.0, 1, err, sizeof err);
    assert_non_null(p);
    assert_int_equal(lg_psf_size(p), 1);
    assert_true(lg_psf_kernel(p)[0] == 1.0);
    float img[256];
    for (int i = 0; i < 256; ++i)
        img[i] = (float)i;
    lg_psf_apply(p, 0, img);
    for (int i = 0; i < 256; ++i)
        assert_true(img[i] == (float)i);
    lg_psf_free(p);
}

/* Pixel integration of a Gaussian of sigma s pixels adds the box's variance 1/12:
 * sum dx^2 K = s^2 + 1/12 (Sheppard; the discrete sampling's error is ~exp(-2 pi^2 s^2), 3e-9
 * for s = 1), the truncation at 1 - 1e-6 of the flux misses < 4e-6 of it (the 1-D tail beyond
 * 5.26 s, weighted by r^2). Tolerance 1e-5 relative; without pixel integration the moment would
 * be s^2 (8 % low at s = 1). Also mean 0 and no x-y correlation. */
static void test_gaussian_second_moment(void **state)
{
    (void)state;
    const double sigmas[] = {1.0, 1.5, 3.0, 6.0};
    for (size_t c = 0; c < sizeof sigmas / sizeof sigmas[0]; ++c) {
        const double s = sigmas[c];
        lg_psf *p = make(LG_PSF_GAUSSIAN, 128, s / FWHM_TO_SIGMA, 0.0);
        const int n = lg_psf_size(p), R = (n - 1) / 2;
        double mx = 0, mxx = 0, myy = 0, mxy = 0;
        for (int dy = -R; dy <= R; ++dy)
            for (int dx = -R; dx <= R; ++dx) {
                const double v = kval(p, dx, dy);
                mx += dx * v;
                mxx += dx * dx * v;
                myy += dy * dy * v;
                mxy += dx * dy * v;
            }
        const double want = s * s + 1.0 / 12.0;
        printf("gaussian sigma %.1f px: <dx^2> %.9f <dy^2> %.9f, s^2 + 1/12 = %.9f (rel %.2g)\n", s,
               mxx, myy, want, mxx / want - 1.0);
        assert_true(fabs(mxx / want - 1.0) < 1e-5);
        assert_true(fabs(myy / want - 1.0) < 1e-5);
        assert_true(fabs(mx) < 1e-12 && fabs(mxy) < 1e-12);
        lg_psf_free(p);
    }
}

/* The FWHM recovered from the kernel: for each offset d = 1, 2, 3 along a row, the FWHM whose
 * profile (defined here by its half maximum, integrated over pixels here) gives the kernel's
 * ratio K(d, 0) / K(0, 0) (monotonic in the FWHM; bisection). Each must equal the FWHM asked for
 * to 1e-6 relative. Also the Moffat pixel quadrature: every ratio K(dx, dy) / K(0, 0) for
 * |dx|, |dy| <= 3 against this file's integration to 1e-11 (psf.h's stated accuracy), including
 * a narrow Moffat (FWHM 0.5 px, where psf.c subdivides pixels). */
static void test_fwhm_from_pixels(void **state)
{
    (void)state;
    const struct {
        int moffat;
        double fwhm, beta;
    } cases[] = {{0, 1.0, 0},   {0, 2.3, 0},      {0, 5.0, 0},  {1, 0.5, 3.0},
                 {1, 1.2, 2.5}, {1, 3.65, 4.765}, {1, 6.0, 1.8}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; ++c) {
        const double f0 = cases[c].fwhm, beta = cases[c].beta;
        lg_psf *p = make(cases[c].moffat ? LG_PSF_MOFFAT : LG_PSF_GAUSSIAN, 64, f0, beta);
        double worst = 0.0;
        for (int d = 1; d <= 3; ++d) {
            const double target = kval(p, d, 0) / kval(p, 0, 0);
            double lo = 0.5 * f0, hi = 2.0 * f0;
            for (int it = 0; it < 60; ++it) {
                const double mid = 0.5 * (lo + hi);
                const profile pr = profile_for(cases[c].moffat, beta, mid);
                if (pixel_mean(&pr, d, 0) / pixel_mean(&pr, 0, 0) < target)
                    lo = mid; /* a wider profile has a larger ratio */
                else
                    hi = mid;
            }
            const double got = 0.5 * (lo + hi);
            printf("%s fwhm %.3f px (beta %.3f): from K(%d,0)/K(0,0) %.9f px (rel %.2g)\n",
                   cases[c].moffat ? "moffat" : "gaussian", f0, beta, d, got, got / f0 - 1.0);
            assert_true(fabs(got / f0 - 1.0) < 1e-6);
        }
        const profile pr = profile_for(cases[c].moffat, beta, f0);
        const double m0 = pixel_mean(&pr, 0, 0);
        for (int dy = -3; dy <= 3; ++dy)
            for (int dx = -3; dx <= 3; ++dx)
                worst = fmax(worst,
                             fabs(kval(p, dx, dy) / kval(p, 0, 0) - pixel_mean(&pr, dx, dy) / m0));
        printf("  pixel values against this file's integration: max |ratio diff| %.2g\n", worst);
        assert_true(worst < 1e-11);
        lg_psf_free(p);
    }
}

/* ---- convolution ------------------------------------------------------------------------ */

/* A unit point source: the output is the kernel centred on it, every other pixel 0, to float
 * rounding of the transforms (2e-7 absolute: about 3 float epsilons of the unit input). Even
 * and odd maps, centred and off-centre sources, Gaussian, Moffat and one whose kernel nearly
 * spans the map. */
static void test_point_source_gives_kernel(void **state)
{
    (void)state;
    const struct {
        int type, npix, cx, cy;
        double fwhm, beta;
    } cases[] = {{LG_PSF_GAUSSIAN, 64, 32, 32, 3.0, 0},
                 {LG_PSF_MOFFAT, 64, 32, 32, 3.0, 3.5},
                 {LG_PSF_MOFFAT, 45, 22, 22, 2.0, 2.5},
                 {LG_PSF_GAUSSIAN, 45, 17, 30, 1.3, 0},
                 {LG_PSF_GAUSSIAN, 32, 16, 16, 12.0, 0}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; ++c) {
        const int n = cases[c].npix;
        lg_psf *p = make(cases[c].type, n, cases[c].fwhm, cases[c].beta);
        const int R = (lg_psf_size(p) - 1) / 2;
        float *img = calloc((size_t)n * n, sizeof(float));
        assert_non_null(img);
        img[cases[c].cy * n + cases[c].cx] = 1.0f;
        lg_psf_apply(p, 1, img);
        double worst_in = 0.0, worst_out = 0.0;
        for (int iy = 0; iy < n; ++iy)
            for (int ix = 0; ix < n; ++ix) {
                const int dx = ix - cases[c].cx, dy = iy - cases[c].cy;
                const double want = abs(dx) <= R && abs(dy) <= R ? kval(p, dx, dy) : 0.0;
                const double e = fabs(img[iy * n + ix] - want);
                if (want != 0.0)
                    worst_in = fmax(worst_in, e);
                else
                    worst_out = fmax(worst_out, e);
            }
        printf("point source, npix %d, kernel %d, fft %d: max error %.2g on the kernel, %.2g "
               "elsewhere\n",
               n, 2 * R + 1, lg_psf_fft_size(p), worst_in, worst_out);
        assert_true(worst_in < 2e-7 && worst_out < 2e-7);
        free(img);
        lg_psf_free(p);
    }
}

/* A Gaussian blob (sigma 2 px) at the centre of a 64^2 map: its light and the kernel's reach
 * stay > 8 px inside the map, so the sum is conserved; to 1e-6 relative (float transforms,
 * sums in double). */
static void test_flux_conserved(void **state)
{
    (void)state;
    const int n = 64;
    const int types[2] = {LG_PSF_GAUSSIAN, LG_PSF_MOFFAT};
    for (int t = 0; t < 2; ++t) {
        lg_psf *p = make(types[t], n, 3.0, 4.765);
        float *img = malloc(sizeof(float) * n * n);
        assert_non_null(img);
        double before = 0.0, after = 0.0;
        for (int iy = 0; iy < n; ++iy)
            for (int ix = 0; ix < n; ++ix) {
                const double r2 = (ix - 31.3) * (ix - 31.3) + (iy - 32.6) * (iy - 32.6);
                img[iy * n + ix] = (float)(100.0 * exp(-r2 / 8.0));
                before += img[iy * n + ix];
            }
        lg_psf_apply(p, 0, img);
        for (int i = 0; i < n * n; ++i)
            after += img[i];
        printf("flux (type %d, kernel %d): before %.9g after %.9g, rel %.2g\n", types[t],
               lg_psf_size(p), before, after, after / before - 1.0);
        assert_true(fabs(after / before - 1.0) < 1e-6);
        free(img);
        lg_psf_free(p);
    }
}

/* A point source on the left edge loses the kernel's left columns, one in the corner three
 * quarters; nothing wraps around: with a kernel reaching 27 px on a 32 px map (FWHM 12 px),
 * columns (or rows) 28 to 31 away from the source stay 0 (float rounding). */
static void test_edge_loses_flux(void **state)
{
    (void)state;
    const int n = 32;
    lg_psf *p = make(LG_PSF_GAUSSIAN, n, 12.0, 0.0);
    const int R = (lg_psf_size(p) - 1) / 2;
    assert_int_equal(R, 27);
    const int src[2][2] = {{0, 16}, {0, 0}}; /* (x, y) */
    for (int s = 0; s < 2; ++s) {
        const int sx = src[s][0], sy = src[s][1];
        float *img = calloc((size_t)n * n, sizeof(float));
        assert_non_null(img);
        img[sy * n + sx] = 1.0f;
        lg_psf_apply(p, 0, img);
        double sum = 0.0, want = 0.0, far = 0.0;
        for (int iy = 0; iy < n; ++iy)
            for (int ix = 0; ix < n; ++ix) {
                sum += img[iy * n + ix];
                const int dx = ix - sx, dy = iy - sy;
                if (abs(dx) <= R && abs(dy) <= R)
                    want += kval(p, dx, dy);
                if (abs(dx) > R || abs(dy) > R)
                    far = fmax(far, fabs(img[iy * n + ix]));
            }
        printf("source at (%d, %d): flux kept %.7f (kernel inside the map %.7f), max beyond the "
               "kernel's reach %.2g\n",
               sx, sy, sum, want, far);
        assert_true(fabs(sum - want) < 1e-6);
        assert_true(sum < (s == 0 ? 0.6 : 0.35)); /* about half, a quarter kept */
        assert_true(far < 1e-7);
        free(img);
    }
    lg_psf_free(p);
}

/* Two threads convolving different maps at once give what one thread gives. */
typedef struct {
    lg_psf *p;
    int thread;
    float *img;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    for (int rep = 0; rep < 20; ++rep)
        lg_psf_apply(j->p, j->thread, j->img + (size_t)rep * 48 * 48);
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    const int n = 48, reps = 20;
    lg_psf *p = make(LG_PSF_MOFFAT, n, 2.5, 3.0);
    float *a = malloc(sizeof(float) * n * n * reps * 2), *ref = malloc(sizeof(float) * n * n);
    assert_non_null(a);
    assert_non_null(ref);
    for (int i = 0; i < n * n * reps * 2; ++i)
        a[i] = (float)((i * 7919) % 1013) / 1013.0f;
    job jobs[2] = {{p, 0, a}, {p, 1, a + (size_t)n * n * reps}};
    pthread_t th[2];
    for (int t = 0; t < 2; ++t)
        assert_int_equal(pthread_create(&th[t], NULL, run_job, &jobs[t]), 0);
    for (int t = 0; t < 2; ++t)
        pthread_join(th[t], NULL);
    for (int m = 0; m < 2 * reps; ++m) {
        for (int i = 0; i < n * n; ++i)
            ref[i] = (float)(((m * n * n + i) * 7919) % 1013) / 1013.0f;
        lg_psf_apply(p, 0, ref);
        assert_memory_equal(ref, a + (size_t)m * n * n, sizeof(float) * n * n);
    }
    free(a);
    free(ref);
    lg_psf_free(p);
}

/* ---- kernel files ----------------------------------------------------------------------- */

static void path_of(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
}

/* A .npy file of version 1.0 with the given descr and shape text and raw data bytes. */
static void write_npy(const char *path, const char *descr, const char *fortran, const char *shape,
                      const void *data, size_t bytes)
{
    char dict[256];
    int len = snprintf(dict, sizeof dict, "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }",
                       descr, fortran, shape);
    const int total = ((10 + len + 1 + 63) / 64) * 64, hlen = total - 10;
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    const unsigned char head[10] = {0x93,
                                    'N',
                                    'U',
                                    'M',
                                    'P',
                                    'Y',
                                    1,
                                    0,
                                    (unsigned char)(hlen & 0xff),
                                    (unsigned char)(hlen >> 8)};
    fwrite(head, 1, 10, f);
    fwrite(dict, 1, (size_t)len, f);
    for (int i = len; i < hlen - 1; ++i)
        fputc(' ', f);
    fputc('\n', f);
    fwrite(data, 1, bytes, f);
    fclose(f);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static lg_psf *from_file(const char *path, int npix, char *err, size_t err_size)
{
    return lg_psf_create(LG_PSF_PIXEL, npix, 0.05, 0.0, 0.0, path, 0.05, 1, err, err_size);
}

/* The kernel read from float64 and float32 .npy files and from a text file equals what was
 * written divided by its sum (exactly representable values: to 1 ulp of the division); a
 * kernel larger than 2 npix - 1 is cropped about its centre and renormalised. A file kernel
 * convolves like any other: a point source reproduces it. */
static void test_kernel_files(void **state)
{
    (void)state;
    char path[128], err[512];
    double v[25];
    float vf[25];
    double sum = 0.0;
    for (int i = 0; i < 25; ++i) {
        const int dy = i / 5 - 2, dx = i % 5 - 2;
        v[i] = 1.0 / (1.0 + dx * dx + 2 * dy * dy) + (i == 3 ? -0.0625 : 0.0); /* asymmetric */
        v[i] = (double)(float)v[i];
        vf[i] = (float)v[i];
        sum += v[i];
    }
    const char *names[3] = {"k64.npy", "k32.npy", "k.txt"};
    path_of(path, sizeof path, names[0]);
    write_npy(path, "<f8", "False", "(5, 5)", v, sizeof v);
    path_of(path, sizeof path, names[1]);
    write_npy(path, "<f4", "False", "(5,5)", vf, sizeof vf);
    char text[2048] = "# a 5 x 5 kernel\n\n";
    for (int i = 0; i < 25; ++i) {
        char num[40];
        snprintf(num, sizeof num, "%.17g%s", v[i],
                 i % 5 == 4 ? (i == 9 ? " # row 2\n" : "\n") : (i % 2 ? ", " : " \t "));
        strcat(text, num);
    }
    path_of(path, sizeof path, names[2]);
    write_text(path, text);
    for (int f = 0; f < 3; ++f) {
        path_of(path, sizeof path, names[f]);
        lg_psf *p = from_file(path, 16, err, sizeof err);
        if (!p)
            printf("%s\n", err);
        assert_non_null(p);
        assert_int_equal(lg_psf_size(p), 5);
        double worst = 0.0;
        for (int i = 0; i < 25; ++i)
            worst = fmax(worst, fabs(lg_psf_kernel(p)[i] - v[i] / sum));
        printf("%s: max |kernel - written / sum| = %.2g\n", names[f], worst);
        assert_true(worst <= 1e-16);
        assert_true(lg_psf_tail_fraction(p) == 0.0);
        float img[256] = {0};
        img[8 * 16 + 8] = 1.0f;
        lg_psf_apply(p, 0, img);
        for (int i = 0; i < 25; ++i)
            assert_true(fabs(img[(8 + i / 5 - 2) * 16 + 8 + i % 5 - 2] - v[i] / sum) < 1e-6);
        lg_psf_free(p);
    }
    /* a 2-pixel map uses at most 3 x 3 of the kernel: the centre, renormalised */
    path_of(path, sizeof path, names[0]);
    lg_psf *p = from_file(path, 2, err, sizeof err);
    assert_non_null(p);
    assert_int_equal(lg_psf_size(p), 3);
    double inner = 0.0;
    for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx)
            inner += v[(dy + 2) * 5 + dx + 2];
    assert_true(fabs(kval(p, 1, -1) - v[1 * 5 + 3] / inner) < 1e-16);
    assert_true(fabs(lg_psf_tail_fraction(p) - (1.0 - inner / sum)) < 1e-15);
    lg_psf_free(p);
}

/* Each bad input gives NULL and one line naming the file or value and what is allowed. */
static void expect_error(lg_psf *p, const char *err, const char *must1, const char *must2)
{
    printf("  -> %s\n", err);
    assert_null(p);
    assert_non_null(strstr(err, must1));
    if (must2)
        assert_non_null(strstr(err, must2));
    assert_null(strchr(err, '\n'));
}

static void test_bad_input(void **state)
{
    (void)state;
    char path[128], err[512];
    const double zeros[9] = {0}, nan9[9] = {1, 1, 1, 1, NAN, 1, 1, 1, 1};
    const double even[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    const struct {
        const char *name, *text;
        const void *npy;
        size_t bytes;
        const char *descr, *fortran, *shape, *must;
    } files[] = {
        {"even.txt", "1 1 1 1\n1 2 2 1\n1 2 2 1\n1 1 1 1\n", NULL, 0, 0, 0, 0, "odd"},
        {"even.npy", NULL, even, sizeof even, "<f8", "False", "(4, 4)", "odd"},
        {"rect.txt", "1 1 1\n1 1 1\n1 1 1\n1 1 1\n1 1 1\n", NULL, 0, 0, 0, 0, "square"},
        {"zero.txt", "0 0 0\n0 0 0\n0 0 0\n", NULL, 0, 0, 0, 0, "sum"},
        {"negative.txt", "0 -1 0\n-1 1 -1\n0 -1 0\n", NULL, 0, 0, 0, 0, "sum"},
        {"zero.npy", NULL, zeros, sizeof zeros, "<f8", "False", "(3, 3)", "sum"},
        {"nan.txt", "1 1 1\n1 nan 1\n1 1 1\n", NULL, 0, 0, 0, 0, "finite"},
        {"inf.txt", "1 1 1\n1 inf 1\n1 1 1\n", NULL, 0, 0, 0, 0, "finite"},
        {"nan.npy", NULL, nan9, sizeof nan9, "<f8", "False", "(3, 3)", "finite"},
        {"ragged.txt", "1 1 1\n1 1\n1 1 1\n", NULL, 0, 0, 0, 0, "same number"},
        {"word.txt", "1 1 1\n1 x 1\n1 1 1\n", NULL, 0, 0, 0, 0, "not a number"},
        {"empty.txt", "# nothing\n\n", NULL, 0, 0, 0, 0, "no values"},
        {"big_endian.npy", NULL, zeros, sizeof zeros, ">f8", "False", "(3, 3)", "<f8"},
        {"int.npy", NULL, zeros, sizeof zeros, "<i8", "False", "(3, 3)", "<f4"},
        {"fortran.npy", NULL, zeros, sizeof zeros, "<f8", "True", "(3, 3)", "C order"},
        {"one_d.npy", NULL, zeros, sizeof zeros, "<f8", "False", "(9,)", "2-D"},
        {"short.npy", NULL, zeros, sizeof zeros - 8, "<f8", "False", "(3, 3)", "must match"},
        {"not.npy", "1 1 1\n", NULL, 0, 0, 0, 0, "NUMPY"},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; ++i) {
        path_of(path, sizeof path, files[i].name);
        if (files[i].npy)
            write_npy(path, files[i].descr, files[i].fortran, files[i].shape, files[i].npy,
                      files[i].bytes);
        else
            write_text(path, files[i].text);
        printf("%s:\n", files[i].name);
        expect_error(from_file(path, 32, err, sizeof err), err, files[i].name, files[i].must);
    }
    path_of(path, sizeof path, "missing.npy");
    expect_error(from_file(path, 32, err, sizeof err), err, "missing.npy", "cannot open");
    path_of(path, sizeof path, "k64.npy"); /* written by test_kernel_files */
    expect_error(lg_psf_create(LG_PSF_PIXEL, 32, 0.05, 0, 0, path, 0.1, 1, err, sizeof err), err,
                 "k64.npy", "not resampled");
    expect_error(lg_psf_create(LG_PSF_PIXEL, 32, 0.05, 0, 0, NULL, 0.05, 1, err, sizeof err), err,
                 "kernel file", NULL);
    expect_error(lg_psf_create(LG_PSF_GAUSSIAN, 32, 0.05, 0.0, 0, NULL, 0, 1, err, sizeof err), err,
                 "fwhm 0", "> 0");
    expect_error(lg_psf_create(LG_PSF_GAUSSIAN, 32, 0.05, -1.0, 0, NULL, 0, 1, err, sizeof err),
                 err, "fwhm -1", "> 0");
    expect_error(lg_psf_create(LG_PSF_MOFFAT, 32, 0.05, NAN, 3.0, NULL, 0, 1, err, sizeof err), err,
                 "fwhm nan", "> 0");
    expect_error(lg_psf_create(LG_PSF_MOFFAT, 32, 0.05, 0.2, 1.0, NULL, 0, 1, err, sizeof err), err,
                 "beta 1", "> 1");
    expect_error(lg_psf_create(LG_PSF_MOFFAT, 32, 0.05, 0.2, 0.5, NULL, 0, 1, err, sizeof err), err,
                 "beta 0.5", "> 1");
    expect_error(lg_psf_create(7, 32, 0.05, 0.2, 3, NULL, 0, 1, err, sizeof err), err, "type 7",
                 "moffat");
    expect_error(lg_psf_create(LG_PSF_GAUSSIAN, 0, 0.05, 0.2, 0, NULL, 0, 1, err, sizeof err), err,
                 "map side 0", "allowed");
    expect_error(lg_psf_create(LG_PSF_GAUSSIAN, 32, 0.0, 0.2, 0, NULL, 0, 1, err, sizeof err), err,
                 "pixel scale 0", "> 0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kernel_sum_and_symmetry),
        cmocka_unit_test(test_gaussian_second_moment),
        cmocka_unit_test(test_fwhm_from_pixels),
        cmocka_unit_test(test_point_source_gives_kernel),
        cmocka_unit_test(test_flux_conserved),
        cmocka_unit_test(test_edge_loses_flux),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_kernel_files),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, setup_dir, remove_dir);
}
