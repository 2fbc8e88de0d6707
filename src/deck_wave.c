/* deck_wave.c: the cross-key rules of output.wave (deck_wave.h). */
#include "deck_wave.h"

#include <stdio.h>
#include <string.h>

#include "deck_schema.h"
#include "profiles.h"
#include "usage.h"

/* The profiles with a wave-optics amplification factor (wave_lens.h). */
#define WAVE_PROFILES (1u << LG_POINT_MASS | 1u << LG_SIS)

int lg_deck_wave_check(const lg_config *cfg, const char *key[LG_DECK_WAVE_RULES],
                       char msg[LG_DECK_WAVE_RULES][512])
{
    int n = 0;
    if (!cfg->wave)
        return 0;
    const unsigned bad = lg_profiles_possible(cfg) & ~WAVE_PROFILES;
    if (bad) {
        char names[256] = "";
        size_t used = 0;
        for (int p = 0; p < LG_N_PROFILES && used < sizeof names; ++p)
            if (bad >> p & 1) {
                char name[32];
                lg_choices_name(LG_PROFILE_NAMES, p, name, sizeof name);
                used += (size_t)snprintf(names + used, sizeof names - used, "%s'%s'",
                                         used ? ", " : "", name);
            }
        key[n] = "lens.profile";
        snprintf(msg[n++], 512,
                 "key 'lens.profile': %s can be drawn, but output.wave = true has an "
                 "amplification factor for point masses and SIS lenses only; allowed: point_mass, "
                 "sis (or a choice of them)",
                 names);
    }
    if (!(cfg->wave_f_max > cfg->wave_f_min)) {
        key[n] = "wave.f_max";
        snprintf(msg[n++], 512,
                 "key 'wave.f_max': value %.10g is not above wave.f_min = %.10g; allowed "
                 "(wave.f_min, 1e+09]",
                 cfg->wave_f_max, cfg->wave_f_min);
    }
    return n;
}
