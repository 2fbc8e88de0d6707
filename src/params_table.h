/* params_table.h: the /params columns, once: name, unit, meaning, the lg_lens field, which
 * samples have a value, and the value of the others. The HDF5 columns, output.params, probe
 * --params and the clearing of fields a sample does not use are generated from it. */
#ifndef LG_PARAMS_TABLE_H
#define LG_PARAMS_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "lens.h"

/* What else a column needs to have a value. */
enum lg_col_need {
    LG_NEED_NOTHING = 0,
    LG_NEED_NOISE,           /* kappa_noisy written with noise */
    LG_NEED_NORMALISE,       /* kappa_noisy written and normalised */
    LG_NEED_STELLAR_MASS,    /* sersic.normalisation = stellar_mass */
    LG_NEED_ROT90,           /* augment.rot90 */
    LG_NEED_FLIP,            /* augment.flip */
    LG_NEED_IMAGES,          /* a lensed-image map (image, source) is written */
    LG_NEED_SOURCE_CENTRE,   /* the source's centre: images, or output.wave (its y) */
    LG_NEED_POINT_SOURCE,    /* lensed images with source.point_source */
    LG_NEED_IMAGE_NORMALISE, /* image_noisy written and normalised */
    LG_NEED_TIME_DELAYS,     /* the quasar's images or the fermat map */
    LG_NEED_CLUMPS,          /* lensed images of a source that can have clumps */
    LG_NEED_WAVE,            /* output.wave */
    LG_NEED_SUBHALOS,        /* subhalos.enabled */
    LG_NEED_LOS,             /* los.enabled */
    LG_NEED_DM_MODEL         /* a dark-matter model is drawn: a halo, or subhalos */
};

typedef struct {
    const char *name, *unit, *help;
    size_t offset;     /* of the field in lg_lens */
    int is_int;        /* int field (else double) */
    unsigned profiles; /* bit set of enum lg_profile whose samples have a value */
    unsigned dm;       /* bit set of enum lg_dm_model whose samples have a value */
    int need;          /* enum lg_col_need */
    double unset;      /* the value of samples without one: NaN, or 0 for flags */
    const char *group; /* HDF5 group: "params", or "images" (per-image arrays) */
    int width;         /* values per sample: 1, or an array of that many doubles from the field
                          on (LG_MAX_IMAGES, LG_MAX_CLUMPS): a [N][width] dataset */
} lg_param_col;

extern const lg_param_col lg_param_cols[];
extern const int lg_n_param_cols;

/* Index of a column by name, or -1. */
int lg_param_col_find(const char *name);

/* 1 when some sample the deck can draw has a value in column i. */
int lg_param_col_applies(const lg_config *cfg, int i);

/* Column i of a lens as a double (its first value when width > 1). */
double lg_param_value(const lg_lens *l, int i);

/* Value k < width of column i. */
double lg_param_value_at(const lg_lens *l, int i, int k);

/* The largest width of any column (the values of a sample a column buffer must hold). */
int lg_param_max_width(void);

/* Every field to its column's unset value. */
void lg_params_clear(lg_lens *l);

/* A set of /params columns: on[i] is 1 when column i is in it. */
#define LG_MAX_PARAM_COLS 96
typedef struct {
    unsigned char on[LG_MAX_PARAM_COLS];
} lg_col_set;

/* output.params: "applicable", "all", or a comma-separated list of column names. Returns 0 and
 * the set of columns in *sel, or -1 with a message naming the bad name in err. */
int lg_params_select(const lg_config *cfg, lg_col_set *sel, char *err, size_t err_size);

#endif
