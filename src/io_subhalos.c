/* io_subhalos.c: the /subhalos group (subhalos.enabled; README "Dark-matter substructure"):
 * mass, c, x, y, r_t, f_core, each [N, subhalos.n_max] float32, row i the subhalos of sample i
 * in the order they were drawn, NaN beyond /params/n_sub. float32 like the maps (the renderer
 * draws from these very values). Rows go to disk like the /params columns (each rank its own,
 * independently) and are hashed after /wave into the batch's checksum, so --resume verifies
 * them too (io_checksum.c). */
#include "io_subhalos.h"

#include <stdio.h>
#include <stdlib.h>

#include "io_attrs.h"

int lg_subhalo_io_create(struct lg_writer *w, const lg_config *cfg)
{
    if (!cfg->subhalos)
        return 0;
    w->sub_width = lg_subhalo_width(cfg);
    hid_t g = H5Gcreate2(w->file, "subhalos", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0)
        return -1;
    const hsize_t dims[2] = {(hsize_t)cfg->n_samples, (hsize_t)w->sub_width};
    int rc = 0;
    for (int f = 0; f < LG_SUB_N_OUTPUT; ++f) {
        w->sub[f] = lg_h5_make_dataset(g, lg_sub_field_name[f], H5T_NATIVE_FLOAT, 2, dims,
                                       lg_sub_field_unit[f], lg_sub_field_help[f]);
        rc |= w->sub[f] < 0;
    }
    rc |=
        lg_h5_attr_str(g, "model",
                       "truncated NFW subhalos of the DG19 population (Gilman et al. 2020), "
                       "docs/physics.md section 16; row i: sample i, NaN beyond /params/n_sub") < 0;
    H5Gclose(g);
    return rc ? -1 : 0;
}

int lg_subhalo_io_open(struct lg_writer *w, const lg_config *cfg)
{
    if (!cfg->subhalos)
        return 1;
    w->sub_width = lg_subhalo_width(cfg);
    int ok = 1;
    for (int f = 0; ok && f < LG_SUB_N_OUTPUT; ++f) {
        char path[64];
        snprintf(path, sizeof path, "subhalos/%s", lg_sub_field_name[f]);
        w->sub[f] = H5Dopen2(w->file, path, H5P_DEFAULT);
        hsize_t dims[2] = {0, 0};
        hid_t sp = w->sub[f] >= 0 ? H5Dget_space(w->sub[f]) : -1;
        ok = sp >= 0 && H5Sget_simple_extent_dims(sp, dims, NULL) == 2 &&
             dims[0] == (hsize_t)cfg->n_samples && dims[1] == (hsize_t)w->sub_width;
        if (sp >= 0)
            H5Sclose(sp);
    }
    return ok;
}

static size_t rows_bytes(const struct lg_writer *w, int64_t count)
{
    return sizeof(float) * (size_t)count * (size_t)w->sub_width;
}

int lg_subhalo_io_write(struct lg_writer *w, int64_t start, int64_t count,
                        const float *const fields[LG_SUB_N_OUTPUT], XXH3_state_t *hash)
{
    if (w->sub[0] < 0)
        return 0;
    int rc = 0;
    for (int f = 0; f < LG_SUB_N_OUTPUT; ++f) {
        if (hash && count > 0)
            XXH3_64bits_update(hash, fields[f], rows_bytes(w, count));
        rc |= lg_writer_rows_io(w, w->sub[f], H5T_NATIVE_FLOAT, 2, start, count, fields[f], 0, 0);
    }
    return rc ? -1 : 0;
}

int lg_subhalo_io_hash(struct lg_writer *w, int64_t start, int64_t count, XXH3_state_t *hash)
{
    if (w->sub[0] < 0)
        return 0;
    float *buf = malloc(count > 0 ? rows_bytes(w, count) : 1);
    int rc = !buf;
    for (int f = 0; !rc && f < LG_SUB_N_OUTPUT; ++f) {
        rc |= lg_writer_rows_io(w, w->sub[f], H5T_NATIVE_FLOAT, 2, start, count, buf, 0, 1);
        if (!rc && count > 0)
            XXH3_64bits_update(hash, buf, rows_bytes(w, count));
    }
    free(buf);
    return rc ? -1 : 0;
}

int lg_subhalo_io_close(struct lg_writer *w)
{
    int rc = 0;
    for (int f = 0; f < LG_SUB_N_OUTPUT; ++f)
        if (w->sub[f] >= 0)
            rc |= H5Dclose(w->sub[f]) < 0;
    return rc ? -1 : 0;
}
