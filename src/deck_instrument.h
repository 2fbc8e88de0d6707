/* deck_instrument.h: imaging.instrument's presets as defaults of the keys the deck left unset. */
#ifndef LG_DECK_INSTRUMENT_H
#define LG_DECK_INSTRUMENT_H

#include "config.h"

/* For each preset key (imaging.psf, psf_fwhm, psf_beta, zero_point, read_noise, sky_mag,
 * exposure_s, gain; map.half_width from the pixel scale) whose line[schema index] is 0 (not set
 * in the deck nor by --set), the preset's value. */
void lg_deck_apply_instrument(lg_config *cfg, const int *line);

#endif
