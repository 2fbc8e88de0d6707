/* deck.h: read a parameter deck (text: key = value, [sections], # comments) plus
 * command-line overrides into a validated lg_config. Hand-written rather than inih because
 * every message must name file:line, and Debian's inih passes no line numbers to handlers. */
#ifndef LG_DECK_H
#define LG_DECK_H

#include <stdio.h>
#include <sys/types.h>
#include "config.h"

/* A deck file is at most 1 MiB (larger is refused before it is read); a line, or a --set
 * option, at most LG_DECK_LINE_MAX - 1 characters. */
#define LG_DECK_MAX_BYTES (1024 * 1024)
#define LG_DECK_LINE_MAX 2048
/* After this many errors the rest of a deck (and of the --set options) is not read. */
#define LG_DECK_MAX_ERRORS 20

/* Load `path`, apply `overrides` ("key=value", later wins over the file), validate.
 * Every problem is printed to `err` as "file:line: message" ("file: message" for the file as a
 * whole, "command line (--set #n): message" for an override), with control characters escaped.
 * Refused before reading: anything but a regular file (FIFO, directory, device: opened without
 * blocking) and files over LG_DECK_MAX_BYTES; then read errors and NUL bytes. Returns the
 * number of errors. On success *text receives the deck file's text (malloc'd, for provenance). */
int lg_deck_load(const char *path, char *const *overrides, int n_overrides, lg_config *cfg,
                 char **text, FILE *err);

/* Parse deck text that is already in memory; `label` names it in messages. */
int lg_deck_parse_text(const char *label, const char *text, char *const *overrides, int n_overrides,
                       lg_config *cfg, FILE *err);

/* Copy src into dst[size] with control characters escaped (CR as \r, ESC as \x1b; never an
 * escape cut in two): messages echo deck text, which must not move a terminal's cursor.
 * Returns the length written (dst is NUL-terminated when size > 0). */
size_t lg_escape_controls(char *dst, size_t size, const char *src);

/* What a file that is not a regular one is, for messages ("a directory", "a FIFO", ...). */
const char *lg_file_kind(mode_t mode);

/* Print the deck reference (every key with type, unit, default, range and help) as a
 * deck that parses: input/reference.deck is exactly this output. */
void lg_deck_print_reference(FILE *out);

/* Print every resolved key = value, one per line (provenance and --check-deck). */
void lg_deck_print_resolved(const lg_config *cfg, FILE *out);

#endif
