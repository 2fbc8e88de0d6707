/* subhalo_render.c: truncated-NFW subhalos added to a kappa map within their windows
 * (subhalo_render.h). */
#include "subhalo_render.h"

#include <math.h>
#include <stdlib.h>

#include "constants.h"
#include "lens_model.h"
#include "profile_eval.h"
#include "profiles_tnfw.h"

/* Halo i's convergence at R (circular: evaluated on the x axis) and its M_2D(R) = pi R alpha. */
static void halo_at(const lg_halo_list *h, int i, double r, double *kappa, double *m2d)
{
    lg_lensq q = {0, 0, 0, 0, 0, 0};
    for (int j = 0; j < 2; ++j) {
        lg_component c;
        if (lg_halo_component(h, i, j, &c)) {
            c.cx = c.cy = 0.0;
            lg_component_eval(&c, r, 0.0, &q);
        }
    }
    *kappa = q.kappa;
    *m2d = LG_PI * r * q.alpha_x;
}

static double halo_total_mass(const lg_halo_list *h, int i)
{
    double m = 0.0; /* linear in kappa_s: the subtracted core counts negative */
    for (int j = 0; j < 2; ++j) {
        lg_component c;
        if (lg_halo_component(h, i, j, &c))
            m += lg_tnfw_total_mass(&c);
    }
    return m;
}

/* Halo i's convergence at R by the float kernel the pixels use (profiles_tnfw.h): the cut is
 * where the rendered values fall to eps, and the kernel costs ~1 % of the double evaluation. */
static double kernel_at(const lg_halo_list *h, int i, double r)
{
    const double ts = h->theta_s[i], core = h->core ? h->core[i] : 0.0;
    const float x = fmaxf((float)(r / ts), LG_NFW_X_MIN), ks = (float)h->kappa_s[i];
    float k = lg_tnfw_kappa_x2(ks, (float)h->tau[i], x * x);
    if (core > 0.0) /* clamped at the same radius as the first: the core stays flat */
        k -= lg_tnfw_kappa_x2(ks, (float)(h->tau[i] / core), (float)(x * x / (core * core)));
    return k;
}

/* The R where halo i's convergence (decreasing in R, cored or not) falls to eps; 0 if it is
 * below eps everywhere above 1e-4 theta_s. */
