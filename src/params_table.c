/* params_table.c: the /params columns (params_table.h). Append new columns anywhere: files are
 * read by name, never by position. */
#include "params_table.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "map_info.h"
#include "point_images.h"
#include "profiles.h"
#include "usage.h"

#define P(x) (1u << (x))
#define ALL_PROFILES ((1u << LG_N_PROFILES) - 1u)
#define HALO (P(LG_NFW) | P(LG_NFW_ELL) | P(LG_COMPOSITE))
#define ELLIPTICAL (P(LG_NFW_ELL) | P(LG_SIE) | P(LG_COMPOSITE))
#define BULGE (P(LG_SERSIC) | P(LG_COMPOSITE))
#define ALL_DM (P(LG_DM_NONE) | P(LG_DM_CDM) | P(LG_DM_WDM) | P(LG_DM_SIDM))
#define HALO_DM (P(LG_DM_CDM) | P(LG_DM_WDM) | P(LG_DM_SIDM))

#define COLUMN(name, field, is_int, unit, profiles, dm, need, unset, help)                         \
    {                                                                                              \
        name, unit, help, offsetof(lg_lens, field), is_int, profiles, dm, need, unset, "params", 1 \
    }
/* A double column of every profile, one of some profiles, an int flag. */
#define ANY(field, unit, help) COLUMN(#field, field, 0, unit, ALL_PROFILES, ALL_DM, 0, NAN, help)
#define OF(field, unit, profiles, help)                                                            \
    COLUMN(#field, field, 0, unit, profiles, ALL_DM, 0, NAN, help)

const lg_param_col lg_param_cols[] = {
    COLUMN("profile", profile, 1, "", ALL_PROFILES, ALL_DM, 0, 0,
           "lens profile: an index into the attribute 'names'"),
    COLUMN("dm_model", dm_model, 1, "", ALL_PROFILES, HALO_DM, LG_NEED_DM_MODEL, 0,
           "dark matter of the halo and the subhalos: an index into the attribute 'names' "
           "(none: neither)"),
    ANY(z_l, "", "lens redshift"),
    ANY(z_s, "", "source redshift"),
    ANY(center_x, "arcsec", "lens centre x (to the right)"),
    ANY(center_y, "arcsec", "lens centre y (up)"),
    COLUMN("e1", e1, 0, "", ELLIPTICAL, ALL_DM, 0, 0.0,
           "ellipticity e1 of nfw_ell, sie and the composite's halo (0 for round profiles)"),
    COLUMN("e2", e2, 0, "", ELLIPTICAL, ALL_DM, 0, 0.0,
           "ellipticity e2 of nfw_ell, sie and the composite's halo (0 for round profiles)"),
    OF(m200, "Msun", HALO, "halo M200c (NaN without a halo)"),
    OF(c, "", HALO, "halo concentration r200/r_s, after any WDM suppression"),
    OF(c_cdm, "", HALO, "halo CDM concentration before any WDM suppression"),
    COLUMN("m_x", m_x, 0, "keV", ALL_PROFILES, P(LG_DM_WDM), LG_NEED_DM_MODEL, NAN,
           "WDM particle mass (NaN unless dm_model = wdm)"),
    COLUMN("m_hm", m_hm, 0, "Msun", ALL_PROFILES, P(LG_DM_WDM), LG_NEED_DM_MODEL, NAN,
           "WDM half-mode mass (NaN unless dm_model = wdm)"),
    COLUMN("f_core", f_core, 0, "", HALO, P(LG_DM_SIDM), 0, NAN,
           "SIDM core radius / scale radius (NaN unless dm_model = sidm)"),
    COLUMN("theta_core", theta_c, 0, "arcsec", HALO, P(LG_DM_SIDM), 0, NAN,
           "SIDM core radius (NaN unless dm_model = sidm)"),
    OF(sigma_v, "km/s", P(LG_SIS) | P(LG_SIE), "SIS/SIE velocity dispersion (NaN otherwise)"),
    OF(mass, "Msun", P(LG_POINT_MASS), "point mass (NaN otherwise)"),
    OF(sersic_n, "", BULGE, "Sersic index (sersic profile, composite bulge)"),
    OF(sersic_r_e, "arcsec", BULGE, "Sersic half-mass radius"),
    OF(sersic_kappa_e, "", BULGE, "Sersic convergence at r_e"),
    COLUMN("sersic_m_star", sersic_m_star, 0, "Msun", BULGE, ALL_DM, LG_NEED_STELLAR_MASS, NAN,
           "Sersic stellar mass (NaN when normalised by kappa_e)"),
    OF(sersic_e1, "", BULGE, "Sersic ellipticity e1"),
    OF(sersic_e2, "", BULGE, "Sersic ellipticity e2"),
    OF(disk_r_e, "arcsec", P(LG_COMPOSITE), "composite disk half-mass radius"),
    OF(disk_kappa_e, "", P(LG_COMPOSITE), "composite disk convergence at r_e"),
    OF(disk_m_star, "Msun", P(LG_COMPOSITE), "composite disk stellar mass"),
    OF(disk_e1, "", P(LG_COMPOSITE), "composite disk ellipticity e1"),
    OF(disk_e2, "", P(LG_COMPOSITE), "composite disk ellipticity e2"),
    ANY(sigma_crit, "Msun/arcsec^2", "critical surface density"),
    OF(kappa_s, "", HALO, "halo scale convergence rho_s r_s / Sigma_crit (NaN without a halo)"),
    OF(theta_s, "arcsec", HALO, "halo scale radius r_s / D_l (NaN without a halo)"),
    COLUMN("theta_E", theta_e, 0, "arcsec", ALL_PROFILES, ALL_DM, 0, NAN,
           "Einstein radius: the mean convergence of the circularised lens inside it is 1 "
           "(NaN: subcritical, strong_lens = 0)"),
    COLUMN("strong_lens", strong_lens, 1, "", ALL_PROFILES, ALL_DM, 0, 0,
           "1 when the lens has an Einstein radius (its mean convergence reaches 1), else 0"),
#define SRC(field, unit, help)                                                                     \
    COLUMN(#field, field, 0, unit, ALL_PROFILES, ALL_DM, LG_NEED_IMAGES, NAN, help)
    SRC(src_mag, "AB mag", "source total magnitude (unlensed)"),
    SRC(src_r_e, "arcsec", "source half-light radius"),
    SRC(src_n, "", "source Sersic index"),
    SRC(src_e1, "", "source ellipticity e1"),
    SRC(src_e2, "", "source ellipticity e2"),
    COLUMN("src_x", src_x, 0, "arcsec", ALL_PROFILES, ALL_DM, LG_NEED_SOURCE_CENTRE, NAN,
           "source position x (source plane)"),
    COLUMN("src_y", src_y, 0, "arcsec", ALL_PROFILES, ALL_DM, LG_NEED_SOURCE_CENTRE, NAN,
           "source position y (source plane)"),
    SRC(src_amp, "e-/s/arcsec^2", "source surface brightness at its half-light radius"),
    COLUMN("src_n_clumps", n_clumps, 1, "", ALL_PROFILES, ALL_DM, LG_NEED_IMAGES, 0,
           "Gaussian clumps of the source (source.n_clumps); the src_clump_* arrays hold that "
           "many values, NaN beyond"),
#define CLUMP(name, field, unit, help)                                                             \
    {                                                                                              \
        name, unit, help, offsetof(lg_lens, field), 0, ALL_PROFILES, ALL_DM, LG_NEED_CLUMPS, NAN,  \
            "params", LG_MAX_CLUMPS                                                                \
    }
    CLUMP("src_clump_x", clump_x, "arcsec", "clump centres x, offsets from src_x; NaN beyond n"),
    CLUMP("src_clump_y", clump_y, "arcsec", "clump centres y, offsets from src_y"),
    CLUMP("src_clump_sigma", clump_sigma, "arcsec",
          "clump Gaussian sigmas: I = F / (2 pi sigma^2) exp(-r^2 / (2 sigma^2))"),
    CLUMP("src_clump_mag", clump_mag, "AB mag",
          "clump total magnitudes (unlensed): F = 10^(-0.4 (mag - zero_point)) e-/s"),
#define IMG(name, field, unit, help)                                                               \
    {                                                                                              \
        name, unit, help, offsetof(lg_lens, field), 0, ALL_PROFILES, ALL_DM, LG_NEED_POINT_SOURCE, \
            NAN, "images", LG_MAX_IMAGES                                                           \
    }
    COLUMN("ps_mag", ps_mag, 0, "AB mag", ALL_PROFILES, ALL_DM, LG_NEED_POINT_SOURCE, NAN,
           "point source (quasar) magnitude, unlensed; at the source's centre"),
    COLUMN("d_dt", d_dt, 0, "Mpc", ALL_PROFILES, ALL_DM, LG_NEED_TIME_DELAYS, NAN,
           "time-delay distance (1 + z_l) D_l D_s / D_ls"),
    {"n", "", "images of the point source found (the arrays keep the brightest 5)",
     offsetof(lg_lens, n_images), 1, ALL_PROFILES, ALL_DM, LG_NEED_POINT_SOURCE, 0, "images", 1},
    IMG("x", img_x, "arcsec", "image positions x, in order of arrival; NaN beyond n"),
    IMG("y", img_y, "arcsec", "image positions y"),
    IMG("mu", img_mu, "", "signed magnifications (negative: saddle points)"),
    IMG("dt", img_dt, "days",
        "arrival time after the first image: D_dt/c times the Fermat "
        "potential difference, D_dt = (1 + z_l) D_l D_s / D_ls"),
    COLUMN("snr_mf", snr_mf, 0, "", ALL_PROFILES, ALL_DM, LG_NEED_NOISE, NAN,
           "matched-filter signal-to-noise sqrt(sum kappa^2 / var) of the noise-free map in the "
           "white per-pixel noise"),
    COLUMN("snr_peak", snr_peak, 0, "", ALL_PROFILES, ALL_DM, LG_NEED_NOISE, NAN,
           "largest pixel signal over the per-pixel noise sigma, both as kappa_noisy shows them "
           "(after any smoothing)"),
    COLUMN("norm_offset", norm_offset, 0, "", ALL_PROFILES, ALL_DM, LG_NEED_NORMALISE, NAN,
           "kappa_noisy before normalisation = normalised * norm_scale + norm_offset "
           "(minmax: the min; zscore: the mean)"),
    COLUMN("norm_scale", norm_scale, 0, "", ALL_PROFILES, ALL_DM, LG_NEED_NORMALISE, NAN,
           "see norm_offset (minmax: max - min; zscore: the std; 0: a flat map, all zeros)"),
    COLUMN("image_norm_offset", image_norm_offset, 0, "e-/s", ALL_PROFILES, ALL_DM,
           LG_NEED_IMAGE_NORMALISE, NAN, "image_noisy raw = normalised * image_norm_scale + this"),
    COLUMN("image_norm_scale", image_norm_scale, 0, "e-/s", ALL_PROFILES, ALL_DM,
           LG_NEED_IMAGE_NORMALISE, NAN, "image_noisy's normalisation scale (0: a flat map)"),
    COLUMN("aug_rot90", aug_rot90, 1, "", ALL_PROFILES, ALL_DM, LG_NEED_ROT90, 0,
           "augmentation: rotated by aug_rot90 x 90 degrees counter-clockwise"),
    COLUMN("aug_flip", aug_flip, 1, "", ALL_PROFILES, ALL_DM, LG_NEED_FLIP, 0,
           "augmentation: mirrored x -> -x after the rotation (1) or not (0)"),
    /* wave optics (output.wave; wave_lens.h) */
    COLUMN("wave_y", wave_y, 0, "", P(LG_POINT_MASS) | P(LG_SIS), ALL_DM, LG_NEED_WAVE, NAN,
           "wave optics: the source's offset from the lens centre in Einstein radii, "
           "|beta - centre| / theta_E (source.center_x/y)"),
    COLUMN("wave_m_lz", wave_m_lz, 0, "Msun", P(LG_POINT_MASS) | P(LG_SIS), ALL_DM, LG_NEED_WAVE,
           NAN,
           "wave optics: redshifted lens mass M (1 + z_l); for the SIS the mass inside its "
           "Einstein radius. w = 8 pi G wave_m_lz f / c^3"),
/* subhalos (subhalos.enabled; subhalo_batch.h) */
#define SUB(name, field, is_int, unit, help)                                                       \
    COLUMN(name, field, is_int, unit, ALL_PROFILES, ALL_DM, LG_NEED_SUBHALOS, is_int ? 0 : NAN,    \
           help)
    SUB("n_sub", n_sub, 1, "",
        "subhalos in the map's model: inside the cylinder, after WDM thinning and the cap "
        "subhalos.n_max (the rows of /subhalos that are not NaN)"),
    SUB("sigma_sub", sigma_sub, 0, "kpc^-2", "subhalo mass-function normalisation drawn"),
    SUB("sub_host_m200", sub_host_m200, 0, "Msun",
        "host M200 of the subhalo population: the halo's m200, or subhalos.host_m200 for lenses "
        "without a halo"),
    SUB("f_sub", f_sub, 0, "",
        "subhalo mass fraction: the subhalos' total (truncated) mass over the projected mass "
        "of the circularised main lens (as for theta_E) inside the cylinder of radius "
        "sub_r_max"),
    SUB("sub_slope", sub_slope, 0, "",
        "effective slope: maximum-likelihood power-law index of this sample's subhalo masses on "
        "[m_min, m_max] (NaN below 2 subhalos)"),
    SUB("sub_m_total", sub_m_total, 0, "Msun", "sum of the subhalos' M200"),
    SUB("sub_r_max", sub_r_max, 0, "arcsec",
        "radius of the cylinder the subhalos were drawn in, about the lens centre"),
    SUB("sub_capped", sub_capped, 1, "",
        "1 when the Poisson count exceeded subhalos.n_max (only the first n_max were kept)"),
#undef SUB
/* line-of-sight halos (los.enabled) */
#define LOS(name, field, is_int, unit, help)                                                       \
    COLUMN(name, field, is_int, unit, ALL_PROFILES, ALL_DM, LG_NEED_LOS, is_int ? 0 : NAN, help)
    LOS("n_los", n_los, 1, "", "line-of-sight halos drawn (after WDM thinning and los.n_max)"),
    LOS("delta_los", delta_los, 0, "", "multiplier of the field-halo mass function drawn"),
    LOS("los_m_total", los_m_total, 0, "Msun", "sum of the line-of-sight halos' M200"),
    LOS("los_kappa_sheet", los_kappa_sheet, 0, "",
        "the mean convergence the line-of-sight halos add as rendered: their expected mass "
        "over the cone (single plane) times the fraction the rendering cut keeps; subtracted "
        "from every map as a uniform sheet when los.subtract_sheet = true"),
    LOS("los_capped", los_capped, 1, "", "1 when the Poisson count exceeded los.n_max"),
#undef LOS
};
const int lg_n_param_cols = (int)(sizeof lg_param_cols / sizeof lg_param_cols[0]);
_Static_assert(sizeof lg_param_cols / sizeof lg_param_cols[0] <= LG_MAX_PARAM_COLS,
               "lg_col_set holds LG_MAX_PARAM_COLS columns");

int lg_param_col_find(const char *name)
{
    for (int i = 0; i < lg_n_param_cols; ++i)
        if (strcmp(lg_param_cols[i].name, name) == 0)
            return i;
    return -1;
}

static int need_met(const lg_config *cfg, int need)
{
    const int noisy = (cfg->maps & (1 << LG_MAP_KAPPA_NOISY)) != 0;
    switch (need) {
    case LG_NEED_NOISE: return noisy && cfg->noise_type != LG_NOISE_NONE;
    case LG_NEED_NORMALISE: return noisy && cfg->normalise != LG_NORM_NONE;
    case LG_NEED_STELLAR_MASS: return cfg->sersic_norm == LG_SERSIC_STELLAR_MASS;
    case LG_NEED_ROT90: return cfg->augment_rot90;
    case LG_NEED_FLIP: return cfg->augment_flip;
    case LG_NEED_IMAGES: return (cfg->maps & lg_image_map_mask()) != 0;
    case LG_NEED_SOURCE_CENTRE: return (cfg->maps & lg_image_map_mask()) != 0 || cfg->wave;
    case LG_NEED_IMAGE_NORMALISE:
        return (cfg->maps & (1 << LG_MAP_IMAGE_NOISY)) && cfg->normalise != LG_NORM_NONE;
    case LG_NEED_TIME_DELAYS:
        return (cfg->maps & lg_image_map_mask()) &&
               (cfg->point_source || (cfg->maps >> LG_MAP_FERMAT & 1));
    case LG_NEED_POINT_SOURCE: return (cfg->maps & lg_image_map_mask()) && cfg->point_source;
    case LG_NEED_CLUMPS: /* some draw of n_clumps rounds to 1 or more */
        return (cfg->maps & lg_image_map_mask()) && cfg->n_clumps.hi >= 0.5;
    case LG_NEED_WAVE: return cfg->wave;
    case LG_NEED_SUBHALOS: return cfg->subhalos;
    case LG_NEED_LOS: return cfg->los;
    case LG_NEED_DM_MODEL: return (lg_profiles_possible(cfg) & HALO) || cfg->subhalos || cfg->los;
    default: return 1;
    }
}

int lg_param_col_applies(const lg_config *cfg, int i)
{
    const lg_param_col *c = &lg_param_cols[i];
    return (c->profiles & lg_profiles_possible(cfg)) && (c->dm & lg_dm_possible(cfg)) &&
           need_met(cfg, c->need);
}

double lg_param_value(const lg_lens *l, int i)
{
    const char *p = (const char *)l + lg_param_cols[i].offset;
    if (lg_param_cols[i].is_int) {
        int v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    double d;
    memcpy(&d, p, sizeof d);
    return d;
}

double lg_param_value_at(const lg_lens *l, int i, int k)
{
    if (lg_param_cols[i].is_int)
        return lg_param_value(l, i);
    double d;
    memcpy(&d, (const char *)l + lg_param_cols[i].offset + sizeof(double) * (size_t)k, sizeof d);
    return d;
}

int lg_param_max_width(void)
{
    int w = 1;
    for (int i = 0; i < lg_n_param_cols; ++i)
        w = lg_param_cols[i].width > w ? lg_param_cols[i].width : w;
    return w;
}

void lg_params_clear(lg_lens *l)
{
    for (int i = 0; i < lg_n_param_cols; ++i) {
        char *p = (char *)l + lg_param_cols[i].offset;
        if (lg_param_cols[i].is_int) {
            int v = (int)lg_param_cols[i].unset;
            memcpy(p, &v, sizeof v);
        } else {
            for (int k = 0; k < lg_param_cols[i].width; ++k)
                memcpy(p + sizeof(double) * (size_t)k, &lg_param_cols[i].unset, sizeof(double));
        }
    }
}

int lg_params_select(const lg_config *cfg, lg_col_set *sel, char *err, size_t err_size)
{
    const char *spec = cfg->params_spec;
    memset(sel, 0, sizeof *sel);
    int any = 0;
    const int all = strcmp(spec, "all") == 0;
    if (all || strcmp(spec, "applicable") == 0) {
        for (int i = 0; i < lg_n_param_cols; ++i)
            if (all || lg_param_col_applies(cfg, i))
                sel->on[i] = 1;
        return 0;
    }
    for (const char *p = spec; *p;) {
        while (*p == ' ' || *p == ',')
            ++p;
        size_t len = strcspn(p, " ,");
        if (len == 0)
            break;
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), p);
        int i = lg_param_col_find(name);
        if (i < 0) {
            snprintf(err, err_size,
                     "'%s' is not a /params column; allowed: applicable, all, or a comma-separated "
                     "list of column names (lensgen --print-reference lists them)",
                     name);
            return -1;
        }
        sel->on[i] = 1;
        any = 1;
        p += len;
    }
    if (!any) {
        snprintf(err, err_size, "empty list; allowed: applicable, all, or column names");
        return -1;
    }
    return 0;
}
