/* deck_schema.h: the ONE table of deck keys. It drives parsing, validation,
 * --print-reference and input/reference.deck. */
#ifndef LG_DECK_SCHEMA_H
#define LG_DECK_SCHEMA_H

#include <stddef.h>
#include "config.h"

typedef enum {
    LG_T_INT,    /* int64_t */
    LG_T_REAL,   /* double */
    LG_T_BOOL,   /* int: true/false */
    LG_T_ENUM,   /* int: index into `choices` */
    LG_T_STRING, /* char[LG_PATH_MAX] */
    LG_T_DIST,   /* lg_dist: fixed value or distribution */
    LG_T_CHOICE, /* lg_choice: one name or a weighted choice(...) of `choices` */
    LG_T_FLAGS   /* int bit set: a comma-separated list of `choices` names */
} lg_type;

typedef struct {
    const char *name; /* "section.key", or "key" for the top level */
    lg_type type;
    size_t offset;       /* into lg_config */
    const char *def;     /* default as deck text; NULL: the key is required */
    const char *example; /* value shown in the reference deck for a required key */
    double min, max;     /* allowed range (numbers, and every value a distribution can draw) */
    const char *unit;
    const char *choices; /* "a|b|c" for ENUM and CHOICE */
    const char *help;
} lg_key;

extern const lg_key lg_schema[];
extern const int lg_schema_n;
/* Room for one entry per key in the deck reader's per-key arrays (at least lg_schema_n). */
#define LG_SCHEMA_MAX 128

/* Index of a key by full name, or -1. */
int lg_schema_find(const char *name);
/* Name of the type as written in the reference. */
const char *lg_type_name(lg_type t);
/* Index of `word` in a "a|b|c" list, or -1. */
int lg_choices_index(const char *choices, const char *word, size_t len);
/* Copy the n-th name of a "a|b|c" list into buf. */
void lg_choices_name(const char *choices, int n, char *buf, size_t size);

#endif
