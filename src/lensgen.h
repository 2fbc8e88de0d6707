/* lensgen.h: what lensgen promises to its callers: the exit statuses of the program (README,
 * "Running"). Scripts and job chains test these numbers. */
#ifndef LENSGEN_H
#define LENSGEN_H

/* Exit statuses of lensgen, the same on every rank. */
enum lg_exit {
    LG_EXIT_OK = 0,      /* the dataset is complete */
    LG_EXIT_RUNTIME = 1, /* a run-time failure (disk full, out of memory, I/O error) */
    LG_EXIT_INPUT = 2,   /* a bad command line, deck or output path */
    LG_EXIT_STOPPED = 3  /* stopped by SIGTERM, SIGINT or SIGUSR1 after a checkpoint: --resume */
};

#endif
