/* io_attrs.c: the HDF5 building blocks of the output file: string, name-list and numeric
 * attributes h5py reads as Python values, datasets allocated at creation, /provenance and the
 * map attributes (README "Output"). */
#include "io_attrs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "deck_notes.h"
#include "deck_schema.h"
#include "deck_value.h"

/* Variable-length UTF-8 string attribute: h5py reads it as str. */
int lg_h5_attr_str(hid_t loc, const char *name, const char *value)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    hid_t s = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(loc, name, t, s, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = a < 0 ? -1 : H5Awrite(a, t, &value);
    if (a >= 0)
        H5Aclose(a);
    H5Sclose(s);
    H5Tclose(t);
    return rc < 0 || a < 0 ? -1 : 0;
}

int lg_h5_read_attr_str(hid_t file, const char *object, const char *name, char *out, size_t size)
{
    if (H5Aexists_by_name(file, object, name, H5P_DEFAULT) <= 0)
        return -1;
    hid_t a = H5Aopen_by_name(file, object, name, H5P_DEFAULT, H5P_DEFAULT);
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    char *value = NULL;
    const int ok = a >= 0 && H5Aread(a, t, &value) >= 0 && value;
    if (ok)
        snprintf(out, size, "%s", value);
    if (value)
        H5free_memory(value);
    H5Tclose(t);
    if (a >= 0)
        H5Aclose(a);
    return ok ? 0 : -1;
}

/* Attribute holding the names of a "a|b|c" list as an array of variable-length UTF-8 strings
 * (h5py reads a numpy array of str). */
