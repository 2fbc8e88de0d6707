/* main.c: lensgen entry point. */
#include <mpi.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "deck.h"
#include "engine.h"
#include "library_internal.h"
#include "probe.h"
#include "version.h"

int main(int argc, char **argv)
{
    /* FUNNELED: the engine computes a batch on a second thread (with its OpenMP team) while the
     * main thread, which alone calls MPI and HDF5, writes the previous one */
    int provided = MPI_THREAD_SINGLE;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    lg_library_init(); /* FFTW planner thread-safe, GSL errors as status codes */
    if (argc > 1 && strcmp(argv[1], "probe") == 0) {
        /* rank 0 answers; with mpirun, the other ranks only wait for it */
        int status = rank == 0 ? lg_probe(argc - 2, argv + 2, stdout, stderr) : 0;
        MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
        MPI_Finalize();
        return status;
    }
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
        const lg_run_options opt = {.deck = cli.deck,
                                    .overrides = cli.overrides,
                                    .n_overrides = cli.n_overrides,
                                    .check_deck = cli.check_deck,
                                    .force = cli.force,
                                    .quiet = cli.quiet,
                                    .no_write = cli.no_write,
                                    .resume = cli.resume,
                                    .backend = cli.backend};
        status = lg_engine_run(&opt, argc, argv);
    }
    MPI_Finalize();
    return status;
}
