/* engine_run.h: the run loop of the engine, internal to the engine's files. By concern:
 *   engine_run.c       the loop's life cycle: output, schedule, report, finish;
 *   engine_schedule.c  which rank computes which batch (static or dynamic), compute/write overlap;
 *   engine_output.c    the dataset file: create or resume, collective writes, checkpoints, rename;
 *   engine_report.c    the timing report and the signal-to-noise summary;
 * and, before the loop, engine.c (set-up), engine_backend.c (each rank's backend and device),
 * engine_memory.c (memory per rank) and output_path.c (output checks, lock, an earlier run's
 * state). */
#ifndef LG_ENGINE_RUN_H
#define LG_ENGINE_RUN_H

#include <signal.h>
#include <stdint.h>

#include "backend.h"
#include "backend_cuda.h"
#include "checkpoint.h"
#include "config.h"
#include "cosmology.h"
#include "engine.h"
#include "io_hdf5.h"
#include "library_internal.h"
#include "progress.h"
#include "provenance.h"
#include "snr_summary.h"
#include "timing.h"

#define LG_MAX_SLOTS 4 /* batch buffers per rank: the dynamic schedule keeps up to 4 per round */

typedef struct {
    const lg_config *cfg;
    const lg_run_options *opt;
    const char *deck_text;
    const lg_provenance *prov;
    lensgen_gen **slots; /* n_slots library handles (batch buffers) on the rank's backend */
    int n_slots;
    lg_rank_timing *mine;
    double t_start;
    int rank, n_ranks, n_threads;
    int resume; /* continue the interrupted run of OUTPUT.progress (engine.c decided) */
} lg_run;

/* The state of one rank's run. */
typedef struct {
    const lg_run *r;
    lg_writer *w;
    lg_record record; /* rank 0 */
    int record_saved; /* rank 0: OUTPUT.progress describes OUTPUT.tmp: keep both on failure */
    char tmp_path[LG_PATH_MAX + 32], record_path[LG_PATH_MAX + 32];
    char err[3 * LG_PATH_MAX];
    int64_t *pending, n_pending;
    double last_checkpoint;
    int64_t todo_samples;             /* samples of the pending batches (all ranks) */
    int64_t done_samples;             /* this rank */
    lg_snr_hist snr;                  /* this rank's samples of this run */
    lg_host_batch host[LG_MAX_SLOTS]; /* each slot's last batch, as the writer takes it */
    int slot_failed[LG_MAX_SLOTS];    /* the backend failed on the slot's last batch */
    int slot_stopped[LG_MAX_SLOTS];   /* a stop cut the slot's last batch short: not written */
    int fault_compute;                /* test builds: the backend's stages "fail" (fault.h) */
} lg_run_state;

/* Run every batch not yet on disk; returns an exit status, the same on every rank. */
int lg_run_batches(const lg_run *r);

/* engine_schedule.c: the batches of this rank; 0 done, 1 stopped by a signal, -1 failed. */
int lg_schedule_static(lg_run_state *s, lg_progress *progress);
int lg_schedule_dynamic(lg_run_state *s, lg_progress *progress);
void lg_install_stop_handlers(void);
int lg_stop_signal(void); /* the signal that asked to stop, or 0 */

/* engine_output.c */
int lg_output_open(lg_run_state *s); /* create or resume; an exit status */
/* One collective write per slot used this round, then rank 0 marks the batches done. Returns
 * non-zero on every rank when a write or a backend failed on any rank. */
int lg_output_write_round(lg_run_state *s, const int64_t *slot_batch, int n_used, int first_slot);
int lg_output_checkpoint(lg_run_state *s); /* sync, then record: non-zero on failure */
/* Close the file; rank 0 renames it into place (or removes it on failure); returns 1 on every
 * rank when the run failed. verdict: 0 done, 1 stopped, -1 failed. */
int lg_output_finish(lg_run_state *s, int verdict);
void lg_batch_range(const lg_config *cfg, int64_t b, int64_t *first, int64_t *count);

/* engine_report.c: collective over ranks; rank 0 prints. */
void lg_report_timing(const lg_run_state *s);
void lg_report_snr(const lg_run_state *s);

/* engine_backend.c: the backend of this rank. */
typedef struct {
    const lg_backend_ops *ops; /* the CPU's or the CUDA backend's stage table */
    int cuda;                  /* 1: bound to the CUDA device `dev` */
    int local_rank;            /* rank among the ranks of this node */
    lg_cuda_device dev;        /* the device (cuda), or why none is usable (dev.why) */
} lg_rank_backend;

/* Collective: each rank's backend for cfg->backend (--backend already applied): cpu, or cuda
 * (lg_cuda_bind to local rank mod devices) for cuda and auto. Prints, unless --quiet, one notice
 * (rank 0) when auto falls back to the CPU on some ranks, and one line per rank bound to a
 * device. Returns LG_EXIT_OK, or LG_EXIT_INPUT on every rank when backend = cuda and some rank
 * has no usable device (rank 0 says which and why). */
int lg_backend_select(const lg_config *cfg, const lg_run_options *opt, int rank, int n_ranks,
                      lg_rank_backend *rb);

/* MPI helpers shared by the engine's files */
int lg_mpi_agree(int status_rank0); /* rank 0's value, on every rank */
int lg_mpi_any(int local);          /* 1 on every rank if any rank passed non-zero */

#endif
