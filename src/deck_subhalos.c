/* deck_subhalos.c: the cross-key rules of subhalos.enabled (deck_subhalos.h). */
#include "deck_subhalos.h"

#include <stdio.h>

#include "map_info.h"
#include "usage.h"

int lg_deck_subhalo_check(const lg_config *cfg, const char *key[LG_DECK_SUBHALO_RULES],
                          char msg[LG_DECK_SUBHALO_RULES][512])
{
    int n = 0;
    if (!cfg->subhalos)
        return 0;
    if (!(cfg->sub_m_max > cfg->sub_m_min)) {
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
                 "and lensed images with subhalos.enabled = true need fft (from the kappa map, "
                 "which holds the subhalos; closed forms at every pixel for every subhalo take "
                 "seconds per sample); allowed: fft");
    }
    if (cfg->maps >> LG_MAP_FERMAT & 1) {
        key[n] = "output.maps";
        snprintf(msg[n++], 512,
                 "key 'output.maps': fermat is not available with subhalos.enabled = true (it "
                 "would need every subhalo's potential at every pixel); allowed: the other maps");
    }
    /* the cored subhalo is a difference of two truncated NFWs (docs/physics.md §16.7) */
    if ((lg_dm_possible(cfg) & (1u << LG_DM_SIDM)) && !(cfg->f_core.hi <= LG_SUBHALO_F_CORE_MAX)) {
        key[n] = "sidm.f_core";
        snprintf(msg[n++], 512,
                 "key 'sidm.f_core': draws up to %.6g, but the cored subhalos (subhalos.enabled = "
                 "true) need r_c < r_s; allowed: values or distributions within (0, %.6g]",
                 cfg->f_core.hi, LG_SUBHALO_F_CORE_MAX);
    }
    return n;
}
