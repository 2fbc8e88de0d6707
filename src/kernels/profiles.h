/* profiles.h: per-pixel convergence of the lens profiles (docs/physics.md §3), in float32.
 * Inline and free of libraries beyond <math.h> so the CUDA backend compiles the same code.
 * The per-sample parameters (lg_kappa_par) are prepared in double by lens.c
 * (lg_component_kappa_par). */
#ifndef LG_PROFILES_H
#define LG_PROFILES_H

#include <math.h>
#include "hd.h"
#include "float_math.h"

/* Lens profiles a sample can have (lens.profile); order matches the deck's names. */
enum lg_profile {
    LG_POINT_MASS = 0,
    LG_SIS,
    LG_NFW,
    LG_NFW_ELL,
    LG_SIE,
    LG_SERSIC,
    LG_COMPOSITE,
    LG_N_PROFILES
};

/* Order matches enum lg_profile: the deck's names and the attribute 'names' of
 * /params/profile. */
#define LG_PROFILE_NAMES "point_mass|sis|nfw|nfw_ell|sie|sersic|composite"

/* Pixel-evaluation parameters of one mass component (lens_model.h), angles in arcsec. */
typedef struct {
    int profile;               /* enum lg_component_type */
    int elliptical;            /* use the elliptical form (q, phi) of the kernel */
    float cx, cy;              /* centre */
    float kappa_s;             /* NFW, cored NFW: scale convergence */
    float inv_theta_s;         /* 1 / scale radius */
    float beta;                /* cored NFW: r_c / r_s */
    float theta_e;             /* Einstein radius (SIS, SIE, point mass) */
    float kappa_e, inv_r_e;    /* Sersic: kappa at, and 1 /, the half-mass radius */
    float inv_n, b_n;          /* Sersic: 1 / n and b_n */
    float cos_phi, sin_phi, q; /* ellipticity: major-axis angle and axis ratio */
} lg_kappa_par;

/* Smallest radius at which profiles diverging at the centre are evaluated:
 * NFW in units of r_s, SIS in arcsec. A pixel centre closer than this takes the clamped value. */
#define LG_NFW_X_MIN 1e-4f
#define LG_SIS_R_MIN 1e-6f

/* Half-width of the band |1 - x^2| < LG_NFW_SERIES_BAND where the series is used. Outside it
 * the closed form loses about eps/|t| to the cancellation in 1 - F: at 0.3, ~1e-6 relative. */
#define LG_NFW_SERIES_BAND 0.3f

/* h(x) = (1 - F(x)) / (x^2 - 1), so that kappa_NFW = 2 kappa_s h (Bartelmann 1996;
 * Wright & Brainerd 2000). With t = 1 - x^2 and s = sqrt|t|:
 *   x < 1: F = atanh(s)/s = ln((1 + s)/x)/s,   x > 1: F = atan(s)/s,
 * and both give h = sum_k t^k / (2k + 3), used near x = 1 where the closed form is 0/0.
 * Written branch-free so the pixel loop vectorises. */
LG_INLINE float lg_nfw_h(float x2)
{
    x2 = x2 > LG_NFW_X_MIN * LG_NFW_X_MIN ? x2 : LG_NFW_X_MIN * LG_NFW_X_MIN;
    const float t = 1.0f - x2;
    const float abs_t = fabsf(t);
    /* s only matters outside the series band; keep it away from 0 so no lane divides by 0 */
    const float s = sqrtf(abs_t > 1e-6f ? abs_t : 1e-6f);
    /* F = L/s with L = ln((1 + s)/x) or atan(s); h = (s - L) / (s (x^2 - 1)): one division */
    const float inv_x = 1.0f / sqrtf(x2);
    const float l_in = lg_logf((1.0f + s) * inv_x), l_out = lg_atanf_pos(s);
    const float l = t > 0.0f ? l_in : l_out;
    const float denom = s * (x2 - 1.0f);
    const float closed = (s - l) / (denom != 0.0f ? denom : 1.0f);
    /* 16 terms: the truncation error at |t| = 0.3 is 0.3^16/35 ~ 1e-10 */
    float series = 1.0f / 33.0f;
    series = series * t + 1.0f / 31.0f;
    series = series * t + 1.0f / 29.0f;
    series = series * t + 1.0f / 27.0f;
    series = series * t + 1.0f / 25.0f;
    series = series * t + 1.0f / 23.0f;
    series = series * t + 1.0f / 21.0f;
    series = series * t + 1.0f / 19.0f;
    series = series * t + 1.0f / 17.0f;
    series = series * t + 1.0f / 15.0f;
    series = series * t + 1.0f / 13.0f;
    series = series * t + 1.0f / 11.0f;
    series = series * t + 1.0f / 9.0f;
    series = series * t + 1.0f / 7.0f;
    series = series * t + 1.0f / 5.0f;
    series = series * t + 1.0f / 3.0f;
    return abs_t < LG_NFW_SERIES_BAND ? series : closed;
}

/* Squared product-average elliptical radius R_ell^2 = q x'^2 + y'^2 / q (docs/physics.md §1.4). */
LG_INLINE float lg_r2_ell(const lg_kappa_par *p, float dx, float dy)
{
    const float xp = p->cos_phi * dx + p->sin_phi * dy;
    const float yp = -p->sin_phi * dx + p->cos_phi * dy;
    return p->q * xp * xp + yp * yp / p->q;
}

LG_INLINE float lg_kappa_nfw(const lg_kappa_par *p, float dx, float dy)
{
    const float x2 = (dx * dx + dy * dy) * p->inv_theta_s * p->inv_theta_s;
    return 2.0f * p->kappa_s * lg_nfw_h(x2);
}

/* Elliptical NFW: kappa_NFW(R_ell), ellipticity in the mass (docs/physics.md §3.5). */
LG_INLINE float lg_kappa_nfw_ell(const lg_kappa_par *p, float dx, float dy)
{
    const float x2 = lg_r2_ell(p, dx, dy) * p->inv_theta_s * p->inv_theta_s;
    return 2.0f * p->kappa_s * lg_nfw_h(x2);
}

/* SIS: kappa = theta_E / (2 r). */
LG_INLINE float lg_kappa_sis(const lg_kappa_par *p, float dx, float dy)
{
    const float r0 = sqrtf(dx * dx + dy * dy);
    const float r = r0 > LG_SIS_R_MIN ? r0 : LG_SIS_R_MIN;
    return 0.5f * p->theta_e / r;
}

#endif
