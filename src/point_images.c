/* point_images.c: the lens equation for a point source (point_images.h). */
#include "point_images.h"

#include "ray_shoot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Newton converged: |beta(theta) - beta| below this (arcsec). */
#define SOLVE_TOL 1e-8
/* Two solutions nearer than this are one image (arcsec), or nearer than SAME_IMAGE_MU |mu|:
 * a converged solution may lie up to |mu| SOLVE_TOL from the image (before the polishing
 * step), so two copies of a highly magnified image can be ~1e-6 apart. */
#define SAME_IMAGE 1e-6
#define SAME_IMAGE_MU (10.0 * SOLVE_TOL)

typedef struct {
    double x, y, mu, fermat;
} image;

double lg_fermat_potential(const lg_lens_model *m, double x, double y, double bx, double by)
{
    lg_lensq q;
    lg_lens_model_eval(m, x, y, &q);
    return 0.5 * ((x - bx) * (x - bx) + (y - by) * (y - by)) - q.psi;
}

/* One more Newton step from a converged image, kept when it lowers the residual (Newton is
 * quadratic there: the image plane error |mu| SOLVE_TOL drops to rounding). */
static void polish(const lg_lens_model *m, double bx, double by, image *img)
{
    lg_lensq q;
    lg_lens_model_eval(m, img->x, img->y, &q);
    const double fx = img->x - q.alpha_x - bx, fy = img->y - q.alpha_y - by;
    const double a = 1.0 - q.kappa - q.gamma1, d = 1.0 - q.kappa + q.gamma1, b = -q.gamma2;
    const double det = a * d - b * b;
    if (!(fabs(det) > 1e-14))
        return;
    const double x = img->x - (d * fx - b * fy) / det, y = img->y - (a * fy - b * fx) / det;
    lg_lensq p;
    lg_lens_model_eval(m, x, y, &p);
    const double gx = x - p.alpha_x - bx, gy = y - p.alpha_y - by;
    const double a2 = 1.0 - p.kappa - p.gamma1, d2 = 1.0 - p.kappa + p.gamma1, b2 = -p.gamma2;
    const double mu = 1.0 / (a2 * d2 - b2 * b2);
    if (hypot(gx, gy) < hypot(fx, fy) && isfinite(mu))
        *img = (image){x, y, mu, 0.5 * ((x - bx) * (x - bx) + (y - by) * (y - by)) - p.psi};
}

/* Newton's method from (x, y); returns 1 with the image when it converges. */
static int refine(const lg_lens_model *m, double bx, double by, double x, double y, image *out)
{
    for (int it = 0; it < 60; ++it) {
        lg_lensq q;
        lg_lens_model_eval(m, x, y, &q);
        const double fx = x - q.alpha_x - bx, fy = y - q.alpha_y - by;
        /* Jacobian d beta / d theta = [[1 - k - g1, -g2], [-g2, 1 - k + g1]] */
        const double a = 1.0 - q.kappa - q.gamma1, d = 1.0 - q.kappa + q.gamma1, b = -q.gamma2;
        const double det = a * d - b * b;
        if (hypot(fx, fy) < SOLVE_TOL) {
            *out =
                (image){x, y, 1.0 / det, 0.5 * ((x - bx) * (x - bx) + (y - by) * (y - by)) - q.psi};
            polish(m, bx, by, out);
            return isfinite(out->mu) && isfinite(out->fermat);
        }
        if (!(fabs(det) > 1e-14))
            return 0;
        double dx = (d * fx - b * fy) / det, dy = (a * fy - b * fx) / det;
        const double len = hypot(dx, dy), cap = 0.5;
        if (len > cap) { /* damped: never jump across the map from a poor start */
            dx *= cap / len;
            dy *= cap / len;
        }
        x -= dx;
        y -= dy;
        if (!isfinite(x) || !isfinite(y))
            return 0;
    }
    return 0;
}

/* (px, py) inside the triangle (a, b, c)? Then its barycentric weights in w. */
static int inside(const double *ax, const double *ay, double px, double py, double w[3])
{
    const double d = (ay[1] - ay[2]) * (ax[0] - ax[2]) + (ax[2] - ax[1]) * (ay[0] - ay[2]);
    if (d == 0.0 || !isfinite(d))
        return 0;
    w[0] = ((ay[1] - ay[2]) * (px - ax[2]) + (ax[2] - ax[1]) * (py - ay[2])) / d;
    w[1] = ((ay[2] - ay[0]) * (px - ax[2]) + (ax[0] - ax[2]) * (py - ay[2])) / d;
    w[2] = 1.0 - w[0] - w[1];
    return w[0] >= 0.0 && w[1] >= 0.0 && w[2] >= 0.0;
}

/* Keep img unless it is one already found (within SAME_IMAGE). */
static void add_image(image *found, int *n_found, const image *img)
{
    for (int k = 0; k < *n_found; ++k) {
        const double mu = fmax(fabs(found[k].mu), fabs(img->mu));
        if (hypot(found[k].x - img->x, found[k].y - img->y) < fmax(SAME_IMAGE, SAME_IMAGE_MU * mu))
            return;
    }
    if (*n_found < 64)
        found[(*n_found)++] = *img;
}

