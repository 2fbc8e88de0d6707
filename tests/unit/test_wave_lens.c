/* test_wave_lens.c: the per-sample wiring of wave optics (wave_lens.h, output.wave):
 *   - the frequency grid: ends as given, a constant ratio (log) or step (linear);
 *   - w from the redshifted mass, 8 pi G M_Lz f / c^3, equals w from the Einstein radius and
 *     the time-delay distance, 2 pi f D_dt theta_E^2 / c, for drawn point masses and SIS
 *     lenses; the SIS's M_Lz / (1 + z_l) is pi theta_E^2 Sigma_crit (mean convergence 1 inside
 *     theta_E), the point mass's its mass;
 *   - through the CPU backend, at w far above 1000, the F of each sample equals the sum over the
 *     images that point_images.c finds for the quasar at the same source position,
 *     sum_j |mu_j|^{1/2} exp(2 pi i f dt_j - i pi n_j) (n_j = 1/2 for saddles): y, M_Lz and the
 *     images' magnifications and delays (D_dt and the Fermat potential) tell the same story;
 *   - the switch: the exact F where w <= LG_WAVE_W_MAX and y <= LG_WAVE_Y_MAX, the geometric-
 *     optics function elsewhere, counted; y = 0 there gives NaN; and how far the two differ at
 *     the switch (docs/physics.md §15.7). */
#include <complex.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "backend.h"
#include "constants.h"
#include "cosmology.h"
#include "deck.h"
#include "lens.h"
#include "profiles.h"
#include "timing.h"
#include "wave_lens.h"
#include "wave_optics.h"

static lg_config parse(const char *text)
{
    lg_config cfg;
    assert_int_equal(lg_deck_parse_text("test_wave_lens", text, NULL, 0, &cfg, stderr), 0);
    return cfg;
}

static double rel(double a, double b)
{
    return fabs(a - b) / fabs(b);
}

static void test_grid(void **state)
{
    (void)state;
    lg_config cfg = parse("n_samples = 1\n[lens]\nprofile = sis\n[output]\nwave = true\n"
                          "[wave]\nf_min = 20\nf_max = 2000\nn_freq = 51\n");
    double f[51];
    lg_wave_freqs(&cfg, f);
    assert_true(f[0] == 20.0 && f[50] == 2000.0);
    for (int i = 1; i < 51; ++i) /* ratio 100^(1/50) */
        assert_true(rel(f[i] / f[i - 1], pow(100.0, 1.0 / 50.0)) < 1e-13);
    cfg.wave_spacing = LG_WAVE_SPACING_LINEAR;
    lg_wave_freqs(&cfg, f);
    assert_true(f[0] == 20.0 && f[50] == 2000.0);
    for (int i = 1; i < 51; ++i)
        assert_true(rel(f[i] - f[i - 1], 1980.0 / 50.0) < 1e-12);
}

/* Two routes to w, and the mass inside theta_E, for 200 drawn lenses of both profiles. */
static void test_w_two_routes(void **state)
{
    (void)state;
    const lg_config cfg =
        parse("n_samples = 200\nseed = 5\n[map]\nnpix = 4\nhalf_width = 0.002\n"
              "[lens]\nprofile = choice(point_mass: 1, sis: 1)\nz_l = uniform(0.05, 1.5)\n"
              "z_s = uniform(1.6, 4)\n[point_mass]\nmass = loguniform(1e3, 1e9)\n"
              "[sis]\nsigma_v = uniform(1, 300)\n[source]\ncenter_x = uniform(-1e-4, 1e-4)\n"
              "[output]\nmaps = kappa\nwave = true\n");
    lg_cosmology cosmo;
    lg_cosmology_init(&cosmo, cfg.H0, cfg.Omega_m);
    int seen[2] = {0, 0};
    double worst_w = 0.0, worst_m = 0.0;
    for (uint64_t i = 0; i < 200; ++i) {
        lg_lens l;
        lg_lens_draw(&cfg, &cosmo, i, &l);
        lg_wave_lens_params(&cfg, &cosmo, i, &l);
        const double d_l = lg_angular_diameter_distance(&cosmo, l.z_l);
        const double d_s = lg_angular_diameter_distance(&cosmo, l.z_s);
        const double d_ls = lg_angular_diameter_distance_z1z2(&cosmo, l.z_l, l.z_s);
        const double d_dt = (1.0 + l.z_l) * d_l * d_s / d_ls;
        for (double f = 1e-3; f < 1e4; f *= 10.0) {
            const double w = lg_wave_w_mass(l.wave_m_lz, 0.0, f);
            worst_w = fmax(worst_w, rel(w, lg_wave_w_theta_e(l.theta_e, d_dt, f)));
        }
        const double m_in =
            l.profile == LG_SIS ? LG_PI * l.theta_e * l.theta_e * l.sigma_crit : l.mass;
        worst_m = fmax(worst_m, rel(l.wave_m_lz / (1.0 + l.z_l), m_in));
        seen[l.profile == LG_SIS]++;
        assert_true(l.wave_y >= 0.0 && isfinite(l.wave_y));
    }
    printf("w by mass vs by theta_E and D_dt: %.2g; M_Lz/(1 + z_l) vs pi theta_E^2 Sigma_crit: "
           "%.2g (%d point masses, %d SIS)\n",
           worst_w, worst_m, seen[0], seen[1]);
    assert_true(seen[0] > 50 && seen[1] > 50);
    assert_true(worst_w < 1e-12);
    assert_true(worst_m < 1e-12);
}

