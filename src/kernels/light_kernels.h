/* light_kernels.h: a lensed source's surface brightness in float32 for ray shooting
 * (ray_shoot.c): an elliptical Sersic and circular Gaussian clumps, branch-free so a row of
 * rays vectorises. The double-precision definitions (and the parameters these are made from)
 * are in imaging.h. Units: e-/s/arcsec^2. */
#ifndef LG_LIGHT_KERNELS_H
#define LG_LIGHT_KERNELS_H

#include "float_math.h"
#include "hd.h"

#define LG_LIGHT_MAX_CLUMPS 8

/* I = amp exp(-b_n ((R/r_e)^(1/n) - 1)), R^2 = q x'^2 + y'^2/q in the rotated frame. */
typedef struct {
    float amp, cx, cy, cos_phi, sin_phi, q, inv_q, inv_r_e2, half_inv_n, b_n;
} lg_sersic_f;

/* I = norm exp(-|d|^2 inv_2s2): norm = F/(2 pi sigma^2), inv_2s2 = 1/(2 sigma^2). */
typedef struct {
    float cx, cy, norm, inv_2s2;
} lg_gauss_f;

typedef struct {
    lg_sersic_f sersic;
    int n_clumps;
    lg_gauss_f clump[LG_LIGHT_MAX_CLUMPS];
} lg_light_f;

LG_INLINE float lg_sersic_f_at(const lg_sersic_f *p, float x, float y)
{
    const float dx = x - p->cx, dy = y - p->cy;
    const float xp = p->cos_phi * dx + p->sin_phi * dy, yp = -p->sin_phi * dx + p->cos_phi * dy;
    const float r2 = (p->q * xp * xp + p->inv_q * yp * yp) * p->inv_r_e2;
    /* (R/r_e)^(1/n) = exp(ln(r2)/(2n)); r2 floored at a normal float for the logarithm */
    const float t = lg_expf(p->half_inv_n * lg_logf(r2 > 1e-30f ? r2 : 1e-30f));
    return p->amp * lg_expf(-p->b_n * (t - 1.0f));
}

LG_INLINE float lg_gauss_f_at(const lg_gauss_f *p, float x, float y)
{
    const float dx = x - p->cx, dy = y - p->cy;
    return p->norm * lg_expf(-(dx * dx + dy * dy) * p->inv_2s2);
}

#endif
