/* deck_subhalos.c: the cross-key rules of subhalos.enabled (deck_subhalos.h). */
#include "deck_subhalos.h"

#include <stdio.h>

#include "map_info.h"
#include "usage.h"

int lg_deck_subhalo_check(const lg_config *cfg, const char *key[LG_DECK_SUBHALO_RULES],
                          char msg[LG_DECK_SUBHALO_RULES][512])
{
    int n = 0;
    if (!cfg->subhalos && !cfg->los)
        return 0;
    const char *which = cfg->subhalos ? "subhalos.enabled" : "los.enabled";
    if (cfg->los && !(cfg->los_m_max > cfg->los_m_min)) {
        key[n] = "los.m_max";
        snprintf(msg[n++], 512,
                 "key 'los.m_max': value %.10g is not above los.m_min = %.10g; allowed "
                 "(los.m_min, 1e+13]",
                 cfg->los_m_max, cfg->los_m_min);
    }
    if (cfg->subhalos && !(cfg->sub_m_max > cfg->sub_m_min)) {
        key[n] = "subhalos.m_max";
        snprintf(msg[n++], 512,
                 "key 'subhalos.m_max': value %.10g is not above subhalos.m_min = %.10g; allowed "
                 "(subhalos.m_min, 1e+13]",
                 cfg->sub_m_max, cfg->sub_m_min);
    }
    /* each subhalo at each pixel in closed form costs ~1e3 x the map: seconds per sample */
    const int derived = cfg->maps & (lg_image_map_mask() | lg_derived_map_mask());
    if (derived && cfg->derived_method != LG_DERIVED_FFT) {
        key[n] = "output.derived";
        snprintf(msg[n++], 512,
                 "key 'output.derived': value analytic, but derived maps (alpha, gamma, psi, mu) "
                 "and lensed images with %s = true need fft (from the kappa map, which holds the "
                 "small halos; closed forms at every pixel for every halo take seconds per "
                 "sample); allowed: fft",
                 which);
    }
    if (cfg->maps >> LG_MAP_FERMAT & 1) {
        key[n] = "output.maps";
        snprintf(msg[n++], 512,
                 "key 'output.maps': fermat is not available with %s = true (it would need every "
                 "small halo's potential at every pixel); allowed: the other maps",
                 which);
    }
    /* the cored subhalo is a difference of two truncated NFWs (docs/physics.md §16.7) */
    if (cfg->subhalos && (lg_dm_possible(cfg) & (1u << LG_DM_SIDM)) &&
        !(cfg->f_core.hi <= LG_SUBHALO_F_CORE_MAX)) {
        key[n] = "sidm.f_core";
        snprintf(msg[n++], 512,
                 "key 'sidm.f_core': draws up to %.6g, but the cored subhalos (subhalos.enabled = "
                 "true) need r_c < r_s; allowed: values or distributions within (0, %.6g]",
                 cfg->f_core.hi, LG_SUBHALO_F_CORE_MAX);
    }
    return n;
}
