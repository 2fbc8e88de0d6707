/* psf.c: PSF kernels (Gaussian, Moffat, from a file) and their linear convolution by FFT
 * (docs/physics.md §13.1; conventions in psf.h).
 *
 * The map is copied into a p x p array of zeros (p >= npix + size - 1, the next 2^a 3^b 5^c),
 * transformed (FFTW r2c, 2-D, single precision), multiplied by the kernel's transform (the kernel
 * stored with its offsets wrapped around the p x p array, divided by p^2), transformed back
 * (c2r) and the npix x npix corner copied back: the circular convolution of the padded array
 * equals the linear convolution on the map, since an offset of at most R = (size - 1) / 2 never
 * wraps a map pixel onto another (p >= npix + 2R > npix + R). Light moved beyond the map lands in
 * the padding and is dropped. */
#include "psf.h"

#include "smoothing.h" /* lg_fft_size */

#include <complex.h>
#include <errno.h>
#include <fftw3.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "constants.h"
#include "gauss_legendre.h"

#define PSF_EPS_GAUSSIAN 1e-6 /* flux outside the truncation circle */
#define PSF_EPS_MOFFAT 1e-4
#define PSF_GL_NODES 8         /* Gauss-Legendre nodes per axis of a Moffat sub-cell */
#define PSF_MAX_SUBCELLS 32    /* sub-cells per pixel side, at most */
#define PSF_MAX_NPIX 65536     /* map side, at most */
#define PSF_MAX_FILE (1 << 28) /* kernel files above 256 MiB are refused */

struct lg_psf {
    int type;
    int npix;
    int size;       /* kernel side, 2R + 1 */
    double *kernel; /* size * size, unit sum */
    double tail;    /* flux fraction outside the kernel before normalisation */
    int p;          /* padded transform side (0: identity) */
    int n_threads;
    fftwf_plan fwd, inv;
    fftwf_complex *kernel_k;  /* p * (p/2 + 1): the kernel's transform / p^2 */
    float **real_buf;         /* per thread: p * p */
    fftwf_complex **cplx_buf; /* per thread: p * (p/2 + 1) */
};

/* ---- errors ------------------------------------------------------------------------------- */

static void set_err(char *err, size_t err_size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t err_size, const char *fmt, ...)
{
    if (!err || err_size == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_size, fmt, ap);
    va_end(ap);
    for (char *c = err; *c; ++c) /* one line, printable */
        if ((unsigned char)*c < 0x20 || (unsigned char)*c == 0x7f)
            *c = '?';
}

/* ---- sizes -------------------------------------------------------------------------------- */

/* Half-width of the kernel square for a profile whose flux outside the circle of radius
 * r_pix (pixels) is eps: the square of pixels |d| <= R covers |x| <= R + 1/2, so R = ceil(r)
 * holds the circle; capped at npix - 1 (larger offsets never join two map pixels). */
static int reach_for(double r_pix, int npix)
{
    if (!(r_pix < (double)(npix - 1)))
        return npix - 1; /* also for r = inf or nan */
    int r = (int)ceil(r_pix);
    return r < 0 ? 0 : r;
}

/* ---- analytic kernels --------------------------------------------------------------------- */

/* Mean over the pixel [d - 1/2, d + 1/2] of the unit-integral 1-D Gaussian of sigma s pixels;
 * erfc on the far side avoids the cancellation of two erf values near 1. */
static double gauss_pixel_1d(int d, double s)
{
    const double a = fabs((double)d), k = 1.0 / (s * sqrt(2.0));
    if (a == 0.0)
        return erf(0.5 * k);
    return 0.5 * (erfc((a - 0.5) * k) - erfc((a + 0.5) * k));
}

static double gaussian_kernel(double *kern, int R, double sigma)
{
    const int size = 2 * R + 1;
    double *g = malloc(sizeof(double) * (size_t)size);
    double sum1 = 0.0;
    if (!g)
        return NAN;
    for (int d = -R; d <= R; ++d) {
        g[d + R] = gauss_pixel_1d(d, sigma);
        sum1 += g[d + R];
    }
    for (int i = 0; i < size; ++i)
        for (int j = 0; j < size; ++j)
            kern[(size_t)i * size + j] = g[i] * g[j];
    free(g);
    return sum1 * sum1; /* the raw sum, before normalisation */
}

