/* engine.c: a run's set-up on every rank: the deck read on rank 0 and broadcast, the physics,
 * the backend's batch buffers; then the run loop (engine_run.c). */
#include "engine.h"

#include <errno.h>
#include <mpi.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cosmology.h"
#include "deck.h"
#include "deck_notes.h"
#include "engine_run.h"
#include "fault.h"
#include "provenance.h"
#include "timing.h"

/* mkdir -p of the directory part of path. */
static int make_parent_dirs(const char *path)
{
    char buf[LG_PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; ++p) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return 0;
}

/* Rank 0: read and validate the deck, check the output path. */
static int load_on_rank0(const lg_run_options *opt, lg_config *cfg, char **text)
{
    if (lg_deck_load(opt->deck, opt->overrides, opt->n_overrides, cfg, text, stderr) != 0)
        return LG_EXIT_INPUT;
    if (opt->check_deck)
        return LG_EXIT_OK;
    if (!opt->force && !opt->no_write && !opt->resume && access(cfg->output_file, F_OK) == 0) {
        fprintf(stderr,
                "%s: output.file '%s' exists; use --force to overwrite it, or --set "
                "output.file=OTHER.h5\n",
                opt->deck, cfg->output_file);
        return LG_EXIT_INPUT;
    }
    if (make_parent_dirs(cfg->output_file) != 0) {
        fprintf(stderr, "%s: output.file '%s': cannot create its directory (%s)\n", opt->deck,
                cfg->output_file, strerror(errno));
        return LG_EXIT_INPUT;
    }
    return LG_EXIT_OK;
}

int lg_engine_run(const lg_run_options *opt, int argc, char **argv)
{
    int rank, n_ranks;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &n_ranks);
    lg_rank_timing mine;
    memset(&mine, 0, sizeof mine);
    double t_start = lg_now();

    /* ---- deck: rank 0 reads and validates, then broadcasts ---- */
    lg_config cfg;
    char *deck_text = NULL;
    int status = rank == 0 ? load_on_rank0(opt, &cfg, &deck_text) : LG_EXIT_OK;
    if ((status = lg_mpi_agree(status)) != LG_EXIT_OK) {
        free(deck_text);
        return status;
    }
    if (opt->check_deck) {
        if (rank == 0) {
            lg_deck_print_resolved(&cfg, stdout);
            lg_deck_notes(&cfg, stdout);
            printf("%s: deck OK\n", opt->deck);
        }
        free(deck_text);
        return LG_EXIT_OK;
    }
    MPI_Bcast(&cfg, (int)sizeof cfg, MPI_BYTE, 0, MPI_COMM_WORLD);
    long long text_len = rank == 0 ? (long long)strlen(deck_text) : 0;
    MPI_Bcast(&text_len, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    if (rank != 0)
        deck_text = calloc((size_t)text_len + 1, 1);
    MPI_Bcast(deck_text, (int)text_len, MPI_CHAR, 0, MPI_COMM_WORLD);
    lg_provenance prov;
    if (rank == 0)
        lg_provenance_collect(&prov, argc, argv, n_ranks);
    MPI_Bcast(&prov, (int)sizeof prov, MPI_BYTE, 0, MPI_COMM_WORLD);

    /* ---- set-up: physics and batch buffers (memory bounded by the batch, not by N) ---- */
    lg_cosmology cosmo;
    lg_cosmology_init(&cosmo, cfg.H0, cfg.Omega_m);
    const int n_threads = omp_get_max_threads();
    /* the dynamic schedule keeps up to 4 batches per round so faster ranks can do more; the
     * static one computes the next batch while the last is written */
    const int n_slots = cfg.schedule == LG_SCHEDULE_DYNAMIC ? LG_MAX_SLOTS : 2;
    const int64_t capacity = cfg.batch_size < cfg.n_samples ? cfg.batch_size : cfg.n_samples;
    const lg_backend_ops *backend = &lg_backend_cpu_ops;
    lg_backend slots[LG_MAX_SLOTS];
    memset(slots, 0, sizeof slots);
    int failed = 0;
    for (int i = 0; i < n_slots; ++i)
        failed |= lg_backend_create(&slots[i], backend, &cfg, capacity, n_threads) != 0;
    failed |= lg_fault("alloc");
    const int any_failed = lg_mpi_any(failed);
    if (any_failed) {
        if (failed)
            fprintf(stderr,
                    "lensgen: rank %d: out of memory for %d batch(es) of %lld maps of "
                    "%lldx%lld; lower batch_size\n",
                    rank, n_slots, (long long)capacity, (long long)cfg.npix, (long long)cfg.npix);
    } else {
        mine.seconds[LG_PH_DECK] = lg_now() - t_start;
        lg_run run = {&cfg,    &cosmo, opt,     deck_text, &prov,   slots,
                      n_slots, &mine,  t_start, rank,      n_ranks, n_threads};
        status = lg_run_batches(&run);
    }
    for (int i = 0; i < n_slots; ++i)
        lg_backend_destroy(&slots[i]);
    free(deck_text);
    return any_failed ? LG_EXIT_RUNTIME : status;
}
