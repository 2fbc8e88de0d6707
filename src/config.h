/* config.h: the resolved run configuration. Plain data with no pointers, so rank 0 can
 * broadcast it as bytes; filled from the deck through the schema table (deck_schema.c). */
#ifndef LG_CONFIG_H
#define LG_CONFIG_H

#include <stdint.h>

enum lg_dist_kind { LG_DIST_FIXED = 0, LG_DIST_UNIFORM, LG_DIST_LOGUNIFORM, LG_DIST_NORMAL };

/* A parameter: a fixed value or a distribution. For NORMAL, [lo, hi] truncates
 * (lo = -inf, hi = +inf when no bounds were given). */
typedef struct {
    int kind;
    double a, b;   /* FIXED: a; UNIFORM/LOGUNIFORM: [a, b]; NORMAL: mu = a, sigma = b */
    double lo, hi; /* support: the range any draw falls in */
} lg_dist;

#define LG_MAX_CHOICES 8
/* Gaussian clumps a source can have (source.n_clumps): the width of the /params clump arrays. */
#define LG_MAX_CLUMPS 8
/* A weighted choice among enum values (the profile mix). */
typedef struct {
    int n;
    int value[LG_MAX_CHOICES];
    double weight[LG_MAX_CHOICES]; /* normalised to sum 1 */
} lg_choice;

enum lg_c_model { LG_C_FIXED = 0, LG_C_DUFFY08 = 1 };
enum lg_dm_model { LG_DM_NONE = 0, LG_DM_CDM = 1, LG_DM_WDM = 2, LG_DM_SIDM = 3 };
/* The deck's names of enum lg_dm_model from cdm on (none is not drawn). */
#define LG_DM_NAMES "cdm|wdm|sidm"
enum lg_sersic_norm { LG_SERSIC_KAPPA_E = 0, LG_SERSIC_STELLAR_MASS = 1 };
enum lg_derived_method { LG_DERIVED_ANALYTIC = 0, LG_DERIVED_FFT = 1 };
enum lg_schedule { LG_SCHEDULE_STATIC = 0, LG_SCHEDULE_DYNAMIC = 1 };
/* Where a rank computes its batches (backend): auto = its CUDA device when it has a usable one,
 * else the CPU; cpu; cuda = its CUDA device or an error. */
enum lg_backend_choice { LG_BACKEND_AUTO = 0, LG_BACKEND_CPU = 1, LG_BACKEND_CUDA = 2 };
#define LG_BACKEND_NAMES "auto|cpu|cuda"
/* The frequency grid of /wave (wave.spacing). */
enum lg_wave_spacing { LG_WAVE_SPACING_LOG = 0, LG_WAVE_SPACING_LINEAR = 1 };

#include "run_enums.h" /* maps, noise, smoothing, normalisation: shared with gpu/ */

#define LG_PATH_MAX 1024

typedef struct {
    /* top level */
    int64_t n_samples;
    int64_t seed;
    int64_t batch_size;
    int schedule; /* enum lg_schedule */
    int backend;  /* enum lg_backend_choice */
    /* [map] */
    int64_t npix;
    int64_t supersample; /* k x k sub-pixel samples per pixel; 1 = pixel centres */
    double half_width;
    /* [cosmology] */
    double H0, Omega_m, Omega_b;
    /* [lens] */
    lg_choice profile, dm_model;
    lg_dist z_l, z_s, center_x, center_y, e1, e2;
    /* [nfw] */
    lg_dist m200, c;
    int c_model;
    double c_scatter_dex;
    /* [wdm] */
    lg_dist m_x;
    int wdm_z_factor;
    /* [sidm] */
    lg_dist f_core;
    /* [sis] (SIS and SIE) */
    lg_dist sigma_v;
    /* [point_mass] */
    lg_dist mass;
    /* [sersic] (profile sersic and the composite's bulge) */
    lg_dist sersic_n, sersic_r_e, sersic_kappa_e, sersic_m_star, sersic_e1, sersic_e2;
    int sersic_norm;
    /* [disk] (the composite's exponential disk) */
    lg_dist disk_r_e, disk_m_star, disk_e1, disk_e2;
    /* [source] (lensed images) */
    lg_dist src_mag, src_r_e, src_n, src_e1, src_e2, src_x, src_y, ps_mag;
    lg_dist n_clumps, clump_mag, clump_sigma, clump_x, clump_y; /* Gaussian clumps */
    int point_source; /* a quasar at the source's centre */
    /* [imaging] */
    int64_t img_supersample;
    double zero_point; /* AB magnitude of 1 e-/s */
    int instrument;    /* index into LG_INSTRUMENT_NAMES */
    int psf_type;      /* enum lg_psf_type (psf.h) */
    double psf_fwhm, psf_beta;
    char psf_file[LG_PATH_MAX];
    double exposure_s, sky_mag, read_noise, gain;
    int subtract_sky;
    /* [augment] */
    int augment_rot90, augment_flip;
    /* [noise] */
    int noise_type;
    int sigma_from;
    double sigma, sigma_e, n_gal, smooth_fwhm, exposure, background;
    int smoothing; /* enum lg_smoothing */
    /* [normalise] */
    int normalise;
    /* [output] */
    char output_file[LG_PATH_MAX];
    int maps;                      /* bit set of enum lg_map */
    char params_spec[LG_PATH_MAX]; /* output.params: applicable | all | column list */
    int dtype;                     /* enum lg_dtype of the maps in the file */
    int derived_method;            /* enum lg_derived_method */
    double checkpoint_s;
    int64_t chunk_samples, compression, alignment_kib;
    int shuffle;
    int direct_io; /* output.direct_io: contiguous map rows with O_DIRECT (io_direct.h) */
    int wave;      /* output.wave: the amplification factor of lensed GWs (/wave, wave_lens.h) */
    /* [wave] */
    double wave_f_min, wave_f_max; /* Hz */
    int64_t wave_n_freq;
    int wave_spacing; /* enum lg_wave_spacing */
    /* [subhalos] (subhalo_batch.h) */
    int subhalos;          /* subhalos.enabled */
    lg_dist sub_sigma_sub; /* kpc^-2 */
    lg_dist sub_host_m200; /* Msun: the host mass of lenses without an NFW halo */
    double sub_alpha, sub_m_min, sub_m_max, sub_r_max_theta_e, sub_eps, sub_c_scatter_dex;
    int64_t sub_n_max;
    /* [los] (line-of-sight halos, los_population.h) */
    int los;           /* los.enabled */
    lg_dist los_delta; /* multiplier of the field-halo mass function */
    double los_m_min, los_m_max;
    int64_t los_n_max;
    int los_subtract_sheet;
} lg_config;

#endif
