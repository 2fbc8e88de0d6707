/* deck_notes.c: the implications of a deck (deck_notes.h). */
#include "deck_notes.h"

#include <stdlib.h>
#include <string.h>

#include "deck_schema.h"
#include "deck_unused_keys.h"
#include "noise.h"
#include "params_table.h"
#include "usage.h"

static void noise_notes(const lg_config *cfg, FILE *out)
{
    const double pix = 2.0 * cfg->half_width / (double)cfg->npix;
    if (cfg->noise_type == LG_NOISE_GAUSSIAN) {
        if (cfg->sigma_from == LG_SIGMA_SHAPE_NOISE)
            fprintf(out,
                    "# noise: white sigma per pixel %.4g from shape noise sigma_e / sqrt(2 n_gal "
                    "A_pix) (sigma_e %.4g, n_gal %.4g /arcmin^2, A_pix %.4g arcmin^2); "
                    "noise.sigma = %.4g is not used\n",
                    lg_noise_sigma(cfg), cfg->sigma_e, cfg->n_gal, pix * pix / 3600.0, cfg->sigma);
        else
            fprintf(out, "# noise: white sigma per pixel %.4g (noise.sigma)\n", cfg->sigma);
    } else if (cfg->noise_type == LG_NOISE_POISSON) {
        fprintf(out,
                "# noise: Poisson, sigma per pixel sqrt((kappa + %.4g) / %.4g) = %.4g at kappa = "
                "0\n",
                cfg->background, cfg->exposure, sqrt(cfg->background / cfg->exposure));
    } else {
        fprintf(out, "# noise: none\n");
    }
    if (cfg->smooth_fwhm > 0.0) {
        fprintf(out, "# smoothing: FWHM %.4g arcsec = %.3g pixels, applied to the %s",
                cfg->smooth_fwhm, cfg->smooth_fwhm / pix,
                cfg->smoothing == LG_SMOOTH_OBSERVED ? "observed map (kappa + noise)"
                                                     : "noise alone (kappa stays sharp)");
        if (cfg->noise_type == LG_NOISE_GAUSSIAN)
            fprintf(out, "; sigma per pixel after it %.4g", lg_noise_sigma_smoothed(cfg));
        fprintf(out, "\n");
    }
}

void lg_deck_notes(const lg_config *cfg, FILE *out)
{
    {
        const char *key;
        char msg[512];
        if (lg_deck_undersampled_source(cfg, &key, msg, sizeof msg))
            fprintf(out, "# warning: %s\n", msg);
    }
    noise_notes(cfg, out);
    fprintf(out, "# kappa: %s\n",
            cfg->supersample > 1 ? "pixel means (map.supersample sub-pixel samples, cusps refined)"
                                 : "values at pixel centres (map.supersample = 1)");
    int first = 1;
    for (int i = 0; i < lg_schema_n; ++i)
        if (!lg_key_used(cfg, lg_schema[i].name)) {
            fprintf(out, "%s%s", first ? "# not used by any sample of this deck: " : ", ",
                    lg_schema[i].name);
            first = 0;
        }
    if (!first)
        fprintf(out, "\n");
    lg_col_set cols;
    char err[256];
    if (lg_params_select(cfg, &cols, err, sizeof err) == 0) {
        fprintf(out, "# /params columns:");
        for (int i = 0; i < lg_n_param_cols; ++i)
            if (cols.on[i])
                fprintf(out, " %s", lg_param_cols[i].name);
        fprintf(out, "\n");
    }
    if (cfg->wave)
        fprintf(out,
                "# wave: F(w, y) at %lld frequencies, %.6g to %.6g Hz (%s): /wave/F_abs, F_phase "
                "[n_samples, %lld] float64; exact for w <= 1000 and y <= 10, geometric optics "
                "beyond\n",
                (long long)cfg->wave_n_freq, cfg->wave_f_min, cfg->wave_f_max,
                cfg->wave_spacing == LG_WAVE_SPACING_LOG ? "log" : "linear",
                (long long)cfg->wave_n_freq);
}

char *lg_deck_notes_text(const lg_config *cfg)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    lg_deck_notes(cfg, f);
    fclose(f);
    return text;
}
