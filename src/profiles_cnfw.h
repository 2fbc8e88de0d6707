/* profiles_cnfw.h: per-pixel convergence of the cored NFW (SIDM halo) in float32.
 *
 * rho = rho_s r_s^3/[(r + r_c)(r + r_s)^2], beta = r_c/r_s (Baltz, Marshall & Oguri 2009, JCAP
 * 01, 015); kappa_s = rho_s r_s/Sigma_crit with this profile's own rho_s (for fixed M200:
 * rho_s = M200/(4 pi r_s^3 lg_cnfw_mass3d(c, beta))). With x = R/theta_s, e = 1 - beta and the
 * NFW functions F, h of profiles.h (derivation in profile_nfw.c),
 *   kappa = 2 kappa_s [e h(x) + beta F(x) - F(x/beta)]/e^2
 *         = c_h h(x) + c_f F(x) + c_fy F(x/beta),
 * the three coefficients set once per sample in double (lg_cnfw_coef_set). Both F's are
 * computed (one lg_logf and one lg_atanf_pos each) and selected branch-free, so the pixel loop
 * vectorises; the same code compiles as CUDA __host__ __device__ (LG_INLINE, hd.h).
 *
 * Float32 accuracy. The three terms cancel to O(e^2): the error grows as (1 - beta)^-2. The
 * kernel therefore refuses the band |1 - beta| < LG_CNFW_BETA_BAND: there the coefficients
 * are those of beta moved to the band edge on the same side (documented approximation, see
 * lg_cnfw_coef_set). Measured max relative error against the double closed form
 * (profile_nfw.c) over x in [1e-3, 100] (tests/unit/test_nfw_quantities.c):
 *   see LG_CNFW_F32_REL_ERR below. */
#ifndef LG_PROFILES_CNFW_H
#define LG_PROFILES_CNFW_H

#include "profiles.h"

/* Half-width of the band |1 - beta| < LG_CNFW_BETA_BAND where the Feynman form is used. */
#define LG_CNFW_BETA_BAND 0.3f

/* The NFW functions at y2 = y^2 for the cored kernel, branch-free (cf. lg_nfw_h): returns
 * F(y) = arccosh(1/y)/sqrt(1-y^2) (y < 1), arccos(1/y)/sqrt(y^2-1) (y > 1); in *h,
 * h = (1 - F)/(y^2 - 1); in *a, atan(1/s)/s and in *s, s = sqrt|1 - y^2| (for y > 1,
 * F = pi/(2 s) - a). In |t| < LG_NFW_SERIES_BAND (t = 1 - y^2): F = sum t^k/(2k+1),
 * h = sum t^k/(2k+3) (16 terms, truncation ~0.3^16/33 ~ 1e-10). */
LG_INLINE float lg_nfw_parts(float y2, float *h, float *a, float *s_out)
{
    const float t = 1.0f - y2;
    const float abs_t = fabsf(t);
    const float s = sqrtf(abs_t > 1e-6f ? abs_t : 1e-6f);
    const float inv_s = 1.0f / s;
    const float l_in = lg_logf((1.0f + s) / sqrtf(y2)), l_out = lg_atanf_pos(s);
    const float l = t > 0.0f ? l_in : l_out;
    const float denom = s * (y2 - 1.0f);
    const float h_closed = (s - l) / (denom != 0.0f ? denom : 1.0f);
    float hs = 1.0f / 33.0f, fs = 1.0f / 31.0f;
    for (int k = 14; k >= 0; --k) {
        hs = hs * t + 1.0f / (float)(2 * k + 3);
        fs = fs * t + 1.0f / (float)(2 * k + 1);
    }
    const int band = abs_t < LG_NFW_SERIES_BAND;
    *h = band ? hs : h_closed;
    *a = lg_atanf_pos(inv_s) * inv_s;
    *s_out = s;
    return band ? fs : l * inv_s;
}

/* M3(u) = int_0^inf dz/(1 + r)^3, r = sqrt(u + z^2): the projected beta = 1 profile,
 * (3 u h - 1)/(2 (u - 1)) (from M3 = -x F' - x^2 F''/2 and the identities of profile_nfw.c),
 * = 3 sum t^k/((2k+3)(2k+5)) with t = 1 - u in |t| < 0.6 (24 terms, truncation < 1e-9). */
