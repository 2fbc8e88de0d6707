/* wave_lens.c: wave optics of one sample (wave_lens.h; docs/physics.md §15.7). */
#include "wave_lens.h"

#include <math.h>
#include <stdlib.h>

#include "backend.h" /* the stop flag: a slow batch of F stops early on a signal */
#include "profiles.h"
#include "sampling.h"

const char *const lg_wave_set_name[LG_WAVE_N_SETS] = {"F_abs", "F_phase", "n_geometric"};
#include "wave_optics.h"

void lg_wave_freqs(const lg_config *cfg, double *f)
{
    const int n = (int)cfg->wave_n_freq;
    const double lo = cfg->wave_f_min, hi = cfg->wave_f_max;
    for (int i = 0; i < n; ++i) {
        const double t = (double)i / (double)(n - 1);
        f[i] = cfg->wave_spacing == LG_WAVE_SPACING_LOG ? exp(log(lo) + t * (log(hi) - log(lo)))
                                                        : lo + t * (hi - lo);
    }
    f[0] = lo; /* the ends as the deck gives them, not as exp(log()) rounds them */
    f[n - 1] = hi;
}

void lg_wave_lens_params(const lg_config *cfg, const lg_cosmology *cosmo, uint64_t index,
                         lg_lens *l)
{
    if (!cfg->wave || (l->profile != LG_POINT_MASS && l->profile != LG_SIS))
        return;
    /* the source's centre from its own stream: the value lens.c draws when it makes images */
    const uint64_t seed = (uint64_t)cfg->seed;
    l->src_x = lg_dist_draw(&cfg->src_x, seed, index, LG_PID_SRC_X);
    l->src_y = lg_dist_draw(&cfg->src_y, seed, index, LG_PID_SRC_Y);
    const double bx = l->src_x - l->center_x, by = l->src_y - l->center_y;
    l->wave_y = hypot(bx, by) / l->theta_e;
    double mass = l->mass;
    if (l->profile == LG_SIS) {
        const double d_l = lg_angular_diameter_distance(cosmo, l->z_l);
        const double d_s = lg_angular_diameter_distance(cosmo, l->z_s);
        const double d_ls = lg_angular_diameter_distance_z1z2(cosmo, l->z_l, l->z_s);
        mass = lg_wave_sis_einstein_mass(l->sigma_v, d_l, d_s, d_ls);
    }
    l->wave_m_lz = mass * (1.0 + l->z_l);
}

int lg_wave_lens_f(const lg_lens *l, const double *freq, int n, double *f_abs, double *f_phase)
{
    const int pm = l->profile == LG_POINT_MASS, sis = l->profile == LG_SIS;
    const double y = l->wave_y;
    int n_geo = 0;
    for (int k = 0; k < n; ++k) {
        const double w = lg_wave_w_mass(l->wave_m_lz, 0.0, freq[k]);
        /* beyond the exact functions' range: geometric optics, good to ~1/w there (§15.4) */
        const int geo = !(w <= LG_WAVE_W_MAX && y <= LG_WAVE_Y_MAX);
        n_geo += geo;
        f_abs[k] = f_phase[k] = NAN; /* what every function leaves on failure, y = 0 included */
        if (pm)
            (geo ? lg_wave_point_mass_geo : lg_wave_point_mass)(w, y, &f_abs[k], &f_phase[k]);
        else if (sis)
            (geo ? lg_wave_sis_geo : lg_wave_sis)(w, y, &f_abs[k], &f_phase[k]);
    }
    return n_geo;
}

double lg_wave_bytes_per_sample(const lg_config *cfg)
{
    return cfg->wave ? 2.0 * sizeof(double) * (double)cfg->wave_n_freq : 0.0;
}

int lg_wave_batch_init(lg_wave_batch *w, const lg_config *cfg, int64_t capacity)
{
    *w = (lg_wave_batch){0};
    if (!cfg->wave)
        return 0;
    const size_t n = (size_t)cfg->wave_n_freq;
    w->freq = malloc(sizeof(double) * n);
    w->f_abs = malloc(sizeof(double) * n * (size_t)capacity);
    w->f_phase = malloc(sizeof(double) * n * (size_t)capacity);
    if (!w->freq || !w->f_abs || !w->f_phase) {
        lg_wave_batch_free(w);
        return -1;
    }
    w->n = (int)n;
    lg_wave_freqs(cfg, w->freq);
    return 0;
}

void lg_wave_batch_free(lg_wave_batch *w)
{
    free(w->freq);
    free(w->f_abs);
    free(w->f_phase);
    *w = (lg_wave_batch){0};
}

void lg_wave_batch_compute(const lg_wave_batch *w, lg_lens *lenses, int64_t count, int n_threads)
{
    if (!w->n)
        return;
    const size_t n = (size_t)w->n;
#pragma omp parallel for schedule(dynamic, 1) num_threads(n_threads)
    for (int64_t i = 0; i < count; ++i)
        if (!lg_backend_stop_requested())
            lenses[i].wave_n_geo = lg_wave_lens_f(
                &lenses[i], w->freq, w->n, w->f_abs + (size_t)i * n, w->f_phase + (size_t)i * n);
}