static double halo_cut_radius(const lg_halo_list *h, int i, double eps)
{
    const double ts = h->theta_s[i];
    double lo = 1e-4 * ts, hi = ts;
    if (!(kernel_at(h, i, lo) > eps))
        return 0.0;
    while (kernel_at(h, i, hi) > eps && hi < 1e8 * ts) {
        lo = hi; /* above eps */
        hi *= 2.0;
    }
    /* bisection in ln R to 2^-28 of the bracket's log width (ln 2 after the doubling): R to
     * ~3e-9, kappa(R) to ~1e-8, far below the float kernel's own LG_TNFW_F32_REL_ERR */
    for (int it = 0; it < 28; ++it) {
        const double mid = sqrt(lo * hi);
        if (kernel_at(h, i, mid) > eps)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

double lg_subhalo_cut_radius(double kappa_s, double theta_s, double tau, double eps)
{
    const double x = 0.0, ks = kappa_s, ts = theta_s, t = tau, core = 0.0;
    const lg_halo_list h = {1, &x, &x, &ks, &ts, &t, &core, 0.0, 0.0, 0.0};
    return halo_cut_radius(&h, 0, eps);
}

/* Mass m (Sigma_crit arcsec^2) at (x, y) shared over the four pixel centres around it. */
static void deposit(const lg_grid *g, double x, double y, double m, float *map)
{
    const int n = g->npix;
    const double fx = (x + g->half_width_d) / g->pixel_d - 0.5,
                 fy = (y + g->half_width_d) / g->pixel_d - 0.5;
    const int ix0 = (int)floor(fx), iy0 = (int)floor(fy);
    const double wx = fx - ix0, wy = fy - iy0, k = m / (g->pixel_d * g->pixel_d);
    for (int j = 0; j < 2; ++j)
        for (int i = 0; i < 2; ++i) {
            const int ix = ix0 + i, iy = iy0 + j;
            if (ix >= 0 && iy >= 0 && ix < n && iy < n)
                map[(size_t)iy * n + ix] += (float)(k * (i ? wx : 1.0 - wx) * (j ? wy : 1.0 - wy));
        }
}

/* Grow *buf to hold n bytes. */
static int reserve(void **buf, size_t *cap, size_t n)
{
    if (n <= *cap)
        return 0;
    void *p = realloc(*buf, n);
    if (!p)
        return -1;
    *buf = p;
    *cap = n;
    return 0;
}

typedef struct {
    float ks, tau, inv_ts2; /* the truncated NFW */
    float tau_c, inv_tc2;   /* its core (cored halos): subtracted, same kappa_s */
    float r2_min;           /* (LG_NFW_X_MIN theta_s)^2, where the first term is clamped */
    int cored;
} halo_kernel;

/* Kernel values at squared offsets r2[0 .. n) (in place), zero beyond rc2: the kernel inline
 * and the loops branch-free (no fmaxf: GCC does not vectorise it), so they vectorise. The
 * samples of a whole window go through one loop: a window's rows are often shorter than a
 * vector. A cored halo takes its own loop. */
static void kernel_eval(const halo_kernel *hk, float rc2, int n, float *restrict r2k)
{
    const float ks = hk->ks, tau = hk->tau, inv_ts2 = hk->inv_ts2;
    if (!hk->cored) {
#pragma omp simd
        for (int c = 0; c < n; ++c) {
            const float r2 = r2k[c];
            const float k = lg_tnfw_kappa_x2(ks, tau, r2 * inv_ts2);
            r2k[c] = r2 <= rc2 ? k : 0.0f;
        }
    } else {
        const float tau_c = hk->tau_c, inv_tc2 = hk->inv_tc2, r2_min = hk->r2_min;
#pragma omp simd
        for (int c = 0; c < n; ++c) {
            const float r2 = r2k[c], r2c = r2 > r2_min ? r2 : r2_min;
            /* the core clamped where the first term is (LG_NFW_X_MIN r_s) */
            const float k = lg_tnfw_kappa_x2(ks, tau, r2 * inv_ts2) -
                            lg_tnfw_kappa_x2(ks, tau_c, r2c * inv_tc2);
            r2k[c] = r2 <= rc2 ? k : 0.0f;
        }
    }
}

/* Scratch of sample_window for a w x h window: the centre grid, the sub-pixel samples and the
 * list of supersampled pixels. */
static size_t window_bytes(int w, int h, int ss)
{
    const size_t cells = (size_t)(w + 2) * (h + 2), n = (size_t)w * h;
    return sizeof(float) * (cells + n * ss * ss + (size_t)w * ss) + sizeof(int) * n;
}

/* One subhalo's pixel values over its window [ix0, ix0 + w) x [iy0, iy0 + h) into win (w h);
 * returns their sum, and in *evals the kernel evaluations. A pixel is the mean of ss x ss
 * sub-pixel samples (those beyond rc left out) where it is near the centre or its centre value
 * would be off that mean by more than the tolerance (subhalo_render.h), else its centre value
 * (0 if the centre lies beyond rc). The estimate of that offset: the mean of ss x ss samples
 * spread by d (1 - 1/ss^2)^(1/2)/sqrt(12) per axis differs from the centre value by
 * (d^2 (1 - 1/ss^2)/24) lap kappa + O(d^4), and d^2 lap kappa is the 5-point difference
 * kN + kS + kE + kW - 4 kC of the centre values (uncut, over the window and a ring of pixels
 * around it) + O(d^4). */
static double sample_window(const lg_grid *g, int ss, const halo_kernel *hk, double sx, double sy,
                            double rc, int ix0, int iy0, int w, int h, float *restrict win,
                            void *scratch, long *evals)
{
    const double d = g->pixel_d, hw = g->half_width_d;
    const float rc2 = (float)(rc * rc), norm = 1.0f / (float)(ss * ss);
    const int cw = w + 2, ch = h + 2, n = w * h, adaptive = ss > 1 && (w > 8 || h > 8);
    float *restrict cen = scratch, *restrict samp = cen + (size_t)cw * ch,
                    *restrict dx = samp + (size_t)n * ss * ss;
    int *restrict list = (int *)(dx + (size_t)w * ss);
    int nl = 0;
    *evals = 0;
    if (adaptive) { /* the centre values, uncut, with a ring of pixels around the window */
        for (int j = 0; j < ch; ++j) {
            const float dy = (float)(-hw + (iy0 + j - 1 + 0.5) * d - sy), dy2 = dy * dy;
            for (int i = 0; i < cw; ++i) {
                const float dxc = (float)(-hw + (ix0 + i - 1 + 0.5) * d - sx);
                cen[(size_t)j * cw + i] = dxc * dxc + dy2;
            }
        }
        for (int j = 0; j < h; ++j) /* the squared offsets of the window's pixel centres */
            for (int i = 0; i < w; ++i)
                win[(size_t)j * w + i] = cen[(size_t)(j + 1) * cw + i + 1];
        kernel_eval(hk, INFINITY, cw * ch, cen);
        *evals += (long)cw * ch;
        const float c_est = (1.0f - norm) / 24.0f,
                    near2 = (float)(LG_SUBHALO_NEAR * LG_SUBHALO_NEAR * d * d);
        for (int j = 0; j < h; ++j)
            for (int i = 0; i < w; ++i) {
                const float *k = cen + (size_t)(j + 1) * cw + i + 1, r2 = win[(size_t)j * w + i];
                const float lap = k[-1] + k[1] + k[-cw] + k[cw] - 4.0f * k[0];
                if (r2 <= near2 || c_est * fabsf(lap) > LG_SUBHALO_SAMPLE_TOL * k[0])
                    list[nl++] = j * w + i;
                else
                    win[(size_t)j * w + i] = r2 <= rc2 ? k[0] : 0.0f;
            }
    } else
        for (nl = 0; nl < n; ++nl)
            list[nl] = nl;
    /* the supersampled pixels: ss x ss sub-pixels each, in one loop */
    for (int c = 0; c < w * ss; ++c)
        dx[c] = (float)(-hw + (ix0 + (c + 0.5) / ss) * d - sx);
    for (int l = 0; l < nl; ++l) {
        const int i = list[l] % w, j = list[l] / w;
        float *p = samp + (size_t)l * ss * ss;
        for (int a = 0; a < ss; ++a) {
            const float dy = (float)(-hw + (iy0 + j + (a + 0.5) / ss) * d - sy), dy2 = dy * dy;
            for (int b = 0; b < ss; ++b)
                p[a * ss + b] = dx[i * ss + b] * dx[i * ss + b] + dy2;
        }
    }
    kernel_eval(hk, rc2, nl * ss * ss, samp);
    *evals += (long)nl * ss * ss;
    for (int l = 0; l < nl; ++l) {
        const float *p = samp + (size_t)l * ss * ss;
        float v = 0.0f;
        for (int a = 0; a < ss * ss; ++a)
            v += p[a] * norm;
        win[list[l]] = v;
    }
    double sum = 0.0;
    for (int j = 0; j < n; ++j)
        sum += win[j];
    return sum;
}

int lg_halo_render(const lg_halo_list *hl, const lg_grid *g, const lg_subhalo_render_opts *o,
                   float *map, lg_subhalo_render_stats *st)
{
    lg_subhalo_render_stats local = {0, 0, 0};
    const int n = g->npix, ss = o->supersample > 0 ? o->supersample : 1;
    const double d = g->pixel_d, hw = g->half_width_d;
    float *win = NULL;
    void *scratch = NULL;
    size_t win_cap = 0, scratch_cap = 0;
    int status = 0;
    for (int k = 0; k < hl->n && status == 0; ++k) {
        const double ts = hl->theta_s[k], sx = hl->x[k], sy = hl->y[k];
        const double core = hl->core ? hl->core[k] : 0.0;
        const halo_kernel hk = {hl->kappa_s[k],
                                hl->tau[k],
                                (float)(1.0 / (ts * ts)),
                                core > 0.0 ? (float)(hl->tau[k] / core) : 1.0f,
                                core > 0.0 ? (float)(1.0 / (core * ts * core * ts)) : 1.0f,
                                (float)(LG_NFW_X_MIN * ts * LG_NFW_X_MIN * ts),
                                core > 0.0};
        const double m_tot = halo_total_mass(hl, k);
        const double rc = halo_cut_radius(hl, k, o->eps);
        if (!(rc > 0.0)) {
            local.mass_dropped += m_tot;
            continue;
        }
        double k_rc, m_in; /* M_2D(R_cut) */
        halo_at(hl, k, rc, &k_rc, &m_in);
        local.mass_rendered += m_in;
        local.mass_dropped += m_tot - m_in;
        int ix0 = (int)floor((sx - rc + hw) / d), ix1 = (int)floor((sx + rc + hw) / d);
        int iy0 = (int)floor((sy - rc + hw) / d), iy1 = (int)floor((sy + rc + hw) / d);
        if (ix1 < 0 || iy1 < 0 || ix0 >= n || iy0 >= n)
            continue; /* its window misses the map: all of its mass is off it */
        /* a window past the edge: only its part on the map, unscaled (the scaling needs the
         * whole window's samples, and a subhalo that large is resolved by them anyway) */
        const int whole = ix0 >= 0 && iy0 >= 0 && ix1 < n && iy1 < n;
        ix0 = ix0 < 0 ? 0 : ix0;
        iy0 = iy0 < 0 ? 0 : iy0;
        ix1 = ix1 >= n ? n - 1 : ix1;
        iy1 = iy1 >= n ? n - 1 : iy1;
        const int w = ix1 - ix0 + 1, h = iy1 - iy0 + 1;
        if (reserve((void **)&win, &win_cap, sizeof(float) * w * h) ||
            reserve(&scratch, &scratch_cap, window_bytes(w, h, ss))) {
            status = -1;
            break;
        }
        long evals;
        const double sum =
            sample_window(g, ss, &hk, sx, sy, rc, ix0, iy0, w, h, win, scratch, &evals);
        local.evaluations += evals;
        if (whole && !(sum > 0.0)) { /* inside no sub-pixel: a point of mass m_in */
            deposit(g, sx, sy, m_in, map);
            continue;
        }
        const float scale = whole ? (float)(m_in / (sum * d * d)) : 1.0f;
        for (int j = 0; j < h; ++j)
            for (int i = 0; i < w; ++i)
                map[(size_t)(iy0 + j) * n + ix0 + i] += win[(size_t)j * w + i] * scale;
    }
    free(win);
    free(scratch);
    if (st)
        *st = local;
    return status;
}

int lg_subhalo_render(const lg_subhalo_population *pop, double cx, double cy, const lg_grid *g,
                      const lg_subhalo_render_opts *o, float *map, lg_subhalo_render_stats *st)
{
    const size_t n = pop->n > 0 ? (size_t)pop->n : 1;
    double *buf = malloc(6 * n * sizeof *buf);
    if (!buf)
        return -1;
    double *x = buf, *y = buf + n, *ks = buf + 2 * n, *ts = buf + 3 * n, *tau = buf + 4 * n,
           *core = buf + 5 * n;
    for (int k = 0; k < pop->n; ++k) {
        x[k] = (cx + pop->x_arcsec[k]);
        y[k] = (cy + pop->y_arcsec[k]);
        ks[k] = pop->kappa_s[k];
        ts[k] = pop->r_s_arcsec[k];
        tau[k] = pop->tau[k];
        core[k] = 0.0;
    }
    const lg_halo_list h = {pop->n, x, y, ks, ts, tau, core, 0.0, 0.0, 0.0};
    const int rc = lg_halo_render(&h, g, o, map, st);
    free(buf);
    return rc;
}

double lg_halo_rendered_mass(const lg_halo_list *h, int i, double eps, double *m_tot)
{
    *m_tot = halo_total_mass(h, i);
    const double rc = halo_cut_radius(h, i, eps);
    if (!(rc > 0.0))
        return 0.0;
    double k_rc, m_in;
    halo_at(h, i, rc, &k_rc, &m_in);
    return m_in;
}
