/* io_direct.c: map rows to disk, direct where possible (io_direct.h). */
#define _GNU_SOURCE /* O_DIRECT, sync_file_range (Linux) */
#include "io_direct.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

void lg_map_rows_setup(lg_map_rows *r, const char *path, const int64_t offset[LG_N_MAPS],
                       int64_t row_bytes, int direct)
{
    r->fd_direct = r->fd_hint = -1;
    r->row_bytes = row_bytes;
    int any = 0;
    for (int m = 0; m < LG_N_MAPS; ++m)
        any |= (r->offset[m] = offset[m]) >= 0;
    if (!any)
        return;
#ifdef O_DIRECT
    if (direct && row_bytes % LG_DIRECT_ALIGN == 0)
        r->fd_direct = open(path, O_WRONLY | O_DIRECT); /* tmpfs and some others refuse */
#else
    (void)direct;
#endif
#ifdef SYNC_FILE_RANGE_WRITE
    if (r->fd_direct < 0) /* only rows through the page cache need writeback hints */
        r->fd_hint = open(path, O_RDONLY);
#endif
}

int lg_map_rows_write(const lg_map_rows *r, int m, int64_t start, int64_t count, const void *buf)
{
    if (r->fd_direct < 0 || r->offset[m] < 0 || count <= 0)
        return 0;
    const int64_t off = r->offset[m] + start * r->row_bytes;
    const size_t len = (size_t)(count * r->row_bytes);
    if (off % LG_DIRECT_ALIGN || len % LG_DIRECT_ALIGN || (uintptr_t)buf % LG_DIRECT_ALIGN)
        return 0;
    size_t done = 0;
    while (done < len) {
        const ssize_t n = pwrite(r->fd_direct, (const char *)buf + done, len - done,
                                 (off_t)(off + (int64_t)done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        done += (size_t)n;
        if (done % LG_DIRECT_ALIGN) /* a short write off the alignment: cannot go on direct */
            return -1;
    }
    return 1;
}

void lg_map_rows_writeback(const lg_map_rows *r, int m, int64_t start, int64_t count)
{
#ifdef SYNC_FILE_RANGE_WRITE
    if (r->fd_hint < 0 || count <= 0 || r->offset[m] < 0)
        return;
    sync_file_range(r->fd_hint, (off_t)(r->offset[m] + start * r->row_bytes),
                    (off_t)(count * r->row_bytes), SYNC_FILE_RANGE_WRITE);
#else
    (void)r;
    (void)m;
    (void)start;
    (void)count;
#endif
}

int lg_map_rows_sync(const lg_map_rows *r)
{
    return r->fd_direct >= 0 && fdatasync(r->fd_direct) != 0 ? -1 : 0;
}

void lg_map_rows_close(lg_map_rows *r)
{
    if (r->fd_direct >= 0)
        close(r->fd_direct);
    if (r->fd_hint >= 0)
        close(r->fd_hint);
    r->fd_direct = r->fd_hint = -1;
}

void *lg_direct_alloc(size_t bytes)
{
    void *p = NULL;
    return posix_memalign(&p, LG_DIRECT_ALIGN, bytes ? bytes : 1) == 0 ? p : NULL;
}
