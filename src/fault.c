/* fault.c: LENSGEN_FAULT="POINT:RANK" (fault.h); test builds only. */
#include "fault.h"

#ifdef LG_FAULTS
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lg_fault(const char *point)
{
    const char *spec = getenv("LENSGEN_FAULT");
    const size_t len = strlen(point);
    if (!spec || strncmp(spec, point, len) != 0 || spec[len] != ':')
        return 0;
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (atoi(spec + len + 1) != rank)
        return 0;
    fprintf(stderr, "lensgen: rank %d: injected failure at '%s' (LENSGEN_FAULT)\n", rank, point);
    return 1;
}
#endif