/* Mean of the unit-integral Moffat profile (beta, alpha in pixels) over the pixel centred on
 * (dx, dy): Gauss-Legendre with n x n nodes on each of s x s sub-cells. */
static double moffat_pixel(int dx, int dy, double alpha, double beta, int s, int n, const double *x,
                           const double *w)
{
    const double h = 1.0 / s, inv_a2 = 1.0 / (alpha * alpha);
    double sum = 0.0;
    for (int cy = 0; cy < s; ++cy) {
        const double y0 = dy - 0.5 + (cy + 0.5) * h;
        for (int cx = 0; cx < s; ++cx) {
            const double x0 = dx - 0.5 + (cx + 0.5) * h;
            for (int iy = 0; iy < n; ++iy) {
                const double yy = y0 + 0.5 * h * x[iy];
                double row = 0.0;
                for (int ix = 0; ix < n; ++ix) {
                    const double xx = x0 + 0.5 * h * x[ix];
                    row += w[ix] * exp(-beta * log1p((xx * xx + yy * yy) * inv_a2));
                }
                sum += w[iy] * row;
            }
        }
    }
    /* weights sum to 2 per axis on [-1, 1]: (h/2)^2 per sub-cell node pair, area 1 */
    return sum * 0.25 * h * h * (beta - 1.0) / (LG_PI * alpha * alpha);
}

static double moffat_kernel(double *kern, int R, double alpha, double beta)
{
    const int size = 2 * R + 1, n = PSF_GL_NODES;
    double x[PSF_GL_NODES], w[PSF_GL_NODES];
    if (lg_gauss_legendre(n, x, w) != 0)
        return NAN;
    int s = (int)ceil(2.0 / alpha);
    s = s < 1 ? 1 : s > PSF_MAX_SUBCELLS ? PSF_MAX_SUBCELLS : s;
    double sum = 0.0;
    /* one octant (0 <= dy <= dx), mirrored eightfold */
    for (int dx = 0; dx <= R; ++dx)
        for (int dy = 0; dy <= dx; ++dy) {
            const double v = moffat_pixel(dx, dy, alpha, beta, s, n, x, w);
            const int xs[2] = {dx, -dx}, ys[2] = {dy, -dy};
            for (int a = 0; a < 2; ++a)
                for (int b = 0; b < 2; ++b) {
                    kern[(size_t)(R + ys[b]) * size + (R + xs[a])] = v;
                    kern[(size_t)(R + xs[a]) * size + (R + ys[b])] = v;
                }
        }
    for (size_t i = 0; i < (size_t)size * size; ++i)
        sum += kern[i];
    return sum;
}

/* ---- kernel files ------------------------------------------------------------------------- */

typedef struct {
    double *v;
    int ny, nx;
} kernel_data;

