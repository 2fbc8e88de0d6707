/* io_direct.h: how the rows of contiguous, uncompressed map datasets reach the disk. HDF5 lays
 * out the file and allocates each dataset at creation; the rows (most of the bytes) are then
 * written by each rank with O_DIRECT pwrite at the offset HDF5 gave the dataset: no copy into
 * the page cache, no page faults of fresh cache pages, no lock shared with the other rank's
 * buffered writes. Rows that cannot go direct (offset, length or buffer not a multiple of
 * LG_DIRECT_ALIGN, or a file system that refuses O_DIRECT) go through HDF5, with a writeback
 * hint so dirty pages do not pile up until the final sync. POSIX only: no HDF5, no MPI. */
#ifndef LG_IO_DIRECT_H
#define LG_IO_DIRECT_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

/* Alignment of buffer, file offset and length for O_DIRECT: the page size covers the logical
 * block size of every Linux file system and device in use. */
#define LG_DIRECT_ALIGN 4096

typedef struct {
    int fd_direct;             /* O_DIRECT, write-only; -1: none */
    int fd_hint;               /* read-only, for writeback hints (Linux); -1: none */
    int64_t offset[LG_N_MAPS]; /* where each contiguous map dataset starts; -1: not one */
    int64_t row_bytes;         /* one sample's map in the file */
} lg_map_rows;

/* Open `path` for maps at `offset` (-1: none): with O_DIRECT when `direct` and the rows allow
 * it, else read-only for writeback hints. */
void lg_map_rows_setup(lg_map_rows *r, const char *path, const int64_t offset[LG_N_MAPS],
                       int64_t row_bytes, int direct);

/* Rows [start, start + count) of map m from buf: 1 when written directly, 0 when they cannot
 * be (the caller writes them through HDF5, then calls lg_map_rows_writeback), -1 on an error. */
int lg_map_rows_write(const lg_map_rows *r, int m, int64_t start, int64_t count, const void *buf);

/* Start writeback of rows written through the page cache (a hint; no error). */
void lg_map_rows_writeback(const lg_map_rows *r, int m, int64_t start, int64_t count);

/* Rows written directly are on the device; flush its cache and the file's allocation. */
int lg_map_rows_sync(const lg_map_rows *r);
void lg_map_rows_close(lg_map_rows *r);

/* Memory for `bytes` aligned for direct writes (free with free()); NULL when out of memory. */
void *lg_direct_alloc(size_t bytes);

#endif
