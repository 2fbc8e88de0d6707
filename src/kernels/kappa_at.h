/* kappa_at.h: kappa of one component at an offset from its centre, dispatched on the profile:
 * the one per-point switch over the float kernels, for the CPU (pixel means near cusps) and the
 * CUDA kernels alike. The vectorised map loops of kappa_map.c pick the kernel once per
 * component instead. The point mass has no per-point kappa (it is deposited, kappa_map.c). */
#ifndef LG_KAPPA_AT_H
#define LG_KAPPA_AT_H

#include "hd.h"
#include "lens_model.h"
#include "profiles.h"
#include "profiles_cnfw.h"
#include "profiles_sersic.h"

LG_INLINE float lg_kappa_at(const lg_kappa_par *p, float dx, float dy)
{
    switch (p->profile) {
    case LG_COMP_NFW: return p->elliptical ? lg_kappa_nfw_ell(p, dx, dy) : lg_kappa_nfw(p, dx, dy);
    case LG_COMP_CNFW:
        return p->elliptical ? lg_kappa_cnfw_ell(p, dx, dy) : lg_kappa_cnfw(p, dx, dy);
    case LG_COMP_SIS: return lg_kappa_sis(p, dx, dy);
    case LG_COMP_SIE: return lg_kappa_sie(p, dx, dy);
    case LG_COMP_SERSIC:
        return p->elliptical ? lg_kappa_sersic_ell(p, dx, dy) : lg_kappa_sersic(p, dx, dy);
    default: return 0.0f;
    }
}

#endif
