/* los_population.c: draw one sample's line-of-sight halos (docs/physics.md §17). */
#include "los_population.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "constants.h"
#include "halo.h"
#include "profile_eval.h"
#include "rng.h"

/* Sub-streams of LG_STREAM_LOS: quantity << 20; block = candidate k. */
enum { Q_SLICE_MASS = 0, Q_POS = 1, Q_C_SCATTER = 2, Q_WDM = 3 };
#define Q_SHIFT 20

/* Sheth & Tormen (1999, MNRAS 308, 119): their A, a and p. */
#define ST_A 0.3222
#define ST_SMALL_A 0.707
#define ST_P 0.3

/* Lovell (2020, ApJ 897, 147), the fit to FIELD haloes: n_WDM / n_CDM = (1 + (a m_hm/m)^b)^c. */
#define WDM_A 2.3
#define WDM_B 0.8
#define WDM_C (-1.0)

/* Per slice in pop->cdf: the cumulative counts per unit volume at the ln M nodes, then dn/dln M
 * at the nodes. */
#define LOS_SLICE_DOUBLES (2 * (LG_LOS_MASS_BINS + 1))

/* More slices than this (~100 MB of tables) is a bad deck (dz far too small), not a plan. */
#define MAX_SLICES 100000

/* Gauss-Hermite rule for the mean over a standard normal g (Abramowitz & Stegun 1964, table
 * 25.10, n = 6: nodes times sqrt(2), weights over sqrt(pi)). */
static const double GH_X[6] = {-3.324257433552119, -1.8891758777537107, -0.6167065901925941,
                               0.6167065901925941, 1.8891758777537107,  3.324257433552119};
static const double GH_W[6] = {0.0025557844020562487, 0.08861574604191451, 0.4088284695560293,
                               0.4088284695560293,    0.08861574604191451, 0.0025557844020562487};

void lg_los_params_default(lg_los_params *p)
{
    *p = (lg_los_params){.delta_los = 1.0,
                         .m_min = 1e6,
                         .m_max = 1e10,
                         .cone_arcsec = 3.0,
                         .angle_pad = 1.0,
                         .dz = 0.02,
                         .z_min = 0.01,
                         .trunc_n = 50.0,
                         .conc = {.c_0 = 18.0, .zeta = -0.2, .beta = 0.8, .m_ref = 1e8},
                         .c_dex_scatter = 0.1,
                         .m_hm = 0.0,
                         .wdm_z_factor = 0,
                         .n_max = 100000};
}

enum { N_ARRAYS = 10 };

int lg_los_population_alloc(lg_los_population *pop, int capacity)
{
    memset(pop, 0, sizeof *pop);
    const size_t n = capacity > 0 ? (size_t)capacity : 1;
    double *buf = malloc(N_ARRAYS * n * sizeof *buf);
    int *ibuf = malloc(2 * n * sizeof *ibuf);
    if (!buf || !ibuf) {
        free(buf);
        free(ibuf);
        return -1;
    }
    double **arrays[N_ARRAYS] = {&pop->m,          &pop->c,       &pop->z,       &pop->x_arcsec,
                                 &pop->y_arcsec,   &pop->kappa_s, &pop->theta_s, &pop->tau,
                                 &pop->r_t_arcsec, &pop->m_tnfw};
    for (int i = 0; i < N_ARRAYS; ++i)
        *arrays[i] = buf + (size_t)i * n;
    pop->index = ibuf;
    pop->slice = ibuf + n;
    pop->capacity = capacity;
    return 0;
}

void lg_los_population_free(lg_los_population *pop)
{
    free(pop->m);     /* the first array owns the buffer */
    free(pop->index); /* and the first int array the other */
    free(pop->slices);
    free(pop->cdf);
    memset(pop, 0, sizeof *pop);
}

static double delta_c(void)
{
    return 0.15 * pow(12.0 * LG_PI, 2.0 / 3.0); /* as peak_height.c */
}

/* dn/dln M at growth factor D: (rho_m0 / M) f(nu) |d ln sigma / d ln M|, nu = delta_c/(sigma D),
 * f(nu) = A sqrt(2a/pi) [1 + (a nu^2)^-p] nu exp(-a nu^2 / 2). */
static double st_from_sigma(const lg_power *p, double m, double sigma, double slope, double growth)
{
    const double nu = delta_c() / (sigma * growth), anu2 = ST_SMALL_A * nu * nu;
    const double f =
        ST_A * sqrt(2.0 * ST_SMALL_A / LG_PI) * (1.0 + pow(anu2, -ST_P)) * nu * exp(-0.5 * anu2);
    return p->rho_m0 / m * f * fabs(slope);
}

