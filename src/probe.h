/* probe.h: `lensgen probe DECK x1,y1 [x2,y2 ...]`: every lensing quantity of the deck's first
 * sample (index 0) at the given points, as CSV at full double precision. */
#ifndef LG_PROBE_H
#define LG_PROBE_H

#include <stdio.h>

/* argv: DECK, then points and --set KEY=VALUE options (everything after `probe`).
 * Returns the exit status (0, or 2 with a message on err for bad input). */
int lg_probe(int argc, char **argv, FILE *out, FILE *err);

#endif
