/* subhalo_population.c: draw one sample's subhalos (docs/physics.md §16). */
#include "subhalo_population.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "constants.h"
#include "halo.h"
#include "powerlaw_ml.h"
#include "profile_eval.h"
#include "rng.h"

/* Sub-streams of LG_STREAM_SUBHALO: quantity << 20 | attempt; block = candidate k. */
enum { Q_MASS = 0, Q_POS_XY = 1, Q_POS_Z = 2, Q_C_SCATTER = 3, Q_WDM = 4, Q_CORE = 5 };
#define Q_SHIFT 20
/* Position attempts per subhalo (fits the 20-bit attempt field). The acceptance is at least
 * the fraction of the cylinder inside the core, ~1/2 for DG19 hosts, so the cap is never
 * reached in practice; if it is, the last proposal is kept and counted. */
#define MAX_ATTEMPTS 100000u

/* Lovell (2020, ApJ 897, 147), the subhalo fit: dN/dm_WDM / dN/dm_CDM = (1 + (a m_hm/m)^b)^c. */
#define WDM_A 4.2
#define WDM_B 2.5
#define WDM_C (-0.2)

void lg_subhalo_params_default(lg_subhalo_params *p)
{
    *p = (lg_subhalo_params){.sigma_sub = 0.025,
                             .alpha = -1.9,
                             .m_min = 1e6,
                             .m_max = 1e10,
                             .m_pivot = 1e8,
                             .k1 = 0.88,
                             .k2 = 1.7,
                             .r_max_theta_e = 3.0,
                             .r_min_render_arcsec = 0.0,
                             .conc = {.c_0 = 18.0, .zeta = -0.2, .beta = 0.8, .m_ref = 1e8},
                             .c_dex_scatter = 0.1,
                             .m_hm = 0.0,
                             .wdm_z_factor = 0,
                             .n_max = 100000,
                             .f_core = NULL};
}

enum { N_ARRAYS = 16 };

int lg_subhalo_population_alloc(lg_subhalo_population *pop, int capacity)
{
    memset(pop, 0, sizeof *pop);
    const size_t n = capacity > 0 ? (size_t)capacity : 1;
    double *buf = malloc(N_ARRAYS * n * sizeof *buf);
    pop->index = malloc(n * sizeof *pop->index);
    if (!buf || !pop->index) {
        free(buf);
        free(pop->index);
        pop->index = NULL;
        return -1;
    }
    double **arrays[N_ARRAYS] = {&pop->m,       &pop->c,          &pop->x_kpc,    &pop->y_kpc,
                                 &pop->z_kpc,   &pop->r3d_kpc,    &pop->x_arcsec, &pop->y_arcsec,
                                 &pop->r_s_kpc, &pop->r_s_arcsec, &pop->rho_s,    &pop->kappa_s,
                                 &pop->r_t_kpc, &pop->r_t_arcsec, &pop->tau,      &pop->core};
    for (int i = 0; i < N_ARRAYS; ++i)
        *arrays[i] = buf + (size_t)i * n;
    pop->capacity = capacity;
    return 0;
}

void lg_subhalo_population_free(lg_subhalo_population *pop)
{
    free(pop->m); /* the first array owns the buffer */
    free(pop->index);
    memset(pop, 0, sizeof *pop);
}

double lg_subhalo_f_host(const lg_subhalo_params *p, double m200, double z_l)
{
    return pow(10.0, p->k1 * log10(m200 / 1e13) + p->k2 * log10(z_l + 0.5));
}

double lg_subhalo_wdm_ratio(double m, double m_hm)
{
    if (!(m_hm > 0.0))
        return 1.0;
    return pow(1.0 + pow(WDM_A * m_hm / m, WDM_B), WDM_C);
}

/* int_lo^hi (m / m_p)^alpha dm / m_p */
static double powerlaw_integral(double alpha, double m_p, double lo, double hi)
{
    const double beta = alpha + 1.0;
    if (fabs(beta) < 1e-12)
        return log(hi / lo);
    return (pow(hi / m_p, beta) - pow(lo / m_p, beta)) / beta;
}

double lg_subhalo_expected(const lg_subhalo_params *p, double m200, double z_l, double r_max_kpc,
                           double m_lo, double m_hi)
{
    const double area = LG_PI * r_max_kpc * r_max_kpc;
    return p->sigma_sub * lg_subhalo_f_host(p, m200, z_l) * area *
           powerlaw_integral(p->alpha, p->m_pivot, m_lo, m_hi);
}

double lg_subhalo_truncation(double m, double r_kpc)
{
    return 1.4 * cbrt(m / 1e7) * pow(r_kpc / 50.0, 2.0 / 3.0);
}