static int read_file(const char *path, char **buf, size_t *len, char *err, size_t err_size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        set_err(err, err_size, "psf: cannot open kernel file '%s': %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 4096, n = 0;
    char *b = malloc(cap + 1);
    while (b) {
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        if (cap >= PSF_MAX_FILE) {
            free(b);
            fclose(f);
            set_err(err, err_size,
                    "psf: kernel file '%s' is larger than %d MiB; a PSF kernel "
                    "must be smaller",
                    path, PSF_MAX_FILE >> 20);
            return -1;
        }
        cap *= 2;
        char *nb = realloc(b, cap + 1);
        if (!nb) {
            free(b);
            b = NULL;
        } else {
            b = nb;
        }
    }
    const int bad = ferror(f);
    fclose(f);
    if (!b) {
        set_err(err, err_size, "psf: out of memory reading kernel file '%s'", path);
        return -1;
    }
    if (bad) {
        free(b);
        set_err(err, err_size, "psf: cannot read kernel file '%s'", path);
        return -1;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return 0;
}

/* Text: one row per line, values separated by blanks, tabs or commas; '#' starts a comment to
 * the end of its line; lines without values are skipped. */
static int parse_text(const char *path, char *text, size_t len, kernel_data *k, char *err,
                      size_t err_size)
{
    size_t cap = 256, n = 0;
    double *v = malloc(sizeof(double) * cap);
    int ny = 0, nx = -1, line_no = 0;
    char *p = text, *end = text + len;
    if (memchr(text, '\0', len)) {
        free(v);
        set_err(err, err_size,
                "psf: kernel file '%s' holds a NUL byte; a text kernel (rows of "
                "numbers) or a .npy file is expected",
                path);
        return -1;
    }
    while (v && p < end) {
        char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        *eol = '\0';
        ++line_no;
        char *q = p;
        while (*q == ' ' || *q == '\t' || *q == '\r' || *q == ',')
            ++q;
        int cols = 0;
        if (*q != '\0' && *q != '#') {
            while (*q && *q != '#') { /* '#' starts a comment to the end of the line */
                char *after;
                double x = strtod(q, &after);
                if (after == q) {
                    set_err(err, err_size,
                            "psf: kernel file '%s' line %d: '%.20s' is not a "
                            "number; rows of numbers separated by blanks are expected",
                            path, line_no, q);
                    free(v);
                    return -1;
                }
                if (!isfinite(x)) {
                    set_err(err, err_size,
                            "psf: kernel file '%s' line %d, column %d is %g; "
                            "every value must be finite",
                            path, line_no, cols + 1, x);
                    free(v);
                    return -1;
                }
                if (n == cap) {
                    cap *= 2;
                    double *nv = realloc(v, sizeof(double) * cap);
                    if (!nv) {
                        free(v);
                        v = NULL;
                        break;
                    }
                    v = nv;
                }
                v[n++] = x;
                ++cols;
                q = after;
                while (*q == ' ' || *q == '\t' || *q == '\r' || *q == ',')
                    ++q;
            }
            if (!v)
                break;
            if (nx < 0)
                nx = cols;
            else if (cols != nx) {
                set_err(err, err_size,
                        "psf: kernel file '%s' line %d has %d values, the first "
                        "row %d; every row must have the same number",
                        path, line_no, cols, nx);
                free(v);
                return -1;
            }
            ++ny;
        }
        p = eol + 1;
    }
    if (!v) {
        set_err(err, err_size, "psf: out of memory reading kernel file '%s'", path);
        return -1;
    }
    if (ny == 0) {
        free(v);
        set_err(err, err_size,
                "psf: kernel file '%s' holds no values; rows of numbers are "
                "expected",
                path);
        return -1;
    }
    k->v = v;
    k->ny = ny;
    k->nx = nx;
    return 0;
}

/* The value of key `key` in a NumPy header dictionary: a pointer just past "'key':" and blanks,
 * or NULL. */
static const char *npy_value(const char *h, const char *key)
{
    char pat[32];
    for (int q = 0; q < 2; ++q) {
        snprintf(pat, sizeof pat, q ? "\"%s\"" : "'%s'", key);
        const char *s = strstr(h, pat);
        if (!s)
            continue;
        s += strlen(pat);
        while (*s == ' ')
            ++s;
        if (*s != ':')
            return NULL;
        ++s;
        while (*s == ' ')
            ++s;
        return s;
    }
    return NULL;
}

static uint64_t le_bytes(const unsigned char *b, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i)
        v = v << 8 | b[i];
    return v;
}

/* NumPy .npy (format 1.0, 2.0, 3.0): magic "\x93NUMPY", major, minor, header length (2 bytes
 * for 1.x, 4 for 2.x and 3.x, little-endian), then an ASCII (3.x: UTF-8) Python dict literal
 * {'descr': '<f8', 'fortran_order': False, 'shape': (ny, nx), } padded with blanks, then the
 * data. Accepted: descr '<f4' or '<f8' (little-endian float32 or float64), fortran_order False,
 * a 2-D shape, data exactly ny * nx items. */
static int parse_npy(const char *path, const unsigned char *b, size_t len, kernel_data *k,
                     char *err, size_t err_size)
{
    if (len < 10 || memcmp(b, "\x93NUMPY", 6) != 0) {
        set_err(err, err_size,
                "psf: kernel file '%s' is not a NumPy .npy file (no \\x93NUMPY "
                "magic)",
                path);
        return -1;
    }
    const int major = b[6];
    if (major < 1 || major > 3) {
        set_err(err, err_size,
                "psf: kernel file '%s': .npy format version %d.%d; versions 1 to "
                "3 are read",
                path, major, b[7]);
        return -1;
    }
    const size_t hl_bytes = major == 1 ? 2 : 4, h0 = 8 + hl_bytes;
    if (len < h0) {
        set_err(err, err_size, "psf: kernel file '%s' is a truncated .npy file", path);
        return -1;
    }
    const size_t hlen = (size_t)le_bytes(b + 8, (int)hl_bytes);
    if (hlen > len - h0) {
        set_err(err, err_size,
                "psf: kernel file '%s' is a truncated .npy file (header of %zu "
                "bytes, file of %zu)",
                path, hlen, len);
        return -1;
    }
    char *h = malloc(hlen + 1);
    if (!h) {
        set_err(err, err_size, "psf: out of memory reading kernel file '%s'", path);
        return -1;
    }
    memcpy(h, b + h0, hlen);
    h[hlen] = '\0';
    int ok = 0, item = 0;
    long long ny = -1, nx = -1;
    const char *d = npy_value(h, "descr"), *fo = npy_value(h, "fortran_order"),
               *sh = npy_value(h, "shape");
    if (!d || !fo || !sh) {
        set_err(err, err_size,
                "psf: kernel file '%s': the .npy header lacks descr, "
                "fortran_order or shape",
                path);
    } else if ((d[0] != '\'' && d[0] != '"') ||
               (strncmp(d + 1, "<f4", 3) != 0 && strncmp(d + 1, "<f8", 3) != 0) || d[4] != d[0]) {
        set_err(err, err_size,
                "psf: kernel file '%s': dtype %.*s; '<f4' or '<f8' (little-endian "
                "float32 or float64) is required",
                path, (int)strcspn(d, ",}"), d);
    } else if (strncmp(fo, "False", 5) != 0) {
        set_err(err, err_size,
                "psf: kernel file '%s' is in Fortran order; C order is required "
                "(numpy.ascontiguousarray)",
                path);
    } else {
        item = d[3] == '4' ? 4 : 8;
        int used = 0;
        if (sscanf(sh, "(%lld ,%lld )%n", &ny, &nx, &used) == 2 && used > 0 && ny > 0 && nx > 0)
            ok = 1;
        else
            set_err(err, err_size,
                    "psf: kernel file '%s': shape %.*s; a 2-D array of at least "
                    "1 x 1 is required",
                    path, (int)strcspn(sh, ")") + (sh[strcspn(sh, ")")] != 0), sh);
    }
    free(h);
    if (!ok)
        return -1;
    const size_t data = h0 + hlen;
    if (ny > PSF_MAX_FILE || nx > PSF_MAX_FILE || (size_t)(ny * nx) * (size_t)item != len - data) {
        set_err(err, err_size,
                "psf: kernel file '%s': %zu data bytes for shape (%lld, %lld) of "
                "%d-byte floats; the sizes must match",
                path, len - data, ny, nx, item);
        return -1;
    }
    double *v = malloc(sizeof(double) * (size_t)(ny * nx));
    if (!v) {
        set_err(err, err_size, "psf: out of memory reading kernel file '%s'", path);
        return -1;
    }
    for (size_t i = 0; i < (size_t)(ny * nx); ++i) {
        const uint64_t u = le_bytes(b + data + i * (size_t)item, item);
        if (item == 4) {
            uint32_t u32 = (uint32_t)u;
            float f;
            memcpy(&f, &u32, 4);
            v[i] = f;
        } else {
            memcpy(&v[i], &u, 8);
        }
        if (!isfinite(v[i])) {
            set_err(err, err_size,
                    "psf: kernel file '%s': element [%lld, %lld] is %g; every "
                    "value must be finite",
                    path, (long long)i / nx, (long long)i % nx, v[i]);
            free(v);
            return -1;
        }
    }
    k->v = v;
    k->ny = (int)ny;
    k->nx = (int)nx;
    return 0;
}

static int ends_with(const char *s, const char *suffix)
{
    const size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* The file's kernel, checked, cropped to at most 2 npix - 1 and normalised: its half-width in
 * *R, values in *kern (malloc'd), the cropped fraction in *tail. */
static int file_kernel(const char *path, int npix, int *R, double **kern, double *tail, char *err,
                       size_t err_size)
{
    char *buf;
    size_t len;
    if (read_file(path, &buf, &len, err, err_size) != 0)
        return -1;
    kernel_data k = {0};
    const int rc = ends_with(path, ".npy") || ends_with(path, ".NPY")
                       ? parse_npy(path, (const unsigned char *)buf, len, &k, err, err_size)
                       : parse_text(path, buf, len, &k, err, err_size);
    free(buf);
    if (rc != 0)
        return -1;
    if (k.ny != k.nx || k.ny % 2 == 0) {
        set_err(err, err_size,
                "psf: kernel file '%s' is %d x %d; it must be square with an odd "
                "side (centred on its middle pixel)",
                path, k.ny, k.nx);
        free(k.v);
        return -1;
    }
    double total = 0.0;
    for (size_t i = 0; i < (size_t)k.ny * k.nx; ++i)
        total += k.v[i];
    if (!(total > 0.0) || !isfinite(total)) {
        set_err(err, err_size,
                "psf: kernel file '%s' sums to %g; the sum must be finite and > 0 "
                "(the kernel is normalised to 1)",
                path, total);
        free(k.v);
        return -1;
    }
    const int Rf = (k.ny - 1) / 2, Rc = Rf < npix - 1 ? Rf : npix - 1, size = 2 * Rc + 1;
    double *out = malloc(sizeof(double) * (size_t)size * size), kept = 0.0;
    if (!out) {
        free(k.v);
        set_err(err, err_size, "psf: out of memory for the kernel of '%s'", path);
        return -1;
    }
    for (int i = 0; i < size; ++i)
        for (int j = 0; j < size; ++j) {
            const double x = k.v[(size_t)(Rf - Rc + i) * k.nx + (Rf - Rc + j)];
            out[(size_t)i * size + j] = x;
            kept += x;
        }
    free(k.v);
    if (!(kept > 0.0)) {
        set_err(err, err_size,
                "psf: kernel file '%s': its central %d x %d pixels (the most a "
                "%d-pixel map can use) sum to %g; the sum must be > 0",
                path, size, size, npix, kept);
        free(out);
        return -1;
    }
    for (size_t i = 0; i < (size_t)size * size; ++i)
        out[i] /= kept;
    *R = Rc;
    *kern = out;
    *tail = 1.0 - kept / total;
    return 0;
}

/* ---- create, apply, free ------------------------------------------------------------------ */

static int alloc_per_thread(int n_threads, size_t bytes, void ***out)
{
    *out = calloc((size_t)n_threads, sizeof(void *));
    if (!*out)
        return 0;
    for (int t = 0; t < n_threads; ++t)
        if (!((*out)[t] = fftwf_malloc(bytes)))
            return 0;
    return 1;
}

static int make_plans(lg_psf *ps, char *err, size_t err_size)
{
    const int p = ps->p, pc = p / 2 + 1, size = ps->size, R = (size - 1) / 2;
    int ok = (ps->kernel_k = fftwf_alloc_complex((size_t)p * pc)) != NULL;
    ok = ok &&
         alloc_per_thread(ps->n_threads, sizeof(float) * (size_t)p * p, (void ***)&ps->real_buf);
    ok = ok && alloc_per_thread(ps->n_threads, sizeof(fftwf_complex) * (size_t)p * pc,
                                (void ***)&ps->cplx_buf);
    if (!ok) {
        set_err(err, err_size, "psf: out of memory for %d threads' %d x %d transforms",
                ps->n_threads, p, p);
        return -1;
    }
    /* FFTW_ESTIMATE: no timing-dependent choice, so every rank and run computes alike; it
     * does not touch the arrays while planning. */
    ps->fwd = fftwf_plan_dft_r2c_2d(p, p, ps->real_buf[0], ps->cplx_buf[0], FFTW_ESTIMATE);
    ps->inv = fftwf_plan_dft_c2r_2d(p, p, ps->cplx_buf[0], ps->real_buf[0], FFTW_ESTIMATE);
    if (!ps->fwd || !ps->inv) {
        set_err(err, err_size, "psf: FFTW could not plan a %d x %d transform", p, p);
        return -1;
    }
    /* the kernel with its offsets wrapped: offset (dy, dx) at ((dy + p) % p, (dx + p) % p) */
    float *kr = ps->real_buf[0];
    memset(kr, 0, sizeof(float) * (size_t)p * p);
    for (int dy = -R; dy <= R; ++dy)
        for (int dx = -R; dx <= R; ++dx)
            kr[(size_t)((dy + p) % p) * p + (size_t)((dx + p) % p)] =
                (float)ps->kernel[(size_t)(dy + R) * size + (dx + R)];
    fftwf_execute_dft_r2c(ps->fwd, kr, ps->kernel_k);
    const float scale = 1.0f / ((float)p * (float)p);
    for (size_t i = 0; i < (size_t)p * pc; ++i)
        ps->kernel_k[i] *= scale;
    return 0;
}

lg_psf *lg_psf_create(int type, int npix, double pixel_arcsec, double fwhm_arcsec,
                      double moffat_beta, const char *kernel_path, double kernel_pixel_arcsec,
                      int n_threads, char *err, size_t err_size)
{
    if (err && err_size)
        err[0] = '\0';
    if (type < LG_PSF_NONE || type > LG_PSF_PIXEL) {
        set_err(err, err_size,
                "psf: type %d; allowed: none (%d), gaussian (%d), moffat (%d), "
                "pixel (%d)",
                type, LG_PSF_NONE, LG_PSF_GAUSSIAN, LG_PSF_MOFFAT, LG_PSF_PIXEL);
        return NULL;
    }
    if (npix < 1 || npix > PSF_MAX_NPIX) {
        set_err(err, err_size, "psf: map side %d pixels; allowed 1 to %d", npix, PSF_MAX_NPIX);
        return NULL;
    }
    if (!(pixel_arcsec > 0.0) || !isfinite(pixel_arcsec)) {
        set_err(err, err_size, "psf: pixel scale %g arcsec; it must be finite and > 0",
                pixel_arcsec);
        return NULL;
    }
    if (n_threads < 1) {
        set_err(err, err_size, "psf: %d threads; at least 1", n_threads);
        return NULL;
    }
    if ((type == LG_PSF_GAUSSIAN || type == LG_PSF_MOFFAT) &&
        (!(fwhm_arcsec > 0.0) || !isfinite(fwhm_arcsec))) {
        set_err(err, err_size, "psf: fwhm %g arcsec; it must be finite and > 0", fwhm_arcsec);
        return NULL;
    }
    if (type == LG_PSF_MOFFAT && (!(moffat_beta > 1.0) || !isfinite(moffat_beta))) {
        set_err(err, err_size,
                "psf: moffat beta %g; it must be finite and > 1 (the profile's "
                "flux diverges for beta <= 1)",
                moffat_beta);
        return NULL;
    }
    if (type == LG_PSF_PIXEL) {
        if (!kernel_path || !kernel_path[0]) {
            set_err(err, err_size, "psf: type pixel needs a kernel file (.npy or text)");
            return NULL;
        }
        if (!(fabs(kernel_pixel_arcsec - pixel_arcsec) <= 1e-9 * pixel_arcsec)) {
            set_err(err, err_size,
                    "psf: kernel file '%s' has pixels of %.10g arcsec, the map "
                    "%.10g arcsec; they must be equal (kernels are not resampled)",
                    kernel_path, kernel_pixel_arcsec, pixel_arcsec);
            return NULL;
        }
    }
    lg_psf *ps = calloc(1, sizeof *ps);
    if (!ps) {
        set_err(err, err_size, "psf: out of memory");
        return NULL;
    }
    ps->type = type;
    ps->npix = npix;
    ps->n_threads = n_threads;
    int R = 0;
    double raw = 1.0;
    if (type == LG_PSF_NONE) {
        ps->kernel = malloc(sizeof(double));
        if (ps->kernel)
            ps->kernel[0] = 1.0;
    } else if (type == LG_PSF_PIXEL) {
        if (file_kernel(kernel_path, npix, &R, &ps->kernel, &ps->tail, err, err_size) != 0) {
            lg_psf_free(ps);
            return NULL;
        }
    } else {
        const double fwhm = fwhm_arcsec / pixel_arcsec; /* pixels */
        double r_trunc, alpha = 0.0, sigma = 0.0;
        if (type == LG_PSF_GAUSSIAN) {
            sigma = fwhm / (2.0 * sqrt(2.0 * log(2.0)));
            r_trunc = sigma * sqrt(-2.0 * log(PSF_EPS_GAUSSIAN));
        } else {
            alpha = fwhm / (2.0 * sqrt(pow(2.0, 1.0 / moffat_beta) - 1.0));
            /* 1 - [1 + (r/alpha)^2]^(1 - beta) = 1 - eps */
            r_trunc = alpha * sqrt(expm1(log(PSF_EPS_MOFFAT) / (1.0 - moffat_beta)));
        }
        R = reach_for(r_trunc, npix);
        const int size = 2 * R + 1;
        ps->kernel = malloc(sizeof(double) * (size_t)size * size);
        if (ps->kernel) {
            raw = type == LG_PSF_GAUSSIAN ? gaussian_kernel(ps->kernel, R, sigma)
                                          : moffat_kernel(ps->kernel, R, alpha, moffat_beta);
            if (!(raw > 0.0) || !isfinite(raw)) {
                set_err(err, err_size,
                        "psf: the %s kernel (fwhm %g arcsec = %g pixels) has sum "
                        "%g; fwhm or beta out of the computable range",
                        type == LG_PSF_GAUSSIAN ? "gaussian" : "moffat", fwhm_arcsec, fwhm, raw);
                lg_psf_free(ps);
                return NULL;
            }
            for (size_t i = 0; i < (size_t)size * size; ++i)
                ps->kernel[i] /= raw;
            ps->tail = raw < 1.0 ? 1.0 - raw : 0.0;
        }
    }
    if (!ps->kernel) {
        set_err(err, err_size, "psf: out of memory for the kernel");
        lg_psf_free(ps);
        return NULL;
    }
    ps->size = 2 * R + 1;
    if (type != LG_PSF_NONE) {
        ps->p = lg_fft_size(npix + ps->size - 1);
        if (make_plans(ps, err, err_size) != 0) {
            lg_psf_free(ps);
            return NULL;
        }
    }
    return ps;
}

void lg_psf_free(lg_psf *ps)
{
    if (!ps)
        return;
    if (ps->fwd)
        fftwf_destroy_plan(ps->fwd);
    if (ps->inv)
        fftwf_destroy_plan(ps->inv);
    for (int t = 0; t < ps->n_threads; ++t) {
        if (ps->real_buf && ps->real_buf[t])
            fftwf_free(ps->real_buf[t]);
        if (ps->cplx_buf && ps->cplx_buf[t])
            fftwf_free(ps->cplx_buf[t]);
    }
    free(ps->real_buf);
    free(ps->cplx_buf);
    if (ps->kernel_k)
        fftwf_free(ps->kernel_k);
    free(ps->kernel);
    free(ps);
}

void lg_psf_apply(lg_psf *ps, int thread, float *image)
{
    if (ps->type == LG_PSF_NONE)
        return;
    const int n = ps->npix, p = ps->p, pc = p / 2 + 1;
    float *restrict r = ps->real_buf[thread];
    fftwf_complex *restrict c = ps->cplx_buf[thread];
    for (int iy = 0; iy < n; ++iy) {
        memcpy(r + (size_t)iy * p, image + (size_t)iy * n, sizeof(float) * (size_t)n);
        memset(r + (size_t)iy * p + n, 0, sizeof(float) * (size_t)(p - n));
    }
    memset(r + (size_t)n * p, 0, sizeof(float) * (size_t)(p - n) * p);
    fftwf_execute_dft_r2c(ps->fwd, r, c);
    const fftwf_complex *restrict k = ps->kernel_k;
    for (size_t i = 0; i < (size_t)p * pc; ++i)
        c[i] *= k[i];
    fftwf_execute_dft_c2r(ps->inv, c, r);
    for (int iy = 0; iy < n; ++iy)
        memcpy(image + (size_t)iy * n, r + (size_t)iy * p, sizeof(float) * (size_t)n);
}

int lg_psf_size(const lg_psf *ps)
{
    return ps->size;
}

const double *lg_psf_kernel(const lg_psf *ps)
{
    return ps->kernel;
}

double lg_psf_tail_fraction(const lg_psf *ps)
{
    return ps->tail;
}

int lg_psf_fft_size(const lg_psf *ps)
{
    return ps->p;
}
