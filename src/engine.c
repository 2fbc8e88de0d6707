/* engine.c: a run's set-up on every rank: the deck read on rank 0 and broadcast, each rank's
 * backend (engine_backend.c), the physics, the backend's batch buffers; then the run loop
 * (engine_run.c). */
#include "engine.h"

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
#include "engine_memory.h"
#include "engine_run.h"
#include "io_hdf5.h"
#include "output_path.h"
#include "checkpoint.h"
#include "fault.h"
#include "provenance.h"
#include "timing.h"

/* What rank 0 learned of the output before the run (the other ranks get `resume`). */
typedef struct {
    int resume;   /* continue the interrupted run recorded in OUTPUT.progress */
    int complete; /* --resume of a finished dataset: nothing to do */
    int lock_fd;  /* OUTPUT.tmp, locked for the run (rank 0); -1: none */
    int created;  /* OUTPUT.tmp was made by the lock: remove it if the run never starts */
} output_plan;

/* --resume or a plain run, given what an earlier run left. Returns an exit status. */
static int plan_output(const lg_run_options *opt, const lg_config *cfg, output_plan *plan)
{
    const char *out = cfg->output_file;
    const enum lg_output_state state = lg_output_state_of(out);
    if (opt->resume && state == LG_OUT_COMPLETE) {
        uint64_t hash = 0;
        if (lg_output_config_hash(out, &hash) == 0 && hash == lg_config_hash(cfg)) {
            if (!opt->quiet)
                fprintf(stderr, "lensgen: --resume: %s is complete; nothing to do\n", out);
            plan->complete = 1;
            return LG_EXIT_OK;
        }
        fprintf(stderr,
                "%s: --resume: '%s' is a finished dataset of another deck (or not lensgen's); "
                "use --force to overwrite it, or --set output.file=OTHER.h5\n",
                opt->deck, out);
        return LG_EXIT_INPUT;
    }
    if (opt->resume && state == LG_OUT_NONE && !opt->quiet)
        fprintf(stderr, "lensgen: --resume: no earlier run of %s; starting it\n", out);
    plan->resume = opt->resume && state == LG_OUT_INTERRUPTED;
    if (!opt->resume && !opt->force && state == LG_OUT_INTERRUPTED) {
        fprintf(stderr,
                "%s: output.file '%s' has an interrupted run (%s.progress): continue it with "
                "--resume, or start again with --force\n",
                opt->deck, out, out);
        return LG_EXIT_INPUT;
    }
    if (!opt->resume && !opt->force && state == LG_OUT_COMPLETE) {
        fprintf(stderr,
                "%s: output.file '%s' exists; use --force to overwrite it, or --set "
                "output.file=OTHER.h5\n",
                opt->deck, out);
        return LG_EXIT_INPUT;
    }
    return LG_EXIT_OK;
}

/* Rank 0: read and validate the deck, check the output path, decide what the run does with an
 * earlier run's files, and lock OUTPUT.tmp. */
static int load_on_rank0(const lg_run_options *opt, lg_config *cfg, char **text, output_plan *plan)
{
    if (lg_deck_load(opt->deck, opt->overrides, opt->n_overrides, cfg, text, stderr) != 0)
        return LG_EXIT_INPUT;
    if (opt->backend >= 0) /* --backend over the deck (and its --set) */
        cfg->backend = opt->backend;
    if (opt->check_deck || opt->no_write)
        return LG_EXIT_OK;
    char why[3 * LG_PATH_MAX];
    if (lg_output_path_check(cfg->output_file, why, sizeof why) != 0 ||
        lg_make_parent_dirs(cfg->output_file, why, sizeof why) != 0 ||
        lg_output_path_check(cfg->output_file, why, sizeof why) != 0) {
        fprintf(stderr, "%s: output.file '%s': %s\n", opt->deck, cfg->output_file, why);
        return LG_EXIT_INPUT;
    }
    int status = plan_output(opt, cfg, plan);
    if (status != LG_EXIT_OK || plan->complete)
        return status;
    char tmp[LG_PATH_MAX + 8];
    snprintf(tmp, sizeof tmp, "%s.tmp", cfg->output_file);
    int unlocked = 0;
    plan->lock_fd = lg_output_lock(tmp, &plan->created, &unlocked, why, sizeof why);
    if (plan->lock_fd < 0) {
        fprintf(stderr, "%s: output.file '%s': %s\n", opt->deck, cfg->output_file, why);
        return LG_EXIT_INPUT;
    }
    if (unlocked && !opt->quiet)
        fprintf(stderr,
                "lensgen: note: %s cannot be locked on this file system; make sure no "
                "other run writes the same output\n",
                tmp);
    return LG_EXIT_OK;
}

