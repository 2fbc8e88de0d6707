/* io_hdf5.c: layout of the output file (README "Output"), written with collective MPI-IO.
 * Maps are contiguous (the fastest parallel layout here, and no chunk-count limit);
 * the file uses the latest format (platform.md: avoids the 1.10 filtered-write crash). */
#include "io_hdf5.h"

#include <hdf5.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "deck_schema.h"
#include "deck_value.h"
#include "profiles.h"

typedef struct {
    const char *name, *unit, *help;
    size_t offset;
} param_col;

#define COL(field, unit, help)                                                                     \
    {                                                                                              \
#field, unit, help, offsetof(lg_lens, field)                                               \
    }
static const param_col param_cols[] = {
    COL(z_l, "", "lens redshift"),
    COL(z_s, "", "source redshift"),
    COL(center_x, "arcsec", "lens centre x (to the right)"),
    COL(center_y, "arcsec", "lens centre y (up)"),
    COL(e1, "", "ellipticity e1 (0 for circular profiles)"),
    COL(e2, "", "ellipticity e2 (0 for circular profiles)"),
    COL(m200, "Msun", "NFW M200c (NaN for other profiles)"),
    COL(c, "", "NFW concentration r200/r_s (NaN for other profiles)"),
    COL(sigma_v, "km/s", "SIS velocity dispersion (NaN for other profiles)"),
    COL(mass, "Msun", "point mass (NaN for other profiles)"),
    COL(sigma_crit, "Msun/arcsec^2", "critical surface density"),
    COL(kappa_s, "", "NFW scale convergence rho_s r_s / Sigma_crit (NaN for others)"),
    COL(theta_s, "arcsec", "NFW scale radius r_s / D_l (NaN for others)"),
    {"theta_E", "arcsec", "Einstein radius of SIS and point mass (NaN for others)",
     offsetof(lg_lens, theta_e)},
};
#define N_COLS ((int)(sizeof param_cols / sizeof param_cols[0]))

struct lg_writer {
    MPI_Comm comm;
    hid_t file, dxpl;
    hid_t kappa, noisy, profile, cols[N_COLS];
    int64_t npix;
    double *dbuf;
    int *ibuf;
    int64_t buf_len;
};

/* Variable-length UTF-8 string attribute: h5py reads it as str. */
static int attr_str(hid_t loc, const char *name, const char *value)
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

/* Numeric attribute: a scalar when n == 0, else a 1-D array of n values. */
static int attr_num(hid_t loc, const char *name, hid_t type, const void *v, hsize_t n)
{
    hid_t s = n == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, NULL);
    hid_t a = H5Acreate2(loc, name, type, s, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = a < 0 ? -1 : H5Awrite(a, type, v);
    if (a >= 0)
        H5Aclose(a);
    H5Sclose(s);
    return rc < 0 || a < 0 ? -1 : 0;
}

static hid_t make_dataset(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims,
                          const char *unit, const char *help)
{
    hid_t s = H5Screate_simple(rank, dims, NULL);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_fill_time(dcpl, H5D_FILL_TIME_NEVER); /* every element is written once */
    H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_EARLY);
    hid_t d = H5Dcreate2(loc, name, type, s, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Pclose(dcpl);
    H5Sclose(s);
    if (d >= 0 && (attr_str(d, "units", unit) < 0 || attr_str(d, "description", help) < 0)) {
        H5Dclose(d);
        return -1;
    }
    return d;
}

