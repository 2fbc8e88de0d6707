/* deck_value.h: parse one deck value (number, bool, enum, string, distribution, choice)
 * into lg_config through its schema entry, and format it back for provenance. */
#ifndef LG_DECK_VALUE_H
#define LG_DECK_VALUE_H

#include <stddef.h>
#include "deck_schema.h"

/* Parse `text` into the field of `key` in cfg. Returns 0, or -1 with a message in msg
 * ("value '...' is out of range; allowed [a, b]" style, without the location). */
int lg_value_parse(const lg_key *key, const char *text, lg_config *cfg, char *msg, size_t size);

/* Write the resolved value of `key` in cfg as deck text (numbers as by lg_format_real). */
void lg_value_format(const lg_key *key, const lg_config *cfg, char *buf, size_t size);

/* Write v in the shortest of %.15g, %.16g and %.17g that strtod reads back exactly (0.3, not
 * 0.29999999999999999); NaN as "nan", infinities as "inf" and "-inf". Returns buf. */
char *lg_format_real(char *buf, size_t size, double v);

#endif
