/* instrument.h: instrument presets for lensed images (imaging.instrument; docs/physics.md §13.3):
 * pixel scale, PSF, zero point, read noise, sky and exposure of one exposure, from the published
 * values cited in instrument.c. Every value is a default that its own deck key may override. */
#ifndef LG_INSTRUMENT_H
#define LG_INSTRUMENT_H

#include "detector.h"

/* The preset names, '|'-separated, in table order (for deck choices and messages). */
#define LG_INSTRUMENT_NAMES "none|hst_wfc3_f160w|euclid_vis|lsst_r"

typedef struct {
    const char *name;
    double pixel_arcsec;    /* detector pixel side */
    int psf_type;           /* enum lg_psf_type (psf.h) */
    double psf_fwhm_arcsec; /* FWHM of the PSF */
    double moffat_beta;     /* for LG_PSF_MOFFAT, else 0 */
    double zero_point;      /* AB mag giving 1 e-/s */
    double read_noise_e;    /* electrons rms per pixel, one exposure */
    double sky_mag;         /* AB mag / arcsec^2 */
    double exposure_s;      /* one exposure, seconds */
    double gain;            /* e- / ADU */
} lg_instrument;

/* Copies the preset `name` (exact, case-sensitive) into *out: 0, or -1 for an unknown name
 * (out untouched). Preset "none" sets nothing: psf_type LG_PSF_NONE and every number 0, so each
 * value must come from its own key. */
int lg_instrument_find(const char *name, lg_instrument *out);

/* The detector of a preset (all its detector fields), with subtract_sky as given. */
lg_detector lg_instrument_detector(const lg_instrument *ins, int subtract_sky);

#endif
