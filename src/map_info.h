/* map_info.h: the maps a run can write (enum lg_map, config.h), once: name, unit, meaning and
 * whether it derives from the lens's potential. The deck's list (LG_MAP_NAMES), the HDF5
 * datasets and the batch's derived-map logic read it; a unit test checks the names agree. */
#ifndef LG_MAP_INFO_H
#define LG_MAP_INFO_H

#include "config.h"

typedef struct {
    const char *name, *unit, *help;
    int derived; /* alpha, gamma, psi, mu: from the potential (output.derived) */
} lg_map_info;

extern const lg_map_info lg_maps[LG_N_MAPS];

/* Bit set of the derived maps. */
int lg_derived_map_mask(void);

/* The lensed-image maps (image, source): bit set of enum lg_map. */
int lg_image_map_mask(void);

#endif