/* sigma(M) and d ln sigma / d ln M, the central difference over one step of the sigma table
 * either side (peak_height.h). */
static double sigma_slope(const lg_power *p, double m, double *slope)
{
    const double h = LG_SIGMA_TABLE_DLOG10 * 2.302585092994046;
    *slope = (log(lg_sigma_m(p, m * exp(h))) - log(lg_sigma_m(p, m * exp(-h)))) / (2.0 * h);
    return lg_sigma_m(p, m);
}

static double st_dndlnm(const lg_power *p, double m, double growth)
{
    double slope;
    const double sigma = sigma_slope(p, m, &slope);
    return st_from_sigma(p, m, sigma, slope, growth);
}

double lg_sheth_tormen_dndlnm(const lg_power *p, double m, double z)
{
    return st_dndlnm(p, m, lg_growth_factor(p->Omega_m, z));
}

double lg_los_wdm_ratio(double m, double m_hm)
{
    if (!(m_hm > 0.0))
        return 1.0;
    return pow(1.0 + pow(WDM_A * m_hm / m, WDM_B), WDM_C);
}

double lg_los_cone_radius(const lg_los_params *p, double chi, double chi_l, double chi_s)
{
    const double theta = p->cone_arcsec * LG_ARCSEC_RAD;
    if (chi <= chi_l)
        return theta * chi;
    const double r = theta * (chi - p->angle_pad * chi_s * (chi - chi_l) / (chi_s - chi_l));
    return r > 0.0 ? r : 0.0;
}

static int bad_input(const lg_los_params *p, double z_l, double z_s)
{
    const double finite[] = {z_l,          z_s,      p->m_min,         p->m_max,
                             p->dz,        p->z_min, p->cone_arcsec,   p->trunc_n,
                             p->delta_los, p->m_hm,  p->c_dex_scatter, p->angle_pad};
    for (size_t i = 0; i < sizeof finite / sizeof *finite; ++i)
        if (!isfinite(finite[i]))
            return 1;
    return !(z_l > 0.0 && z_s > z_l && p->m_min > 0.0 && p->m_max > p->m_min && p->dz > 0.0 &&
             p->z_min > 0.0 && p->cone_arcsec > 0.0 && p->angle_pad >= 0.0 && p->angle_pad <= 1.0 &&
             p->trunc_n > 0.0 && p->delta_los >= 0.0 && p->n_max >= 0 && p->c_dex_scatter >= 0.0 &&
             p->m_hm >= 0.0) ||
           (z_s - fmin(p->z_min, z_l)) / p->dz > MAX_SLICES;
}

/* Total truncated-NFW mass over M200 for concentration c: m(tau) / (ln(1 + c) - c/(1 + c)),
 * tau = r_t/r_s = c (200/N)^(1/3). */
static double tnfw_ratio(double c, double rt_over_r200)
{
    return lg_tnfw_mass_factor(c * rt_over_r200) / (log1p(c) - c / (1.0 + c));
}

/* The mean of tnfw_ratio over the concentration scatter, tabulated in ln c (linear
 * interpolation: the ratio changes by ~0.1 per e-fold of c, so the error is < 1e-4), clamped to
 * the grid's ends. */
#define C_GRID 400
#define LN_C_LO (-3.0) /* c = 0.05 */
#define LN_C_HI 7.6    /* c = 2000 */

/* What every slice shares, per mass node: sigma(M), its slope, the WDM ratio and ln c(M) of the
 * DG19 relation at z = 0 and D = 1 (DG19's c(M, z) = c(M, 0)|_{D=1} (1 + z)^zeta D(z)^beta). */
typedef struct {
    double m[LG_LOS_MASS_BINS + 1], sigma[LG_LOS_MASS_BINS + 1], slope[LG_LOS_MASS_BINS + 1];
    double wdm[LG_LOS_MASS_BINS + 1], ln_c0[LG_LOS_MASS_BINS + 1];
    double ratio[C_GRID];
    double rt_over_r200;
} shared;

