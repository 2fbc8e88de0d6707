/* test_half.c: the float32 -> binary16 conversion of output.dtype = float16 (half.h) against
 * values worked by hand (largest half, overflow boundary, ties to even, subnormals) and, where
 * the compiler has _Float16, against its conversion for every 97th float32 bit pattern. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "half.h"

static void test_known(void **state)
{
    (void)state;
    static const struct {
        float f;
        uint16_t h;
    } cases[] = {
        {0.0f, 0x0000},
        {-0.0f, 0x8000},
        {1.0f, 0x3c00},
        {-2.0f, 0xc000},
        {65504.0f, 0x7bff},
        {65519.0f, 0x7bff},
        {65520.0f, 0x7c00},
        {1e9f, 0x7c00},
        {INFINITY, 0x7c00},
        {-INFINITY, 0xfc00},
        {6.103515625e-05f, 0x0400}, /* 2^-14 */
        {5.9604645e-08f, 0x0001},   /* 2^-24, the smallest subnormal */
        {2.9802322e-08f, 0x0000},   /* 2^-25: a tie, to even (0) */
        {4.4703484e-08f, 0x0001},   /* 1.5 x 2^-25 rounds up */
        {1.00048828125f, 0x3c00},   /* 1 + 2^-11: a tie, to even */
        {1.00146484375f, 0x3c02},   /* 1 + 3 x 2^-11: a tie, to even (up) */
        {0.1f, 0x2e66},
        {3.14159265f, 0x4248},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
        uint16_t got = lg_half_from_float_soft(cases[i].f), vec;
        lg_half_from_float_n(&cases[i].f, &vec, 1);
        if (got != cases[i].h || vec != cases[i].h)
            printf("%.9g: soft %04x, vectorised %04x, expected %04x\n", (double)cases[i].f, got,
                   vec, cases[i].h);
        assert_int_equal(got, cases[i].h);
        assert_int_equal(vec, cases[i].h);
    }
    float nan = NAN;
    uint16_t h = lg_half_from_float_soft(nan);
    assert_true((h & 0x7c00u) == 0x7c00u && (h & 0x3ffu) != 0);
}

/* The fast conversion (F16C, or _Float16, whichever this build uses) agrees bit for bit with
 * the portable one on every 97th float32 bit pattern, NaNs included, converted in blocks as
 * the writer does; and the portable one agrees with the compiler's _Float16 where it has one. */
static void test_fast_path_agrees(void **state)
{
    (void)state;
    enum { BLOCK = 4099 }; /* not a multiple of 8: the vector loop and its tail */
    static float in[BLOCK];
    static uint16_t out[BLOCK];
    size_t checked = 0, k = 0;
    for (uint64_t x = 0; x <= 0xffffffffu; x += 97) {
        const uint32_t bits = (uint32_t)x;
        memcpy(&in[k++], &bits, sizeof bits);
        if (k < BLOCK && x + 97 <= 0xffffffffu)
            continue;
        lg_half_from_float_n(in, out, k);
        for (size_t i = 0; i < k; ++i) {
            const uint16_t want = lg_half_from_float_soft(in[i]);
            if (out[i] != want)
                printf("%.9g: fast %04x, soft %04x\n", (double)in[i], out[i], want);
            assert_int_equal(out[i], want);
#if defined(__FLT16_MAX__) && !defined(__CUDACC__)
            if (!isnan(in[i])) {
                _Float16 hc = (_Float16)in[i];
                uint16_t compiler;
                memcpy(&compiler, &hc, sizeof compiler);
                assert_int_equal(compiler, want);
            }
#endif
        }
        checked += k;
        k = 0;
    }
    printf("fast conversion = portable conversion for %zu float32 values\n", checked);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known),
        cmocka_unit_test(test_fast_path_agrees),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
