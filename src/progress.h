/* progress.h: done/total, rate and ETA on stderr for long runs (rank 0). */
#ifndef LG_PROGRESS_H
#define LG_PROGRESS_H

#include <stdint.h>

typedef struct {
    double t_start, t_last;
    int enabled, printed;
} lg_progress;

void lg_progress_start(lg_progress *p, int enabled);
/* `done` of `total` samples; prints at most every 2 s. */
void lg_progress_update(lg_progress *p, int64_t done, int64_t total);
void lg_progress_finish(lg_progress *p);

#endif
