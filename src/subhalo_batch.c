/* subhalo_batch.c: draw, keep, render and transform a batch's subhalos (subhalo_batch.h). */
#include "subhalo_batch.h"

#include <math.h>
#include <stdlib.h>

#include "constants.h"
#include "einstein_radius.h"
#include "peak_height.h"
#include "profile_eval.h"
#include "los_population.h"
#include "subhalo_population.h"
#include "subhalo_render.h"

const char *const lg_sub_field_name[LG_SUB_N_OUTPUT] = {"mass", "c", "x", "y", "r_t", "f_core"};
const char *const lg_sub_field_unit[LG_SUB_N_OUTPUT] = {"Msun",   "",       "arcsec",
                                                        "arcsec", "arcsec", ""};
const char *const lg_sub_field_help[LG_SUB_N_OUTPUT] = {
    "subhalo M200 (200 x critical density at z_l)",
    "subhalo concentration r200/r_s (DG19 peak-height relation with scatter, WDM-lowered)",
    "subhalo centre x in the map frame (after augmentation)",
    "subhalo centre y in the map frame (after augmentation)",
    "truncation radius r_t = 1.4 (m/1e7 Msun)^(1/3) (r3d/50 kpc)^(2/3) kpc, as an angle",
    "SIDM core radius / scale radius (NaN unless dm_model = sidm)"};

struct lg_subhalo_batch {
    lg_config cfg;
    int width;       /* subhalos.n_max (0 without subhalos): /subhalos */
    int model_width; /* width + los.n_max (without los: width): the lens model's halos */
    int64_t capacity;
    lg_power power;
    int n_threads;
    lg_subhalo_population *pop; /* per thread */
    lg_los_population *los;     /* per thread, with los.enabled */
    float *field[LG_SUB_N_OUTPUT];
    /* what the lens model and the renderer read (lg_halo_list), in double precision */
    double *x, *y, *kappa_s, *theta_s, *tau, *core;
};
enum { N_MODEL_ARRAYS = 6 };

int lg_subhalo_width(const lg_config *cfg)
{
    return cfg->subhalos ? (int)cfg->sub_n_max : 0;
}

static int model_width(const lg_config *cfg)
{
    return lg_subhalo_width(cfg) + (cfg->los ? (int)cfg->los_n_max : 0);
}

void lg_subhalo_batch_free(lg_subhalo_batch *b)
{
    if (!b)
        return;
    for (int t = 0; b->pop && t < b->n_threads; ++t)
        lg_subhalo_population_free(&b->pop[t]);
    for (int t = 0; b->los && t < b->n_threads; ++t)
        lg_los_population_free(&b->los[t]);
    free(b->pop);
    free(b->los);
    free(b->field[0]); /* one buffer holds every field */
    free(b->x);        /* and one every model array */
    free(b);
}

