/* test_subhalo_sidm.c: SIDM-cored subhalos (docs/physics.md §16.7): the truncated NFW of scale
 * r_s minus the one of scale f r_s with the same kappa_s and r_t (lens_model.h, lg_halo_list).
 * Against analytic properties, not earlier output:
 *   - the cored halo keeps the total (truncated) mass of its CDM twin, drawn from the same
 *     streams (same masses, positions, concentrations);
 *   - its convergence is finite at the centre (a core: flat within 1e-3 of it) where the
 *     CDM twin's diverges, positive and decreasing outwards;
 *   - its deflection holds its mass: pi R alpha(R) against int 2 pi R kappa dR by GSL;
 *   - rendered into a map (subhalo_render.h), its mass on the map is the M_2D(R_cut) the renderer
 *     reports, as for uncored halos. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>
#include <gsl/gsl_integration.h>
#include <math.h>

#include "constants.h"
#include "lens.h"
#include "lens_model.h"
#include "peak_height.h"
#include "profile_eval.h"
#include "subhalo_fixture.h"
#include "subhalo_population.h"
#include "subhalo_render.h"

#define SEED 777u

static lg_cosmology cosmo;
static lg_power power;
static lg_subhalo_host host;

static int setup(void **state)
{
    (void)state;
    return subhalo_fixture(&cosmo, &power, &host);
}

static void draw(const lg_dist *f_core, lg_subhalo_population *pop)
{
    lg_subhalo_params p;
    lg_subhalo_params_default(&p);
    p.m_min = 1e7;
    p.n_max = 2000;
    p.f_core = f_core;
    assert_int_equal(lg_subhalo_population_alloc(pop, p.n_max), 0);
    assert_int_equal(lg_subhalo_draw(&p, &host, &cosmo, &power, SEED, 3, pop), 0);
}

/* Halo k of a population as a one-halo list (position at the origin). */
typedef struct {
    double x, y, ks, ts, tau, core;
} one_halo;

static lg_halo_list list_of(const lg_subhalo_population *pop, int k, one_halo *h)
{
    *h = (one_halo){0.0, 0.0, pop->kappa_s[k], pop->r_s_arcsec[k], pop->tau[k], pop->core[k]};
    return (lg_halo_list){1, &h->x, &h->y, &h->ks, &h->ts, &h->tau, &h->core, 0.0, 0.0, 0.0};
}

static lg_lensq at(const lg_halo_list *l, double r)
{
    lg_lens_model m = {.n = 0, .halos = *l};
    lg_lensq q;
    lg_lens_model_eval(&m, r, 0.0, &q);
    return q;
}

static double total_mass(const lg_halo_list *l)
{
    double m = 0.0;
    for (int j = 0; j < 2; ++j) {
        lg_component c;
        if (lg_halo_component(l, 0, j, &c))
            m += lg_tnfw_total_mass(&c);
    }
    return m;
}

static void test_mass_kept(void **state)
{
    (void)state;
    const lg_dist f = {LG_DIST_UNIFORM, 0.1, 0.8, 0.1, 0.8};
    lg_subhalo_population cdm, sidm;
    draw(NULL, &cdm);
    draw(&f, &sidm);
    assert_true(cdm.n == sidm.n && cdm.n > 50);
    double worst = 0.0, lo = 1.0, hi = 0.0;
    for (int k = 0; k < cdm.n; ++k) {
        assert_true(cdm.m[k] == sidm.m[k] && cdm.x_arcsec[k] == sidm.x_arcsec[k] &&
                    cdm.c[k] == sidm.c[k] && cdm.core[k] == 0.0);
        one_halo a, b;
        const lg_halo_list la = list_of(&cdm, k, &a), lb = list_of(&sidm, k, &b);
        worst = fmax(worst, fabs(total_mass(&lb) / total_mass(&la) - 1.0));
        lo = lo < sidm.core[k] ? lo : sidm.core[k];
        hi = hi > sidm.core[k] ? hi : sidm.core[k];
    }
    printf("%d subhalos: cored / CDM total mass worst |ratio - 1| %.2e; f_core %.3f .. %.3f\n",
           cdm.n, worst, lo, hi);
    assert_true(worst < 1e-12 && lo >= 0.1 && hi <= 0.8 && hi - lo > 0.5);
    lg_subhalo_population_free(&cdm);
    lg_subhalo_population_free(&sidm);
}

static double ring(double r, void *arg)
{
    return 2.0 * LG_PI * r * at(arg, r).kappa;
}

