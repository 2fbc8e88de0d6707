/* test_misc.c: per-sample normalisation (normalise.c) and the rank/batch decomposition
 * (decomposition.c): exact properties that follow from their definitions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>

#include "config.h"
#include "deck_schema.h"
#include "map_info.h"
#include "decomposition.h"
#include "normalise.h"

/* A deterministic test map with values spread over [offset - amp, offset + amp]. */
static void fill_map(float *m, size_t n, float offset, float amp)
{
    uint32_t x = 12345u;
    for (size_t i = 0; i < n; ++i) {
        x = x * 1664525u + 1013904223u; /* LCG (Numerical Recipes): only a spread of values */
        m[i] = offset + amp * ((float)(x >> 8) / 8388608.0f - 1.0f);
    }
}

/* minmax maps the map onto [0, 1]: min exactly 0, max 1 within 1e-6, every value in
 * [0, 1 + 1e-6], and the order of values is kept; for offsets from 0 to 1e3. */
static void test_minmax(void **state)
{
    (void)state;
    const size_t n = 4099;
    float *m = malloc(sizeof(float) * n), *orig = malloc(sizeof(float) * n);
    assert_non_null(m);
    assert_non_null(orig);
    const float offsets[3] = {0.0f, -3.5f, 1000.0f}, amps[3] = {0.2f, 5.0f, 40.0f};
    for (int t = 0; t < 3; ++t) {
        fill_map(orig, n, offsets[t], amps[t]);
        memcpy(m, orig, sizeof(float) * n);
        double offset, scale;
        lg_normalise_map(LG_NORM_MINMAX, m, n, &offset, &scale);
        /* the stored statistics undo it: raw = v * scale + offset, to float rounding */
        for (size_t i = 0; i < n; ++i)
            assert_true(fabs(m[i] * scale + offset - orig[i]) <=
                        4e-7 * (fabs(offset) + fabs(scale)));
        float lo = m[0], hi = m[0];
        size_t ilo = 0, ihi = 0;
        for (size_t i = 0; i < n; ++i) {
            assert_true(m[i] >= 0.0f && m[i] <= 1.0f + 1e-6f);
            if (m[i] < lo) {
                lo = m[i];
                ilo = i;
            }
            if (m[i] > hi) {
                hi = m[i];
                ihi = i;
            }
            if (i > 0 && orig[i] > orig[i - 1])
                assert_true(m[i] >= m[i - 1]);
        }
        printf("minmax offset %g: min %.3g max 1%+.3g\n", offsets[t], lo, hi - 1.0);
        assert_true(lo == 0.0f);
        assert_true(fabsf(hi - 1.0f) <= 1e-6f);
        /* the extremes are where the input's extremes were */
        for (size_t i = 0; i < n; ++i) {
            assert_true(orig[i] >= orig[ilo]);
            assert_true(orig[i] <= orig[ihi]);
        }
    }
    free(m);
    free(orig);
}

/* zscore: mean 0 and (population) standard deviation 1, computed in double afterwards, for a
 * map with a large offset relative to its spread (mean 10, std ~0.6). Tolerance: float
 * rounding of the shift (ulp(10) / std ~ 1.5e-6) and of the values. */
static void test_zscore(void **state)
{
    (void)state;
    const size_t n = 64 * 64 + 3;
    float *m = malloc(sizeof(float) * n);
    assert_non_null(m);
    const float offsets[2] = {0.0f, 10.0f};
    for (int t = 0; t < 2; ++t) {
        fill_map(m, n, offsets[t], 1.0f);
        float *orig = malloc(sizeof(float) * n);
        assert_non_null(orig);
        memcpy(orig, m, sizeof(float) * n);
        double offset, scale;
        lg_normalise_map(LG_NORM_ZSCORE, m, n, &offset, &scale);
        for (size_t i = 0; i < n; ++i)
            assert_true(fabs(m[i] * scale + offset - orig[i]) <=
                        4e-7 * (fabs(offset) + 4.0 * scale));
        free(orig);
        double s = 0, s2 = 0;
        for (size_t i = 0; i < n; ++i)
            s += m[i];
        double mean = s / n;
        for (size_t i = 0; i < n; ++i)
            s2 += (m[i] - mean) * (m[i] - mean);
        double sd = sqrt(s2 / n);
        printf("zscore offset %g: mean %.3g std 1%+.3g\n", offsets[t], mean, sd - 1.0);
        assert_true(fabs(mean) < 5e-6);
        assert_true(fabs(sd - 1.0) < 1e-6);
    }
    free(m);
}