static int write_provenance(lg_writer *w, const lg_config *cfg, const char *deck_text,
                            const char *deck_file, const lg_provenance *p)
{
    hid_t g = H5Gcreate2(w->file, "provenance", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0)
        return -1;
    int rc = 0;
    rc |= attr_str(g, "code", "lensgen");
    rc |= attr_str(g, "version", p->version);
    rc |= attr_str(g, "git_revision", p->git_revision);
    rc |= attr_str(g, "compiler", p->compiler);
    rc |= attr_str(g, "build_type", p->build_type);
    rc |= attr_str(g, "c_flags", p->c_flags);
    rc |= attr_str(g, "mpi_version", p->mpi_version);
    rc |= attr_str(g, "hdf5_version", p->hdf5_version);
    rc |= attr_str(g, "fftw_version", p->fftw_version);
    rc |= attr_str(g, "host", p->host);
    rc |= attr_str(g, "date", p->date);
    rc |= attr_str(g, "command_line", p->command_line);
    rc |= attr_str(g, "deck_file", deck_file);
    rc |= attr_str(g, "deck", deck_text);
    rc |= attr_num(g, "n_ranks", H5T_NATIVE_INT, &p->n_ranks, 0);
    rc |= attr_num(g, "omp_threads_rank0", H5T_NATIVE_INT, &p->threads_rank0, 0);
    rc |= attr_num(g, "seed", H5T_NATIVE_INT64, &cfg->seed, 0);
    /* every resolved parameter, one attribute per key, and all of them as deck text */
    hid_t pg = H5Gcreate2(g, "parameters", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    size_t cap = 65536, used = 0;
    char *all = malloc(cap);
    rc |= pg < 0 || !all;
    for (int i = 0; pg >= 0 && all && i < lg_schema_n; ++i) {
        char buf[LG_PATH_MAX + 64];
        lg_value_format(&lg_schema[i], cfg, buf, sizeof buf);
        rc |= attr_str(pg, lg_schema[i].name, buf);
        if (used < cap)
            used += (size_t)snprintf(all + used, cap - used, "%s = %s\n", lg_schema[i].name, buf);
    }
    if (all)
        rc |= attr_str(g, "resolved_parameters", all);
    free(all);
    if (pg >= 0)
        H5Gclose(pg);
    H5Gclose(g);
    return rc ? -1 : 0;
}

static void maps_attrs(hid_t d, const lg_config *cfg, int *rc)
{
    double pix = 2.0 * cfg->half_width / (double)cfg->npix;
    *rc |= attr_num(d, "pixel_scale_arcsec", H5T_NATIVE_DOUBLE, &pix, 0);
    *rc |= attr_num(d, "half_width_arcsec", H5T_NATIVE_DOUBLE, &cfg->half_width, 0);
    *rc |= attr_str(d, "layout",
                    "[sample][iy][ix], pixel centre -half_width + (i + 0.5) * "
                    "pixel_scale, x to the right, y up");
}

lg_writer *lg_writer_create(MPI_Comm comm, const char *path, const lg_config *cfg,
                            const char *deck_text, const char *deck_file, const lg_provenance *prov,
                            double noise_sigma, char *err, size_t err_size)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL); /* we report errors ourselves */
    lg_writer *w = calloc(1, sizeof *w);
    w->comm = comm;
    w->npix = cfg->npix;
    w->buf_len = cfg->batch_size;
    w->dbuf = malloc(sizeof(double) * (size_t)w->buf_len);
    w->ibuf = malloc(sizeof(int) * (size_t)w->buf_len);
    w->kappa = w->noisy = w->profile = -1;
    for (int i = 0; i < N_COLS; ++i)
        w->cols[i] = -1;

    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL);
    H5Pset_libver_bounds(fapl, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST);
    H5Pset_alignment(fapl, 1 << 20, 1 << 20); /* big datasets on 1 MiB (stripe) boundaries */
    w->file = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    H5Pclose(fapl);
    if (w->file < 0) {
        snprintf(err, err_size,
                 "%s: cannot create the HDF5 file (directory missing or not "
                 "writable?)",
                 path);
        lg_writer_close(w);
        return NULL;
    }
    w->dxpl = H5Pcreate(H5P_DATASET_XFER);
    H5Pset_dxpl_mpio(w->dxpl, H5FD_MPIO_COLLECTIVE);
    H5Pset_dxpl_mpio_collective_opt(w->dxpl, H5FD_MPIO_INDIVIDUAL_IO);

    int rc = 0;
    hsize_t n = (hsize_t)cfg->n_samples, np = (hsize_t)cfg->npix;
    hsize_t dims3[3] = {n, np, np};
    hid_t maps = H5Gcreate2(w->file, "maps", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (cfg->write_kappa) {
        w->kappa = make_dataset(maps, "kappa", H5T_NATIVE_FLOAT, 3, dims3, "",
                                "convergence Sigma/Sigma_crit, noise-free, not normalised");
        rc |= w->kappa < 0;
        if (w->kappa >= 0)
            maps_attrs(w->kappa, cfg, &rc);
    }
    if (cfg->write_kappa_noisy) {
        w->noisy = make_dataset(maps, "kappa_noisy", H5T_NATIVE_FLOAT, 3, dims3, "",
                                "convergence with noise, then per-sample normalisation");
        rc |= w->noisy < 0;
        if (w->noisy >= 0) {
            char norm[16], noise[16];
            lg_choices_name("none|minmax|zscore", cfg->normalise, norm, sizeof norm);
            lg_choices_name("none|gaussian|poisson", cfg->noise_type, noise, sizeof noise);
            maps_attrs(w->noisy, cfg, &rc);
            rc |= attr_str(w->noisy, "normalisation", norm);
            rc |= attr_str(w->noisy, "noise", noise);
            rc |= attr_num(w->noisy, "noise_sigma", H5T_NATIVE_DOUBLE, &noise_sigma, 0);
        }
    }
    H5Gclose(maps);

    hid_t params = H5Gcreate2(w->file, "params", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    w->profile = make_dataset(params, "profile", H5T_NATIVE_INT, 1, &n, "",
                              "lens profile, an index into the attribute 'names'");
    rc |= w->profile < 0 || attr_str(w->profile, "names", LG_PROFILE_NAMES) < 0;
    for (int i = 0; i < N_COLS; ++i) {
        w->cols[i] = make_dataset(params, param_cols[i].name, H5T_NATIVE_DOUBLE, 1, &n,
                                  param_cols[i].unit, param_cols[i].help);
        rc |= w->cols[i] < 0;
    }
    H5Gclose(params);
    rc |= write_provenance(w, cfg, deck_text, deck_file, prov);
    if (rc || !w->dbuf || !w->ibuf) {
        snprintf(err, err_size, "%s: cannot create the datasets (disk full?)", path);
        lg_writer_close(w);
        return NULL;
    }
    return w;
}

/* Collective write of rows [start, start + count) of a dataset of rank `rank`. */
static int write_rows(lg_writer *w, hid_t d, hid_t type, int rank, int64_t start, int64_t count,
                      const void *buf)
{
    hsize_t off[3] = {(hsize_t)start, 0, 0};
    hsize_t cnt[3] = {(hsize_t)count, (hsize_t)w->npix, (hsize_t)w->npix};
    hsize_t one[3] = {1, 1, 1};
    hid_t fs = H5Dget_space(d);
    hid_t ms = H5Screate_simple(rank, count > 0 ? cnt : one, NULL);
    if (count > 0) {
        H5Sselect_hyperslab(fs, H5S_SELECT_SET, off, NULL, cnt, NULL);
    } else {
        H5Sselect_none(fs); /* join the collective call with nothing to write */
        H5Sselect_none(ms);
    }
    herr_t rc = H5Dwrite(d, type, ms, fs, w->dxpl, buf);
    H5Sclose(ms);
    H5Sclose(fs);
    return rc < 0 ? -1 : 0;
}

int lg_writer_write_batch(lg_writer *w, int64_t start, int64_t count, const float *kappa,
                          const float *kappa_noisy, const lg_lens *lenses)
{
    int rc = 0;
    if (w->kappa >= 0)
        rc |= write_rows(w, w->kappa, H5T_NATIVE_FLOAT, 3, start, count, kappa);
    if (w->noisy >= 0)
        rc |= write_rows(w, w->noisy, H5T_NATIVE_FLOAT, 3, start, count, kappa_noisy);
    for (int64_t i = 0; i < count; ++i)
        w->ibuf[i] = lenses[i].profile;
    rc |= write_rows(w, w->profile, H5T_NATIVE_INT, 1, start, count, w->ibuf);
    for (int c = 0; c < N_COLS; ++c) {
        for (int64_t i = 0; i < count; ++i)
            w->dbuf[i] = *(const double *)((const char *)&lenses[i] + param_cols[c].offset);
        rc |= write_rows(w, w->cols[c], H5T_NATIVE_DOUBLE, 1, start, count, w->dbuf);
    }
    return rc ? -1 : 0;
}

int lg_writer_write_timing(lg_writer *w, const lg_rank_timing *rows, int n_ranks)
{
    hsize_t dims[2] = {(hsize_t)n_ranks, LG_N_PHASES};
    hid_t d = make_dataset(w->file, "timing", H5T_NATIVE_DOUBLE, 2, dims, "s",
                           "wall-clock seconds per rank (row) and phase (column)");
    if (d < 0)
        return -1;
    char names[256] = "";
    for (int p = 0; p < LG_N_PHASES; ++p) {
        strcat(names, lg_phase_names[p]);
        if (p + 1 < LG_N_PHASES)
            strcat(names, ",");
    }
    int rc = attr_str(d, "phases", names);
    double *secs = NULL, *samples = NULL, *threads = NULL;
    if (rows) {
        secs = malloc(sizeof(double) * (size_t)n_ranks * LG_N_PHASES);
        samples = malloc(sizeof(double) * (size_t)n_ranks);
        threads = malloc(sizeof(double) * (size_t)n_ranks);
        for (int r = 0; r < n_ranks; ++r) {
            memcpy(secs + (size_t)r * LG_N_PHASES, rows[r].seconds, sizeof rows[r].seconds);
            samples[r] = rows[r].samples;
            threads[r] = rows[r].threads;
        }
    }
    /* attributes are collective metadata: every rank passes the same values, so broadcast */
    double *sm = malloc(sizeof(double) * 2 * (size_t)n_ranks);
    if (rows) {
        memcpy(sm, samples, sizeof(double) * (size_t)n_ranks);
        memcpy(sm + n_ranks, threads, sizeof(double) * (size_t)n_ranks);
    }
    MPI_Bcast(sm, 2 * n_ranks, MPI_DOUBLE, 0, w->comm);
    rc |= attr_num(d, "samples_per_rank", H5T_NATIVE_DOUBLE, sm, (hsize_t)n_ranks);
    rc |= attr_num(d, "threads_per_rank", H5T_NATIVE_DOUBLE, sm + n_ranks, (hsize_t)n_ranks);
    hid_t fs = H5Dget_space(d);
    hid_t ms = H5Screate_simple(2, dims, NULL);
    if (!rows) {
        H5Sselect_none(fs);
        H5Sselect_none(ms);
    }
    double dummy = 0;
    rc |= H5Dwrite(d, H5T_NATIVE_DOUBLE, ms, fs, w->dxpl, rows ? secs : &dummy) < 0;
    H5Sclose(ms);
    H5Sclose(fs);
    H5Dclose(d);
    free(secs);
    free(samples);
    free(threads);
    free(sm);
    return rc ? -1 : 0;
}

int lg_writer_close(lg_writer *w)
{
    int rc = 0;
    if (!w)
        return 0;
    if (w->kappa >= 0)
        rc |= H5Dclose(w->kappa) < 0;
    if (w->noisy >= 0)
        rc |= H5Dclose(w->noisy) < 0;
    if (w->profile >= 0)
        rc |= H5Dclose(w->profile) < 0;
    for (int i = 0; i < N_COLS; ++i)
        if (w->cols[i] >= 0)
            rc |= H5Dclose(w->cols[i]) < 0;
    if (w->dxpl > 0)
        H5Pclose(w->dxpl);
    if (w->file >= 0)
        rc |= H5Fclose(w->file) < 0;
    free(w->dbuf);
    free(w->ibuf);
    free(w);
    return rc ? -1 : 0;
}
