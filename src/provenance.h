/* provenance.h: where and how a dataset was made; stored in /provenance. */
#ifndef LG_PROVENANCE_H
#define LG_PROVENANCE_H

#include "timing.h"

typedef struct {
    char version[32], git_revision[64], compiler[64], build_type[32], c_flags[512];
    char mpi_version[256], hdf5_version[32], fftw_version[64];
    char host[256], date[64], command_line[4096];
    int n_ranks, threads_rank0;
    /* the backends: rank 0 sets these three before the broadcast (engine.c) */
    char backend[LG_BACKEND_NAME];                 /* rank 0's: "cpu" or "cuda" */
    int cuda_runtime_version, cuda_driver_version; /* of rank 0's device; 0 when not cuda */
    /* every rank's device name by rank ("" on the CPU), n_ranks of them; set on each rank
     * after the broadcast (a pointer, so not from it) */
    const char (*devices)[LG_DEVICE_NAME];
} lg_provenance;

/* Fill on one rank (rank 0); broadcast as bytes so every rank writes identical attributes. */
void lg_provenance_collect(lg_provenance *p, int argc, char **argv, int n_ranks);

#endif
