/* progress.h: done/total, rate and ETA on stderr for long runs (rank 0). */
#ifndef LG_PROGRESS_H
#define LG_PROGRESS_H

#include <stdint.h>

typedef struct {
    double t_start, t_last;
    int64_t already; /* samples done before this run (--resume): not in the rate */
    int enabled, printed;
} lg_progress;

void lg_progress_start(lg_progress *p, int enabled, int64_t already);
/* `done` of `total` samples (those of earlier runs included); the rate and ETA count only this
 * run's samples. Prints at most every 2 s. */
void lg_progress_update(lg_progress *p, int64_t done, int64_t total);
void lg_progress_finish(lg_progress *p);

#endif