/* Geometric optics from the images the lens-equation solver finds. */
static double complex f_from_images(const lg_lens *l, double f_hz)
{
    double complex s = 0.0;
    for (int j = 0; j < l->n_images; ++j) {
        const double phase = 2.0 * LG_PI * f_hz * l->img_dt[j] * 86400.0;
        s += sqrt(fabs(l->img_mu[j])) * cexp(I * phase) * (l->img_mu[j] < 0 ? -I : 1.0);
    }
    return s;
}

static void test_images_agree(void **state)
{
    (void)state;
    /* point masses of 1e6-1e7 Msun and SIS of ~1e6-1e7 Msun inside theta_E (1.7-4.4 mas):
     * w >= 1e5 over the grid, all geometric optics */
    const lg_config cfg =
        parse("n_samples = 24\nseed = 11\n[map]\nnpix = 32\nhalf_width = 0.02\n"
              "[lens]\nprofile = choice(point_mass: 1, sis: 1)\nz_l = uniform(0.2, 0.8)\nz_s = 2\n"
              "[point_mass]\nmass = loguniform(1e6, 1e7)\n[sis]\nsigma_v = uniform(10, 16)\n"
              "[source]\ncenter_x = uniform(0.0006, 0.0015)\ncenter_y = uniform(-0.0015, 0.0015)\n"
              "point_source = true\n[imaging]\nsupersample = 1\n"
              "[output]\nmaps = kappa, image\nwave = true\n[wave]\nf_min = 1000\nf_max = 4000\n"
              "n_freq = 7\nspacing = linear\n");
    lg_cosmology cosmo;
    lg_cosmology_init(&cosmo, cfg.H0, cfg.Omega_m);
    lg_backend b;
    assert_int_equal(lg_backend_create(&b, &lg_backend_cpu_ops, &cfg, 24, 2), 0);
    double t[LG_N_PHASES] = {0}, freq[7];
    lg_host_batch h;
    assert_int_equal(lg_backend_compute(&b, &cosmo, 0, 24, t, &h), 0);
    lg_wave_freqs(&cfg, freq);
    double worst = 0.0;
    int doubles = 0;
    for (int i = 0; i < 24; ++i) {
        const lg_lens *l = &h.lenses[i];
        /* the same source: the quasar's position is the one y was taken from */
        assert_true(rel(hypot(l->src_x - l->center_x, l->src_y - l->center_y),
                        l->wave_y * l->theta_e) < 1e-14);
        assert_int_equal(l->wave_n_geo, 7);
        doubles += l->n_images == 2;
        for (int k = 0; k < 7; ++k) {
            assert_true(lg_wave_w_mass(l->wave_m_lz, 0.0, freq[k]) > 1e5);
            const double complex fw = h.wave_abs[i * 7 + k] * cexp(I * h.wave_phase[i * 7 + k]);
            worst = fmax(worst, cabs(fw - f_from_images(l, freq[k])) / cabs(fw));
        }
    }
    printf("F at w > 1e5 vs the sum over point_images.c's images: %.2g (%d doubles of 24)\n", worst,
           doubles);
    /* limited by the images' magnifications (~1e-5 relative for the SIS's saddle by its cusp) */
    assert_true(doubles >= 12);
    assert_true(worst < 5e-5);
    lg_backend_destroy(&b);
}