/* A flat map (max == min, std == 0) becomes all zeros with minmax and zscore, never NaN, and
 * "none" leaves it unchanged; also for n = 1 and a map of zeros. */
static void test_flat(void **state)
{
    (void)state;
    const float values[4] = {0.0f, 0.1f, -7.25f, 3.0e5f};
    const size_t sizes[3] = {1, 17, 4096};
    float m[4096];
    for (int v = 0; v < 4; ++v)
        for (int s = 0; s < 3; ++s) {
            const size_t n = sizes[s];
            for (int method = LG_NORM_NONE; method <= LG_NORM_ZSCORE; ++method) {
                for (size_t i = 0; i < n; ++i)
                    m[i] = values[v];
                double offset, scale;
                lg_normalise_map(method, m, n, &offset, &scale);
                for (size_t i = 0; i < n; ++i) {
                    assert_false(isnan(m[i]));
                    assert_true(m[i] == (method == LG_NORM_NONE ? values[v] : 0.0f));
                }
                /* flat: scale 0 and the offset alone restores the map */
                assert_true(method == LG_NORM_NONE ? scale == 1.0 : scale == 0.0);
                if (method != LG_NORM_NONE)
                    assert_true((float)offset == values[v]);
            }
        }
    double offset, scale;
    lg_normalise_map(LG_NORM_ZSCORE, m, 0, &offset, &scale); /* n = 0 must not touch memory */
}

/* Maps of tiny values (an off-map Sersic: peak 2e-38, subnormal spreads) never give +-Inf or
 * NaN (1 / spread overflows a float below 2.9e-39). A spread below the smallest normal float
 * (LG_NORM_FLAT_ABS, 1.2e-38) is flat: all zeros and scale 0; a larger one, even of values near
 * 1e-38, is normalised to [0, 1] or unit std. The pattern i % 7 / 6 has range 1 (peak) and
 * std 0.33 peak, so at peak 2e-38 minmax normalises and zscore is flat. */
static void test_tiny_values(void **state)
{
    (void)state;
    const size_t n = 4096;
    float m[4096];
    const float peaks[4] = {2e-38f, 1e-42f, 1e-25f, 1e-36f};
    const int flat[4][2] = {{0, 1}, {1, 1}, {0, 0}, {0, 0}}; /* [peak][minmax, zscore] */
    for (int p = 0; p < 4; ++p)
        for (int method = LG_NORM_MINMAX; method <= LG_NORM_ZSCORE; ++method) {
            for (size_t i = 0; i < n; ++i)
                m[i] = peaks[p] * (float)(i % 7) / 6.0f;
            double offset, scale;
            lg_normalise_map(method, m, n, &offset, &scale);
            float hi = 0.0f;
            for (size_t i = 0; i < n; ++i) {
                assert_true(isfinite(m[i]));
                hi = fmaxf(hi, fabsf(m[i]));
            }
            printf("tiny peak %g method %d: scale %g, max |v| %g\n", (double)peaks[p], method,
                   scale, (double)hi);
            if (flat[p][method - LG_NORM_MINMAX])
                assert_true(scale == 0.0 && hi == 0.0f);
            else
                assert_true(scale > 0.0 && hi > 0.5f && hi < 3.0f);
        }
}

/* The flat threshold is relative: a spread of a few float rounding steps of the values (3e5
 * +- 1 ulp: 1e-7 relative) is flat, 1e-5 relative is normalised. A NaN or an infinity makes
 * the map flat (zeros, not NaN); values near the float range (+-3e38, whose difference
 * overflows a float) normalise to finite values. */
static void test_flat_relative_and_extremes(void **state)
{
    (void)state;
    const size_t n = 4096;
    float m[4096];
    for (int method = LG_NORM_MINMAX; method <= LG_NORM_ZSCORE; ++method) {
        double offset, scale;
        for (size_t i = 0; i < n; ++i)
            m[i] = i % 2 ? 3e5f : nextafterf(3e5f, 1e6f);
        lg_normalise_map(method, m, n, &offset, &scale);
        assert_true(scale == 0.0);
        for (size_t i = 0; i < n; ++i)
            assert_true(m[i] == 0.0f);

        for (size_t i = 0; i < n; ++i)
            m[i] = 1000.0f + 0.01f * (float)(i % 3);
        lg_normalise_map(method, m, n, &offset, &scale);
        assert_true(scale > 0.0);

        const float bad[3] = {NAN, INFINITY, -INFINITY};
        for (int b = 0; b < 3; ++b) {
            fill_map(m, n, 0.0f, 1.0f);
            m[b * 100] = bad[b];
            lg_normalise_map(method, m, n, &offset, &scale);
            assert_true(scale == 0.0);
            for (size_t i = 0; i < n; ++i)
                assert_true(m[i] == 0.0f);
        }

        for (size_t i = 0; i < n; ++i)
            m[i] = i % 2 ? 3e38f : -3e38f;
        lg_normalise_map(method, m, n, &offset, &scale);
        assert_true(scale > 0.0);
        for (size_t i = 0; i < n; ++i)
            assert_true(isfinite(m[i]) && fabsf(m[i]) <= 1.0f + 1e-6f);
    }
}

