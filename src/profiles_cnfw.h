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

/* Per-sample coefficients of the float kernel. */
typedef struct {
    float c_h, c_f, c_fy; /* 2 kappa_s/e, 2 kappa_s beta/e^2, -2 kappa_s/e^2 */
    float inv_beta2;      /* 1/beta^2 */
} lg_cnfw_coef;

/* F(x) = arccosh(1/x)/sqrt(1-x^2) (x < 1), arccos(1/x)/sqrt(x^2-1) (x > 1) at x2 = x^2 and,
 * in *h, h = (1 - F)/(x^2 - 1); the same branch-free scheme as lg_nfw_h, with the series
 * F = sum t^k/(2k+1), h = sum t^k/(2k+3) (t = 1 - x^2) in |t| < LG_NFW_SERIES_BAND. */
LG_INLINE float lg_nfw_f_h(float x2, float *h)
{
    const float t = 1.0f - x2;
    const float abs_t = fabsf(t);
    const float s = sqrtf(abs_t > 1e-6f ? abs_t : 1e-6f);
    const float inv_x = 1.0f / sqrtf(x2);
    const float l_in = lg_logf((1.0f + s) * inv_x), l_out = lg_atanf_pos(s);
    const float l = t > 0.0f ? l_in : l_out;
    const float denom = s * (x2 - 1.0f);
    const float h_closed = (s - l) / (denom != 0.0f ? denom : 1.0f);
    const float f_closed = l / s;
    float hs = 1.0f / 33.0f, fs = 1.0f / 31.0f;
    for (int k = 14; k >= 0; --k) { /* 16 terms: truncation ~0.3^16/33 ~ 1e-10 */
        hs = hs * t + 1.0f / (float)(2 * k + 3);
        fs = fs * t + 1.0f / (float)(2 * k + 1);
    }
    const int band = abs_t < LG_NFW_SERIES_BAND;
    *h = band ? hs : h_closed;
    return band ? fs : f_closed;
}

/* Cored-NFW convergence at x2 = (R/theta_s)^2, clamped at x = LG_NFW_X_MIN (kappa is finite
 * at the centre; the clamp changes it by O(x^2 ln x) ~ 1e-7). */
LG_INLINE float lg_cnfw_kappa_x2(const lg_cnfw_coef *c, float x2)
{
    x2 = x2 > LG_NFW_X_MIN * LG_NFW_X_MIN ? x2 : LG_NFW_X_MIN * LG_NFW_X_MIN;
    float h, h_unused;
    const float f = lg_nfw_f_h(x2, &h);
    const float fy = lg_nfw_f_h(x2 * c->inv_beta2, &h_unused);
    return c->c_h * h + c->c_f * f + c->c_fy * fy;
}

/* Cored NFW at pixel offset (dx, dy) from the centre: circular when p->q = 1, elliptical
 * (kappa(R_ell), product-average radius) otherwise. */
LG_INLINE float lg_kappa_cnfw(const lg_kappa_par *p, const lg_cnfw_coef *c, float dx, float dy)
{
    return lg_cnfw_kappa_x2(c, lg_r2_ell(p, dx, dy) * p->inv_theta_s * p->inv_theta_s);
}

#endif