/* Rank 0, at the end: release the lock; an OUTPUT.tmp the lock made but no run wrote goes. */
static void release_output(const lg_config *cfg, output_plan *plan)
{
    if (plan->lock_fd < 0)
        return;
    struct stat st;
    char tmp[LG_PATH_MAX + 8];
    snprintf(tmp, sizeof tmp, "%s.tmp", cfg->output_file);
    if (plan->created && fstat(plan->lock_fd, &st) == 0 && st.st_size == 0 && st.st_nlink > 0)
        unlink(tmp);
    close(plan->lock_fd);
    plan->lock_fd = -1;
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
    output_plan plan = {0, 0, -1, 0};
    int status = rank == 0 ? load_on_rank0(opt, &cfg, &deck_text, &plan) : LG_EXIT_OK;
    /* a finished dataset under --resume is a success with nothing to do (requeued jobs) */
    if (rank == 0 && status == LG_EXIT_OK && plan.complete)
        status = -1;
    if ((status = lg_mpi_agree(status)) != LG_EXIT_OK) {
        free(deck_text);
        return status < 0 ? LG_EXIT_OK : status;
    }
    plan.resume = lg_mpi_agree(plan.resume);
    if (opt->check_deck) {
        if (rank == 0) {
            lg_deck_print_resolved(&cfg, stdout);
            lg_deck_notes(&cfg, stdout);
            const int64_t cap = cfg.batch_size < cfg.n_samples ? cfg.batch_size : cfg.n_samples;
            const int slots = cfg.schedule == LG_SCHEDULE_DYNAMIC ? LG_MAX_SLOTS : 2;
            printf(
                "memory: about %.0f MiB per rank (%d batch buffers of %lld samples, %d "
                "OpenMP threads)\n",
                lg_memory_estimate(&lg_backend_cpu_ops, &cfg, cap, slots, omp_get_max_threads()) /
                    1048576.0,
                slots, (long long)cap, omp_get_max_threads());
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

    /* ---- backend: each rank's CPU or CUDA device, agreed by all ranks ---- */
    lg_rank_backend rb;
    if ((status = lg_backend_select(&cfg, opt, rank, n_ranks, &rb)) != LG_EXIT_OK) {
        if (rank == 0)
            release_output(&cfg, &plan);
        free(deck_text);
        return status;
    }
    snprintf(mine.backend, sizeof mine.backend, "%s", rb.ops->name);
    if (rb.cuda)
        snprintf(mine.device, sizeof mine.device, "%s", rb.dev.name);
    char(*devices)[LG_DEVICE_NAME] = malloc((size_t)n_ranks * LG_DEVICE_NAME);
    if (lg_mpi_any(devices == NULL)) {
        if (!devices)
            fprintf(stderr, "lensgen: rank %d: out of memory\n", rank);
        if (rank == 0)
            release_output(&cfg, &plan);
        free(devices);
        free(deck_text);
        return LG_EXIT_RUNTIME;
    }
    MPI_Allgather(mine.device, LG_DEVICE_NAME, MPI_CHAR, devices, LG_DEVICE_NAME, MPI_CHAR,
                  MPI_COMM_WORLD);
    lg_provenance prov;
    if (rank == 0) {
        lg_provenance_collect(&prov, argc, argv, n_ranks);
        snprintf(prov.backend, sizeof prov.backend, "%s", mine.backend);
        prov.cuda_runtime_version = rb.cuda ? rb.dev.runtime_version : 0;
        prov.cuda_driver_version = rb.cuda ? rb.dev.driver_version : 0;
    }
    MPI_Bcast(&prov, (int)sizeof prov, MPI_BYTE, 0, MPI_COMM_WORLD);
    prov.devices = (const char(*)[LG_DEVICE_NAME])devices;

    /* ---- set-up: physics and batch buffers (memory bounded by the batch, not by N) ---- */
    const int n_threads = omp_get_max_threads();
    /* the dynamic schedule keeps up to 4 batches per round so faster ranks can do more; the
     * static one computes the next batch while the last is written */
    const int n_slots = cfg.schedule == LG_SCHEDULE_DYNAMIC ? LG_MAX_SLOTS : 2;
    const int64_t capacity = cfg.batch_size < cfg.n_samples ? cfg.batch_size : cfg.n_samples;
    if (lg_memory_check(rb.ops, &cfg, capacity, n_slots, n_threads, rank)) {
        if (rank == 0)
            release_output(&cfg, &plan);
        free(devices);
        free(deck_text);
        return LG_EXIT_INPUT;
    }
    lensgen_gen *slots[LG_MAX_SLOTS] = {NULL};
    int failed = 0;
    for (int i = 0; i < n_slots; ++i)
        failed |= (slots[i] = lg_gen_create(&cfg, rb.ops, capacity, n_threads)) == NULL;
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
        lg_run run = {&cfg,  opt,     deck_text, &prov,   slots,     n_slots,
                      &mine, t_start, rank,      n_ranks, n_threads, plan.resume};
        status = lg_run_batches(&run);
    }
    for (int i = 0; i < n_slots; ++i)
        lensgen_close(slots[i]);
    if (rank == 0)
        release_output(&cfg, &plan);
    free(devices);
    free(deck_text);
    return any_failed ? LG_EXIT_RUNTIME : status;
}
