/* test_rng.c: Philox known answers, uniform/normal transforms, the Gaussian-field layout and
 * the Poisson sampler (docs/physics.md §5.3, §6). Every stream is seeded, so each statistical check
 * is deterministic; tolerances are ~5 standard errors of the estimator, derived in the comments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "noise.h"
#include "rng.h"

static void check_kat(uint64_t seed, uint64_t index, uint32_t stream, uint32_t block,
                      const uint32_t expect[4])
{
    lg_bits4 r = lg_philox(seed, index, stream, block);
    for (int i = 0; i < 4; ++i)
        assert_int_equal(r.w[i], expect[i]);
}

/* lg_philox reproduces the three Philox4x32-10 known-answer vectors of Random123's
 * tests/kat_vectors (docs/physics.md §6): counter = {block, stream, index_lo, index_hi},
 * key = {seed_lo, seed_hi}. */
static void test_philox_kat(void **state)
{
    (void)state;
    const uint32_t zero[4] = {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u};
    check_kat(0, 0, 0, 0, zero);
    const uint32_t ones[4] = {0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu};
    check_kat(UINT64_MAX, UINT64_MAX, 0xffffffffu, 0xffffffffu, ones);
    /* counter 243f6a88 85a308d3 13198a2e 03707344, key a4093822 299f31d0 (digits of pi) */
    const uint32_t pi[4] = {0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u};
    check_kat(0x299f31d0a4093822ull, 0x0370734413198a2eull, 0x85a308d3u, 0x243f6a88u, pi);
}

/* lg_u01f maps the extreme words 0 and 0xffffffff strictly inside (0, 1), as rng.h documents
 * ("open interval (0, 1) ... safe for logf"). */
static void test_u01f_open_interval(void **state)
{
    (void)state;
    float f0 = lg_u01f(0u), f1 = lg_u01f(0xffffffffu);
    printf("lg_u01f(0) = %.9g, lg_u01f(0xffffffff) = %.9g\n", (double)f0, (double)f1);
    assert_true(f0 > 0.0f && f0 < 1.0f);
    assert_true(f1 > 0.0f && f1 < 1.0f);
}

/* lg_u01d maps the extreme words strictly inside (0, 1), as rng.h documents ("never 0 or 1");
 * lg_poisson's inversion loop relies on u < 1. */
static void test_u01d_open_interval(void **state)
{
    (void)state;
    double d0 = lg_u01d(0u, 0u), d1 = lg_u01d(0xffffffffu, 0xffffffffu);
    printf("lg_u01d(0,0) = %.17g, lg_u01d(~0,~0) = %.17g\n", d0, d1);
    assert_true(d0 > 0.0 && d0 < 1.0);
    assert_true(d1 > 0.0 && d1 < 1.0);
}

/* Mean 1/2 and variance 1/12 of U(0,1) over 2^20 lg_u01f and 2^19 lg_u01d draws, within
 * 5 standard errors: SE(mean) = sqrt(1/(12N)), SE(var) = sqrt((1/80 - 1/144)/N). */
static void test_uniform_moments(void **state)
{
    (void)state;
    const int groups = 1 << 18; /* 4 words per group: 2^20 floats, 2^19 doubles */
    double sf = 0, sf2 = 0, sd = 0, sd2 = 0;
    for (int g = 0; g < groups; ++g) {
        lg_bits4 b = lg_philox(12345, 7, LG_STREAM_GAUSS, (uint32_t)g);
        for (int i = 0; i < 4; ++i) {
            double u = lg_u01f(b.w[i]) - 0.5;
            sf += u;
            sf2 += u * u;
        }
        for (int i = 0; i < 4; i += 2) {
            double u = lg_u01d(b.w[i], b.w[i + 1]) - 0.5;
            sd += u;
            sd2 += u * u;
        }
    }
    const double nf = 4.0 * groups, nd = 2.0 * groups;
    const double vf = sf2 / nf - (sf / nf) * (sf / nf), vd = sd2 / nd - (sd / nd) * (sd / nd);
    printf("u01f mean-1/2 %.3g var %.8f; u01d mean-1/2 %.3g var %.8f (1/12 = %.8f)\n", sf / nf, vf,
           sd / nd, vd, 1.0 / 12.0);
    assert_true(fabs(sf / nf) < 5.0 * sqrt(1.0 / (12.0 * nf)));
    assert_true(fabs(sd / nd) < 5.0 * sqrt(1.0 / (12.0 * nd)));
    const double v4 = 1.0 / 80.0 - 1.0 / 144.0; /* Var[(U - 1/2)^2] */
    assert_true(fabs(vf - 1.0 / 12.0) < 5.0 * sqrt(v4 / nf));
    assert_true(fabs(vd - 1.0 / 12.0) < 5.0 * sqrt(v4 / nd));
}

/* Accumulates the first four raw moments of standard-normal samples. */
typedef struct {
    double n, m1, m2, m3, m4;
} moments;

