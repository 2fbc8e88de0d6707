/* usage.h: which parts of a deck its samples can use: the profiles and dark-matter models
 * with non-zero weight, and from them the deck keys that take effect. One source for the
 * warning about keys no sample uses and for the /params columns that apply. */
#ifndef LG_USAGE_H
#define LG_USAGE_H

#include "config.h"

/* Bit p set when profile p (enum lg_profile) can be drawn. */
unsigned lg_profiles_possible(const lg_config *cfg);

/* Bit d set when dark-matter model d (enum lg_dm_model) can occur: cdm/wdm/sidm when a
 * profile with a halo can be drawn, none when a profile without one can. */
unsigned lg_dm_possible(const lg_config *cfg);

/* 1 when some sample of the deck can use key `name` ("section.key" or a top-level key):
 * its profile, dark-matter model or noise and normalisation settings read it. */
int lg_key_used(const lg_config *cfg, const char *name);

#endif
