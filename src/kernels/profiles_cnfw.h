/* profiles_cnfw.h: per-pixel convergence of the cored NFW (SIDM halo) in float32.
 *
 * rho = rho_s r_s^3/[(r + r_c)(r + r_s)^2], beta = r_c/r_s (Baltz, Marshall & Oguri 2009, JCAP
 * 01, 015); kappa_s = rho_s r_s/Sigma_crit with this profile's own rho_s (for fixed M200:
 * rho_s = M200/(4 pi r_s^3 lg_cnfw_mass3d(c, beta)), halo.c). kappa = 2 kappa_s Sigma(x),
 * x = R/theta_s; the closed form of Sigma is derived in profile_nfw.c. Inline, branch-free per
 * pixel (all candidate forms computed, one selected; the only branch depends on beta, i.e. on
 * the sample), no libm beyond sqrtf (lg_logf, lg_atanf_pos of float_math.h), so the pixel loop
 * vectorises and the same code compiles as CUDA __host__ __device__ (LG_INLINE, hd.h).
 *
 * Float32 accuracy (LG_CNFW_F32_REL_ERR): max relative error against the double closed form
 * (profile_nfw.c) 7.3e-6 over 6e6 random (beta, x), beta log-uniform in [1e-6, 10], x in
 * [1e-4, 1e3]; worst just below beta = 0.5 at x ~ 0.83, where the float error of h (that of
 * lg_nfw_h, 2.8e-6) is amplified by 1/(1 - beta). Below 3.1e-6 for 0.5 < beta < 2 (exact form
 * at beta = 1) and for beta < 0.1. Asserted in tests/unit/test_nfw_quantities.c. */
#define LG_CNFW_F32_REL_ERR 8e-6

#ifndef LG_PROFILES_CNFW_H
#define LG_PROFILES_CNFW_H

#include "profiles.h"

/* GCC does not inline lg_nfw_parts (called twice), nor the sigma forms once lg_kappa_at also
 * calls them, on its own, which stops the pixel loop
 * from vectorising: force it on the host (CUDA's LG_INLINE already forces inlining). */
#if defined(__GNUC__) && !defined(__CUDACC__)
#define LG_CNFW_INLINE static inline __attribute__((always_inline))
#else
#define LG_CNFW_INLINE LG_INLINE
#endif

/* Core ratios LG_CNFW_BETA_LO < beta < LG_CNFW_BETA_HI use the Feynman form (see below). */
#define LG_CNFW_BETA_LO 0.5f
#define LG_CNFW_BETA_HI 2.0f

/* The NFW functions at y2 = y^2 for the cored kernel, branch-free (cf. lg_nfw_h): returns
 * F(y) = arccosh(1/y)/sqrt(1-y^2) (y < 1), arccos(1/y)/sqrt(y^2-1) (y > 1); in *h,
 * h = (1 - F)/(y^2 - 1); in *a, atan(1/s)/s and in *s, s = sqrt|1 - y^2| (for y > 1,
 * F = pi/(2 s) - a). In |t| < LG_NFW_SERIES_BAND (t = 1 - y^2): F = sum t^k/(2k+1),
 * h = sum t^k/(2k+3) (16 terms, truncation ~0.3^16/33 ~ 1e-10). In *phi, for y < 0.3,
 * F - ln(2/y) = [ln((1+s)/2) + (1-s) ln(2/y)]/s, O(y^2 ln y) without cancellation:
 * ln((1+s)/2) = log1p(-z), z = y^2/(2(1+s)) < 0.023, by its series to z^5 (error < 3e-11). */
LG_CNFW_INLINE float lg_nfw_parts(float y2, float *h, float *a, float *phi, float *s_out)
{
    const float t = 1.0f - y2;
    const float abs_t = fabsf(t);
    const float s = sqrtf(abs_t > 1e-6f ? abs_t : 1e-6f);
    const float inv_s = 1.0f / s;
    const float l_in = lg_logf((1.0f + s) / sqrtf(y2)), l_out = lg_atanf_pos(s);
    const float l = t > 0.0f ? l_in : l_out;
    const float denom = s * (y2 - 1.0f);
    const float h_closed = (s - l) / (denom != 0.0f ? denom : 1.0f);
    /* Horner, written out so that the pixel loop has no inner loop (vectorisation) */
#define LG_CNFW_H2(k) hs = hs * t + 1.0f / (2 * (k) + 3), fs = fs * t + 1.0f / (2 * (k) + 1)
    float hs = 1.0f / 33.0f, fs = 1.0f / 31.0f;
    LG_CNFW_H2(14), LG_CNFW_H2(13), LG_CNFW_H2(12), LG_CNFW_H2(11), LG_CNFW_H2(10);
    LG_CNFW_H2(9), LG_CNFW_H2(8), LG_CNFW_H2(7), LG_CNFW_H2(6), LG_CNFW_H2(5);
    LG_CNFW_H2(4), LG_CNFW_H2(3), LG_CNFW_H2(2), LG_CNFW_H2(1), LG_CNFW_H2(0);
#undef LG_CNFW_H2
    const int band = abs_t < LG_NFW_SERIES_BAND;
    *h = band ? hs : h_closed;
    *a = lg_atanf_pos(inv_s) * inv_s;
    const float z = y2 / (2.0f * (1.0f + s));
    const float lp = -z * (1.0f + z * (0.5f + z * (1.0f / 3.0f + z * (0.25f + z * 0.2f))));
    *phi = (lp + 2.0f * z * (l_in - lp)) * inv_s; /* 1 - s = 2z, ln(2/y) = l_in - lp */
    *s_out = s;
    return band ? fs : l * inv_s;
}

