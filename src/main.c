/* main.c: lensgen entry point. */
#include <fftw3.h>
#include <mpi.h>
#include <stdio.h>

#include "cli.h"
#include "deck.h"
#include "engine.h"
#include "version.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    fftwf_make_planner_thread_safe();
    lg_cli cli;
    int status = lg_cli_parse(argc, argv, &cli, rank == 0);
    if (status == 0 && (cli.help || cli.version || cli.print_reference)) {
        if (rank == 0) {
            if (cli.help)
                lg_cli_usage(argv[0]);
            else if (cli.version)
                printf("lensgen %s (git %s), %s\n", LG_VERSION, LG_GIT_REVISION, LG_COMPILER);
            else
                lg_deck_print_reference(stdout);
        }
    } else if (status == 0) {
        status = lg_engine_run(&cli, argc, argv);
    }
    MPI_Finalize();
    return status;
}