static void test_core_shape_and_mass(void **state)
{
    (void)state;
    const lg_dist f = {LG_DIST_FIXED, 0.3, 0.0, 0.3, 0.3};
    lg_subhalo_population cdm, sidm;
    draw(NULL, &cdm);
    draw(&f, &sidm);
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(1000);
    for (int k = 0; k < sidm.n; k += sidm.n / 7) {
        one_halo a, b;
        const lg_halo_list la = list_of(&cdm, k, &a), lb = list_of(&sidm, k, &b);
        const double ts = b.ts;
        /* from 1e-4 r_s (LG_NFW_X_MIN) on: the NFW's kappa grows as ln(1/R) inwards */
        const double k0 = at(&lb, 1e-4 * ts).kappa, k1 = at(&lb, 1e-3 * ts).kappa;
        const double c0 = at(&la, 1e-4 * ts).kappa, c1 = at(&la, 1e-3 * ts).kappa;
        printf("subhalo %d: kappa(1e-4 r_s) / kappa(1e-3 r_s) cored %.6f, CDM %.3f\n", k, k0 / k1,
               c0 / c1);
        assert_true(fabs(k0 / k1 - 1.0) < 1e-2 && c0 / c1 > 1.2);
        double prev = k0;
        for (double r = 1e-3 * ts; r < 1e3 * ts; r *= 1.3) { /* positive, decreasing */
            const double kr = at(&lb, r).kappa;
            assert_true(kr > 0.0 && kr <= prev * (1.0 + 1e-12));
            prev = kr;
        }
        gsl_function fn = {ring, (void *)&lb};
        /* from r0 = 1e-3 r_s on (kappa is clamped below 1e-4 r_s; alpha is not) */
        const double r0 = 1e-3 * ts, m0 = LG_PI * r0 * at(&lb, r0).alpha_x;
        for (double r = 0.1 * ts; r < 100.0 * ts; r *= 10.0) {
            double m2d, err;
            gsl_integration_qags(&fn, r0, r, 0.0, 1e-11, 1000, w, &m2d, &err);
            const double from_alpha = LG_PI * r * at(&lb, r).alpha_x - m0;
            if (fabs(from_alpha / m2d - 1.0) >= 1e-8)
                printf("R = %g r_s: pi R alpha %.12g, int 2 pi R kappa %.12g\n", r / ts, from_alpha,
                       m2d);
            assert_true(fabs(from_alpha / m2d - 1.0) < 1e-8);
        }
    }
    gsl_integration_workspace_free(w);
    lg_subhalo_population_free(&cdm);
    lg_subhalo_population_free(&sidm);
}

static void test_render_mass(void **state)
{
    (void)state;
    const lg_dist f = {LG_DIST_UNIFORM, 0.1, 0.8, 0.1, 0.8};
    lg_subhalo_population sidm;
    draw(&f, &sidm);
    const int n = 200;
    const lg_grid g = lg_grid_make(n, 12.0);
    double *x = malloc(6 * sizeof(double) * (size_t)sidm.n);
    double *y = x + sidm.n, *ks = y + sidm.n, *ts = ks + sidm.n, *tau = ts + sidm.n,
           *core = tau + sidm.n;
    int m = 0;
    for (int k = 0; k < sidm.n; ++k)
        if (fabs(sidm.x_arcsec[k]) < 2.0 && fabs(sidm.y_arcsec[k]) < 2.0) { /* well inside */
            x[m] = sidm.x_arcsec[k];
            y[m] = sidm.y_arcsec[k];
            ks[m] = sidm.kappa_s[k];
            ts[m] = sidm.r_s_arcsec[k];
            tau[m] = sidm.tau[k];
            core[m++] = sidm.core[k];
        }
    const lg_halo_list l = {m, x, y, ks, ts, tau, core, 0.0, 0.0, 0.0};
    float *map = calloc((size_t)n * n, sizeof *map);
    const lg_subhalo_render_opts o = {1e-4, 3};
    lg_subhalo_render_stats st;
    assert_int_equal(lg_halo_render(&l, &g, &o, map, &st), 0);
    double sum = 0.0;
    for (int i = 0; i < n * n; ++i)
        sum += map[i];
    sum *= g.pixel_d * g.pixel_d;
    printf("%d cored subhalos: map mass %.9g, sum M_2D(R_cut) %.9g (rel %.1e)\n", m, sum,
           st.mass_rendered, sum / st.mass_rendered - 1.0);
    assert_true(m > 20 && fabs(sum / st.mass_rendered - 1.0) < 1e-6);
    free(map);
    free(x);
    lg_subhalo_population_free(&sidm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mass_kept),
        cmocka_unit_test(test_core_shape_and_mass),
        cmocka_unit_test(test_render_mass),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