static lg_bits4 bits(uint64_t seed, uint64_t index, int q, uint32_t attempt, int k)
{
    return lg_philox(seed, index, LG_STREAM_SUBHALO | (uint32_t)q << Q_SHIFT | attempt,
                     (uint32_t)k);
}

/* Inverse CDF of dN/dm ~ m^alpha on [m_min, m_max]. */
static double draw_mass(const lg_subhalo_params *p, double u)
{
    const double beta = p->alpha + 1.0, ratio = p->m_max / p->m_min;
    if (fabs(beta) < 1e-12)
        return p->m_min * pow(ratio, u);
    return p->m_min * pow(1.0 + u * (pow(ratio, beta) - 1.0), 1.0 / beta);
}

/* Host density shape of the subhalos: NFW at max(r, r_core) (DG19's core, r_core = r200/2). */
static double cored_shape(double r, double r_core, double r_s)
{
    const double x = fmax(r, r_core) / r_s;
    return 1.0 / (x * (1.0 + x) * (1.0 + x));
}

/* Position of candidate k: uniform proposals in the cylinder R < r_max, |z| < r200, accepted
 * with probability rho(r) / rho(core). This is the cored NFW restricted to the cylinder, the
 * same law as DG19's (3-D draws from the whole profile, kept inside the cylinder), without
 * drawing the many points that fall outside it. Returns 1 if the cap was reached. */
static int draw_position(uint64_t seed, uint64_t index, int k, double r_max, double r200,
                         double r_s, double xyz[3])
{
    const double r_core = 0.5 * r200, peak = cored_shape(0.0, r_core, r_s);
    for (uint32_t a = 0;; ++a) {
        lg_bits4 b1 = bits(seed, index, Q_POS_XY, a, k), b2 = bits(seed, index, Q_POS_Z, a, k);
        const double rr = r_max * sqrt(lg_u01d(b1.w[0], b1.w[1]));
        const double phi = 2.0 * LG_PI * lg_u01d(b1.w[2], b1.w[3]);
        xyz[0] = rr * cos(phi);
        xyz[1] = rr * sin(phi);
        xyz[2] = r200 * (2.0 * lg_u01d(b2.w[0], b2.w[1]) - 1.0);
        const double r = sqrt(rr * rr + xyz[2] * xyz[2]);
        if (lg_u01d(b2.w[2], b2.w[3]) * peak <= cored_shape(r, r_core, r_s))
            return 0;
        if (a + 1 >= MAX_ATTEMPTS)
            return 1;
    }
}

/* A deck distribution drawn for candidate k from its Q_CORE sub-stream (rejection attempts in the
 * attempt field, as lg_dist_draw's for a sample's parameters). */
static double draw_dist_k(const lg_dist *d, uint64_t seed, uint64_t index, int k)
{
    if (d->kind == LG_DIST_FIXED)
        return d->a;
    if (d->kind == LG_DIST_NORMAL) {
        for (uint32_t a = 0; a < MAX_ATTEMPTS; ++a) {
            const double v = d->a + d->b * lg_normal_d(bits(seed, index, Q_CORE, a, k));
            if (v >= d->lo && v <= d->hi)
                return v;
        }
        return fmin(fmax(d->a, d->lo), d->hi);
    }
    lg_bits4 b = bits(seed, index, Q_CORE, 0, k);
    const double u = lg_u01d(b.w[0], b.w[1]);
    if (d->kind == LG_DIST_UNIFORM)
        return d->a + (d->b - d->a) * u;
    return exp(log(d->a) + (log(d->b) - log(d->a)) * u);
}

typedef struct {
    double rho_c;           /* Msun / kpc^3 at z_l */
    double kpc_per_arcsec;  /* at z_l */
    double sigma_crit_kpc2; /* Msun / kpc^2 */
    double growth;          /* D(z_l) */
} scales;

/* Concentration and truncated-NFW scales of returned subhalo i (mass and position set). */
static void fill_profile(const lg_subhalo_params *p, const lg_subhalo_host *host,
                         const lg_power *power, const scales *s, double gauss,
                         lg_subhalo_population *pop, int i)
{
    const double m = pop->m[i];
    double c = lg_dg19_concentration(power, &p->conc, m, host->z_l, s->growth) *
               pow(10.0, p->c_dex_scatter * gauss);
    if (p->m_hm > 0.0)
        c = lg_wdm_concentration(c, m, p->m_hm, host->z_l, p->wdm_z_factor);
    pop->c[i] = c;
    /* as lg_nfw_scale (src/lens.c): M200 against 200 rho_crit(z_l) */
    const double r200 = cbrt(3.0 * m / (4.0 * LG_PI * 200.0 * s->rho_c));
    const double r_s = r200 / c;
    pop->rho_s[i] = 200.0 / 3.0 * s->rho_c * c * c * c / (log(1.0 + c) - c / (1.0 + c));
    pop->r_s_kpc[i] = r_s;
    pop->r_s_arcsec[i] = r_s / s->kpc_per_arcsec;
    pop->kappa_s[i] = pop->rho_s[i] * r_s / s->sigma_crit_kpc2;
    pop->r_t_kpc[i] = lg_subhalo_truncation(m, pop->r3d_kpc[i]);
    pop->r_t_arcsec[i] = pop->r_t_kpc[i] / s->kpc_per_arcsec;
    pop->tau[i] = pop->r_t_kpc[i] / r_s;
    pop->core[i] = 0.0;
}

