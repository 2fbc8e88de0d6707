/* io_hdf5.c: layout of the output file (README "Output"), written through MPI-IO: each rank
 * writes its own rows (compressed maps collectively). Maps are contiguous unless chunked (the
 * fastest parallel layout here, and no chunk-count limit). The file is in the HDF5 1.8 format,
 * which --resume can reopen after a kill, unless the maps are compressed: then in the latest
 * format, which avoids a crash of HDF5 1.10 in collective filtered writes (file_access;
 * docs/platform.md §4). */
#include "io_hdf5.h"

#include <hdf5.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "deck_schema.h"
#include "io_attrs.h"
#include "io_direct.h"
#include "io_subhalos.h"
#include "io_wave.h"
#include "fault.h"
#include "half.h"
#include "map_info.h"
#include "noise.h"
#include "params_table.h"
#include "profiles.h"

#include "io_writer.h"

/* A writer with no file yet: buffers for a batch of params, every handle invalid. */
static lg_writer *writer_new(MPI_Comm comm, const lg_config *cfg)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL); /* we report errors ourselves */
    lg_writer *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->comm = comm;
    w->rows.fd_direct = w->rows.fd_hint = -1;
    w->npix = cfg->npix;
    w->buf_len = cfg->batch_size;
    w->dbuf = malloc(sizeof(double) * (size_t)w->buf_len * (size_t)lg_param_max_width());
    w->ibuf = malloc(sizeof(int) * (size_t)w->buf_len);
    w->map_type = H5T_NATIVE_FLOAT;
    if (cfg->dtype == LG_DTYPE_FLOAT16) {
        /* IEEE binary16, little-endian: what h5py reads as numpy float16 */
        w->map_type = H5Tcopy(H5T_IEEE_F32LE);
        H5Tset_fields(w->map_type, 15, 10, 5, 0, 10);
        H5Tset_size(w->map_type, 2);
        H5Tset_ebias(w->map_type, 15);
        w->hbuf = lg_direct_alloc(sizeof(uint16_t) * (size_t)w->buf_len * (size_t)cfg->npix *
                                  (size_t)cfg->npix);
        if (!w->hbuf) {
            free(w->dbuf);
            w->dbuf = NULL; /* reported as out of memory by the caller */
        }
    }
    for (int m = 0; m < LG_N_MAPS; ++m)
        w->maps[m] = -1;
    for (int i = 0; i < N_COLS; ++i)
        w->cols[i] = -1;
    for (int k = 0; k < LG_WAVE_N_SETS; ++k)
        w->wave[k] = -1;
    for (int f = 0; f < LG_SUB_N_OUTPUT; ++f)
        w->sub[f] = -1;
    w->file = -1;
    return w;
}

/* MPI-IO file access. Compressed (chunked, filtered) maps need the latest file format: with the
 * 1.8 format, collective filtered writes to more than ~30,000 chunks crash HDF5 1.10.8
 * (docs/platform.md §4). Otherwise the 1.8 format: it keeps no "open for writing" flag in the
 * superblock, so a file left by a killed run can be reopened by --resume. */
static hid_t file_access(MPI_Comm comm, const lg_config *cfg)
{
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_fapl_mpio(fapl, comm, MPI_INFO_NULL);
    if (cfg->compression > 0)
        H5Pset_libver_bounds(fapl, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST);
    else
        H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_V18);
    const hsize_t align = (hsize_t)cfg->alignment_kib * 1024;
    H5Pset_alignment(fapl, align, align); /* big datasets on stripe boundaries */
    return fapl;
}

/* Transfer properties: collective (the timing table, compressed maps: filtered writes need the
 * collective path) and independent (params, uncompressed maps: each rank's rows are one
 * contiguous range, so it writes them alone, with no synchronisation per dataset and batch). */
static int transfer_props(lg_writer *w, const lg_config *cfg)
{
    w->dxpl = H5Pcreate(H5P_DATASET_XFER);
    w->dxpl_ind = H5Pcreate(H5P_DATASET_XFER);
    if (w->dxpl < 0 || w->dxpl_ind < 0)
        return -1;
    H5Pset_dxpl_mpio(w->dxpl, H5FD_MPIO_COLLECTIVE);
    H5Pset_dxpl_mpio(w->dxpl_ind, H5FD_MPIO_INDEPENDENT);
    w->collective_maps = cfg->compression > 0;
    return 0;
}