lg_subhalo_batch *lg_subhalo_batch_create(const lg_config *cfg, int64_t capacity, int n_threads,
                                          int *failed)
{
    if (!cfg->subhalos && !cfg->los)
        return NULL;
    *failed = 1;
    lg_subhalo_batch *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->cfg = *cfg;
    b->width = lg_subhalo_width(cfg);
    b->model_width = model_width(cfg);
    b->capacity = capacity;
    b->n_threads = n_threads;
    lg_cosmology cosmo;
    lg_cosmology_init(&cosmo, cfg->H0, cfg->Omega_m);
    const size_t row = (size_t)capacity * (size_t)b->width;
    const size_t mrow = (size_t)capacity * (size_t)b->model_width;
    float *buf = malloc(sizeof(float) * (row ? row : 1) * LG_SUB_N_OUTPUT);
    double *dbuf = malloc(sizeof(double) * mrow * N_MODEL_ARRAYS);
    b->pop = calloc((size_t)n_threads, sizeof *b->pop);
    b->los = cfg->los ? calloc((size_t)n_threads, sizeof *b->los) : NULL;
    if (dbuf) {
        double **arrays[N_MODEL_ARRAYS] = {&b->x,       &b->y,   &b->kappa_s,
                                           &b->theta_s, &b->tau, &b->core};
        for (int a = 0; a < N_MODEL_ARRAYS; ++a)
            *arrays[a] = dbuf + (size_t)a * mrow;
    }
    int ok = buf && dbuf && b->pop && (b->los || !cfg->los) &&
             lg_power_init(&b->power, &cosmo, cfg->Omega_b, LG_SIGMA_8_DEFAULT, LG_N_S_DEFAULT,
                           LG_T_CMB_DEFAULT) == 0;
    for (int f = 0; buf && f < LG_SUB_N_OUTPUT; ++f)
        b->field[f] = buf + (size_t)f * row;
    for (int t = 0; ok && t < n_threads; ++t)
        ok = lg_subhalo_population_alloc(&b->pop[t], b->width) == 0 &&
             (!b->los || lg_los_population_alloc(&b->los[t], (int)cfg->los_n_max) == 0);
    if (!ok) {
        if (!b->field[0])
            free(buf);
        lg_subhalo_batch_free(b);
        return NULL;
    }
    *failed = 0;
    return b;
}

double lg_subhalo_batch_bytes(const lg_config *cfg, int64_t capacity, int n_threads)
{
    const double w = lg_subhalo_width(cfg), mw = model_width(cfg);
    if (mw == 0)
        return 0.0;
    /* the fields, the model arrays, a population per thread (16 doubles and an int per
     * subhalo; 11 doubles and 2 ints per line-of-sight halo, its slices), the power table */
    return (double)capacity * (w * 4.0 * LG_SUB_N_OUTPUT + mw * 8.0 * N_MODEL_ARRAYS) +
           n_threads * (w * (16.0 * 8.0 + 4.0) + (mw - w) * (11.0 * 8.0 + 8.0) + 1e6) +
           sizeof(lg_power);
}

static float *row_of(const lg_subhalo_batch *b, int f, int64_t i)
{
    return b->field[f] + (size_t)i * (size_t)b->width;
}