static void fill_shared(const lg_los_params *p, const lg_power *power, shared *sh)
{
    const double x0 = log(p->m_min), dx = (log(p->m_max) - x0) / LG_LOS_MASS_BINS;
    for (int j = 0; j <= LG_LOS_MASS_BINS; ++j) {
        const double m = exp(x0 + j * dx);
        sh->m[j] = m;
        sh->sigma[j] = sigma_slope(power, m, &sh->slope[j]);
        sh->wdm[j] = lg_los_wdm_ratio(m, p->m_hm);
        sh->ln_c0[j] = log(lg_dg19_concentration(power, &p->conc, m, 0.0, 1.0));
    }
    sh->rt_over_r200 = cbrt(200.0 / p->trunc_n);
    double scat[6];
    for (int g = 0; g < 6; ++g)
        scat[g] = pow(10.0, p->c_dex_scatter * GH_X[g]);
    for (int i = 0; i < C_GRID; ++i) {
        const double c = exp(LN_C_LO + i * (LN_C_HI - LN_C_LO) / (C_GRID - 1));
        sh->ratio[i] = 0.0;
        for (int g = 0; g < 6; ++g)
            sh->ratio[i] += GH_W[g] * tnfw_ratio(c * scat[g], sh->rt_over_r200);
    }
}

static double mean_ratio(const shared *sh, double ln_c)
{
    double t = (ln_c - LN_C_LO) / (LN_C_HI - LN_C_LO) * (C_GRID - 1);
    t = fmin(fmax(t, 0.0), C_GRID - 1.0);
    const int i = t < C_GRID - 1 ? (int)t : C_GRID - 2;
    return sh->ratio[i] + (t - i) * (sh->ratio[i + 1] - sh->ratio[i]);
}

/* One slice: geometry, distances, the cumulative mass function over the ln M nodes (piecewise
 * power law between nodes, integrated exactly), and the expected M200 and TNFW masses (Simpson's
 * rule over the same nodes). */
static void fill_slice(const lg_los_params *p, const lg_cosmology *cosmo, const lg_power *power,
                       const shared *sh, double z_s, double chi_l, double chi_s, lg_los_slice *s,
                       double *cdf)
{
    const int nb = LG_LOS_MASS_BINS;
    s->chi_lo = lg_comoving_distance(cosmo, s->z_lo);
    s->chi_hi = lg_comoving_distance(cosmo, s->z_hi);
    const double ra = lg_los_cone_radius(p, s->chi_lo, chi_l, chi_s);
    const double rb = lg_los_cone_radius(p, s->chi_hi, chi_l, chi_s);
    /* r is linear in chi inside a slice (no slice straddles the lens) */
    s->volume = LG_PI * (s->chi_hi - s->chi_lo) * (ra * ra + ra * rb + rb * rb) / 3.0;
    s->r_arcsec = ra / s->chi_lo / LG_ARCSEC_RAD;
    s->growth = lg_growth_factor(cosmo->Omega_m, s->z_lo);
    s->d_a = s->chi_lo / (1.0 + s->z_lo);
    const double mpc_per_arcsec = s->d_a * LG_ARCSEC_RAD;
    s->sigma_crit = lg_sigma_crit(cosmo, s->z_lo, z_s) * mpc_per_arcsec * mpc_per_arcsec;
    s->rho_c = lg_rho_crit(cosmo, s->z_lo) * 1e-9;
    const double ln_cz = log(
        lg_dg19_concentration(power, &p->conc, p->conc.m_ref, s->z_lo, s->growth) / p->conc.c_0);
    const double dx = (log(p->m_max) - log(p->m_min)) / nb;
    double f_prev = 0.0, sum_m = 0.0, sum_t = 0.0;
    cdf[0] = 0.0;
    for (int j = 0; j <= nb; ++j) {
        const double m = sh->m[j];
        const double f = st_from_sigma(power, m, sh->sigma[j], sh->slope[j], s->growth);
        cdf[nb + 1 + j] = f;
        if (j > 0) {
            const double q = f / f_prev;
            const double seg = fabs(q - 1.0) < 1e-12 ? f_prev * dx : dx * (f - f_prev) / log(q);
            cdf[j] = cdf[j - 1] + seg;
        }
        f_prev = f;
        double ln_c = sh->ln_c0[j] + ln_cz;
        if (p->m_hm > 0.0)
            ln_c = log(lg_wdm_concentration(exp(ln_c), m, p->m_hm, s->z_lo, p->wdm_z_factor));
        const double w = (j == 0 || j == nb) ? 1.0 : (j % 2 ? 4.0 : 2.0);
        const double fm = w * f * m * sh->wdm[j];
        sum_m += fm;
        sum_t += fm * mean_ratio(sh, ln_c);
    }
    const double scale = p->delta_los * s->volume;
    s->n_expected = scale * cdf[nb];
    s->m_expected = scale * sum_m * dx / 3.0;
    const double cone_area = LG_PI * p->cone_arcsec * p->cone_arcsec;
    s->kappa = scale * sum_t * dx / 3.0 / s->sigma_crit / cone_area;
}

