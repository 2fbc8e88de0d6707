/* deck_instrument.c: instrument presets (instrument.h) fill the keys a deck did not set. */
#include "deck_instrument.h"

#include "deck_schema.h"
#include "instrument.h"

static int unset(const int *line, const char *key)
{
    const int k = lg_schema_find(key);
    return k >= 0 && line[k] == 0;
}

void lg_deck_apply_instrument(lg_config *cfg, const int *line)
{
    lg_instrument ins;
    char name[64];
    const char *names = LG_INSTRUMENT_NAMES;
    int i = 0;
    size_t len = 0;
    for (const char *p = names;; ++p) /* the name of index cfg->instrument */
        if (*p == '|' || *p == '\0') {
            if (i++ == cfg->instrument)
                break;
            len = 0;
            if (*p == '\0')
                return;
        } else if (len + 1 < sizeof name) {
            name[len++] = *p;
        }
    name[len] = '\0';
    if (cfg->instrument == 0 || lg_instrument_find(name, &ins) != 0)
        return;
    if (unset(line, "imaging.psf"))
        cfg->psf_type = ins.psf_type;
    if (unset(line, "imaging.psf_fwhm"))
        cfg->psf_fwhm = ins.psf_fwhm_arcsec;
    if (unset(line, "imaging.psf_beta") && ins.moffat_beta > 1.0)
        cfg->psf_beta = ins.moffat_beta;
    if (unset(line, "imaging.zero_point"))
        cfg->zero_point = ins.zero_point;
    if (unset(line, "imaging.read_noise"))
        cfg->read_noise = ins.read_noise_e;
    if (unset(line, "imaging.sky_mag"))
        cfg->sky_mag = ins.sky_mag;
    if (unset(line, "imaging.exposure_s"))
        cfg->exposure_s = ins.exposure_s;
    if (unset(line, "imaging.gain"))
        cfg->gain = ins.gain;
    if (unset(line, "map.half_width"))
        cfg->half_width = 0.5 * (double)cfg->npix * ins.pixel_arcsec;
}