int lg_h5_attr_names(hid_t loc, const char *choices)
{
    char buf[256], *names[16];
    hsize_t n = 0;
    snprintf(buf, sizeof buf, "%s", choices);
    for (char *tok = strtok(buf, "|,"); tok && n < 16; tok = strtok(NULL, "|,"))
        names[n++] = tok;
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    hid_t s = H5Screate_simple(1, &n, NULL);
    hid_t a = H5Acreate2(loc, "names", t, s, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = a < 0 ? -1 : H5Awrite(a, t, names);
    if (a >= 0)
        H5Aclose(a);
    H5Sclose(s);
    H5Tclose(t);
    return rc < 0 || a < 0 ? -1 : 0;
}

/* Attribute `name`: an array of n variable-length UTF-8 strings (h5py: a numpy array of str),
 * string i at strings + i * stride (fixed-width, NUL-terminated fields). */
int lg_h5_attr_str_array(hid_t loc, const char *name, const char *strings, size_t stride, hsize_t n)
{
    const char **v = malloc(sizeof *v * (n ? n : 1));
    if (!v)
        return -1;
    for (hsize_t i = 0; i < n; ++i)
        v[i] = strings + i * stride;
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    hid_t s = H5Screate_simple(1, &n, NULL);
    hid_t a = H5Acreate2(loc, name, t, s, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = a < 0 ? -1 : H5Awrite(a, t, v);
    if (a >= 0)
        H5Aclose(a);
    H5Sclose(s);
    H5Tclose(t);
    free(v);
    return rc < 0 || a < 0 ? -1 : 0;
}

/* Numeric attribute: a scalar when n == 0, else a 1-D array of n values. */
int lg_h5_attr_num(hid_t loc, const char *name, hid_t type, const void *v, hsize_t n)
{
    hid_t s = n == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, NULL);
    hid_t a = H5Acreate2(loc, name, type, s, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = a < 0 ? -1 : H5Awrite(a, type, v);
    if (a >= 0)
        H5Aclose(a);
    H5Sclose(s);
    return rc < 0 || a < 0 ? -1 : 0;
}

/* A dataset, allocated at creation (its place in the file never changes, which --resume relies
 * on); maps may be chunked by whole maps and compressed (cfg, NULL for other datasets). */
hid_t lg_h5_make_dataset_io(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims,
                            const char *unit, const char *help, const lg_config *cfg)
{
    hid_t s = H5Screate_simple(rank, dims, NULL);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_fill_time(dcpl, H5D_FILL_TIME_NEVER); /* every element is written once */
    H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_EARLY);
    if (cfg && cfg->chunk_samples > 0) {
        hsize_t chunk[3] = {(hsize_t)cfg->chunk_samples, dims[1], dims[2]};
        if (chunk[0] > dims[0])
            chunk[0] = dims[0] > 0 ? dims[0] : 1;
        H5Pset_chunk(dcpl, 3, chunk);
        if (cfg->shuffle)
            H5Pset_shuffle(dcpl);
        if (cfg->compression > 0)
            H5Pset_deflate(dcpl, (unsigned)cfg->compression);
    }
    hid_t d = H5Dcreate2(loc, name, type, s, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Pclose(dcpl);
    H5Sclose(s);
    if (d >= 0 &&
        (lg_h5_attr_str(d, "units", unit) < 0 || lg_h5_attr_str(d, "description", help) < 0)) {
        H5Dclose(d);
        return -1;
    }
    return d;
}

hid_t lg_h5_make_dataset(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims,
                         const char *unit, const char *help)
{
    return lg_h5_make_dataset_io(loc, name, type, rank, dims, unit, help, NULL);
}

int lg_h5_write_provenance(hid_t file, const lg_config *cfg, const char *deck_text,
                           const char *deck_file, const lg_provenance *p)
{
    hid_t g = H5Gcreate2(file, "provenance", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0)
        return -1;
    int rc = 0;
    rc |= lg_h5_attr_str(g, "code", "lensgen");
    rc |= lg_h5_attr_str(g, "version", p->version);
    rc |= lg_h5_attr_str(g, "git_revision", p->git_revision);
    rc |= lg_h5_attr_str(g, "compiler", p->compiler);
    rc |= lg_h5_attr_str(g, "build_type", p->build_type);
    rc |= lg_h5_attr_str(g, "c_flags", p->c_flags);
    rc |= lg_h5_attr_str(g, "mpi_version", p->mpi_version);
    rc |= lg_h5_attr_str(g, "hdf5_version", p->hdf5_version);
    rc |= lg_h5_attr_str(g, "fftw_version", p->fftw_version);
    rc |= lg_h5_attr_str(g, "host", p->host);
    rc |= lg_h5_attr_str(g, "date", p->date);
    rc |= lg_h5_attr_str(g, "command_line", p->command_line);
    rc |= lg_h5_attr_str(g, "deck_file", deck_file);
    rc |= lg_h5_attr_str(g, "deck", deck_text);
    rc |= lg_h5_attr_num(g, "n_ranks", H5T_NATIVE_INT, &p->n_ranks, 0);
    rc |= lg_h5_attr_num(g, "omp_threads_rank0", H5T_NATIVE_INT, &p->threads_rank0, 0);
    rc |= lg_h5_attr_num(g, "seed", H5T_NATIVE_INT64, &cfg->seed, 0);
    /* the backends: rank 0's, every rank's device, rank 0's CUDA versions (0: none) */
    rc |= lg_h5_attr_str(g, "backend", p->backend);
    if (p->devices)
        rc |=
            lg_h5_attr_str_array(g, "devices", p->devices[0], LG_DEVICE_NAME, (hsize_t)p->n_ranks);
    rc |= lg_h5_attr_num(g, "cuda_runtime_version", H5T_NATIVE_INT, &p->cuda_runtime_version, 0);
    rc |= lg_h5_attr_num(g, "cuda_driver_version", H5T_NATIVE_INT, &p->cuda_driver_version, 0);
    char hash[24]; /* what --resume compares before calling a finished file done */
    snprintf(hash, sizeof hash, "%016llx", (unsigned long long)lg_config_hash(cfg));
    rc |= lg_h5_attr_str(g, "config_hash", hash);
    /* every resolved parameter, one attribute per key, and all of them as deck text */
    hid_t pg = H5Gcreate2(g, "parameters", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    size_t cap = 65536, used = 0;
    char *all = malloc(cap);
    rc |= pg < 0 || !all;
    for (int i = 0; pg >= 0 && all && i < lg_schema_n; ++i) {
        char buf[LG_PATH_MAX + 64];
        lg_value_format(&lg_schema[i], cfg, buf, sizeof buf);
        rc |= lg_h5_attr_str(pg, lg_schema[i].name, buf);
        if (used < cap)
            used += (size_t)snprintf(all + used, cap - used, "%s = %s\n", lg_schema[i].name, buf);
    }
    if (all)
        rc |= lg_h5_attr_str(g, "resolved_parameters", all);
    char *notes = lg_deck_notes_text(cfg);
    rc |= !notes || lg_h5_attr_str(g, "notes", notes) < 0;
    free(notes);
    free(all);
    if (pg >= 0)
        H5Gclose(pg);
    H5Gclose(g);
    return rc ? -1 : 0;
}

void lg_h5_maps_attrs(hid_t d, const lg_config *cfg, int *rc)
{
    double pix = 2.0 * cfg->half_width / (double)cfg->npix;
    *rc |= lg_h5_attr_num(d, "pixel_scale_arcsec", H5T_NATIVE_DOUBLE, &pix, 0);
    *rc |= lg_h5_attr_num(d, "half_width_arcsec", H5T_NATIVE_DOUBLE, &cfg->half_width, 0);
    *rc |= lg_h5_attr_str(d, "layout",
                          "[sample][iy][ix], pixel centre -half_width + (i + 0.5) * "
                          "pixel_scale, x to the right, y up");
}
