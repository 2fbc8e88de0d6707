#include "provenance.h"

#include <fftw3.h>
#include <hdf5.h>
#include <mpi.h>
#include <omp.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "version.h"

void lg_provenance_collect(lg_provenance *p, int argc, char **argv, int n_ranks)
{
    memset(p, 0, sizeof *p);
    snprintf(p->version, sizeof p->version, "%s", LG_VERSION);
    snprintf(p->git_revision, sizeof p->git_revision, "%s", LG_GIT_REVISION);
    snprintf(p->compiler, sizeof p->compiler, "%s", LG_COMPILER);
    snprintf(p->build_type, sizeof p->build_type, "%s", LG_BUILD_TYPE);
    snprintf(p->c_flags, sizeof p->c_flags, "%s", LG_C_FLAGS);
    int len = 0;
    char mpi[MPI_MAX_LIBRARY_VERSION_STRING];
    MPI_Get_library_version(mpi, &len);
    char *nl = strchr(mpi, '\n');
    if (nl)
        *nl = '\0';
    snprintf(p->mpi_version, sizeof p->mpi_version, "%s", mpi);
    unsigned maj, min, rel;
    H5get_libversion(&maj, &min, &rel);
    snprintf(p->hdf5_version, sizeof p->hdf5_version, "%u.%u.%u (parallel)", maj, min, rel);
    snprintf(p->fftw_version, sizeof p->fftw_version, "%s", fftwf_version);
    gethostname(p->host, sizeof p->host - 1);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(p->date, sizeof p->date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    size_t used = 0;
    for (int i = 0; i < argc && used < sizeof p->command_line; ++i)
        used += (size_t)snprintf(p->command_line + used, sizeof p->command_line - used, "%s%s",
                                 i ? " " : "", argv[i]);
    p->n_ranks = n_ranks;
    p->threads_rank0 = omp_get_max_threads();
}
