/* engine.h: the MPI run: deck on rank 0 -> broadcast -> pending batches to ranks -> a backend
 * computes each batch while the previous one is written -> one HDF5 file -> timing report. */
#ifndef LG_ENGINE_H
#define LG_ENGINE_H

#include "lensgen.h"

/* What a run is asked to do (the command line fills it: main.c). */
typedef struct {
    const char *deck;       /* deck path: read on rank 0, named in messages and provenance */
    char *const *overrides; /* "key=value" settings applied after the deck */
    int n_overrides;
    int check_deck; /* validate and print the resolved deck, write nothing */
    int force;      /* overwrite an existing output file */
    int quiet;      /* no progress, report or notes on stdout */
    int no_write;   /* compute only (benchmarks): no dataset */
    int resume;     /* continue the run recorded in OUTPUT.progress */
    int backend;    /* --backend: enum lg_backend_choice over the deck's, or -1 (the deck's) */
} lg_run_options;

/* Run lensgen on MPI_COMM_WORLD (argv for provenance). Returns an exit status (enum lg_exit),
 * the same on every rank. */
int lg_engine_run(const lg_run_options *opt, int argc, char **argv);

#endif
