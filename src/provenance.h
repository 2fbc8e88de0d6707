/* provenance.h: where and how a dataset was made; stored in /provenance. */
#ifndef LG_PROVENANCE_H
#define LG_PROVENANCE_H

typedef struct {
    char version[32], git_revision[64], compiler[64], build_type[32], c_flags[512];
    char mpi_version[256], hdf5_version[32], fftw_version[64];
    char host[256], date[64], command_line[4096];
    int n_ranks, threads_rank0;
} lg_provenance;

/* Fill on one rank (rank 0); broadcast as bytes so every rank writes identical attributes. */
void lg_provenance_collect(lg_provenance *p, int argc, char **argv, int n_ranks);

#endif
