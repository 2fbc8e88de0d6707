/* progress.c: the progress line of rank 0 (progress.h). */
#include "progress.h"

#include <stdio.h>

#include "timing.h"

void lg_progress_start(lg_progress *p, int enabled, int64_t already)
{
    p->t_start = p->t_last = lg_now();
    p->already = already;
    p->enabled = enabled;
    p->printed = 0;
}

void lg_progress_update(lg_progress *p, int64_t done, int64_t total)
{
    double now = lg_now();
    if (!p->enabled || now - p->t_last < 2.0)
        return;
    p->t_last = now;
    done = done < total ? done : total; /* the dynamic schedule's count is an estimate */
    double rate = (double)(done - p->already) / (now - p->t_start);
    double eta = rate > 0 ? (double)(total - done) / rate : 0.0;
    fprintf(stderr, "\rlensgen: %lld/%lld samples (%.1f%%), %.0f samples/s, ETA %.0f s   ",
            (long long)done, (long long)total, 100.0 * (double)done / (double)total, rate, eta);
    fflush(stderr);
    p->printed = 1;
}

void lg_progress_finish(lg_progress *p)
{
    if (p->printed)
        fputc('\n', stderr);
}