/* M3(u) = int_0^inf dz/(1 + r)^3, r = sqrt(u + z^2): the projected beta = 1 profile,
 * (3 u h - 1)/(2 (u - 1)) (from M3 = -x F' - x^2 F''/2 and the identities of profile_nfw.c),
 * = 3 sum t^k/((2k+3)(2k+5)) with t = 1 - u in |t| < 0.6 (24 terms, truncation < 1e-9). */
LG_CNFW_INLINE float lg_cnfw_m3(float u)
{
    const float t = 1.0f - u;
#define LG_CNFW_M(k) ser = ser * t + 1.0f / ((2 * (k) + 3) * (2 * (k) + 5))
    float ser = 1.0f / (51.0f * 53.0f);
    LG_CNFW_M(22), LG_CNFW_M(21), LG_CNFW_M(20), LG_CNFW_M(19), LG_CNFW_M(18), LG_CNFW_M(17);
    LG_CNFW_M(16), LG_CNFW_M(15), LG_CNFW_M(14), LG_CNFW_M(13), LG_CNFW_M(12), LG_CNFW_M(11);
    LG_CNFW_M(10), LG_CNFW_M(9), LG_CNFW_M(8), LG_CNFW_M(7), LG_CNFW_M(6), LG_CNFW_M(5);
    LG_CNFW_M(4), LG_CNFW_M(3), LG_CNFW_M(2), LG_CNFW_M(1), LG_CNFW_M(0);
#undef LG_CNFW_M
    const float den = 2.0f * (u - 1.0f);
    const float closed = (3.0f * u * lg_nfw_h(u) - 1.0f) / (den != 0.0f ? den : 1.0f);
    return fabsf(t) < 0.6f ? 3.0f * ser : closed;
}

/* Sigma/(2 kappa_s) of the cored NFW at x2 = (R/theta_s)^2 for core ratio b (> 0), clamped
 * at x = LG_NFW_X_MIN (kappa is finite at the centre; the clamp changes it by O(x^2 ln x)).
 *
 * b outside (LG_CNFW_BETA_LO, LG_CNFW_BETA_HI): the closed form
 *   e^2 Sigma = e h(x) + b F(x) - F(y),  y = x/b,  e = 1 - b,
 * with two rearrangements that keep its float error independent of x: for x, y > 2 the
 * pi/(2s) parts of b F(x) - F(y), which cancel to O(e/x^3), are taken together as
 * (pi/2) b (1 - b^2)/(s_x s~ (s_x + s~)), s~ = sqrt(x^2 - b^2); for x, y < 0.3 the ln(2/x)
 * parts of the three terms cancel analytically (lg_cnfw_sigma_closed).
 * LG_CNFW_BETA_LO < b < LG_CNFW_BETA_HI: the Feynman (Hermite-Genocchi) form
 *   1/((r+b)(1+r)^2) = int_0^1 2 (1-l) dl/(r + a)^3,  a = 1 - l e,
 * so Sigma = int_0^1 2 (1-l) M3(x^2/a^2)/a^2 dl, 5-point Gauss-Legendre in l: free of the
 * e^-2 of the closed form, exact at b = 1 (error < 3.1e-6 for 0.5 < b < 2). */
