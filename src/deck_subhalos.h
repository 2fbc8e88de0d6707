/* deck_subhalos.h: the rules of subhalos.enabled that involve other keys (deck.c reports them). */
#ifndef LG_DECK_SUBHALOS_H
#define LG_DECK_SUBHALOS_H

#include "config.h"

#define LG_DECK_SUBHALO_RULES 5

/* With subhalos.enabled: m_max above m_min; derived maps and lensed images need
 * output.derived = fft (from the kappa map, which holds the subhalos); no fermat map; SIDM
 * cores need
 * sidm.f_core below LG_SUBHALO_F_CORE_MAX. For each rule broken, key[i] (the key whose line to
 * show) and msg[i]. Returns how many were broken. */
#define LG_SUBHALO_F_CORE_MAX 0.9
int lg_deck_subhalo_check(const lg_config *cfg, const char *key[LG_DECK_SUBHALO_RULES],
                          char msg[LG_DECK_SUBHALO_RULES][512]);

#endif
