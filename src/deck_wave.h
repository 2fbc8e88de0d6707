/* deck_wave.h: the rules of output.wave that involve other keys (deck.c reports them). */
#ifndef LG_DECK_WAVE_H
#define LG_DECK_WAVE_H

#include <stddef.h>

#include "config.h"

#define LG_DECK_WAVE_RULES 2

/* With output.wave: every profile lens.profile can draw must be point_mass or sis, and
 * wave.f_max must exceed wave.f_min. For each rule broken, key[i] (the key whose line to show)
 * and msg[i] (what is wrong, the value and what is allowed). Returns how many were broken. */
int lg_deck_wave_check(const lg_config *cfg, const char *key[LG_DECK_WAVE_RULES],
                       char msg[LG_DECK_WAVE_RULES][512]);

#endif
