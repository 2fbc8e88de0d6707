/* io_wave.c: the /wave group (output.wave; README "Wave optics"):
 *   frequency    [n_freq] float64, Hz: the grid, written once when the file is created;
 *   F_abs        [N, n_freq] float64: |F| of each sample at each frequency;
 *   F_phase      [N, n_freq] float64, rad: arg F in (-pi, pi];
 *   n_geometric  [N] int32: how many of the sample's frequencies got geometric optics.
 * float64 because F is computed to ~1e-11 (docs/physics.md §15.5) and float32 would round it
 * to ~6e-8; 64 frequencies are 1 KiB per sample, small beside a map. Rows go to disk like the
 * /params columns (each rank its own, independently) and are hashed after them into the batch's
 * checksum, so --resume verifies them too (io_checksum.c). */
#include "io_wave.h"

#include <stdlib.h>

#include "deck_schema.h"
#include "io_attrs.h"
#include "wave_lens.h"
#include "wave_optics.h"

enum { F_ABS = LG_WAVE_F_ABS, F_PHASE = LG_WAVE_F_PHASE, N_GEO = LG_WAVE_N_GEO };

/* The phase convention of wave_optics.h, in short. */
#define CONVENTION                                                                                 \
    "F = (w / 2 pi i) Int d^2x exp[i w T(x, y)] (Takahashi & Nakamura 2003): the lensed wave "     \
    "over "                                                                                        \
    "the unlensed one, phase zero at the arrival of the minimum (first) image; delayed images "    \
    "carry e^{+i w dT}, i.e. F multiplies waveforms transformed as h(f) = Int h(t) e^{+2 pi i f "  \
    "t} dt. With the LIGO/LAL convention (e^{-2 pi i f t}) multiply by conj(F)."
#define METHOD                                                                                     \
    "w = 8 pi G M_Lz f / c^3 (M_Lz = /params/wave_m_lz), y = /params/wave_y. Exact for w <= "      \
    "1000 and y <= 10 (point mass: closed form with 1F1; SIS: series or quadrature; ~1e-11 "       \
    "relative, docs/physics.md section 15); beyond, the geometric-optics limit (error ~1/w; "      \
    "/wave/n_geometric counts those frequencies per sample; NaN at y = 0, an Einstein ring)."

static int make_f(struct lg_writer *w, hid_t g, int k, const char *name, const char *unit,
                  const char *help, hsize_t n)
{
    const hsize_t dims[2] = {n, (hsize_t)w->n_freq};
    w->wave[k] = lg_h5_make_dataset(g, name, H5T_NATIVE_DOUBLE, 2, dims, unit, help);
    if (w->wave[k] < 0)
        return -1;
    return lg_h5_attr_str(w->wave[k], "phase_convention", CONVENTION) |
           lg_h5_attr_str(w->wave[k], "method", METHOD);
}

int lg_wave_io_create(struct lg_writer *w, const lg_config *cfg)
{
    if (!cfg->wave)
        return 0;
    const hsize_t n = (hsize_t)cfg->n_samples, nf = (hsize_t)cfg->wave_n_freq;
    w->n_freq = cfg->wave_n_freq;
    hid_t g = H5Gcreate2(w->file, "wave", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0)
        return -1;
    const double w_max = LG_WAVE_W_MAX, y_max = LG_WAVE_Y_MAX;
    int rc = lg_h5_attr_num(g, "w_max", H5T_NATIVE_DOUBLE, &w_max, 0);
    rc |= lg_h5_attr_num(g, "y_max", H5T_NATIVE_DOUBLE, &y_max, 0);
    rc |= make_f(w, g, F_ABS, lg_wave_set_name[F_ABS], "",
                 "|F|: modulus of the amplification factor F(w, y) of each sample at "
                 "/wave/frequency; the lensed strain is F times the unlensed one",
                 n);
    rc |= make_f(w, g, F_PHASE, lg_wave_set_name[F_PHASE], "rad",
                 "arg F in (-pi, pi], not unwrapped", n);
    w->wave[N_GEO] = lg_h5_make_dataset(g, lg_wave_set_name[N_GEO], H5T_NATIVE_INT, 1, &n, "",
                                        "frequencies of the sample at which F is the geometric-"
                                        "optics limit (w > w_max: the highest ones; all when "
                                        "wave_y > y_max)");
    rc |= w->wave[N_GEO] < 0;
    hid_t fd = lg_h5_make_dataset(g, "frequency", H5T_NATIVE_DOUBLE, 1, &nf, "Hz",
                                  "observed gravitational-wave frequency of each column of F_abs "
                                  "and F_phase");
    char spacing[8];
    lg_choices_name("log|linear", cfg->wave_spacing, spacing, sizeof spacing);
    rc |= fd < 0 || lg_h5_attr_str(fd, "spacing", spacing) < 0;
    double *f = malloc(sizeof(double) * nf);
    int rank = 0;
    MPI_Comm_rank(w->comm, &rank);
    if (f && fd >= 0 && rank == 0) {
        lg_wave_freqs(cfg, f);
        rc |= H5Dwrite(fd, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, w->dxpl_ind, f) < 0;
    }
    rc |= !f;
    free(f);
    if (fd >= 0)
        H5Dclose(fd);
    H5Gclose(g);
    return rc ? -1 : 0;
}

