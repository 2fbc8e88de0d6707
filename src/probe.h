/* probe.h: `lensgen probe DECK [--sample I] x1,y1 [x2,y2 ...]`: every lensing quantity of
 * sample I of the deck (default 0, augmented as in the dataset) at the given points, as CSV at
 * full double precision; `lensgen probe DECK [--sample I] --params`: its parameters, name=value
 * per line, named as the /params columns. */
#ifndef LG_PROBE_H
#define LG_PROBE_H

#include <stdio.h>

/* argv: DECK, then points (or --params), --sample I and --set KEY=VALUE options (everything
 * after `probe`).
 * Returns the exit status (0, or 2 with a message on err for bad input). */
int lg_probe(int argc, char **argv, FILE *out, FILE *err);

#endif
