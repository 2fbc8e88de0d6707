/* run_enums.h: the settings the per-pixel kernels branch on (maps, noise, smoothing,
 * normalisation), in the shared-kernel folder so the device backend sees the same values as
 * the deck (config.h includes this). */
#ifndef LG_RUN_ENUMS_H
#define LG_RUN_ENUMS_H

/* Maps a run can write (output.maps): bit i of lg_config.maps is map i. */
enum lg_map {
    LG_MAP_KAPPA = 0,
    LG_MAP_KAPPA_NOISY,
    LG_MAP_ALPHA_X,
    LG_MAP_ALPHA_Y,
    LG_MAP_GAMMA1,
    LG_MAP_GAMMA2,
    LG_MAP_PSI,
    LG_MAP_MU,
    LG_MAP_IMAGE,       /* the lensed source, noise-free (e-/s per pixel) */
    LG_MAP_SOURCE,      /* the unlensed source on the same grid */
    LG_MAP_IMAGE_NOISY, /* image as a detector records it, then normalised */
    LG_MAP_FERMAT,      /* arrival-time surface of the source's centre, days */
    LG_N_MAPS
};
#define LG_MAP_NAMES                                                                               \
    "kappa|kappa_noisy|alpha_x|alpha_y|gamma1|gamma2|psi|mu|image|source|image_noisy|fermat"
enum lg_noise_type { LG_NOISE_NONE = 0, LG_NOISE_GAUSSIAN = 1, LG_NOISE_POISSON = 2 };
enum lg_sigma_from { LG_SIGMA_VALUE = 0, LG_SIGMA_SHAPE_NOISE = 1 };
enum lg_normalise { LG_NORM_NONE = 0, LG_NORM_MINMAX = 1, LG_NORM_ZSCORE = 2 };
/* How maps are stored (output.dtype). */
enum lg_dtype { LG_DTYPE_FLOAT32 = 0, LG_DTYPE_FLOAT16 = 1 };
/* What noise.smooth_fwhm smooths: the observed map (kappa + noise) or the noise alone. */
enum lg_smoothing { LG_SMOOTH_OBSERVED = 0, LG_SMOOTH_NOISE = 1 };

#endif