LG_CNFW_INLINE float lg_cnfw_sigma_feynman(float b, float x2)
{
    x2 = x2 > LG_NFW_X_MIN * LG_NFW_X_MIN ? x2 : LG_NFW_X_MIN * LG_NFW_X_MIN;
    const float e = 1.0f - b;
    /* 5-point Gauss-Legendre on [0, 1] (Abramowitz & Stegun table 25.4), node l_j and
     * weight w_j: term 2 w_j (1 - l_j) M3(x^2/a_j^2)/a_j^2, a_j = 1 - l_j e */
#define LG_CNFW_FN(l, w)                                                                           \
    (2.0f * (w) * (1.0f - (l)) / ((1.0f - (l)*e) * (1.0f - (l)*e)) *                               \
     lg_cnfw_m3(x2 / ((1.0f - (l)*e) * (1.0f - (l)*e))))
    const float sum = LG_CNFW_FN(0.0469100770306680f, 0.1184634425280945f) +
                      LG_CNFW_FN(0.2307653449471585f, 0.2393143352496832f) +
                      LG_CNFW_FN(0.5f, 0.2844444444444444f) +
                      LG_CNFW_FN(0.7692346550528415f, 0.2393143352496832f) +
                      LG_CNFW_FN(0.9530899229693320f, 0.1184634425280945f);
#undef LG_CNFW_FN
    return sum;
}

/* The closed form, for b outside (LG_CNFW_BETA_LO, LG_CNFW_BETA_HI) (see above). */
LG_CNFW_INLINE float lg_cnfw_sigma_closed(float b, float x2)
{
    x2 = x2 > LG_NFW_X_MIN * LG_NFW_X_MIN ? x2 : LG_NFW_X_MIN * LG_NFW_X_MIN;
    const float e = 1.0f - b;
    float hx, ax, px, sx, hy, ay, py, sy;
    const float fx = lg_nfw_parts(x2, &hx, &ax, &px, &sx);
    const float y2 = x2 / (b * b);
    const float fy = lg_nfw_parts(y2, &hy, &ay, &py, &sy);
    /* x, y > 2: the pi/(2s) parts of b F(x) - F(y) together */
    const float st = b * sy;
    const float dpi = 1.5707963267948966f * b * (1.0f - b * b) / (sx * st * (sx + st));
    const float lo2 = x2 < y2 ? x2 : y2, hi2 = x2 < y2 ? y2 : x2; /* one compare each: */
    const int split = lo2 > 4.0f; /* vectorises, unlike (a > c) & (b > c) */
    /* x, y < 0.3: with F = ln(2/x) + phi, the ln(2/x) terms cancel analytically:
     * e^2 Sigma = [e x^2 (ln(2/x) - 1) + e phi_x]/(1 - x^2) + b phi_x - phi_y - e - ln b */
    const float l2x = fx - px; /* ln(2/x) */
    const float small =
        (e * x2 * (l2x - 1.0f) + e * px) / (1.0f - x2) + b * px - py + (-e - lg_logf(b));
    const int tiny = hi2 < 0.09f;
    const float num = tiny ? small : e * hx + (split ? dpi - (b * ax - ay) : b * fx - fy);
    const float e2 = e * e;
    return num / (e2 != 0.0f ? e2 : 1.0f); /* b = 1 is never selected here */
}

/* The form beta calls for. beta is the same for every pixel of a component: kappa_map.c picks
 * the form once per component so each pixel loop vectorises; on the GPU the branch is uniform
 * across a warp. */
LG_INLINE int lg_cnfw_use_feynman(float b)
{
    /* LG_CNFW_BETA_LO < b < LG_CNFW_BETA_HI as one compare (b - 1.25 is exact here) */
    return fabsf(b - 0.5f * (LG_CNFW_BETA_LO + LG_CNFW_BETA_HI)) <
           0.5f * (LG_CNFW_BETA_HI - LG_CNFW_BETA_LO);
}

LG_INLINE float lg_cnfw_sigma(float b, float x2)
{
    if (lg_cnfw_use_feynman(b))
        return lg_cnfw_sigma_feynman(b, x2);
    return lg_cnfw_sigma_closed(b, x2);
}

/* Circular cored NFW at pixel offset (dx, dy) from the centre (p->kappa_s, p->beta). */
LG_INLINE float lg_kappa_cnfw(const lg_kappa_par *p, float dx, float dy)
{
    const float x2 = (dx * dx + dy * dy) * p->inv_theta_s * p->inv_theta_s;
    return 2.0f * p->kappa_s * lg_cnfw_sigma(p->beta, x2);
}

/* Elliptical cored NFW: kappa(R_ell), product-average radius (docs/physics.md §1.4). */
LG_INLINE float lg_kappa_cnfw_ell(const lg_kappa_par *p, float dx, float dy)
{
    const float x2 = lg_r2_ell(p, dx, dy) * p->inv_theta_s * p->inv_theta_s;
    return 2.0f * p->kappa_s * lg_cnfw_sigma(p->beta, x2);
}

#endif
