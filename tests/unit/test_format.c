/* test_format.c: numbers in --check-deck and provenance (deck_value.c): lg_format_real writes the
 * shortest of %.15g, %.16g, %.17g that reads back exactly, and lg_value_format gives deck text
 * that parses back to the same value. */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>

#include "deck_schema.h"
#include "deck_value.h"

static const char *fmt(double v)
{
    static char buf[64];
    return lg_format_real(buf, sizeof buf, v);
}

/* Values with a short decimal form print in it; those that need 16 or 17 digits get them. */
static void test_known_values(void **state)
{
    (void)state;
    assert_string_equal(fmt(0.3), "0.3");
    assert_string_equal(fmt(0.1), "0.1");
    assert_string_equal(fmt(1e14), "1e+14"); /* the shorter of the two forms */
    assert_string_equal(fmt(3e13), "3e+13");
    assert_string_equal(fmt(123456.0), "123456");
    assert_string_equal(fmt(1e5), "1e+05");
    assert_string_equal(fmt(1e4), "10000");
    assert_string_equal(fmt(2e15), "2e+15");
    assert_string_equal(fmt(2.5e-7), "2.5e-07");
    assert_string_equal(fmt(0.0), "0");
    assert_string_equal(fmt(-0.0), "-0");
    assert_string_equal(fmt(250.0), "250");
    assert_string_equal(fmt(1.0 / 3.0), "0.3333333333333333");  /* 16 digits */
    assert_string_equal(fmt(0.1 + 0.7), "0.7999999999999999");  /* 16 digits */
    assert_string_equal(fmt(0.1 + 0.2), "0.30000000000000004"); /* 17 digits */
    assert_true(strtod(fmt(5e-324), NULL) == 5e-324);           /* the smallest denormal */
    assert_string_equal(fmt(NAN), "nan");
    assert_string_equal(fmt(-NAN), "nan");
    assert_string_equal(fmt(INFINITY), "inf");
    assert_string_equal(fmt(-INFINITY), "-inf");
}

/* For many doubles of every magnitude: the text reads back exactly and is no longer than the %g
 * text of the fewest significant digits that read back (it is that text, or the value written
 * out without an exponent when that is not longer). */
static void test_round_trip(void **state)
{
    (void)state;
    uint64_t x = 0x9E3779B97F4A7C15ull;
    int n_digits[18] = {0};
    for (int i = 0; i < 200000; ++i) {
        x ^= x << 13; /* xorshift64: only a spread of bit patterns */
        x ^= x >> 7;
        x ^= x << 17;
        double v;
        memcpy(&v, &x, sizeof v);
        if (!isfinite(v))
            continue;
        if (i % 2) /* also short decimals such as 0.123 and 4.56e10 */
            v = (double)(x % 100000) * pow(10.0, (double)((int)(x >> 40) % 40 - 20));
        const char *s = fmt(v);
        assert_true(strtod(s, NULL) == v);
        int digits = 17;
        for (int d = 16; d >= 1; --d) {
            char shorter[40];
            snprintf(shorter, sizeof shorter, "%.*g", d, v);
            if (strtod(shorter, NULL) == v)
                digits = d;
        }
        char expect[40];
        snprintf(expect, sizeof expect, "%.*g", digits, v);
        assert_true(strlen(s) <= strlen(expect));
        /* the minimal %g text itself, or the same value written out without an exponent */
        assert_true(strcmp(s, expect) == 0 || strchr(s, 'e') == NULL);
        n_digits[digits]++;
    }
    printf("precision used: 15 digits %d, 16 digits %d, 17 digits %d\n", n_digits[15], n_digits[16],
           n_digits[17]);
    assert_true(n_digits[15] > 0 && n_digits[16] > 0 && n_digits[17] > 0);
}

/* --check-deck text: a value read from the deck prints as it was written, and parses back. */
static void test_value_format(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"lens.z_l", "normal(0.5, 0.1, 0.2, 0.9)"},
        {"lens.z_s", "uniform(1.1, 3.3)"},
        {"nfw.m200", "loguniform(1e+13, 2e+15)"},
        {"cosmology.Omega_m", "0.3"},
        {"noise.sigma", "0.07"},
        {"lens.profile", "choice(nfw: 0.1, sis: 0.9)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
        const lg_key *k = &lg_schema[lg_schema_find(cases[i][0])];
        lg_config cfg, again;
        char msg[256], text[256], text2[256];
        memset(&cfg, 0, sizeof cfg);
        memset(&again, 0, sizeof again);
        assert_int_equal(lg_value_parse(k, cases[i][1], &cfg, msg, sizeof msg), 0);
        lg_value_format(k, &cfg, text, sizeof text);
        printf("%s = %s\n", k->name, text);
        assert_string_equal(text, cases[i][1]);
        assert_int_equal(lg_value_parse(k, text, &again, msg, sizeof msg), 0);
        lg_value_format(k, &again, text2, sizeof text2);
        assert_string_equal(text2, text);
        assert_memory_equal((const char *)&cfg + k->offset, (const char *)&again + k->offset,
                            k->type == LG_T_CHOICE ? sizeof(lg_choice)
                            : k->type == LG_T_DIST ? sizeof(lg_dist)
                                                   : sizeof(double));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_values),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_value_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