/* The switch, sample by sample: exact below it, geometric optics above, counted. */
static void test_switch(void **state)
{
    (void)state;
    lg_config cfg = parse("n_samples = 1\n[lens]\nprofile = sis\n[output]\nwave = true\n"
                          "[wave]\nf_min = 1\nf_max = 1e4\nn_freq = 33\n");
    double freq[33], a[33], p[33];
    lg_wave_freqs(&cfg, freq);
    const double ys[] = {0.0, 0.4, 1.7, 10.0, 10.5};
    for (int prof = 0; prof < 2; ++prof)
        for (size_t iy = 0; iy < sizeof ys / sizeof ys[0]; ++iy) {
            lg_lens l = {.profile = prof ? LG_SIS : LG_POINT_MASS,
                         .wave_y = ys[iy],
                         .wave_m_lz = 1e3}; /* w from 0.12 to 1240 */
            const int n_geo = lg_wave_lens_f(&l, freq, 33, a, p);
            int expect = 0;
            for (int k = 0; k < 33; ++k) {
                const double w = lg_wave_w_mass(1e3, 0.0, freq[k]), y = ys[iy];
                const int geo = w > LG_WAVE_W_MAX || y > LG_WAVE_Y_MAX;
                double ea = NAN, ep = NAN;
                if (prof)
                    (geo ? lg_wave_sis_geo : lg_wave_sis)(w, y, &ea, &ep);
                else
                    (geo ? lg_wave_point_mass_geo : lg_wave_point_mass)(w, y, &ea, &ep);
                expect += geo;
                if (geo && y == 0.0) /* no geometric optics on the Einstein ring */
                    assert_true(isnan(a[k]) && isnan(p[k]));
                else
                    assert_true(a[k] == ea && p[k] == ep && isfinite(a[k]));
            }
            assert_int_equal(n_geo, expect);
            assert_true(ys[iy] > LG_WAVE_Y_MAX ? n_geo == 33 : (n_geo > 0 && n_geo < 33));
        }
}

/* How far exact and geometric F differ at the switch (recorded in docs/physics.md §15.7):
 * geometric optics needs w y >> 1 (small y) and is slowest by the SIS's cusp (y near 1). */
static void test_switch_jump(void **state)
{
    (void)state;
    double small_y = 0.0, pm_w = 0.0, sis_w = 0.0, sis_cusp = 0.0, pm_y = 0.0, sis_y = 0.0;
    for (double y = 0.01; y <= 10.0; y *= 1.05) {
        double complex e, g, es, gs;
        lg_wave_point_mass_c(LG_WAVE_W_MAX, y, &e);
        lg_wave_point_mass_geo_c(LG_WAVE_W_MAX, y, &g);
        lg_wave_sis_c(LG_WAVE_W_MAX, y, &es);
        lg_wave_sis_geo_c(LG_WAVE_W_MAX, y, &gs);
        const double pm = cabs(e - g) / cabs(e), sis = cabs(es - gs) / cabs(es);
        if (y < 0.1)
            small_y = fmax(small_y, fmax(pm, sis));
        else if (fabs(y - 1.0) < 0.1)
            sis_cusp = fmax(sis_cusp, sis);
        else
            sis_w = fmax(sis_w, sis);
        if (y >= 0.1)
            pm_w = fmax(pm_w, pm);
    }
    for (double w = 1e-3; w <= LG_WAVE_W_MAX; w *= 1.25) {
        double complex e, g;
        lg_wave_point_mass_c(w, LG_WAVE_Y_MAX, &e);
        lg_wave_point_mass_geo_c(w, LG_WAVE_Y_MAX, &g);
        pm_y = fmax(pm_y, cabs(e - g) / cabs(e));
        lg_wave_sis_c(w, LG_WAVE_Y_MAX, &e);
        lg_wave_sis_geo_c(w, LG_WAVE_Y_MAX, &g);
        sis_y = fmax(sis_y, cabs(e - g) / cabs(e));
    }
    printf("|F - F_geo|/|F| at w = 1000: y in [0.01, 0.1) %.2g; y in [0.1, 10]: point mass %.2g, "
           "SIS %.2g (%.2g for |y - 1| < 0.1); at y = 10, w in [1e-3, 1e3]: point mass %.2g, "
           "SIS %.2g\n",
           small_y, pm_w, sis_w, sis_cusp, pm_y, sis_y);
    assert_true(small_y < 0.12 && pm_w < 0.013 && sis_w < 0.025 && sis_cusp < 0.035);
    assert_true(pm_y < 0.012 && sis_y < 0.035);
}

/* Without output.wave nothing is set, and no bytes are asked for. */
static void test_off(void **state)
{
    (void)state;
    const lg_config cfg = parse("n_samples = 1\n[lens]\nprofile = point_mass\n");
    lg_cosmology cosmo;
    lg_cosmology_init(&cosmo, cfg.H0, cfg.Omega_m);
    lg_lens l;
    lg_lens_draw(&cfg, &cosmo, 0, &l);
    lg_wave_lens_params(&cfg, &cosmo, 0, &l);
    assert_true(isnan(l.wave_y) && isnan(l.wave_m_lz));
    assert_true(lg_wave_bytes_per_sample(&cfg) == 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid),         cmocka_unit_test(test_w_two_routes),
        cmocka_unit_test(test_images_agree), cmocka_unit_test(test_switch),
        cmocka_unit_test(test_switch_jump),  cmocka_unit_test(test_off),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
