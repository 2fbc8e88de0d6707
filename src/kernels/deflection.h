/* deflection.h: the deflection alone, in float32, of the profiles whose deflection is closed
 * form and cheap (point mass, SIS, SIE), for ray shooting (ray_shoot.c): one branch-free
 * function per profile so a loop over a row of rays vectorises. The formulas are those of the
 * double-precision evaluators (profile_point_sie.c; docs/physics.md §3), in the component's
 * frame. Other profiles (NFW, cored NFW, Sersic: special functions or quadrature) have no
 * float kernel; ray_shoot.c evaluates them in double. */
#ifndef LG_DEFLECTION_H
#define LG_DEFLECTION_H

#include <math.h>

#include "float_math.h"
#include "hd.h"

/* Below this radius (arcsec) the centre's singular deflection is cut off, as the double
 * evaluators do at their own LG_CENTRE_R_MIN: it only matters inside ~1e-6 arcsec. */
#define LG_ALPHA_R_MIN 1e-6f

/* SIE: atan(f u)/f and atanh(f v)/f by their Taylor series below this f = sqrt(1 - q^2) (the
 * closed forms lose digits as f -> 0; the series, to (f u)^8, is exact in float there). */
#define LG_ALPHA_SIE_SERIES_F 0.05f

enum lg_alpha_kind { LG_ALPHA_POINT = 0, LG_ALPHA_SIS, LG_ALPHA_SIE };

/* One component's parameters: centre, rotation into its frame, and
 * point mass: b = theta_E^2;  SIS: b = theta_E;  SIE: b = theta_E sqrt(q), q, f. */
typedef struct {
    int kind; /* enum lg_alpha_kind */
    float cx, cy, cos_phi, sin_phi;
    float b, q, f;
} lg_alpha_par;

/* Point mass: alpha = theta_E^2 d / |d|^2. Adds to (*ax, *ay). */
LG_INLINE void lg_alpha_point(const lg_alpha_par *p, float dx, float dy, float *ax, float *ay)
{
    const float r2 = dx * dx + dy * dy;
    const float s = p->b / (r2 > LG_ALPHA_R_MIN * LG_ALPHA_R_MIN ? r2 : 1e30f);
    *ax += s * dx;
    *ay += s * dy;
}

/* SIS: alpha = theta_E d / |d|. */
LG_INLINE void lg_alpha_sis(const lg_alpha_par *p, float dx, float dy, float *ax, float *ay)
{
    const float r = sqrtf(dx * dx + dy * dy);
    const float s = p->b / (r > LG_ALPHA_R_MIN ? r : 1e30f);
    *ax += s * dx;
    *ay += s * dy;
}

/* SIE (Kormann et al. 1994 as in profile_point_sie.c): in the frame of the major axis,
 * alpha_x' = b atan(f x'/w)/f, alpha_y' = b atanh(f y'/w)/f, w = sqrt(q^2 x'^2 + y'^2);
 * atanh z = ln((1 + z)/(1 - z))/2, |z| <= f < 1. */
LG_INLINE void lg_alpha_sie(const lg_alpha_par *p, float dx, float dy, float *ax, float *ay)
{
    const float c = p->cos_phi, s = p->sin_phi, q = p->q, f = p->f;
    const float xp = c * dx + s * dy, yp = -s * dx + c * dy;
    const float w0 = sqrtf(q * q * xp * xp + yp * yp);
    const float w = w0 > LG_ALPHA_R_MIN ? w0 : 1e30f;
    const float u = xp / w, v = yp / w;
    const float fu = f * u, fv = f * v;
    float at, ath;
    if (f < LG_ALPHA_SIE_SERIES_F) {
        const float tu = fu * fu, tv = fv * fv;
        at = u * (1.0f + tu * (-1.0f / 3 + tu * (1.0f / 5 + tu * (-1.0f / 7))));
        ath = v * (1.0f + tv * (1.0f / 3 + tv * (1.0f / 5 + tv * (1.0f / 7))));
    } else {
        const float a = lg_atanf_pos(fabsf(fu));
        at = (fu < 0.0f ? -a : a) / f;
        ath = 0.5f * lg_logf((1.0f + fv) / (1.0f - fv)) / f;
    }
    const float axp = p->b * at, ayp = p->b * ath;
    *ax += c * axp - s * ayp;
    *ay += s * axp + c * ayp;
}

#endif