/* One list of maps: the deck's names (LG_MAP_NAMES, output.maps) are the table's, in order,
 * and exactly alpha, gamma, psi and mu derive from the potential. */
static void test_map_table(void **state)
{
    (void)state;
    for (int m = 0; m < LG_N_MAPS; ++m) {
        char name[32];
        lg_choices_name(LG_MAP_NAMES, m, name, sizeof name);
        assert_string_equal(name, lg_maps[m].name);
    }
    char extra[32];
    lg_choices_name(LG_MAP_NAMES, LG_N_MAPS, extra, sizeof extra);
    assert_string_equal(extra, ""); /* no name beyond the table */
    assert_int_equal(lg_derived_map_mask(), (1 << LG_MAP_ALPHA_X) | (1 << LG_MAP_ALPHA_Y) |
                                                (1 << LG_MAP_GAMMA1) | (1 << LG_MAP_GAMMA2) |
                                                (1 << LG_MAP_PSI) | (1 << LG_MAP_MU));
}

/* The blocks of lg_block partition [0, N): every index is in exactly one rank's block, blocks
 * are contiguous and in rank order (start_r = start_{r-1} + count_{r-1}), sizes differ by at
 * most one (the first N mod P ranks get one more), and ranks beyond N get count 0, start N. */
static void test_block_partition(void **state)
{
    (void)state;
    const int64_t ns[7] = {0, 1, 2, 3, 7, 100, 1001};
    for (int p = 1; p <= 8; ++p)
        for (int k = 0; k < 7; ++k) {
            const int64_t n = ns[k];
            int *owner = calloc((size_t)n + 1, sizeof(int));
            assert_non_null(owner);
            int64_t next = 0;
            for (int r = 0; r < p; ++r) {
                int64_t start, count;
                lg_block(n, p, r, &start, &count);
                assert_true(count >= 0);
                assert_int_equal(start, next);
                assert_int_equal(count, n / p + (r < n % p ? 1 : 0));
                if (r >= n)
                    assert_true(count == 0 && start == n);
                for (int64_t i = start; i < start + count; ++i) {
                    assert_true(i >= 0 && i < n);
                    owner[i] += 1;
                }
                next = start + count;
            }
            assert_int_equal(next, n);
            for (int64_t i = 0; i < n; ++i)
                assert_int_equal(owner[i], 1);
            free(owner);
        }
}

/* lg_n_batches(count, batch) = ceil(count / batch): the smallest number b of batches with
 * b * batch >= count, so (b - 1) * batch < count (0 batches for 0 samples). */
static void test_n_batches(void **state)
{
    (void)state;
    for (int64_t batch = 1; batch <= 17; ++batch)
        for (int64_t count = 0; count <= 300; ++count) {
            int64_t b = lg_n_batches(count, batch);
            assert_true(b * batch >= count);
            assert_true(b == 0 || (b - 1) * batch < count);
        }
    assert_int_equal(lg_n_batches(0, 64), 0);
    assert_int_equal(lg_n_batches(1, 64), 1);
    assert_int_equal(lg_n_batches(128, 64), 2);
    assert_int_equal(lg_n_batches(129, 64), 3);
    /* large counts (int64 samples) do not overflow */
    const int64_t big = (INT64_C(1) << 40) + 1, b = lg_n_batches(big, 1000);
    assert_true(b * 1000 >= big && (b - 1) * 1000 < big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minmax),      cmocka_unit_test(test_zscore),
        cmocka_unit_test(test_flat),        cmocka_unit_test(test_map_table),
        cmocka_unit_test(test_tiny_values), cmocka_unit_test(test_block_partition),
        cmocka_unit_test(test_n_batches),   cmocka_unit_test(test_flat_relative_and_extremes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
