/* io_writer.h: the writer's state, shared by the files of the I/O module only (io_hdf5.c writes,
 * io_wave.c the /wave group, io_subhalos.c /subhalos, io_checksum.c reads batches back for
 * --resume). */
#ifndef LG_IO_WRITER_H
#define LG_IO_WRITER_H

#include <hdf5.h>
#include <mpi.h>
#include <stdint.h>
#include <xxhash.h>

#include "config.h"
#include "io_direct.h"
#include "params_table.h"
#include "subhalo_batch.h"
#include "wave_lens.h" /* LG_WAVE_N_SETS: the /wave datasets */

#define N_COLS lg_n_param_cols
#define MAX_COLS LG_MAX_PARAM_COLS

struct lg_writer {
    MPI_Comm comm;
    hid_t file, dxpl;
    hid_t dxpl_ind;        /* independent transfers: params always, maps when not compressed */
    lg_map_rows rows;      /* how contiguous maps' rows reach the disk */
    int direct_everywhere; /* every rank writes its map rows with O_DIRECT */
    int collective_maps;
    hid_t maps[LG_N_MAPS], cols[MAX_COLS]; /* -1: column not written (output.params) */
    hid_t wave[LG_WAVE_N_SETS];            /* -1: no /wave (output.wave false) */
    int64_t n_freq;                        /* values per sample of /wave/F_abs, F_phase */
    hid_t sub[LG_SUB_N_OUTPUT];            /* -1: no /subhalos (io_subhalos.c) */
    int64_t sub_width;                     /* subhalos.n_max */
    int64_t npix;
    double *dbuf;
    int *ibuf;
    uint16_t *hbuf; /* output.dtype = float16: one batch of one map, converted */
    hid_t map_type; /* the maps' type in the file and in hbuf or the float buffers */
    int64_t buf_len;
};

/* Rows [start, start + count) of a dataset of rank `rank` (3: maps, 1: a params column), written
 * from or (reading) read into buf: collectively (every rank calls, an empty selection when it
 * has nothing) when `collective`, else by this rank alone. Returns 0 or -1. */
int lg_writer_rows_io(struct lg_writer *w, hid_t d, hid_t type, int rank, int64_t start,
                      int64_t count, const void *buf, int collective, int reading);

/* Bytes of `count` maps as stored (float32 or float16). */
static inline size_t lg_writer_map_bytes(const struct lg_writer *w, int64_t count)
{
    return (size_t)count * (size_t)w->npix * (size_t)w->npix * (w->hbuf ? 2u : 4u);
}

#endif