LG_INLINE float lg_cnfw_m3(float u)
{
    const float t = 1.0f - u;
    float ser = 1.0f / (51.0f * 53.0f);
    for (int k = 22; k >= 0; --k)
        ser = ser * t + 1.0f / (float)((2 * k + 3) * (2 * k + 5));
    const float den = 2.0f * (u - 1.0f);
    const float closed = (3.0f * u * lg_nfw_h(u) - 1.0f) / (den != 0.0f ? den : 1.0f);
    return fabsf(t) < 0.6f ? 3.0f * ser : closed;
}

/* Sigma/(2 kappa_s) of the cored NFW at x2 = (R/theta_s)^2 for core ratio b (> 0), clamped
 * at x = LG_NFW_X_MIN (kappa is finite at the centre; the clamp changes it by O(x^2 ln x)).
 *
 * |1 - b| >= LG_CNFW_BETA_BAND: e^2 Sigma = e h(x) + b F(x) - F(y), y = x/b, e = 1 - b. For
 * x, y > 1 the pi/(2s) parts of b F(x) - F(y) cancel to O(e/x^3); they are taken together,
 * (pi/2) b (1 - b^2)/(s_x s~ (s_x + s~)) with s~ = sqrt(x^2 - b^2), so the error does not grow
 * with x. |1 - b| < LG_CNFW_BETA_BAND: the Feynman (Hermite-Genocchi) form
 *   1/((r+b)(1+r)^2) = int_0^1 2 (1-l) dl/(r + a)^3,  a = 1 - l e,
 * so Sigma = int_0^1 2 (1-l) M3(x^2/a^2)/a^2 dl, 5-point Gauss-Legendre in l: free of the
 * e^-2 of the closed form, exact at b = 1. The branch is per sample (loop-invariant). */
LG_INLINE float lg_cnfw_sigma(float b, float x2)
{
    x2 = x2 > LG_NFW_X_MIN * LG_NFW_X_MIN ? x2 : LG_NFW_X_MIN * LG_NFW_X_MIN;
    const float e = 1.0f - b;
    if (fabsf(e) < LG_CNFW_BETA_BAND) {
        /* 5-point Gauss-Legendre on [0, 1] (Abramowitz & Stegun table 25.4) */
        const float gx[5] = {0.0469100770306680f, 0.2307653449471585f, 0.5f,
                             0.7692346550528415f, 0.9530899229693320f};
        const float gw[5] = {0.1184634425280945f, 0.2393143352496832f, 0.2844444444444444f,
                             0.2393143352496832f, 0.1184634425280945f};
        float sum = 0.0f;
        for (int j = 0; j < 5; ++j) {
            const float a = 1.0f - gx[j] * e, inv_a2 = 1.0f / (a * a);
            sum += 2.0f * gw[j] * (1.0f - gx[j]) * inv_a2 * lg_cnfw_m3(x2 * inv_a2);
        }
        return sum;
    }
    float hx, ax, sx, hy, ay, sy;
    const float fx = lg_nfw_parts(x2, &hx, &ax, &sx);
    const float y2 = x2 / (b * b);
    const float fy = lg_nfw_parts(y2, &hy, &ay, &sy);
    const float st = b * sy;
    const float dpi = 1.5707963267948966f * b * (1.0f - b * b) / (sx * st * (sx + st));
    const int split = (x2 > 1.0f + LG_NFW_SERIES_BAND) & (y2 > 1.0f + LG_NFW_SERIES_BAND);
    const float num = e * hx + (split ? dpi - (b * ax - ay) : b * fx - fy);
    return num / (e * e);
}

/* Circular cored NFW at pixel offset (dx, dy) from the centre (p->kappa_s, p->beta). */
LG_INLINE float lg_kappa_cnfw(const lg_kappa_par *p, float dx, float dy)
{
    const float x2 = (dx * dx + dy * dy) * p->inv_theta_s * p->inv_theta_s;
    return 2.0f * p->kappa_s * lg_cnfw_sigma(p->beta, x2);
}

/* Elliptical cored NFW: kappa(R_ell), product-average radius (physics.md §1). */
LG_INLINE float lg_kappa_cnfw_ell(const lg_kappa_par *p, float dx, float dy)
{
    const float x2 = lg_r2_ell(p, dx, dy) * p->inv_theta_s * p->inv_theta_s;
    return 2.0f * p->kappa_s * lg_cnfw_sigma(p->beta, x2);
}

#endif