/* SIDM: core the subhalo (§16.7): subtract the truncated NFW of scale f r_s with the same kappa_s
 * and r_t, and scale both so the total (truncated) mass stays that of the uncored profile. */
static void core_profile(double f, lg_subhalo_population *pop, int i)
{
    const double tau = pop->tau[i];
    pop->core[i] = f;
    pop->kappa_s[i] /= 1.0 - f * f * lg_tnfw_mass_factor(tau / f) / lg_tnfw_mass_factor(tau);
}

int lg_subhalo_draw(const lg_subhalo_params *p, const lg_subhalo_host *host,
                    const lg_cosmology *cosmo, const lg_power *power, uint64_t seed, uint64_t index,
                    lg_subhalo_population *pop)
{
    if (pop->capacity < p->n_max)
        return -1;
    scales s;
    s.rho_c = lg_rho_crit(cosmo, host->z_l) * 1e-9;
    s.kpc_per_arcsec = lg_angular_diameter_distance(cosmo, host->z_l) * 1e3 * LG_ARCSEC_RAD;
    s.sigma_crit_kpc2 = host->sigma_crit / (s.kpc_per_arcsec * s.kpc_per_arcsec);
    s.growth = lg_growth_factor(cosmo->Omega_m, host->z_l);

    const double r_max_arcsec = fmax(p->r_max_theta_e * host->theta_e, p->r_min_render_arcsec);
    pop->r_max_arcsec = r_max_arcsec;
    pop->r_max_kpc = r_max_arcsec * s.kpc_per_arcsec;
    pop->host_r200_kpc = cbrt(3.0 * host->m200 / (4.0 * LG_PI * 200.0 * s.rho_c));
    pop->host_rs_kpc = pop->host_r200_kpc / host->c;
    pop->n_expected =
        lg_subhalo_expected(p, host->m200, host->z_l, pop->r_max_kpc, p->m_min, p->m_max);

    const double count = lg_poisson_in(seed, index, LG_STREAM_SUBHALO_COUNT, 0, pop->n_expected);
    pop->n_drawn = count > INT_MAX ? INT_MAX : (int)count;
    pop->cap_hit = pop->n_drawn > p->n_max;
    pop->n_candidates = pop->cap_hit ? p->n_max : pop->n_drawn;
    pop->n = 0;
    pop->position_capped = 0;
    pop->m_sub_total = 0.0;
    for (int k = 0; k < pop->n_candidates; ++k) {
        lg_bits4 b = bits(seed, index, Q_MASS, 0, k);
        const double m = draw_mass(p, lg_u01d(b.w[0], b.w[1]));
        if (p->m_hm > 0.0) { /* thinning: the survivors are a subset of the CDM candidates */
            lg_bits4 w = bits(seed, index, Q_WDM, 0, k);
            if (lg_u01d(w.w[0], w.w[1]) >= lg_subhalo_wdm_ratio(m, p->m_hm))
                continue;
        }
        const int i = pop->n++;
        double xyz[3];
        pop->position_capped += draw_position(seed, index, k, pop->r_max_kpc, pop->host_r200_kpc,
                                              pop->host_rs_kpc, xyz);
        pop->index[i] = k;
        pop->m[i] = m;
        pop->x_kpc[i] = xyz[0];
        pop->y_kpc[i] = xyz[1];
        pop->z_kpc[i] = xyz[2];
        pop->r3d_kpc[i] = sqrt(xyz[0] * xyz[0] + xyz[1] * xyz[1] + xyz[2] * xyz[2]);
        pop->x_arcsec[i] = xyz[0] / s.kpc_per_arcsec;
        pop->y_arcsec[i] = xyz[1] / s.kpc_per_arcsec;
        const double gauss = lg_normal_d(bits(seed, index, Q_C_SCATTER, 0, k));
        fill_profile(p, host, power, &s, gauss, pop, i);
        if (p->f_core)
            core_profile(draw_dist_k(p->f_core, seed, index, k), pop, i);
        pop->m_sub_total += m;
    }
    pop->slope_ml = lg_powerlaw_ml_slope(pop->m, pop->n, p->m_min, p->m_max, &pop->slope_err);
    return 0;
}
