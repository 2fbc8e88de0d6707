/* deck.h: read a parameter deck (text: key = value, [sections], # comments) plus
 * command-line overrides into a validated lg_config. Hand-written rather than inih because
 * every message must name file:line, and Debian's inih passes no line numbers to handlers. */
#ifndef LG_DECK_H
#define LG_DECK_H

#include <stdio.h>
#include "config.h"

/* Load `path`, apply `overrides` ("key=value", later wins over the file), validate.
 * Every problem is printed to `err` as "file:line: message". Returns the number of errors.
 * On success *text receives the deck file's text (malloc'd, for provenance). */
int lg_deck_load(const char *path, char *const *overrides, int n_overrides, lg_config *cfg,
                 char **text, FILE *err);

/* Parse deck text that is already in memory; `label` names it in messages. */
int lg_deck_parse_text(const char *label, const char *text, char *const *overrides, int n_overrides,
                       lg_config *cfg, FILE *err);

/* Print the deck reference (every key with type, unit, default, range and help) as a
 * deck that parses: input/reference.deck is exactly this output. */
void lg_deck_print_reference(FILE *out);

/* Print every resolved key = value, one per line (provenance and --check-deck). */
void lg_deck_print_resolved(const lg_config *cfg, FILE *out);

#endif
