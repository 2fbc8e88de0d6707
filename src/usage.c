/* usage.c: the deck keys each profile, dark-matter model and noise setting reads (lens.c,
 * noise.c): a key is used when any possible sample reads it. */
#include "usage.h"

#include <string.h>

#include "map_info.h"
#include "profiles.h"
#include "psf.h"

#define BIT(p) (1u << (p))
#define HALO_PROFILES (BIT(LG_NFW) | BIT(LG_NFW_ELL) | BIT(LG_COMPOSITE))

unsigned lg_profiles_possible(const lg_config *cfg)
{
    unsigned mask = 0;
    for (int i = 0; i < cfg->profile.n; ++i)
        if (cfg->profile.weight[i] > 0.0)
            mask |= BIT(cfg->profile.value[i]);
    return mask;
}

unsigned lg_dm_possible(const lg_config *cfg)
{
    const unsigned profiles = lg_profiles_possible(cfg);
    /* with subhalos every sample draws a dark-matter model (its subhalos') */
    const int small = cfg->subhalos || cfg->los; /* subhalos or line-of-sight halos */
    unsigned mask = (profiles & ~HALO_PROFILES) && !small ? BIT(LG_DM_NONE) : 0;
    if ((profiles & HALO_PROFILES) || small)
        for (int i = 0; i < cfg->dm_model.n; ++i)
            if (cfg->dm_model.weight[i] > 0.0)
                mask |= BIT(1 + cfg->dm_model.value[i]); /* deck names start at cdm */
    return mask;
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Profiles that read the keys of a section (0: not a profile section). */
static unsigned section_profiles(const char *name)
{
    if (starts_with(name, "nfw."))
        return HALO_PROFILES;
    if (starts_with(name, "sis."))
        return BIT(LG_SIS) | BIT(LG_SIE);
    if (starts_with(name, "point_mass."))
        return BIT(LG_POINT_MASS);
    if (starts_with(name, "sersic."))
        return BIT(LG_SERSIC) | BIT(LG_COMPOSITE);
    if (starts_with(name, "disk."))
        return BIT(LG_COMPOSITE);
    if (strcmp(name, "lens.e1") == 0 || strcmp(name, "lens.e2") == 0)
        return BIT(LG_NFW_ELL) | BIT(LG_SIE) | BIT(LG_COMPOSITE);
    if (strcmp(name, "lens.dm_model") == 0)
        return HALO_PROFILES;
    return 0;
}

/* The lensed-image keys ([source], [imaging]): read only when an image map is made, and some
 * only by one PSF, the detector (image_noisy), the quasar or the clumps. The source's centre is
 * also read by output.wave (y); the instrument preset also sets map.half_width. */
static int image_key_used(const lg_config *cfg, const char *name)
{
    const int images = (cfg->maps & lg_image_map_mask()) != 0;
    if (strcmp(name, "imaging.instrument") == 0)
        return 1;
    if (strcmp(name, "source.center_x") == 0 || strcmp(name, "source.center_y") == 0)
        return images || cfg->wave;
    if (!images)
        return 0;
    if (starts_with(name, "source.clump_"))
        return cfg->n_clumps.hi >= 0.5;
    if (strcmp(name, "source.ps_mag") == 0)
        return cfg->point_source;
    if (strcmp(name, "imaging.psf_beta") == 0)
        return cfg->psf_type == LG_PSF_MOFFAT;
    if (strcmp(name, "imaging.psf_file") == 0)
        return cfg->psf_type == LG_PSF_PIXEL;
    if (strcmp(name, "imaging.psf_fwhm") == 0)
        return cfg->psf_type == LG_PSF_GAUSSIAN || cfg->psf_type == LG_PSF_MOFFAT;
    if (strcmp(name, "imaging.exposure_s") == 0 || strcmp(name, "imaging.sky_mag") == 0 ||
        strcmp(name, "imaging.read_noise") == 0 || strcmp(name, "imaging.gain") == 0 ||
        strcmp(name, "imaging.subtract_sky") == 0)
        return (cfg->maps >> LG_MAP_IMAGE_NOISY) & 1;
    return 1;
}

/* Keys that one setting of another key switches off. */
static int setting_used(const lg_config *cfg, const char *name)
{
    const int gaussian = cfg->noise_type == LG_NOISE_GAUSSIAN;
    if (strcmp(name, "nfw.c") == 0)
        return cfg->c_model == LG_C_FIXED;
    if (strcmp(name, "nfw.c_scatter_dex") == 0)
        return cfg->c_model == LG_C_DUFFY08;
    if (strcmp(name, "sersic.kappa_e") == 0)
        return cfg->sersic_norm == LG_SERSIC_KAPPA_E;
    if (strcmp(name, "sersic.m_star") == 0)
        return cfg->sersic_norm == LG_SERSIC_STELLAR_MASS;
    if (strcmp(name, "noise.sigma") == 0)
        return gaussian && cfg->sigma_from == LG_SIGMA_VALUE;
    if (strcmp(name, "noise.sigma_e") == 0 || strcmp(name, "noise.n_gal") == 0)
        return gaussian && cfg->sigma_from == LG_SIGMA_SHAPE_NOISE;
    if (strcmp(name, "noise.sigma_from") == 0)
        return gaussian;
    if (strcmp(name, "noise.exposure") == 0 || strcmp(name, "noise.background") == 0)
        return cfg->noise_type == LG_NOISE_POISSON;
    return 1;
}

int lg_key_used(const lg_config *cfg, const char *name)
{
    const unsigned profiles = lg_profiles_possible(cfg), dm = lg_dm_possible(cfg);
    if (strcmp(name, "lens.dm_model") == 0 && (cfg->subhalos || cfg->los))
        return 1; /* the small halos' dark matter, whatever the profile */
    const unsigned readers = section_profiles(name);
    if (readers && !(profiles & readers))
        return 0;
    if (starts_with(name, "wdm.") && !(dm & BIT(LG_DM_WDM)))
        return 0;
    if (starts_with(name, "sidm.") && !(dm & BIT(LG_DM_SIDM)))
        return 0;
    if (starts_with(name, "wave."))
        return cfg->wave;
    if (strcmp(name, "subhalos.host_m200") == 0)
        return cfg->subhalos && (profiles & ~HALO_PROFILES);
    if (starts_with(name, "sidm.") && (dm & BIT(LG_DM_SIDM)) && !cfg->subhalos &&
        !(profiles & HALO_PROFILES))
        return 0; /* line-of-sight halos are not cored */
    if (strcmp(name, "subhalos.eps") == 0 || strcmp(name, "subhalos.c_scatter_dex") == 0)
        return cfg->subhalos || cfg->los; /* the line-of-sight halos' too */
    if (starts_with(name, "subhalos.") && strcmp(name, "subhalos.enabled") != 0)
        return cfg->subhalos;
    if (starts_with(name, "los.") && strcmp(name, "los.enabled") != 0)
        return cfg->los;
    if (starts_with(name, "source.") || starts_with(name, "imaging."))
        return image_key_used(cfg, name);
    return setting_used(cfg, name);
}
