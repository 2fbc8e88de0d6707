/* profiles_tnfw.h: per-pixel convergence of the truncated NFW (Baltz, Marshall & Oguri 2009,
 * JCAP 01, 015) in float32, for the subhalo renderer.
 *
 * kappa = 2 kappa_s Sigma(x), x = R/theta_s, tau = r_t/r_s (finite, > 0), with the two forms of
 * src/profile_tnfw.c (docs/physics.md §3.10), t2 = tau^2, m0 = t2/(t2 + 1)^2:
 *   x < LG_TNFW_QUAD_SWITCH max(1, tau): the closed form
 *     Sigma = m0 [(t2 + 1) h(x) + 2 F(x) + ((t2 - 1) L/tau - pi)/S],
 *     S = sqrt(t2 + x^2), L = ln(x/(tau + S)), F and h from lg_nfw_parts (profiles_cnfw.h:
 *     series near x = 1); its terms cancel by at most ~23x below the switch;
 *   beyond: the projection integral in the line-of-sight angle theta (z = x tan theta),
 *     Sigma = (t2/x^4) int_0^{pi/2} c^3 / [(1 + c u)^2 (1 + t2 c^2 u^2)] d theta, u = 1/x,
 *     c = cos theta, by 8-point Gauss-Legendre (error < 6e-9 at the switch, less beyond).
 * Both are computed and one selected, so the pixel loop has no branch and vectorises; the same
 * code compiles as CUDA __host__ __device__ (LG_INLINE, hd.h). Clamped at x = LG_NFW_X_MIN like
 * the NFW kernel.
 *
 * Float32 accuracy (LG_TNFW_F32_REL_ERR): max relative error against the double form 2.8e-6 over
 * 401 x 40001 log-spaced (tau, x) in [1, 200] x [1e-4, 1e3], worst at x = 1.15, the edge of the
 * series band of lg_nfw_parts, where the float h itself errs by 2.8e-6 (profiles_cnfw.h); on
 * the test's coarser grid 2.1e-6, at x = 2.6, tau = 1.9 (the closed form just below the
 * switch). Asserted in tests/unit/test_tnfw.c. */
#ifndef LG_PROFILES_TNFW_H
#define LG_PROFILES_TNFW_H

#include "profiles_cnfw.h"

#define LG_TNFW_F32_REL_ERR 4e-6
#define LG_TNFW_QUAD_SWITCH 1.5f

LG_CNFW_INLINE float lg_tnfw_kappa_x2(float kappa_s, float tau, float x2)
{
    x2 = x2 > LG_NFW_X_MIN * LG_NFW_X_MIN ? x2 : LG_NFW_X_MIN * LG_NFW_X_MIN;
    const float t2 = tau * tau, x = sqrtf(x2), big = t2 + 1.0f;
    float h, a, phi, s;
    const float f = lg_nfw_parts(x2, &h, &a, &phi, &s);
    const float sq = sqrtf(t2 + x2);
    const float l = lg_logf(x / (tau + sq));
    const float closed =
        t2 / (big * big) * (big * h + 2.0f * f + ((t2 - 1.0f) * l / tau - 3.14159265358979f) / sq);
    /* 8-point Gauss-Legendre on [0, pi/2] (Abramowitz & Stegun table 25.4): node cos(theta_j)
     * and weight w_j cos^3(theta_j) (w_j summing to pi/2) */
    const float u = 1.0f / x, tu2 = t2 * u * u;
#define LG_TNFW_NODE(c, w) ((w) / ((1.0f + (c)*u) * (1.0f + (c)*u) * (1.0f + tu2 * (c) * (c))))
    const float sum = LG_TNFW_NODE(9.9951368521e-01f, 7.9388769942e-02f) +
                      LG_TNFW_NODE(9.8727538820e-01f, 1.6807478305e-01f) +
                      LG_TNFW_NODE(9.3136725806e-01f, 1.9905656242e-01f) +
                      LG_TNFW_NODE(8.0130141766e-01f, 1.4655672519e-01f) +
                      LG_TNFW_NODE(5.9826084449e-01f, 6.0994371118e-02f) +
                      LG_TNFW_NODE(3.6408107699e-01f, 1.1890713694e-02f) +
                      LG_TNFW_NODE(1.5901983477e-01f, 7.0233048742e-04f) +
                      LG_TNFW_NODE(3.1183217838e-02f, 2.4107691451e-06f);
#undef LG_TNFW_NODE
    const float quad = t2 * (u * u) * (u * u) * sum;
    const float far = LG_TNFW_QUAD_SWITCH * (tau > 1.0f ? tau : 1.0f);
    return 2.0f * kappa_s * (x >= far ? quad : closed);
}

#endif
