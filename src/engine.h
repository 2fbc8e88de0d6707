/* engine.h: the MPI run: deck on rank 0 -> broadcast -> scatter of sample blocks -> batches
 * (OpenMP over samples) -> collective HDF5 writes -> timing report. */
#ifndef LG_ENGINE_H
#define LG_ENGINE_H

#include "cli.h"

/* Run lensgen on MPI_COMM_WORLD. Returns the process exit status (same on every rank). */
int lg_engine_run(const lg_cli *cli, int argc, char **argv);

#endif
