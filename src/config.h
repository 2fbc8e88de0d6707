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
/* A weighted choice among enum values (the profile mix). */
typedef struct {
    int n;
    int value[LG_MAX_CHOICES];
    double weight[LG_MAX_CHOICES]; /* normalised to sum 1 */
} lg_choice;

enum lg_c_model { LG_C_FIXED = 0, LG_C_DUFFY08 = 1 };
enum lg_noise_type { LG_NOISE_NONE = 0, LG_NOISE_GAUSSIAN = 1, LG_NOISE_POISSON = 2 };
enum lg_sigma_from { LG_SIGMA_VALUE = 0, LG_SIGMA_SHAPE_NOISE = 1 };
enum lg_normalise { LG_NORM_NONE = 0, LG_NORM_MINMAX = 1, LG_NORM_ZSCORE = 2 };

#define LG_PATH_MAX 1024

typedef struct {
    /* top level */
    int64_t n_samples;
    int64_t seed;
    int64_t batch_size;
    /* [map] */
    int64_t npix;
    double half_width;
    /* [cosmology] */
    double H0, Omega_m;
    /* [lens] */
    lg_choice profile;
    lg_dist z_l, z_s, center_x, center_y, e1, e2;
    /* [nfw] */
    lg_dist m200, c;
    int c_model;
    double c_scatter_dex;
    /* [sis] */
    lg_dist sigma_v;
    /* [point_mass] */
    lg_dist mass;
    /* [noise] */
    int noise_type;
    int sigma_from;
    double sigma, sigma_e, n_gal, smooth_fwhm, exposure, background;
    /* [normalise] */
    int normalise;
    /* [output] */
    char output_file[LG_PATH_MAX];
    int write_kappa, write_kappa_noisy;
} lg_config;

#endif
