/* deck_notes.h: what a deck's settings imply, in words, for --check-deck and /provenance: the
 * noise sigma actually used (before and after smoothing) and where it comes from, the keys no
 * sample uses, the /params columns written. */
#ifndef LG_DECK_NOTES_H
#define LG_DECK_NOTES_H

#include <stdio.h>

#include "config.h"

/* Comment lines ("# ...") to out. */
void lg_deck_notes(const lg_config *cfg, FILE *out);

/* The same text, malloc'd (NULL when memory runs out). */
char *lg_deck_notes_text(const lg_config *cfg);

#endif
