/* sampling.h: draw a deck parameter (lg_dist, lg_choice) for one sample from its own
 * Philox sub-stream, so adding or skipping a parameter never shifts another's numbers. */
#ifndef LG_SAMPLING_H
#define LG_SAMPLING_H

#include "config.h"
#include "rng.h"

/* Parameter ids: the sub-stream of each drawn quantity. Append only; never renumber. */
enum {
    LG_PID_PROFILE = 0,
    LG_PID_Z_L,
    LG_PID_Z_S,
    LG_PID_CENTER_X,
    LG_PID_CENTER_Y,
    LG_PID_E1,
    LG_PID_E2,
    LG_PID_M200,
    LG_PID_C,
    LG_PID_C_SCATTER,
    LG_PID_SIGMA_V,
    LG_PID_MASS,
    LG_PID_DM_MODEL,
    LG_PID_M_X,
    LG_PID_F_CORE,
    LG_PID_SERSIC_N,
    LG_PID_SERSIC_R_E,
    LG_PID_SERSIC_KAPPA_E,
    LG_PID_SERSIC_M_STAR,
    LG_PID_SERSIC_E1,
    LG_PID_SERSIC_E2,
    LG_PID_DISK_R_E,
    LG_PID_DISK_M_STAR,
    LG_PID_DISK_E1,
    LG_PID_DISK_E2,
    LG_PID_AUG_ROT90,
    LG_PID_AUG_FLIP,
    LG_PID_SRC_MAG,
    LG_PID_SRC_R_E,
    LG_PID_SRC_N,
    LG_PID_SRC_E1,
    LG_PID_SRC_E2,
    LG_PID_SRC_X,
    LG_PID_SRC_Y,
    LG_PID_PS_MAG,
    LG_PID_SRC_N_CLUMPS,
    LG_PID_CLUMP_X, /* clump k: LG_PID_CLUMP_X + k LG_PID_CLUMP_STRIDE, likewise Y, SIGMA, MAG */
    LG_PID_CLUMP_Y,
    LG_PID_CLUMP_SIGMA,
    LG_PID_CLUMP_MAG,
    LG_PID_SUB_SIGMA_SUB, /* [subhalos] */
    LG_PID_SUB_HOST_M200,
    LG_PID_LOS_DELTA /* [los] */
};

/* Clump k's parameters draw from ids k strides above clump 0's: above every other id (sub-streams
 * have 24 bits), so clump k's values depend neither on n_clumps nor on LG_MAX_CLUMPS. */
#define LG_PID_CLUMP_STRIDE (1u << 16)
_Static_assert(LG_MAX_CLUMPS <= 255, "clump ids must stay within the 24-bit sub-stream");

/* Truncated normals are drawn by rejection; the deck demands >= 0.1 % acceptance, so the
 * cap (after which the value is clamped into [lo, hi]) is never reached in practice. */
#define LG_MAX_REJECTIONS 100000u

LG_INLINE double lg_dist_draw(const lg_dist *d, uint64_t seed, uint64_t index, uint32_t pid)
{
    const uint32_t stream = LG_STREAM_PARAMS | pid;
    if (d->kind == LG_DIST_FIXED)
        return d->a;
    if (d->kind == LG_DIST_NORMAL) {
        for (uint32_t attempt = 0; attempt < LG_MAX_REJECTIONS; ++attempt) {
            double v = d->a + d->b * lg_normal_d(lg_philox(seed, index, stream, attempt));
            if (v >= d->lo && v <= d->hi)
                return v;
        }
        return fmin(fmax(d->a, d->lo), d->hi);
    }
    lg_bits4 b = lg_philox(seed, index, stream, 0);
    double u = lg_u01d(b.w[0], b.w[1]);
    if (d->kind == LG_DIST_UNIFORM)
        return d->a + (d->b - d->a) * u;
    return exp(log(d->a) + (log(d->b) - log(d->a)) * u); /* loguniform */
}

LG_INLINE int lg_choice_draw(const lg_choice *c, uint64_t seed, uint64_t index, uint32_t pid)
{
    lg_bits4 b = lg_philox(seed, index, LG_STREAM_PARAMS | pid, 0);
    double u = lg_u01d(b.w[0], b.w[1]), cum = 0.0;
    for (int i = 0; i < c->n - 1; ++i) {
        cum += c->weight[i];
        if (u < cum)
            return c->value[i];
    }
    return c->value[c->n - 1];
}

#endif
