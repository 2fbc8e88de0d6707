/* subhalo_batch.c: draw, keep, render and transform a batch's subhalos (subhalo_batch.h). */
#include "subhalo_batch.h"

#include <math.h>
#include <stdlib.h>

#include "constants.h"
#include "einstein_radius.h"
#include "peak_height.h"
#include "profile_eval.h"
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
    int width;
    int64_t capacity;
    lg_power power;
    int n_threads;
    lg_subhalo_population *pop; /* per thread */
    float *field[LG_SUB_N_OUTPUT];
    /* what the lens model and the renderer read (lg_halo_list), in double precision */
    double *x, *y, *kappa_s, *theta_s, *tau, *core;
};
enum { N_MODEL_ARRAYS = 6 };

int lg_subhalo_width(const lg_config *cfg)
{
    return cfg->subhalos ? (int)cfg->sub_n_max : 0;
}

void lg_subhalo_batch_free(lg_subhalo_batch *b)
{
    if (!b)
        return;
    for (int t = 0; b->pop && t < b->n_threads; ++t)
        lg_subhalo_population_free(&b->pop[t]);
    free(b->pop);
    free(b->field[0]); /* one buffer holds every field */
    free(b->x);        /* and one every model array */
    free(b);
}

lg_subhalo_batch *lg_subhalo_batch_create(const lg_config *cfg, int64_t capacity, int n_threads,
                                          int *failed)
{
    if (!cfg->subhalos)
        return NULL;
    *failed = 1;
    lg_subhalo_batch *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->cfg = *cfg;
    b->width = lg_subhalo_width(cfg);
    b->capacity = capacity;
    b->n_threads = n_threads;
    lg_cosmology cosmo;
    lg_cosmology_init(&cosmo, cfg->H0, cfg->Omega_m);
    const size_t row = (size_t)capacity * (size_t)b->width;
    float *buf = malloc(sizeof(float) * row * LG_SUB_N_OUTPUT);
    double *dbuf = malloc(sizeof(double) * row * N_MODEL_ARRAYS);
    b->pop = calloc((size_t)n_threads, sizeof *b->pop);
    if (dbuf) {
        double **arrays[N_MODEL_ARRAYS] = {&b->x,       &b->y,   &b->kappa_s,
                                           &b->theta_s, &b->tau, &b->core};
        for (int a = 0; a < N_MODEL_ARRAYS; ++a)
            *arrays[a] = dbuf + (size_t)a * row;
    }
    int ok = buf && dbuf && b->pop &&
             lg_power_init(&b->power, &cosmo, cfg->Omega_b, LG_SIGMA_8_DEFAULT, LG_N_S_DEFAULT,
                           LG_T_CMB_DEFAULT) == 0;
    for (int f = 0; buf && f < LG_SUB_N_OUTPUT; ++f)
        b->field[f] = buf + (size_t)f * row;
    for (int t = 0; ok && t < n_threads; ++t)
        ok = lg_subhalo_population_alloc(&b->pop[t], b->width) == 0;
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
    const double w = lg_subhalo_width(cfg);
    if (w == 0)
        return 0.0;
    /* the fields, the model arrays, a population per thread (16 doubles and an int per
     * subhalo), the power table */
    return (double)capacity * w * (4.0 * LG_SUB_N_OUTPUT + 8.0 * N_MODEL_ARRAYS) +
           n_threads * w * (16.0 * 8.0 + 4.0) + sizeof(lg_power);
}

static float *row_of(const lg_subhalo_batch *b, int f, int64_t i)
{
    return b->field[f] + (size_t)i * (size_t)b->width;
}

void lg_subhalo_batch_draw(lg_subhalo_batch *b, const lg_cosmology *cosmo, int thread,
                           uint64_t index, int64_t i, lg_lens *lens, lg_lens_model *model)
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
    const size_t o = (size_t)i * (size_t)b->width;
    for (int k = 0; k < pop->n; ++k) {
        b->x[o + k] = lens->center_x + pop->x_arcsec[k];
        b->y[o + k] = lens->center_y + pop->y_arcsec[k];
        b->kappa_s[o + k] = pop->kappa_s[k];
        b->theta_s[o + k] = pop->r_s_arcsec[k];
        b->tau[o + k] = pop->tau[k];
        b->core[o + k] = pop->core[k];
    }
    model->halos = (lg_halo_list){pop->n,         b->x + o,   b->y + o,   b->kappa_s + o,
                                  b->theta_s + o, b->tau + o, b->core + o};
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
}

int lg_subhalo_batch_render(const lg_subhalo_batch *b, const lg_lens_model *model, const lg_grid *g,
                            float *kappa)
{
    const lg_subhalo_render_opts o = {b->cfg.sub_eps, (int)b->cfg.supersample};
    return lg_halo_render(&model->halos, g, &o, kappa, NULL);
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