/* Row i's subhalos: /subhalos fields from o = i model_width on, labels; returns how many. */
static int draw_subhalos(lg_subhalo_batch *b, const lg_cosmology *cosmo, int thread, uint64_t index,
                         int64_t i, lg_lens *lens, lg_lens_model *model)
{
    const lg_config *cfg = &b->cfg;
    lg_subhalo_params p;
    lg_subhalo_params_default(&p);
    p.sigma_sub = lens->sigma_sub;
    p.alpha = cfg->sub_alpha;
    p.m_min = cfg->sub_m_min;
    p.m_max = cfg->sub_m_max;
    p.r_max_theta_e = cfg->sub_r_max_theta_e;
    p.r_min_render_arcsec = sqrt(2.0) * cfg->half_width; /* the map's half-diagonal */
    p.c_dex_scatter = cfg->sub_c_scatter_dex;
    p.m_hm = lens->dm_model == LG_DM_WDM ? lens->m_hm : 0.0;
    p.wdm_z_factor = cfg->wdm_z_factor;
    p.n_max = b->width;
    p.f_core = lens->dm_model == LG_DM_SIDM ? &cfg->f_core : NULL;
    /* theta_E NaN (no Einstein radius): the cylinder is the half-diagonal's */
    const lg_subhalo_host host = {lens->sub_host_m200, lens->host_c, lens->z_l,
                                  lens->strong_lens ? lens->theta_e : 0.0, lens->sigma_crit};
    lg_subhalo_population *pop = &b->pop[thread];
    lg_subhalo_draw(&p, &host, cosmo, &b->power, (uint64_t)cfg->seed, index, pop);

    double m_sub = 0.0; /* total (truncated) mass, Sigma_crit arcsec^2 */
    for (int k = 0; k < b->width; ++k) {
        const int in = k < pop->n;
        const float nan = NAN;
        row_of(b, LG_SUB_MASS, i)[k] = in ? (float)pop->m[k] : nan;
        row_of(b, LG_SUB_C, i)[k] = in ? (float)pop->c[k] : nan;
        row_of(b, LG_SUB_X, i)[k] = in ? (float)(lens->center_x + pop->x_arcsec[k]) : nan;
        row_of(b, LG_SUB_Y, i)[k] = in ? (float)(lens->center_y + pop->y_arcsec[k]) : nan;
        row_of(b, LG_SUB_R_T, i)[k] = in ? (float)pop->r_t_arcsec[k] : nan;
        row_of(b, LG_SUB_F_CORE, i)[k] = in && p.f_core ? (float)pop->core[k] : nan;
    }
    const size_t o = (size_t)i * (size_t)b->model_width;
    for (int k = 0; k < pop->n; ++k) {
        b->x[o + k] = lens->center_x + pop->x_arcsec[k];
        b->y[o + k] = lens->center_y + pop->y_arcsec[k];
        b->kappa_s[o + k] = pop->kappa_s[k];
        b->theta_s[o + k] = pop->r_s_arcsec[k];
        b->tau[o + k] = pop->tau[k];
        b->core[o + k] = pop->core[k];
    }
    model->halos.n = pop->n;
    for (int k = 0; k < pop->n; ++k)
        for (int j = 0; j < 2; ++j) {
            lg_component c;
            if (lg_halo_component(&model->halos, k, j, &c))
                m_sub += lg_tnfw_total_mass(&c);
        }
    lens->n_sub = pop->n;
    lens->sub_capped = pop->cap_hit;
    lens->sub_slope = pop->slope_ml;
    lens->sub_m_total = pop->m_sub_total;
    lens->sub_r_max = pop->r_max_arcsec;
    /* over the circularised main lens's mass inside the cylinder, as theta_E's (README) */
    const double r = pop->r_max_arcsec;
    lens->f_sub = m_sub / (LG_PI * r * r * lg_mean_kappa(model, r));
    return pop->n;
}

/* Area of the disk of radius r inside the square [-h, h]^2 (both centred at the origin). */
static double disk_in_square(double r, double h)
{
    if (r <= h)
        return LG_PI * r * r;
    if (r >= sqrt(2.0) * h)
        return 4.0 * h * h;
    return LG_PI * r * r - 4.0 * (r * r * acos(h / r) - h * sqrt(r * r - h * h));
}

/* The expected mean convergence of the line-of-sight halos over the map: slice j spreads its
 * expected mass (kappa_j over the cone's disk) uniformly over its own disk of radius r_j, which
 * shrinks behind the lens (the double cone), so the map holds the share of each disk inside it. */
static double los_map_mean(const lg_los_population *pop, double cone, double h)
{
    double k = 0.0;
    for (int j = 0; j < pop->n_slices; ++j) {
        const double r = pop->slices[j].r_arcsec;
        if (r > 0.0)
            k +=
                pop->slices[j].kappa * cone * cone / (r * r) * disk_in_square(r, h) / (4.0 * h * h);
    }
    return k;
}