int lg_los_plan(const lg_los_params *p, const lg_cosmology *cosmo, const lg_power *power,
                double z_l, double z_s, lg_los_population *pop)
{
    pop->n_slices = 0; /* no plan until this one is complete */
    if (bad_input(p, z_l, z_s))
        return -2;
    const double eps = 1e-6 * p->dz;
    const int bound = (int)ceil((z_s - fmin(p->z_min, z_l)) / p->dz) + 3;
    if (bound > pop->slice_capacity) {
        lg_los_slice *sl = realloc(pop->slices, (size_t)bound * sizeof *sl);
        if (!sl)
            return -1;
        pop->slices = sl;
        double *cdf = realloc(pop->cdf, (size_t)bound * LOS_SLICE_DOUBLES * sizeof *cdf);
        if (!cdf)
            return -1;
        pop->cdf = cdf;
        pop->slice_capacity = bound;
    }
    shared *sh = malloc(sizeof *sh);
    if (!sh)
        return -1;
    fill_shared(p, power, sh);
    /* slices of dz from z_min up to the lens (the last one ends at z_l), then from z_l to z_s */
    int n = 0;
    for (int side = 0; side < 2; ++side) {
        const double start = side ? z_l : p->z_min, end = side ? z_s : z_l;
        for (int k = 0; n < bound; ++k) {
            const double lo = start + k * p->dz;
            if (lo >= end - eps)
                break;
            pop->slices[n++] =
                (lg_los_slice){.z_lo = lo, .z_hi = fmin(start + (k + 1) * p->dz, end)};
        }
    }
    const double chi_l = lg_comoving_distance(cosmo, z_l), chi_s = lg_comoving_distance(cosmo, z_s);
    pop->n_expected = pop->kappa_sheet = 0.0;
    for (int i = 0; i < n; ++i) {
        lg_los_slice *s = &pop->slices[i];
        fill_slice(p, cosmo, power, sh, z_s, chi_l, chi_s, s,
                   pop->cdf + (size_t)i * LOS_SLICE_DOUBLES);
        pop->n_expected += s->n_expected;
        pop->kappa_sheet += s->kappa;
    }
    free(sh);
    pop->n_slices = n;
    return 0;
}

double lg_los_expected(const lg_los_params *p, const lg_cosmology *cosmo, const lg_power *power,
                       double z_l, double z_s)
{
    lg_los_population tmp;
    memset(&tmp, 0, sizeof tmp);
    const int rc = lg_los_plan(p, cosmo, power, z_l, z_s, &tmp);
    const double n = rc ? -1.0 : tmp.n_expected;
    free(tmp.slices);
    free(tmp.cdf);
    return n;
}

static lg_bits4 bits(uint64_t seed, uint64_t index, int q, int k)
{
    return lg_philox(seed, index, LG_STREAM_LOS | (uint32_t)q << Q_SHIFT, (uint32_t)k);
}

/* The slice whose share of the cumulative expected count contains u in (0, 1). */
static int pick_slice(const lg_los_population *pop, double u)
{
    const double target = u * pop->n_expected;
    const int last = pop->n_slices - 1;
    double before = 0.0;
    /* a linear scan: slices are few (~100) next to each halo's other costs */
    for (int i = 0; i < last; ++i) {
        before += pop->slices[i].n_expected;
        if (target < before)
            return i;
    }
    return last;
}

/* Inverse CDF of the slice's mass function: the node interval by bisection, then the exact
 * inverse of the power law f_j exp(s t) between nodes j and j + 1 (t = ln M - ln M_j):
 * int_0^t f = f_j (e^{s t} - 1)/s = r gives t = ln(1 + s r/f_j)/s. */
static double draw_mass(const lg_los_params *p, const double *cdf, double u)
{
    const int nb = LG_LOS_MASS_BINS;
    const double *f = cdf + nb + 1;
    const double x0 = log(p->m_min), dx = (log(p->m_max) - x0) / nb, target = u * cdf[nb];
    int lo = 0, hi = nb;
    while (hi - lo > 1) {
        const int mid = (lo + hi) / 2;
        if (cdf[mid] <= target)
            lo = mid;
        else
            hi = mid;
    }
    const double r = target - cdf[lo], sl = log(f[lo + 1] / f[lo]) / dx;
    double t = fabs(sl) * dx < 1e-9 ? r / f[lo] : log1p(sl * r / f[lo]) / sl;
    t = fmin(fmax(t, 0.0), dx);
    return exp(x0 + lo * dx + t);
}

