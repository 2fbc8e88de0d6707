/* engine_run.h: the run loop of the engine (internal to engine.c and engine_run.c): batches
 * handed to ranks by a static or dynamic schedule, collective writes, checkpoints, resume,
 * graceful stop on SIGTERM, and the timing report. */
#ifndef LG_ENGINE_RUN_H
#define LG_ENGINE_RUN_H

#include <stdint.h>

#include "batch.h"
#include "cli.h"
#include "config.h"
#include "cosmology.h"
#include "engine.h"
#include "provenance.h"
#include "timing.h"

typedef struct {
    const lg_config *cfg;
    const lg_cosmology *cosmo;
    const lg_cli *cli;
    const char *deck_text;
    const lg_provenance *prov;
    lg_batch **batches; /* n_slots batch buffers (dynamic schedule: several per round) */
    int n_slots;
    lg_rank_timing *mine;
    double t_start;
    int rank, n_ranks, n_threads;
} lg_run;

/* Run every batch not yet on disk; returns an exit status, the same on every rank. */
int lg_run_batches(const lg_run *r);

/* MPI helpers shared by engine.c and engine_run.c */
int lg_mpi_agree(int status_rank0); /* rank 0's value, on every rank */
int lg_mpi_any(int local);          /* 1 on every rank if any rank passed non-zero */

#endif