static void mom_add(moments *m, double z)
{
    double z2 = z * z;
    m->n += 1;
    m->m1 += z;
    m->m2 += z2;
    m->m3 += z2 * z;
    m->m4 += z2 * z2;
}

/* N(0,1): E z = 0, E z^2 = 1, E z^3 = 0, E z^4 = 3, with per-sample variances 1, 2, 15, 96
 * (E z^6 = 15, E z^8 = 105); each asserted within 5 standard errors. */
static void mom_check(const moments *m, const char *name)
{
    double n = m->n, e1 = m->m1 / n, e2 = m->m2 / n, e3 = m->m3 / n, e4 = m->m4 / n;
    printf("%s: N = %.0f mean %.2e  E z^2 %.5f  E z^3 %.2e  E z^4 %.4f\n", name, n, e1, e2, e3, e4);
    assert_true(fabs(e1) < 5.0 * sqrt(1.0 / n));
    assert_true(fabs(e2 - 1.0) < 5.0 * sqrt(2.0 / n));
    assert_true(fabs(e3) < 5.0 * sqrt(15.0 / n));
    assert_true(fabs(e4 - 3.0) < 5.0 * sqrt(96.0 / n));
}

/* Normal deviates have the N(0,1) moments: the float field of lg_gaussian_field (2^20
 * pixels, Box-Muller on 24-bit uniforms) and the double lg_normal_d (2^19 draws). */
static void test_normal_moments(void **state)
{
    (void)state;
    const size_t n = (size_t)1 << 20;
    float *z = malloc(sizeof(float) * n);
    lg_gauss_work w;
    assert_non_null(z);
    assert_int_equal(lg_gauss_work_alloc(&w, n), 0);
    lg_gaussian_field(2024, 3, z, n, &w);
    moments mf = {0};
    for (size_t i = 0; i < n; ++i)
        mom_add(&mf, z[i]);
    mom_check(&mf, "lg_gaussian_field");
    moments md = {0};
    for (uint32_t i = 0; i < (1u << 19); ++i)
        mom_add(&md, lg_normal_d(lg_philox(99, 1, LG_STREAM_PARAMS | 5u, i)));
    mom_check(&md, "lg_normal_d");
    lg_gauss_work_free(&w);
    free(z);
}

/* The vectorised lg_gaussian_field equals the scalar reference layout lg_gauss_pixel for every
 * pixel (to 1e-6 absolute or relative: libmvec vs scalar libm), for n a multiple of 4 and for
 * odd n, including n < 4 where only the tail group is used. */
static void test_field_matches_pixel(void **state)
{
    (void)state;
    const size_t sizes[] = {64 * 64, 33 * 33, 1, 3, 6, 4097};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; ++k) {
        const size_t n = sizes[k];
        float *z = malloc(sizeof(float) * n);
        lg_gauss_work w;
        assert_non_null(z);
        assert_int_equal(lg_gauss_work_alloc(&w, n), 0);
        for (uint64_t index = 0; index < 3; ++index) {
            lg_gaussian_field(77, index * 1000003u, z, n, &w);
            for (size_t p = 0; p < n; ++p) {
                float ref = lg_gauss_pixel(77, index * 1000003u, (uint32_t)n, (uint32_t)p);
                float tol = 1e-6f * (fabsf(ref) > 1.0f ? fabsf(ref) : 1.0f);
                if (!(fabsf(z[p] - ref) <= tol))
                    fail_msg("n=%zu index=%llu pixel %zu: field %.9g, pixel %.9g", n,
                             (unsigned long long)index, p, (double)z[p], (double)ref);
            }
        }
        lg_gauss_work_free(&w);
        free(z);
    }
}

/* Sample mean and variance of N Poisson(lam) draws; SE(mean) = sqrt(lam/N) and
 * SE(var) = sqrt((lam + 2 lam^2)/N) (fourth central moment lam + 3 lam^2). */
static void poisson_moments(double lam, uint32_t n)
{
    double s = 0, s2 = 0;
    for (uint32_t i = 0; i < n; ++i) {
        double k = lg_poisson(31337, 42, i, lam);
        assert_true(k >= 0.0 && k == floor(k));
        s += k - lam;
        s2 += (k - lam) * (k - lam);
    }
    double mean = s / n, var = s2 / n - mean * mean;
    printf("Poisson lam %-6g N %u: mean-lam %+.4g (5 SE %.3g), var/lam %.5f (5 SE %.3g)\n", lam, n,
           mean, 5.0 * sqrt(lam / n), var / lam, 5.0 * sqrt((lam + 2 * lam * lam) / n) / lam);
    assert_true(fabs(mean) < 5.0 * sqrt(lam / n));
    assert_true(fabs(var - lam) < 5.0 * sqrt((lam + 2.0 * lam * lam) / n));
}

/* Mean = variance = lam on both branches of lg_poisson: inversion (lam < 10) and PTRS
 * (lam >= 10, Hörmann 1993), including the branch boundary 9.9 / 10. */
