/* engine.c: the only file that talks MPI to the other ranks (besides the collective I/O). */
#include "engine.h"

#include <errno.h>
#include <fftw3.h>
#include <mpi.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cosmology.h"
#include "decomposition.h"
#include "deck.h"
#include "io_hdf5.h"
#include "batch.h"
#include "noise.h"
#include "progress.h"
#include "provenance.h"
#include "timing.h"

enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_INPUT = 2 };

/* Rank 0 decides, everyone learns the verdict: no rank can be left waiting. */
static int agree(int status_rank0)
{
    MPI_Bcast(&status_rank0, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return status_rank0;
}

static int any_failed(int local_failed)
{
    int any = 0;
    MPI_Allreduce(&local_failed, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return any;
}

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
static int load_on_rank0(const lg_cli *cli, lg_config *cfg, char **text)
{
    if (lg_deck_load(cli->deck, cli->overrides, cli->n_overrides, cfg, text, stderr) != 0)
        return EXIT_INPUT;
    if (cli->check_deck)
        return EXIT_OK;
    if (!cli->force && !cli->no_write && access(cfg->output_file, F_OK) == 0) {
        fprintf(stderr,
                "%s: output.file '%s' exists; use --force to overwrite it, or --set "
                "output.file=OTHER.h5\n",
                cli->deck, cfg->output_file);
        return EXIT_INPUT;
    }
    if (make_parent_dirs(cfg->output_file) != 0) {
        fprintf(stderr, "%s: output.file '%s': cannot create its directory (%s)\n", cli->deck,
                cfg->output_file, strerror(errno));
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

static void report_timing(const lg_cli *cli, const lg_config *cfg, lg_writer *w,
                          lg_rank_timing *mine, int rank, int n_ranks)
{
    lg_rank_timing *rows = rank == 0 ? malloc(sizeof *rows * (size_t)n_ranks) : NULL;
    MPI_Gather(mine, (int)sizeof *mine, MPI_BYTE, rows, (int)sizeof *mine, MPI_BYTE, 0,
               MPI_COMM_WORLD);
    if (w)
        lg_writer_write_timing(w, rows, n_ranks);
    if (rank == 0) {
        char csv[LG_PATH_MAX + 16];
        snprintf(csv, sizeof csv, "%s", cfg->output_file);
        char *dot = strrchr(csv, '.');
        if (dot && !strchr(dot, '/'))
            *dot = '\0';
        strcat(csv, ".timing.csv");
        if (lg_timing_write_csv(csv, rows, n_ranks) != 0)
            fprintf(stderr, "lensgen: warning: cannot write %s (%s)\n", csv, strerror(errno));
        if (!cli->quiet) {
            lg_timing_report(stdout, rows, n_ranks, cfg->n_samples, cfg->npix);
            printf("output: %s\ntiming: %s\n", cfg->output_file, csv);
        }
    }
    free(rows);
}

typedef struct {
    const lg_config *cfg;
    const lg_cosmology *cosmo;
    lg_batch *batch;
    int64_t start, count, n_iter;
    int rank;
} run_context;

/* Compute and write this rank's block, batch by batch; every rank makes n_iter collective
 * writes, the last ones possibly empty. The file appears under its final name only once it
 * is complete; with --no-write (benchmark mode) nothing is written but the timing CSV.
 * Returns non-zero on every rank if any rank failed. */
static int run_batches(const run_context *c, const lg_cli *cli, const char *deck_text,
                       const lg_provenance *prov, lg_rank_timing *mine, double t_start,
                       int n_threads, int n_ranks)
{
    const lg_config *cfg = c->cfg;
    const int64_t batch = cfg->batch_size, my_batches = lg_n_batches(c->count, batch);
    char tmp_path[LG_PATH_MAX + 32], err[3 * LG_PATH_MAX] = "";
    snprintf(tmp_path, sizeof tmp_path, "%s.tmp", cfg->output_file);
    lg_writer *w = NULL;
    int failed = 0;
    double tw = lg_now();
    if (!cli->no_write) {
        w = lg_writer_create(MPI_COMM_WORLD, tmp_path, cfg, deck_text, cli->deck, prov,
                             lg_noise_sigma(cfg), err, sizeof err);
        failed = any_failed(w == NULL);
    }
    mine->seconds[LG_PH_WRITE] += lg_now() - tw;

    lg_progress progress;
    lg_progress_start(&progress, c->rank == 0 && !cli->quiet);
    for (int64_t it = 0; it < c->n_iter && !failed; ++it) {
        int64_t first = c->start + it * batch;
        int64_t left = c->count - it * batch;
        int64_t todo = it < my_batches ? (left < batch ? left : batch) : 0;
        lg_batch_compute(c->batch, c->cosmo, first, todo, mine->seconds);
        tw = lg_now();
        if (w) {
            const float *maps[LG_N_MAPS];
            for (int m = 0; m < LG_N_MAPS; ++m)
                maps[m] = lg_batch_map(c->batch, m);
            int bad = lg_writer_write_batch(w, first, todo, maps, lg_batch_lenses(c->batch)) != 0;
            if ((failed = any_failed(bad)) != 0)
                snprintf(err, sizeof err, "%s: a collective write failed (disk full?)", tmp_path);
        }
        mine->seconds[LG_PH_WRITE] += lg_now() - tw;
        mine->samples += (double)todo;
        if (c->rank == 0 && c->count > 0)
            lg_progress_update(&progress,
                               (int64_t)((double)cfg->n_samples * mine->samples / (double)c->count),
                               cfg->n_samples);
    }
    lg_progress_finish(&progress);
    mine->threads = n_threads;
    mine->peak_rss_mib = lg_peak_rss_mib();
    mine->seconds[LG_PH_TOTAL] = lg_now() - t_start;

    if (!failed)
        report_timing(cli, cfg, w, mine, c->rank, n_ranks);
    if (!w)
        return failed;
    failed = any_failed(lg_writer_close(w) != 0 || failed);
    if (c->rank == 0) {
        if (!failed && rename(tmp_path, cfg->output_file) != 0) {
            snprintf(err, sizeof err, "%s: cannot rename to %s (%s)", tmp_path, cfg->output_file,
                     strerror(errno));
            failed = 1;
        }
        if (failed) {
            fprintf(stderr, "lensgen: %s; no output written\n", *err ? err : "the run failed");
            unlink(tmp_path);
        }
    }
    return failed;
}

int lg_engine_run(const lg_cli *cli, int argc, char **argv)
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
    int status = rank == 0 ? load_on_rank0(cli, &cfg, &deck_text) : EXIT_OK;
    if ((status = agree(status)) != EXIT_OK) {
        free(deck_text);
        return status;
    }
    if (cli->check_deck) {
        if (rank == 0) {
            lg_deck_print_resolved(&cfg, stdout);
            printf("%s: deck OK\n", cli->deck);
        }
        free(deck_text);
        return EXIT_OK;
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

    /* ---- decomposition: contiguous blocks, scattered from rank 0 ---- */
    int64_t *blocks = NULL, my_block[2];
    if (rank == 0) {
        blocks = malloc(sizeof(int64_t) * 2 * (size_t)n_ranks);
        for (int r = 0; r < n_ranks; ++r)
            lg_block(cfg.n_samples, n_ranks, r, &blocks[2 * r], &blocks[2 * r + 1]);
    }
    MPI_Scatter(blocks, 2, MPI_INT64_T, my_block, 2, MPI_INT64_T, 0, MPI_COMM_WORLD);
    free(blocks);
    const int64_t start = my_block[0], count = my_block[1];
    const int64_t batch = cfg.batch_size;
    int64_t my_batches = lg_n_batches(count, batch), n_iter = 0;
    MPI_Allreduce(&my_batches, &n_iter, 1, MPI_INT64_T, MPI_MAX, MPI_COMM_WORLD);

    /* ---- set-up: physics and buffers sized by the batch (not by n_samples) ---- */
    lg_cosmology cosmo;
    lg_cosmology_init(&cosmo, cfg.H0, cfg.Omega_m);
    int n_threads = omp_get_max_threads();
    int64_t buf_len = count < batch ? (count > 0 ? count : 1) : batch;
    lg_batch *work = lg_batch_create(&cfg, buf_len, n_threads);
    int failed = work == NULL;
    if (any_failed(failed)) {
        if (failed)
            fprintf(stderr,
                    "lensgen: rank %d: out of memory for a batch of %lld maps of "
                    "%lldx%lld; lower batch_size\n",
                    rank, (long long)buf_len, (long long)cfg.npix, (long long)cfg.npix);
        lg_batch_free(work);
        free(deck_text);
        return EXIT_RUNTIME;
    }
    mine.seconds[LG_PH_DECK] = lg_now() - t_start;

    run_context ctx = {&cfg, &cosmo, work, start, count, n_iter, rank};
    failed = run_batches(&ctx, cli, deck_text, &prov, &mine, t_start, n_threads, n_ranks);
    failed = agree(failed);
    lg_batch_free(work);
    free(deck_text);
    return failed ? EXIT_RUNTIME : EXIT_OK;
}
