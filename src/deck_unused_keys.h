/* deck_unused_keys.h: the warning for keys set in a deck or with --set that no sample can use,
 * naming where each was set and the switch settings (profile, dark-matter model, noise ...) that
 * keep every sample from reading it; and the warning for a lensed source too small for the
 * rays. Warnings, not errors: the deck still loads. */
#ifndef LG_DECK_UNUSED_KEYS_H
#define LG_DECK_UNUSED_KEYS_H

#include <stddef.h>
#include <stdio.h>

#include "config.h"

/* key_line[k] (lg_schema_n entries) is where schema key k was set: 0 not set (default), > 0 a
 * line of the deck `label`, < 0 the --set option #-key_line[k]. For every set key no sample
 * reads, one line "WHERE: warning: KEY is set but no sample can use it: WHY" goes to err, file
 * lines first, in the order the keys were set. */
void lg_deck_warn_unused(const lg_config *cfg, const int *key_line, const char *label, FILE *err);

/* The lensed source's smallest scale, source.r_e or (when clumps can be drawn)
 * source.clump_sigma, against the rays' spacing, pixel / imaging.supersample: below two
 * spacings the rays point-sample it and its flux can be off by tens of per cent. Returns 1 with
 * the key and a sentence in msg when that can happen, else 0 (also without image maps). */
int lg_deck_undersampled_source(const lg_config *cfg, const char **key, char *msg, size_t size);

#endif
