/* io_checksum.c: a batch read back from the file and hashed exactly as lg_writer_write_batch
 * hashed it when writing (XXH3-64 over each map's rows as stored, then each params column, then
 * /wave), so --resume can tell a batch on disk from one a kill or a disk left damaged. */
#include <stdlib.h>

#include "io_hdf5.h"
#include "io_subhalos.h"
#include "io_wave.h"
#include "io_writer.h"

int lg_writer_batch_checksum(lg_writer *w, int64_t start, int64_t count, uint64_t *checksum)
{
    void *buf = malloc(lg_writer_map_bytes(w, count > 0 ? count : 1));
    XXH3_state_t *hash = XXH3_createState();
    int rc = !buf || !hash;
    if (!rc)
        XXH3_64bits_reset(hash);
    for (int m = 0; !rc && m < LG_N_MAPS; ++m) {
        if (w->maps[m] < 0)
            continue;
        /* independent reads: the maps may be chunked and compressed, read needs no collective */
        rc |= lg_writer_rows_io(w, w->maps[m], w->hbuf ? w->map_type : H5T_NATIVE_FLOAT, 3, start,
                                count, buf, 0, 1);
        if (!rc && count > 0)
            XXH3_64bits_update(hash, buf, lg_writer_map_bytes(w, count));
    }
    for (int c = 0; !rc && c < N_COLS; ++c) {
        if (w->cols[c] < 0)
            continue;
        const int is_int = lg_param_cols[c].is_int, width = lg_param_cols[c].width;
        void *col = is_int ? (void *)w->ibuf : (void *)w->dbuf;
        rc |= lg_writer_rows_io(w, w->cols[c], is_int ? H5T_NATIVE_INT : H5T_NATIVE_DOUBLE,
                                width > 1 ? 2 : 1, start, count, col, 0, 1);
        if (!rc && count > 0)
            XXH3_64bits_update(hash, col,
                               (size_t)count * (is_int ? sizeof(int) : sizeof(double) * width));
    }
    if (!rc)
        rc |= lg_wave_io_hash(w, start, count, hash);
    if (!rc)
        rc |= lg_subhalo_io_hash(w, start, count, hash);
    *checksum = rc ? 0 : XXH3_64bits_digest(hash);
    XXH3_freeState(hash);
    free(buf);
    return rc ? -1 : 0;
}