/* Concentration and truncated-NFW scales of returned halo i (mass and slice set). */
static void fill_profile(const lg_los_params *p, const lg_power *power, const lg_los_slice *s,
                         double gauss, lg_los_population *pop, int i)
{
    const double m = pop->m[i];
    double c = lg_dg19_concentration(power, &p->conc, m, s->z_lo, s->growth) *
               pow(10.0, p->c_dex_scatter * gauss);
    if (p->m_hm > 0.0)
        c = lg_wdm_concentration(c, m, p->m_hm, s->z_lo, p->wdm_z_factor);
    pop->c[i] = c;
    /* M200 against 200 rho_crit(z_h), as the subhalos (src/subhalo_population.c) */
    const double r200 = cbrt(3.0 * m / (4.0 * LG_PI * 200.0 * s->rho_c)), r_s = r200 / c;
    const double m_nfw = log1p(c) - c / (1.0 + c);
    const double rho_s = 200.0 / 3.0 * s->rho_c * c * c * c / m_nfw;
    const double kpc_per_arcsec = s->d_a * 1e3 * LG_ARCSEC_RAD;
    pop->theta_s[i] = r_s / kpc_per_arcsec;
    pop->kappa_s[i] = rho_s * r_s * kpc_per_arcsec * kpc_per_arcsec / s->sigma_crit;
    pop->tau[i] = c * cbrt(200.0 / p->trunc_n);
    pop->r_t_arcsec[i] = pop->tau[i] * pop->theta_s[i];
    pop->m_tnfw[i] = m * lg_tnfw_mass_factor(pop->tau[i]) / m_nfw;
}

int lg_los_draw(const lg_los_params *p, const lg_cosmology *cosmo, const lg_power *power,
                double z_l, double z_s, uint64_t seed, uint64_t index, lg_los_population *pop)
{
    if (pop->capacity < p->n_max)
        return -1;
    const int rc = lg_los_plan(p, cosmo, power, z_l, z_s, pop);
    return rc ? rc : lg_los_sample(p, power, seed, index, pop);
}

int lg_los_sample(const lg_los_params *p, const lg_power *power, uint64_t seed, uint64_t index,
                  lg_los_population *pop)
{
    if (pop->capacity < p->n_max || pop->n_slices < 1)
        return -1;
    const double count = lg_poisson_in(seed, index, LG_STREAM_LOS_COUNT, 0, pop->n_expected);
    pop->n_drawn = count > INT_MAX ? INT_MAX : (int)count;
    pop->cap_hit = pop->n_drawn > p->n_max;
    pop->n_candidates = pop->cap_hit ? p->n_max : pop->n_drawn;
    pop->n = 0;
    pop->m_total = pop->kappa_drawn = 0.0;
    const double cone_area = LG_PI * p->cone_arcsec * p->cone_arcsec;
    for (int k = 0; k < pop->n_candidates; ++k) {
        const lg_bits4 b = bits(seed, index, Q_SLICE_MASS, k);
        const int si = pick_slice(pop, lg_u01d(b.w[0], b.w[1]));
        const lg_los_slice *s = &pop->slices[si];
        const double m =
            draw_mass(p, pop->cdf + (size_t)si * LOS_SLICE_DOUBLES, lg_u01d(b.w[2], b.w[3]));
        if (p->m_hm > 0.0) { /* thinning: the survivors are a subset of the CDM candidates */
            const lg_bits4 w = bits(seed, index, Q_WDM, k);
            if (lg_u01d(w.w[0], w.w[1]) >= lg_los_wdm_ratio(m, p->m_hm))
                continue;
        }
        const int i = pop->n++;
        pop->index[i] = k;
        pop->slice[i] = si;
        pop->m[i] = m;
        pop->z[i] = s->z_lo;
        const lg_bits4 q = bits(seed, index, Q_POS, k);
        const double r = s->r_arcsec * sqrt(lg_u01d(q.w[0], q.w[1]));
        const double phi = 2.0 * LG_PI * lg_u01d(q.w[2], q.w[3]);
        pop->x_arcsec[i] = r * cos(phi);
        pop->y_arcsec[i] = r * sin(phi);
        fill_profile(p, power, s, lg_normal_d(bits(seed, index, Q_C_SCATTER, k)), pop, i);
        pop->m_total += m;
        pop->kappa_drawn += pop->m_tnfw[i] / s->sigma_crit / cone_area;
    }
    return 0;
}
