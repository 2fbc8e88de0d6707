/* engine.h: the MPI run: deck on rank 0 -> broadcast -> scatter of sample blocks -> batches
 * (OpenMP over samples) -> collective HDF5 writes -> timing report. */
#ifndef LG_ENGINE_H
#define LG_ENGINE_H

#include "cli.h"

/* Exit statuses of lensgen, the same on every rank (README, "Running"). */
enum lg_exit {
    LG_EXIT_OK = 0,      /* the dataset is complete */
    LG_EXIT_RUNTIME = 1, /* a run-time failure (disk full, out of memory, I/O error) */
    LG_EXIT_INPUT = 2,   /* a bad command line, deck or output path */
    LG_EXIT_STOPPED = 3  /* stopped by SIGTERM, SIGINT or SIGUSR1 after a checkpoint: --resume */
};

/* Run lensgen on MPI_COMM_WORLD. Returns the process exit status (same on every rank). */
int lg_engine_run(const lg_cli *cli, int argc, char **argv);

#endif