/* Row i's line-of-sight halos after its `first` subhalos, the sheet and the labels. */
static void draw_los(lg_subhalo_batch *b, const lg_cosmology *cosmo, int thread, uint64_t index,
                     int64_t i, int first, lg_lens *lens, lg_lens_model *model)
{
    const lg_config *cfg = &b->cfg;
    lg_los_params p;
    lg_los_params_default(&p);
    p.delta_los = lens->delta_los;
    p.m_min = cfg->los_m_min;
    p.m_max = cfg->los_m_max;
    p.cone_arcsec = LG_LOS_CONE_DIAGONALS * sqrt(2.0) * cfg->half_width;
    p.c_dex_scatter = cfg->sub_c_scatter_dex;
    p.m_hm = lens->dm_model == LG_DM_WDM ? lens->m_hm : 0.0;
    p.wdm_z_factor = cfg->wdm_z_factor;
    p.n_max = (int)cfg->los_n_max;
    lg_los_population *pop = &b->los[thread];
    if (lg_los_draw(&p, cosmo, &b->power, lens->z_l, lens->z_s, (uint64_t)cfg->seed, index, pop) !=
        0) { /* a source in front of the lens: no cone */
        pop->n = pop->cap_hit = 0;
        pop->m_total = pop->kappa_sheet = 0.0;
    }
    const size_t o = (size_t)i * (size_t)b->model_width + (size_t)first;
    for (int k = 0; k < pop->n; ++k) {
        b->x[o + k] = lens->center_x + pop->x_arcsec[k];
        b->y[o + k] = lens->center_y + pop->y_arcsec[k];
        b->kappa_s[o + k] = pop->kappa_s[k];
        b->theta_s[o + k] = pop->theta_s[k];
        b->tau[o + k] = pop->tau[k];
        b->core[o + k] = 0.0;
    }
    model->halos.n = first + pop->n;
    /* the sheet takes out the mean the halos add to the map as rendered: their expected mean
     * over it, times the fraction of this draw's mass the cuts at subhalos.eps keep */
    double kept = 0.0, total = 0.0;
    for (int k = first; k < first + pop->n; ++k) {
        double m_tot;
        kept += lg_halo_rendered_mass(&model->halos, k, cfg->sub_eps, &m_tot);
        total += m_tot;
    }
    const double mean = pop->n_slices ? los_map_mean(pop, p.cone_arcsec, cfg->half_width) : 0.0;
    const double sheet = mean * (total > 0.0 ? kept / total : 1.0);
    model->halos.sheet = cfg->los_subtract_sheet ? sheet : 0.0;
    model->halos.sheet_cx = lens->center_x;
    model->halos.sheet_cy = lens->center_y;
    lens->n_los = pop->n;
    lens->los_capped = pop->cap_hit;
    lens->los_m_total = pop->m_total;
    lens->los_kappa_sheet = sheet;
}

void lg_subhalo_batch_draw(lg_subhalo_batch *b, const lg_cosmology *cosmo, int thread,
                           uint64_t index, int64_t i, lg_lens *lens, lg_lens_model *model)
{
    const size_t o = (size_t)i * (size_t)b->model_width;
    model->halos = (lg_halo_list){
        0,   b->x + o, b->y + o, b->kappa_s + o, b->theta_s + o, b->tau + o, b->core + o,
        0.0, 0.0,      0.0};
    const int n_sub = b->cfg.subhalos ? draw_subhalos(b, cosmo, thread, index, i, lens, model) : 0;
    if (b->cfg.los)
        draw_los(b, cosmo, thread, index, i, n_sub, lens, model);
}

int lg_subhalo_batch_render(const lg_subhalo_batch *b, const lg_lens_model *model, const lg_grid *g,
                            float *kappa)
{
    const lg_subhalo_render_opts o = {b->cfg.sub_eps, (int)b->cfg.supersample};
    const int rc = lg_halo_render(&model->halos, g, &o, kappa, NULL);
    const float sheet = (float)model->halos.sheet; /* over the whole map: inside the cone */
    if (sheet != 0.0f)
        for (size_t k = 0; k < (size_t)g->npix * (size_t)g->npix; ++k)
            kappa[k] -= sheet;
    return rc;
}

void lg_subhalo_batch_augment(lg_subhalo_batch *b, int64_t i, int rot90, int flip)
{
    float *x = row_of(b, LG_SUB_X, i), *y = row_of(b, LG_SUB_Y, i);
    for (int k = 0; k < b->width; ++k) { /* as lg_augment_lens moves the lens centre */
        for (int r = 0; r < rot90; ++r) {
            const float t = x[k];
            x[k] = -y[k];
            y[k] = t;
        }
        if (flip)
            x[k] = -x[k];
    }
}

const float *lg_subhalo_batch_field(const lg_subhalo_batch *b, int f)
{
    return b->field[f];
}