/* Contiguous maps: where their data lies, so their rows can be written directly (io_direct.h). */
static void map_rows_setup(lg_writer *w, const char *path, const lg_config *cfg)
{
    int64_t offset[LG_N_MAPS];
    for (int m = 0; m < LG_N_MAPS; ++m) {
        const haddr_t a = w->maps[m] >= 0 && cfg->chunk_samples == 0 && cfg->compression == 0
                              ? H5Dget_offset(w->maps[m])
                              : HADDR_UNDEF;
        offset[m] = a == HADDR_UNDEF ? -1 : (int64_t)a;
    }
    const int64_t row = w->npix * w->npix * (w->hbuf ? 2 : 4);
    lg_map_rows_setup(&w->rows, path, offset, row, cfg->direct_io);
    const int mine = w->rows.fd_direct >= 0;
    MPI_Allreduce(&mine, &w->direct_everywhere, 1, MPI_INT, MPI_MIN, w->comm);
}

int lg_writer_direct(const lg_writer *w)
{
    return w->direct_everywhere;
}

lg_writer *lg_writer_create(MPI_Comm comm, const char *path, const lg_config *cfg,
                            const char *deck_text, const char *deck_file, const lg_provenance *prov,
                            char *err, size_t err_size)
{
    lg_writer *w = writer_new(comm, cfg);
    if (!w) {
        snprintf(err, err_size, "%s: out of memory", path);
        return NULL;
    }

    hid_t fapl = file_access(comm, cfg);
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
    transfer_props(w, cfg);

    int rc = 0;
    hsize_t n = (hsize_t)cfg->n_samples, np = (hsize_t)cfg->npix;
    hsize_t dims3[3] = {n, np, np};
    hid_t maps = H5Gcreate2(w->file, "maps", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    for (int m = 0; m < LG_N_MAPS; ++m) {
        if (!(cfg->maps & (1 << m)))
            continue;
        /* a normalised image_noisy has no unit: its attribute says how to undo it */
        const char *unit =
            m == LG_MAP_IMAGE_NOISY && cfg->normalise != LG_NORM_NONE ? "" : lg_maps[m].unit;
        w->maps[m] = lg_h5_make_dataset_io(maps, lg_maps[m].name, w->map_type, 3, dims3, unit,
                                           lg_maps[m].help, cfg);
        rc |= w->maps[m] < 0;
        if (w->maps[m] < 0)
            continue;
        lg_h5_maps_attrs(w->maps[m], cfg, &rc);
        if (m == LG_MAP_KAPPA_NOISY) {
            char norm[16], noise[16];
            lg_choices_name("none|minmax|zscore", cfg->normalise, norm, sizeof norm);
            lg_choices_name("none|gaussian|poisson", cfg->noise_type, noise, sizeof noise);
            rc |= lg_h5_attr_str(w->maps[m], "normalisation", norm);
            rc |= lg_h5_attr_str(w->maps[m], "noise", noise);
            const double white = lg_noise_sigma(cfg), smoothed = lg_noise_sigma_smoothed(cfg);
            rc |= lg_h5_attr_num(w->maps[m], "noise_sigma", H5T_NATIVE_DOUBLE, &white, 0);
            rc |=
                lg_h5_attr_num(w->maps[m], "noise_sigma_smoothed", H5T_NATIVE_DOUBLE, &smoothed, 0);
            rc |= lg_h5_attr_num(w->maps[m], "smooth_fwhm_arcsec", H5T_NATIVE_DOUBLE,
                                 &cfg->smooth_fwhm, 0);
            rc |= lg_h5_attr_str(w->maps[m], "smoothing",
                                 cfg->smooth_fwhm > 0.0
                                     ? (cfg->smoothing == LG_SMOOTH_OBSERVED ? "observed" : "noise")
                                     : "none");
        } else if (m == LG_MAP_IMAGE_NOISY) {
            char norm[16];
            lg_choices_name("none|minmax|zscore", cfg->normalise, norm, sizeof norm);
            rc |= lg_h5_attr_str(w->maps[m], "normalisation", norm);
        } else if ((lg_derived_map_mask() | (1 << LG_MAP_IMAGE)) & (1 << m)) {
            /* the deflection of the derived maps and of the image's rays; source and fermat
             * are analytic whatever output.derived says */
            rc |= lg_h5_attr_str(w->maps[m], "method",
                                 cfg->derived_method == LG_DERIVED_FFT ? "fft" : "analytic");
        }
    }
    H5Gclose(maps);

    hid_t params = H5Gcreate2(w->file, "params", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hid_t images = -1; /* per-image arrays of the point source, when selected */
    lg_col_set selected;
    rc |= lg_params_select(cfg, &selected, err, err_size) != 0;
    for (int i = 0; i < N_COLS; ++i) {
        const lg_param_col *c = &lg_param_cols[i];
        if (!selected.on[i])
            continue;
        hid_t group = params;
        if (strcmp(c->group, "params") != 0) {
            if (images < 0)
                images = H5Gcreate2(w->file, c->group, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
            group = images;
        }
        const hsize_t dims[2] = {n, (hsize_t)c->width};
        w->cols[i] =
            lg_h5_make_dataset(group, c->name, c->is_int ? H5T_NATIVE_INT : H5T_NATIVE_DOUBLE,
                               c->width > 1 ? 2 : 1, dims, c->unit, c->help);
        rc |= w->cols[i] < 0;
    }
    if (images >= 0)
        H5Gclose(images);
    const int profile = lg_param_col_find("profile"), dm = lg_param_col_find("dm_model");
    if (w->cols[profile] >= 0)
        rc |= lg_h5_attr_names(w->cols[profile], LG_PROFILE_NAMES) < 0;
    if (w->cols[dm] >= 0)
        rc |= lg_h5_attr_names(w->cols[dm], "none|" LG_DM_NAMES) < 0;
    H5Gclose(params);
    rc |= lg_wave_io_create(w, cfg);
    rc |= lg_subhalo_io_create(w, cfg);
    rc |= lg_h5_write_provenance(w->file, cfg, deck_text, deck_file, prov);
    /* the structure goes to disk now: a run killed later leaves a file --resume can open */
    rc |= H5Fflush(w->file, H5F_SCOPE_GLOBAL) < 0;
    /* every rank learns whether any failed, so all close together (a rank returning alone
     * would leave the others waiting in the next collective call) */
    int bad = rc || !w->dbuf || !w->ibuf || lg_fault("create"), any = 0;
    MPI_Allreduce(&bad, &any, 1, MPI_INT, MPI_MAX, comm);
    if (any) {
        if (bad)
            snprintf(err, err_size, "%s: cannot create the datasets (disk full?)", path);
        else
            snprintf(err, err_size, "%s: another rank could not create the datasets", path);
        lg_writer_close(w);
        return NULL;
    }
    map_rows_setup(w, path, cfg);
    return w;
}

int lg_writer_rows_io(lg_writer *w, hid_t d, hid_t type, int rank, int64_t start, int64_t count,
                      const void *buf, int collective, int reading)
{
    if (!collective && count == 0)
        return 0;
    hsize_t off[3] = {(hsize_t)start, 0, 0};
    hsize_t cnt[3] = {(hsize_t)count, (hsize_t)w->npix, (hsize_t)w->npix};
    hsize_t one[3] = {1, 1, 1};
    hid_t fs = H5Dget_space(d);
    if (rank == 2) { /* per-sample arrays (images, clumps): [N][width] */
        hsize_t dims[2] = {0, 0};
        H5Sget_simple_extent_dims(fs, dims, NULL);
        cnt[1] = dims[1];
    }
    hid_t ms = H5Screate_simple(rank, count > 0 ? cnt : one, NULL);
    if (count > 0) {
        H5Sselect_hyperslab(fs, H5S_SELECT_SET, off, NULL, cnt, NULL);
    } else {
        H5Sselect_none(fs); /* join the collective call with nothing to write */
        H5Sselect_none(ms);
    }
    const hid_t dxpl = collective ? w->dxpl : w->dxpl_ind;
    herr_t rc = reading ? H5Dread(d, type, ms, fs, dxpl, (void *)buf)
                        : H5Dwrite(d, type, ms, fs, dxpl, buf);
    H5Sclose(ms);
    H5Sclose(fs);
    return rc < 0 ? -1 : 0;
}

int lg_writer_write_batch(lg_writer *w, int64_t start, int64_t count,
                          const float *const maps[LG_N_MAPS], const lg_lens *lenses,
                          const double *wave_abs, const double *wave_phase,
                          const float *const subhalos[LG_SUB_N_OUTPUT], uint64_t *checksum)
{
    XXH3_state_t *hash = XXH3_createState();
    if (hash)
        XXH3_64bits_reset(hash);
    int rc = lg_fault("write") ? -1 : 0;
    if (count > w->buf_len) { /* more than a batch: a bug; join the collectives with nothing */
        rc = -1;
        count = 0;
    }
    for (int m = 0; m < LG_N_MAPS; ++m) {
        if (w->maps[m] < 0)
            continue;
        /* each rank writes its own rows: no collective call per dataset and batch, except
         * for compressed maps, which HDF5 can only write collectively */
        const void *buf = maps[m];
        if (w->hbuf) {
            lg_half_from_float_n(maps[m], w->hbuf, (size_t)count * (size_t)w->npix * w->npix);
            buf = w->hbuf;
        }
        if (hash && count > 0)
            XXH3_64bits_update(hash, buf, lg_writer_map_bytes(w, count));
        const int direct =
            w->collective_maps ? 0 : lg_map_rows_write(&w->rows, m, start, count, buf);
        rc |= direct < 0;
        if (direct == 0) {
            rc |= lg_writer_rows_io(w, w->maps[m], w->hbuf ? w->map_type : H5T_NATIVE_FLOAT, 3,
                                    start, count, buf, w->collective_maps, 0);
            lg_map_rows_writeback(&w->rows, m, start, count);
        }
    }
    for (int c = 0; c < N_COLS; ++c) {
        if (w->cols[c] < 0)
            continue;
        const int is_int = lg_param_cols[c].is_int, width = lg_param_cols[c].width;
        for (int64_t i = 0; i < count; ++i) {
            const char *field = (const char *)&lenses[i] + lg_param_cols[c].offset;
            if (is_int)
                memcpy(&w->ibuf[i], field, sizeof(int));
            else
                memcpy(&w->dbuf[i * width], field, sizeof(double) * (size_t)width);
        }
        const void *col = is_int ? (const void *)w->ibuf : (const void *)w->dbuf;
        if (hash && count > 0)
            XXH3_64bits_update(hash, col,
                               (size_t)count * (is_int ? sizeof(int) : sizeof(double) * width));
        rc |= lg_writer_rows_io(w, w->cols[c], is_int ? H5T_NATIVE_INT : H5T_NATIVE_DOUBLE,
                                width > 1 ? 2 : 1, start, count, col, 0, 0);
    }
    rc |= lg_wave_io_write(w, start, count, wave_abs, wave_phase, lenses, hash);
    rc |= lg_subhalo_io_write(w, start, count, subhalos, hash);
    *checksum = hash ? XXH3_64bits_digest(hash) : 0;
    XXH3_freeState(hash);
    return rc || !hash ? -1 : 0;
}

lg_writer *lg_writer_open(MPI_Comm comm, const char *path, const lg_config *cfg, char *err,
                          size_t err_size)
{
    lg_writer *w = writer_new(comm, cfg);
    if (!w) {
        snprintf(err, err_size, "%s: out of memory", path);
        return NULL;
    }
    hid_t fapl = file_access(comm, cfg);
    w->file = H5Fopen(path, H5F_ACC_RDWR, fapl);
    H5Pclose(fapl);
    int ok = w->file >= 0 && w->dbuf && w->ibuf;
    const hsize_t want[3] = {(hsize_t)cfg->n_samples, (hsize_t)cfg->npix, (hsize_t)cfg->npix};
    /* every dataset must be there with its full shape: otherwise the file is not trusted */
    for (int m = 0; ok && m < LG_N_MAPS; ++m) {
        char name[48];
        if (!(cfg->maps & (1 << m)))
            continue;
        snprintf(name, sizeof name, "maps/%s", lg_maps[m].name);
        w->maps[m] = H5Dopen2(w->file, name, H5P_DEFAULT);
        hsize_t dims[3] = {0, 0, 0};
        hid_t sp = w->maps[m] >= 0 ? H5Dget_space(w->maps[m]) : -1;
        ok = sp >= 0 && H5Sget_simple_extent_ndims(sp) == 3 &&
             H5Sget_simple_extent_dims(sp, dims, NULL) == 3 && !memcmp(dims, want, sizeof dims);
        if (sp >= 0)
            H5Sclose(sp);
    }
    lg_col_set selected;
    ok = ok && lg_params_select(cfg, &selected, err, err_size) == 0;
    for (int i = 0; ok && i < N_COLS; ++i) {
        char name[64];
        if (!selected.on[i])
            continue;
        snprintf(name, sizeof name, "%s/%s", lg_param_cols[i].group, lg_param_cols[i].name);
        w->cols[i] = H5Dopen2(w->file, name, H5P_DEFAULT);
        hsize_t dim[2] = {0, 0};
        const int width = lg_param_cols[i].width, rank = width > 1 ? 2 : 1;
        hid_t sp = w->cols[i] >= 0 ? H5Dget_space(w->cols[i]) : -1;
        ok = sp >= 0 && H5Sget_simple_extent_dims(sp, dim, NULL) == rank && dim[0] == want[0] &&
             (rank == 1 || dim[1] == (hsize_t)width);
        if (sp >= 0)
            H5Sclose(sp);
    }
    ok = ok && lg_wave_io_open(w, cfg);
    ok = ok && lg_subhalo_io_open(w, cfg);
    ok = ok && transfer_props(w, cfg) == 0;
    int all_ok = 0;
    MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, comm);
    if (!all_ok) {
        snprintf(err, err_size,
                 "%s: the file of the interrupted run is damaged or does not match the deck "
                 "(HDF5 cannot open it, or a dataset is missing or of another shape)",
                 path);
        lg_writer_close(w);
        return NULL;
    }
    map_rows_setup(w, path, cfg);
    return w;
}

int lg_writer_sync(lg_writer *w)
{
    const int bad = lg_map_rows_sync(&w->rows) != 0 || H5Fflush(w->file, H5F_SCOPE_GLOBAL) < 0;
    return bad || lg_fault("sync") ? -1 : 0;
}

int lg_writer_write_timing(lg_writer *w, const lg_rank_timing *rows, int n_ranks)
{
    hsize_t dims[2] = {(hsize_t)n_ranks, LG_N_PHASES};
    if (H5Lexists(w->file, "timing", H5P_DEFAULT) > 0) /* left by a run killed at its end */
        H5Ldelete(w->file, "timing", H5P_DEFAULT);
    hid_t d = lg_h5_make_dataset(w->file, "timing", H5T_NATIVE_DOUBLE, 2, dims, "s",
                                 "wall-clock seconds per rank (row) and phase (column)");
    if (d < 0)
        return -1;
    char names[256] = "";
    for (int p = 0; p < LG_N_PHASES; ++p) {
        strcat(names, lg_phase_names[p]);
        if (p + 1 < LG_N_PHASES)
            strcat(names, ",");
    }
    int rc = lg_h5_attr_str(d, "phases", names);
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
    rc |= lg_h5_attr_num(d, "samples_per_rank", H5T_NATIVE_DOUBLE, sm, (hsize_t)n_ranks);
    rc |= lg_h5_attr_num(d, "threads_per_rank", H5T_NATIVE_DOUBLE, sm + n_ranks, (hsize_t)n_ranks);
    /* each rank's backend and device name, as arrays of strings */
    enum { LABEL = LG_BACKEND_NAME + LG_DEVICE_NAME };
    char *labels = calloc((size_t)n_ranks, LABEL);
    if (labels && rows)
        for (int r = 0; r < n_ranks; ++r) {
            memcpy(labels + (size_t)r * LABEL, rows[r].backend, LG_BACKEND_NAME);
            memcpy(labels + (size_t)r * LABEL + LG_BACKEND_NAME, rows[r].device, LG_DEVICE_NAME);
        }
    int have = labels != NULL, all_have = 0;
    MPI_Allreduce(&have, &all_have, 1, MPI_INT, MPI_MIN, w->comm);
    if (all_have) {
        MPI_Bcast(labels, n_ranks * LABEL, MPI_CHAR, 0, w->comm);
        rc |= lg_h5_attr_str_array(d, "backend_per_rank", labels, LABEL, (hsize_t)n_ranks);
        rc |= lg_h5_attr_str_array(d, "device_per_rank", labels + LG_BACKEND_NAME, LABEL,
                                   (hsize_t)n_ranks);
    } else {
        rc = -1;
    }
    free(labels);
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
    for (int m = 0; m < LG_N_MAPS; ++m)
        if (w->maps[m] >= 0)
            rc |= H5Dclose(w->maps[m]) < 0;
    for (int i = 0; i < N_COLS; ++i)
        if (w->cols[i] >= 0)
            rc |= H5Dclose(w->cols[i]) < 0;
    rc |= lg_wave_io_close(w);
    rc |= lg_subhalo_io_close(w);
    if (w->dxpl > 0)
        H5Pclose(w->dxpl);
    if (w->dxpl_ind > 0)
        H5Pclose(w->dxpl_ind);
    if (w->file >= 0)
        rc |= H5Fclose(w->file) < 0;
    lg_map_rows_close(&w->rows);
    free(w->dbuf);
    free(w->ibuf);
    free(w->hbuf);
    if (w->map_type != H5T_NATIVE_FLOAT)
        H5Tclose(w->map_type);
    free(w);
    return rc || lg_fault("close") ? -1 : 0;
}

int lg_output_config_hash(const char *path, uint64_t *hash)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0)
        return -1;
    char hex[32] = "";
    int rc = lg_h5_read_attr_str(f, "provenance", "config_hash", hex, sizeof hex);
    H5Fclose(f);
    char *end = NULL;
    *hash = strtoull(hex, &end, 16);
    return rc == 0 && end && end != hex && *end == '\0' ? 0 : -1;
}