static int by_arrival(const void *a, const void *b)
{
    const double fa = ((const image *)a)->fermat, fb = ((const image *)b)->fermat;
    return (fa > fb) - (fa < fb);
}

static int by_brightness(const void *a, const void *b)
{
    const double ma = fabs(((const image *)a)->mu), mb = fabs(((const image *)b)->mu);
    return (ma < mb) - (ma > mb);
}

void lg_point_images_solve(const lg_lens_model *m, double bx, double by, double half_width,
                           double step, lg_point_images *out)
{
    const int n = (int)ceil(2.0 * half_width / step) + 1;
    double *sx = malloc(sizeof(double) * (size_t)n * n),
           *sy = malloc(sizeof(double) * (size_t)n * n);
    float *row = malloc(sizeof(float) * 7 * (size_t)n); /* x, alpha_x, alpha_y, work */
    image found[64];
    int n_found = 0;
    memset(out, 0, sizeof *out);
    for (int k = 0; k < LG_MAX_IMAGES; ++k)
        out->x[k] = out->y[k] = out->mu[k] = out->fermat[k] = NAN;
    if (!sx || !sy || !row) {
        free(sx);
        free(sy);
        free(row);
        out->n = -1;
        return;
    }
    /* the grid's vertices mapped to the source plane, a row at a time by ray shooting's float
     * deflection (ray_shoot.h): the triangles only seed Newton's method, which refines in
     * double precision */
    lg_deflector def;
    lg_deflector_make(m, &def);
    float *rx = row, *rax = row + n, *ray = row + 2 * n, *work = row + 3 * n;
    for (int i = 0; i < n; ++i)
        rx[i] = (float)(-half_width + i * step);
    for (int j = 0; j < n; ++j) {
        const double y = -half_width + j * step;
        lg_deflector_row(&def, rx, (float)y, n, rax, ray, work);
        for (int i = 0; i < n; ++i) {
            sx[(size_t)j * n + i] = (double)rx[i] - rax[i];
            sy[(size_t)j * n + i] = (float)y - (double)ray[i];
        }
    }
    /* each cell as two triangles; a triangle whose image holds beta holds an image */
    for (int j = 0; j + 1 < n; ++j)
        for (int i = 0; i + 1 < n; ++i)
            for (int t = 0; t < 2; ++t) {
                /* (i, j) (i+1, j) (i, j+1), and (i+1, j) (i+1, j+1) (i, j+1) */
                const int vi[3] = {t ? i + 1 : i, i + 1, i}, vj[3] = {j, t ? j + 1 : j, j + 1};
                double ax[3], ay[3], w[3];
                for (int v = 0; v < 3; ++v) {
                    ax[v] = sx[(size_t)vj[v] * n + vi[v]];
                    ay[v] = sy[(size_t)vj[v] * n + vi[v]];
                }
                if (!inside(ax, ay, bx, by, w))
                    continue;
                double x0 = 0.0, y0 = 0.0;
                for (int v = 0; v < 3; ++v) {
                    x0 += w[v] * (-half_width + vi[v] * step);
                    y0 += w[v] * (-half_width + vj[v] * step);
                }
                image img;
                if (refine(m, bx, by, x0, y0, &img) && fabs(img.x) <= half_width &&
                    fabs(img.y) <= half_width)
                    add_image(found, &n_found, &img);
            }
    free(sx);
    free(sy);
    free(row);
    /* Near a singular centre (SIS, SIE) a grid triangle spans a wide angle and its straight
     * edges miss the source: the saddle image of a double, close to the centre, is found from
     * Newton starts on rings around each component's centre instead. */
    for (int c = 0; c < m->n; ++c) {
        int seen = 0; /* a composite's components share one centre: one set of rings */
        for (int e = 0; e < c; ++e)
            seen |= m->c[e].cx == m->c[c].cx && m->c[e].cy == m->c[c].cy;
        if (seen)
            continue;
        for (int r = 0; r < 6; ++r)
            for (int a = 0; a < 16; ++a) {
                const double rad = step * (0.05 * (1 << r)), ang = 2.0 * 3.14159265358979 * a / 16;
                image img;
                if (refine(m, bx, by, m->c[c].cx + rad * cos(ang), m->c[c].cy + rad * sin(ang),
                           &img) &&
                    fabs(img.x) <= half_width && fabs(img.y) <= half_width)
                    add_image(found, &n_found, &img);
            }
    }
    out->n = n_found;
    if (n_found > LG_MAX_IMAGES) /* keep the brightest */
        qsort(found, (size_t)n_found, sizeof found[0], by_brightness);
    const int keep = n_found < LG_MAX_IMAGES ? n_found : LG_MAX_IMAGES;
    qsort(found, (size_t)keep, sizeof found[0], by_arrival);
    for (int k = 0; k < keep; ++k) {
        out->x[k] = found[k].x;
        out->y[k] = found[k].y;
        out->mu[k] = found[k].mu;
        out->fermat[k] = found[k].fermat;
    }
}