int lg_wave_io_open(struct lg_writer *w, const lg_config *cfg)
{
    if (!cfg->wave)
        return 1;
    w->n_freq = cfg->wave_n_freq;
    int ok = 1;
    hid_t g = H5Gopen2(w->file, "wave", H5P_DEFAULT);
    for (int k = 0; ok && k < LG_WAVE_N_SETS; ++k) {
        w->wave[k] = g >= 0 ? H5Dopen2(g, lg_wave_set_name[k], H5P_DEFAULT) : -1;
        const int rank = k == N_GEO ? 1 : 2;
        hsize_t dims[2] = {0, 0};
        hid_t sp = w->wave[k] >= 0 ? H5Dget_space(w->wave[k]) : -1;
        ok = sp >= 0 && H5Sget_simple_extent_dims(sp, dims, NULL) == rank &&
             dims[0] == (hsize_t)cfg->n_samples &&
             (rank == 1 || dims[1] == (hsize_t)cfg->wave_n_freq);
        if (sp >= 0)
            H5Sclose(sp);
    }
    if (g >= 0)
        H5Gclose(g);
    return ok;
}

int lg_wave_io_write(struct lg_writer *w, int64_t start, int64_t count, const double *f_abs,
                     const double *f_phase, const lg_lens *lenses, XXH3_state_t *hash)
{
    if (w->wave[F_ABS] < 0)
        return 0;
    const double *v[2] = {f_abs, f_phase};
    const size_t bytes = sizeof(double) * (size_t)count * (size_t)w->n_freq;
    int rc = 0;
    for (int k = F_ABS; k <= F_PHASE; ++k) {
        if (hash && count > 0)
            XXH3_64bits_update(hash, v[k], bytes);
        rc |= lg_writer_rows_io(w, w->wave[k], H5T_NATIVE_DOUBLE, 2, start, count, v[k], 0, 0);
    }
    for (int64_t i = 0; i < count; ++i)
        w->ibuf[i] = lenses[i].wave_n_geo;
    if (hash && count > 0)
        XXH3_64bits_update(hash, w->ibuf, sizeof(int) * (size_t)count);
    rc |= lg_writer_rows_io(w, w->wave[N_GEO], H5T_NATIVE_INT, 1, start, count, w->ibuf, 0, 0);
    return rc ? -1 : 0;
}

int lg_wave_io_hash(struct lg_writer *w, int64_t start, int64_t count, XXH3_state_t *hash)
{
    if (w->wave[F_ABS] < 0)
        return 0;
    const size_t bytes = sizeof(double) * (size_t)count * (size_t)w->n_freq;
    double *buf = malloc(bytes ? bytes : 1);
    int rc = !buf;
    for (int k = F_ABS; !rc && k <= F_PHASE; ++k) {
        rc |= lg_writer_rows_io(w, w->wave[k], H5T_NATIVE_DOUBLE, 2, start, count, buf, 0, 1);
        if (!rc && count > 0)
            XXH3_64bits_update(hash, buf, bytes);
    }
    free(buf);
    if (!rc)
        rc |= lg_writer_rows_io(w, w->wave[N_GEO], H5T_NATIVE_INT, 1, start, count, w->ibuf, 0, 1);
    if (!rc && count > 0)
        XXH3_64bits_update(hash, w->ibuf, sizeof(int) * (size_t)count);
    return rc ? -1 : 0;
}

int lg_wave_io_close(struct lg_writer *w)
{
    int rc = 0;
    for (int k = 0; k < LG_WAVE_N_SETS; ++k)
        if (w->wave[k] >= 0)
            rc |= H5Dclose(w->wave[k]) < 0;
    return rc ? -1 : 0;
}