static void test_poisson_moments(void **state)
{
    (void)state;
    const double lams[] = {0.5, 3.0, 9.9, 10.0, 50.0, 1e4};
    for (size_t i = 0; i < sizeof lams / sizeof lams[0]; ++i)
        poisson_moments(lams[i], 200000);
}

/* Pearson chi-square of N draws against the exact Poisson pmf exp(-lam) lam^k / k!; bins with
 * expected count < 20 are pooled into the two tails. Threshold: the chi-square quantile at
 * p = 1e-6 via Wilson-Hilferty (z = 4.7534), slightly conservative for df >= 5. */
static void poisson_chi2(double lam, uint32_t n, uint64_t seed)
{
    enum { KMAX = 400 };
    static double count[KMAX], pmf[KMAX];
    for (int k = 0; k < KMAX; ++k)
        count[k] = 0.0;
    double p = exp(-lam);
    for (int k = 0; k < KMAX; ++k) {
        pmf[k] = p;
        p *= lam / (k + 1);
    }
    for (uint32_t i = 0; i < n; ++i) {
        double k = lg_poisson(seed, 5, i, lam);
        assert_true(k >= 0.0 && k < KMAX - 1);
        count[(int)k] += 1.0;
    }
    /* the low tail [0, lo], the bins lo+1 .. hi-1, the high tail [hi, inf) */
    int lo = 0, hi = KMAX - 1;
    double cl = count[0], el = pmf[0] * n;
    while (el < 20.0) {
        ++lo;
        cl += count[lo];
        el += pmf[lo] * n;
    }
    double ch = 0.0, eh = 0.0, cum = 0.0;
    for (int k = 0; k < KMAX; ++k)
        cum += pmf[k];
    for (hi = KMAX - 1; eh < 20.0; --hi) {
        ch += count[hi];
        eh += pmf[hi] * n;
    }
    ++hi;
    eh += (1.0 - cum) * n; /* probability beyond KMAX */
    double chi2 = (cl - el) * (cl - el) / el + (ch - eh) * (ch - eh) / eh;
    int bins = 2;
    for (int k = lo + 1; k < hi; ++k, ++bins) {
        double e = pmf[k] * n;
        chi2 += (count[k] - e) * (count[k] - e) / e;
    }
    const double df = bins - 1, a = 2.0 / (9.0 * df);
    const double crit = df * pow(1.0 - a + 4.7534 * sqrt(a), 3.0);
    printf("Poisson lam %g: chi2 = %.2f, df = %.0f, p=1e-6 threshold %.2f\n", lam, chi2, df, crit);
    assert_true(df >= 3);
    assert_true(chi2 < crit);
}

/* The whole distribution of lg_poisson matches the Poisson pmf (chi-square), not just two
 * moments: lam = 3 (inversion), 10 and 50 (PTRS). */
static void test_poisson_chi2(void **state)
{
    (void)state;
    poisson_chi2(3.0, 200000, 11);
    poisson_chi2(10.0, 200000, 12);
    poisson_chi2(50.0, 200000, 13);
}

/* Small mean: the frequencies of k = 0..3 for lam = 0.5 match exp(-lam) lam^k/k! within 5
 * binomial standard errors sqrt(p(1-p)/N). */
static void test_poisson_pmf_small(void **state)
{
    (void)state;
    const uint32_t n = 400000;
    const double lam = 0.5;
    double c[4] = {0};
    for (uint32_t i = 0; i < n; ++i) {
        double k = lg_poisson(8, 9, i, lam);
        if (k < 4.0)
            c[(int)k] += 1.0;
    }
    const double pk[4] = {exp(-lam), lam * exp(-lam), lam * lam / 2 * exp(-lam),
                          lam * lam * lam / 6 * exp(-lam)};
    for (int k = 0; k < 4; ++k) {
        double f = c[k] / n, se = sqrt(pk[k] * (1 - pk[k]) / n);
        printf("lam 0.5: P(%d) measured %.5f expected %.5f\n", k, f, pk[k]);
        assert_true(fabs(f - pk[k]) < 5.0 * se);
    }
}

/* A zero (or negative, or NaN) mean draws exactly 0 counts. */
static void test_poisson_zero(void **state)
{
    (void)state;
    for (uint32_t i = 0; i < 1000; ++i) {
        assert_true(lg_poisson(1, i, i, 0.0) == 0.0);
        assert_true(lg_poisson(1, i, i, -1.0) == 0.0);
        assert_true(lg_poisson(1, i, i, NAN) == 0.0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_philox_kat),         cmocka_unit_test(test_u01f_open_interval),
        cmocka_unit_test(test_u01d_open_interval), cmocka_unit_test(test_uniform_moments),
        cmocka_unit_test(test_normal_moments),     cmocka_unit_test(test_field_matches_pixel),
        cmocka_unit_test(test_poisson_moments),    cmocka_unit_test(test_poisson_chi2),
        cmocka_unit_test(test_poisson_pmf_small),  cmocka_unit_test(test_poisson_zero),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
