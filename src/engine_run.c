/* engine_run.c: batches -> ranks -> collective writes, with checkpoints and resume. */
#include "engine_run.h"

#include <errno.h>
#include <mpi.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkpoint.h"
#include "decomposition.h"
#include "io_hdf5.h"
#include "noise.h"
#include "progress.h"
#include "snr_summary.h"

/* Longest dynamic-schedule round: rounds end earlier when a rank fills its batch buffers or runs
 * out of work, but at least this often the ranks write, checkpoint and check for signals. */
#define ROUND_S 2.0

int lg_mpi_agree(int status_rank0)
{
    MPI_Bcast(&status_rank0, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return status_rank0;
}

int lg_mpi_any(int local)
{
    int any = 0;
    MPI_Allreduce(&local, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return any;
}

static volatile sig_atomic_t stop_signal = 0;

static void on_stop_signal(int sig)
{
    stop_signal = sig;
}

/* SIGTERM (a SLURM time limit, scancel), SIGINT and SIGUSR1 (mpirun forwards it) stop the run
 * after the batch in progress, with a checkpoint. */
static void install_stop_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGUSR1, &sa, NULL);
}

typedef struct {
    const lg_run *r;
    lg_writer *w;
    lg_record record; /* rank 0 */
    char tmp_path[LG_PATH_MAX + 32], record_path[LG_PATH_MAX + 32];
    char err[3 * LG_PATH_MAX];
    int64_t *pending, n_pending;
    double last_checkpoint;
    int64_t done_samples; /* this rank */
    lg_snr_hist snr;      /* this rank's samples of this run */
} run_state;

static void batch_range(const lg_config *cfg, int64_t b, int64_t *first, int64_t *count)
{
    *first = b * cfg->batch_size;
    *count = cfg->n_samples - *first < cfg->batch_size ? cfg->n_samples - *first : cfg->batch_size;
}

/* Rank 0: which batches remain. A fresh run: all; --resume: those the record lacks, with the
 * record checked against the deck. Returns an exit status (LG_EXIT_INPUT on a bad resume). */
static int plan_on_rank0(run_state *s, int *resume)
{
    const lg_config *cfg = s->r->cfg;
    *resume = 0;
    if (s->r->cli->resume) {
        lg_record rec;
        char why[2 * LG_PATH_MAX];
        if (lg_record_load(s->record_path, &rec, why, sizeof why) != 0) {
            fprintf(stderr,
                    "lensgen: --resume: no usable completion record (%s); the run cannot "
                    "be resumed: rerun without --resume\n",
                    why);
            return LG_EXIT_INPUT;
        }
        if (rec.config_hash != lg_config_hash(cfg) || rec.n_samples != cfg->n_samples ||
            rec.batch_size != cfg->batch_size) {
            fprintf(stderr,
                    "lensgen: --resume: %s was written for another deck (the resolved "
                    "parameters differ); resume with the same deck and --set options\n",
                    s->record_path);
            lg_record_free(&rec);
            return LG_EXIT_INPUT;
        }
        s->record = rec;
        *resume = 1;
    } else if (lg_record_init(&s->record, cfg) != 0) {
        return LG_EXIT_RUNTIME;
    }
    s->pending = malloc(sizeof(int64_t) * (size_t)s->record.n_batches);
    s->n_pending = s->pending ? lg_record_pending(&s->record, s->pending) : 0;
    return s->pending ? LG_EXIT_OK : LG_EXIT_RUNTIME;
}

/* Open (resume) or create (fresh, or damaged file) the dataset file; every rank learns the
 * pending batches. Returns an exit status. */
static int open_output(run_state *s)
{
    const lg_run *r = s->r;
    int resume = 0, status = r->rank == 0 ? plan_on_rank0(s, &resume) : LG_EXIT_OK;
    if ((status = lg_mpi_agree(status)) != LG_EXIT_OK)
        return status;
    resume = lg_mpi_agree(resume);
    long long n = (long long)s->n_pending;
    MPI_Bcast(&n, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    s->n_pending = n;
    if (r->rank != 0)
        s->pending = malloc(sizeof(int64_t) * (size_t)(n > 0 ? n : 1));
    MPI_Bcast(s->pending, (int)n, MPI_INT64_T, 0, MPI_COMM_WORLD);
    if (r->cli->no_write)
        return LG_EXIT_OK;
    if (resume) {
        s->w = lg_writer_open(MPI_COMM_WORLD, s->tmp_path, r->cfg, s->err, sizeof s->err);
        if (s->w) {
            if (r->rank == 0 && !r->cli->quiet)
                fprintf(stderr, "lensgen: resuming %s: %lld of %lld batches left\n", s->tmp_path,
                        (long long)s->n_pending,
                        (long long)(r->rank == 0 ? s->record.n_batches : 0));
            return LG_EXIT_OK;
        }
        /* never trust a damaged file: start it again, and say so */
        if (r->rank == 0) {
            fprintf(stderr, "lensgen: %s; recomputing all %lld samples\n", s->err,
                    (long long)r->cfg->n_samples);
            memset(s->record.done, 0, (size_t)s->record.n_batches);
            s->n_pending = lg_record_pending(&s->record, s->pending);
        }
        n = (long long)s->n_pending;
        MPI_Bcast(&n, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
        s->n_pending = n;
        free(s->pending);
        s->pending = malloc(sizeof(int64_t) * (size_t)n);
        for (int64_t i = 0; i < n; ++i)
            s->pending[i] = i;
    }
    s->w = lg_writer_create(MPI_COMM_WORLD, s->tmp_path, r->cfg, r->deck_text, r->cli->deck,
                            r->prov, s->err, sizeof s->err);
    if (lg_mpi_any(s->w == NULL))
        return LG_EXIT_RUNTIME;
    if (r->rank == 0 && lg_record_save(s->record_path, &s->record) != 0)
        fprintf(stderr, "lensgen: warning: cannot write %s (%s): --resume will not work\n",
                s->record_path, strerror(errno));
    return LG_EXIT_OK;
}

/* Sync the data, then record the batches done: only what is on disk is ever listed. */
static int checkpoint(run_state *s)
{
    if (!s->w)
        return 0;
    int bad = lg_mpi_any(lg_writer_sync(s->w) != 0);
    if (!bad && s->r->rank == 0 && lg_record_save(s->record_path, &s->record) != 0)
        fprintf(stderr, "lensgen: warning: cannot update %s (%s)\n", s->record_path,
                strerror(errno));
    s->last_checkpoint = lg_now();
    return bad;
}

/* One collective write per slot used this round (ranks with fewer batches write nothing),
 * then rank 0 marks the written batches. Returns non-zero on every rank on failure. */
static int write_round(run_state *s, const int64_t *slot_batch, int n_used, int first_slot)
{
    const lg_run *r = s->r;
    int k_round = 0, failed = 0;
    MPI_Allreduce(&n_used, &k_round, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    double tw = lg_now();
    for (int j = 0; j < k_round && s->w && !failed; ++j) {
        int64_t first = 0, count = 0;
        if (j < n_used)
            batch_range(r->cfg, slot_batch[j], &first, &count);
        const lg_batch *batch = r->batches[first_slot + (j < n_used ? j : 0)];
        const float *maps[LG_N_MAPS];
        for (int m = 0; m < LG_N_MAPS; ++m)
            maps[m] = lg_batch_map(batch, m);
        const lg_lens *lenses = lg_batch_lenses(batch);
        failed = lg_mpi_any(lg_writer_write_batch(s->w, first, count, maps, lenses) != 0);
    }
    r->mine->seconds[LG_PH_WRITE] += lg_now() - tw;
    if (failed) {
        snprintf(s->err, sizeof s->err, "%s: a collective write failed (disk full?)", s->tmp_path);
        return failed;
    }
    /* rank 0 learns which batches every rank wrote */
    int64_t *mine = calloc((size_t)k_round + 1, sizeof(int64_t)), *all = NULL;
    for (int j = 0; j < k_round; ++j)
        mine[j] = j < n_used ? slot_batch[j] : -1;
    if (r->rank == 0)
        all = malloc(sizeof(int64_t) * (size_t)(k_round + 1) * (size_t)r->n_ranks);
    if (k_round > 0)
        MPI_Gather(mine, k_round, MPI_INT64_T, all, k_round, MPI_INT64_T, 0, MPI_COMM_WORLD);
    for (int64_t i = 0; r->rank == 0 && i < (int64_t)k_round * r->n_ranks; ++i)
        if (all[i] >= 0)
            s->record.done[all[i]] = 1;
    free(mine);
    free(all);
    return 0;
}

static void compute_slot(run_state *s, int slot, int64_t b)
{
    int64_t first, count;
    batch_range(s->r->cfg, b, &first, &count);
    lg_batch_compute(s->r->batches[slot], s->r->cosmo, first, count, s->r->mine->seconds);
    lg_snr_hist_add(&s->snr, lg_batch_lenses(s->r->batches[slot]), count);
    s->r->mine->samples += (double)count;
    s->done_samples += count;
}

/* After a round: checkpoint when due or stopping; 1 = stop, -1 = failure, 0 = go on. The ranks
 * decide together (one reduction): a checkpoint is collective, so a rank whose clock says
 * "due" must not enter it alone. */
static int end_of_round(run_state *s, int failed)
{
    if (failed)
        return -1;
    const int due = lg_now() - s->last_checkpoint >= s->r->cfg->checkpoint_s;
    int local = stop_signal ? 2 : due, verdict = 0;
    MPI_Allreduce(&local, &verdict, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (verdict >= 1 && checkpoint(s))
        return -1;
    return verdict == 2;
}

/* A batch computed on a thread of its own while the main thread writes the previous one: the
 * compute thread makes no MPI or HDF5 call (its OpenMP team does the work), so MPI needs only
 * MPI_THREAD_FUNNELED and HDF5's collective calls stay on the main thread. */
typedef struct {
    run_state *s;
    int slot;
    int64_t batch;
    pthread_t thread;
    int running;
} compute_job;

static void *compute_thread(void *arg)
{
    compute_job *job = arg;
    compute_slot(job->s, job->slot, job->batch);
    return NULL;
}

/* Start computing `batch` into `slot` in the background (b < 0: nothing); if no thread can be
 * made, compute it now: the data is the same, only the overlap is lost. */
static void compute_start(compute_job *job, run_state *s, int slot, int64_t batch)
{
    *job = (compute_job){s, slot, batch, 0, 0};
    if (batch < 0)
        return;
    if (pthread_create(&job->thread, NULL, compute_thread, job) == 0)
        job->running = 1;
    else
        compute_slot(s, slot, batch);
}

static void compute_wait(compute_job *job)
{
    if (job->running)
        pthread_join(job->thread, NULL);
    job->running = 0;
}

/* Static schedule: rank r takes a contiguous block of the pending batches, one per round; with
 * two batch buffers, batch k + 1 is computed while batch k is written (total time ~ max of the
 * two, not their sum). */
static int run_static(run_state *s, lg_progress *progress)
{
    const lg_run *r = s->r;
    /* rank 0 splits the pending batches into contiguous blocks and scatters (start, count) */
    int64_t *blocks = NULL, mine[2], n_iter = 0;
    if (r->rank == 0) {
        blocks = malloc(sizeof(int64_t) * 2 * (size_t)r->n_ranks);
        for (int k = 0; k < r->n_ranks; ++k)
            lg_block(s->n_pending, r->n_ranks, k, &blocks[2 * k], &blocks[2 * k + 1]);
    }
    MPI_Scatter(blocks, 2, MPI_INT64_T, mine, 2, MPI_INT64_T, 0, MPI_COMM_WORLD);
    free(blocks);
    const int64_t start = mine[0], count = mine[1];
    MPI_Allreduce(&count, &n_iter, 1, MPI_INT64_T, MPI_MAX, MPI_COMM_WORLD);
    if (count > 0)
        compute_slot(s, 0, s->pending[start]);
    for (int64_t it = 0; it < n_iter; ++it) {
        const int slot = (int)(it % 2); /* engine.c gives the static schedule two buffers */
        int64_t b = it < count ? s->pending[start + it] : -1;
        const int64_t next = it + 1 < count ? s->pending[start + it + 1] : -1;
        compute_job job;
        compute_start(&job, s, 1 - slot, next);
        int verdict = end_of_round(s, write_round(s, &b, b >= 0, slot));
        compute_wait(&job);
        if (r->rank == 0 && count > 0)
            lg_progress_update(progress, r->cfg->n_samples * (it + 1) / count, r->cfg->n_samples);
        if (verdict)
            return verdict;
    }
    return 0;
}

/* Dynamic schedule: a counter on rank 0 (MPI one-sided fetch-and-add) hands out the next
 * pending batch to whichever rank asks. A round ends as soon as one rank has filled its n_slots
 * batch buffers or run out of work (it raises a flag beside the counter; the others see it after
 * their current batch), or after ROUND_S seconds; then every rank writes what it made,
 * collectively. Faster ranks thus make more batches per round. */
static int run_dynamic(run_state *s, lg_progress *progress)
{
    const lg_run *r = s->r;
    int64_t *shared = NULL; /* on rank 0: [0] next pending batch, [1] last round that ended */
    MPI_Win win;
    MPI_Win_allocate(r->rank == 0 ? (MPI_Aint)(2 * sizeof(int64_t)) : 0, sizeof(int64_t),
                     MPI_INFO_NULL, MPI_COMM_WORLD, &shared, &win);
    if (r->rank == 0)
        shared[0] = shared[1] = 0;
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Win_lock_all(0, win);
    int exhausted = 0, verdict = 0;
    int64_t slot_batch[64];
    for (int64_t round = 1; !verdict; ++round) {
        int n_used = 0;
        const double t_round = lg_now();
        for (;;) {
            int64_t ended = 0;
            MPI_Fetch_and_op(NULL, &ended, MPI_INT64_T, 0, 1, MPI_NO_OP, win);
            MPI_Win_flush(0, win);
            if (ended >= round || lg_now() - t_round >= ROUND_S)
                break;
            if (!exhausted && n_used < r->n_slots) {
                const int64_t one = 1;
                int64_t next = 0;
                MPI_Fetch_and_op(&one, &next, MPI_INT64_T, 0, 0, MPI_SUM, win);
                MPI_Win_flush(0, win);
                if (next < s->n_pending) {
                    slot_batch[n_used] = s->pending[next];
                    compute_slot(s, n_used, slot_batch[n_used]);
                    ++n_used;
                    continue;
                }
                exhausted = 1;
            }
            /* full or out of work: end the round for everyone */
            MPI_Accumulate(&round, 1, MPI_INT64_T, 0, 1, 1, MPI_INT64_T, MPI_MAX, win);
            MPI_Win_flush(0, win);
        }
        verdict = end_of_round(s, write_round(s, slot_batch, n_used, 0));
        if (r->rank == 0)
            lg_progress_update(progress, s->done_samples * r->n_ranks, r->cfg->n_samples);
        if (!verdict && !lg_mpi_any(!exhausted || n_used > 0))
            break; /* every rank is out of work and wrote nothing more */
    }
    MPI_Win_unlock_all(win);
    MPI_Win_free(&win);
    return verdict;
}

/* The signal-to-noise quantiles of every rank's samples, and the warning, on rank 0. */
static void report_snr(const run_state *s)
{
    lg_snr_hist all;
    MPI_Reduce(s->snr.count, all.count, 2 * LG_SNR_BINS, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    const lg_config *cfg = s->r->cfg;
    const char *advice = cfg->noise_type == LG_NOISE_POISSON ? "raise noise.exposure"
                         : cfg->sigma_from == LG_SIGMA_SHAPE_NOISE
                             ? "raise noise.n_gal or lower noise.sigma_e"
                             : "lower noise.sigma";
    if (s->r->rank == 0)
        lg_snr_report(&all, s->r->cli->quiet ? NULL : stdout, stderr, advice);
}

static void report_timing(const run_state *s)
{
    const lg_run *r = s->r;
    const lg_config *cfg = r->cfg;
    lg_rank_timing *rows = r->rank == 0 ? malloc(sizeof *rows * (size_t)r->n_ranks) : NULL;
    MPI_Gather(r->mine, (int)sizeof *r->mine, MPI_BYTE, rows, (int)sizeof *r->mine, MPI_BYTE, 0,
               MPI_COMM_WORLD);
    if (s->w)
        lg_writer_write_timing(s->w, rows, r->n_ranks);
    if (r->rank == 0) {
        char csv[LG_PATH_MAX + 32];
        snprintf(csv, sizeof csv, "%s", cfg->output_file);
        char *dot = strrchr(csv, '.');
        if (dot && !strchr(dot, '/'))
            *dot = '\0';
        strcat(csv, ".timing.csv");
        if (lg_timing_write_csv(csv, rows, r->n_ranks) != 0)
            fprintf(stderr, "lensgen: warning: cannot write %s (%s)\n", csv, strerror(errno));
        if (!r->cli->quiet) {
            double made = 0; /* this run's samples: fewer than n_samples after --resume */
            for (int i = 0; i < r->n_ranks; ++i)
                made += rows[i].samples;
            lg_timing_report(stdout, rows, r->n_ranks, (int64_t)made, cfg->npix);
            if (r->cli->no_write)
                printf("output: none (--no-write: no dataset written; the timing CSV is %s)\n",
                       csv);
            else
                printf("output: %s\n", cfg->output_file);
            printf("timing: %s\n", csv);
        }
    }
    free(rows);
}

int lg_run_batches(const lg_run *r)
{
    run_state s;
    memset(&s, 0, sizeof s);
    s.r = r;
    snprintf(s.tmp_path, sizeof s.tmp_path, "%s.tmp", r->cfg->output_file);
    snprintf(s.record_path, sizeof s.record_path, "%s.progress", r->cfg->output_file);
    install_stop_handlers();
    double tw = lg_now();
    int status = open_output(&s);
    r->mine->seconds[LG_PH_WRITE] += lg_now() - tw;
    s.last_checkpoint = lg_now();
    if (r->rank == 0 && status == LG_EXIT_OK && !r->cli->quiet && s.n_pending < r->n_ranks)
        fprintf(stderr,
                "lensgen: note: %lld batch(es) of %lld samples for %d ranks: some ranks stay "
                "idle; a batch_size of at most n_samples/ranks keeps them all busy\n",
                (long long)s.n_pending, (long long)r->cfg->batch_size, r->n_ranks);
    int verdict = status == LG_EXIT_OK ? 0 : -1;
    if (!verdict) {
        lg_progress progress;
        lg_progress_start(&progress, r->rank == 0 && !r->cli->quiet);
        verdict = r->cfg->schedule == LG_SCHEDULE_DYNAMIC ? run_dynamic(&s, &progress)
                                                          : run_static(&s, &progress);
        lg_progress_finish(&progress);
    }
    r->mine->threads = r->n_threads;
    r->mine->peak_rss_mib = lg_peak_rss_mib();
    r->mine->seconds[LG_PH_TOTAL] = lg_now() - r->t_start;
    if (verdict == 0) {
        report_timing(&s);
        report_snr(&s);
    }
    int failed = verdict < 0;
    if (s.w)
        failed = lg_mpi_any(lg_writer_close(s.w) != 0 || failed);
    if (r->rank == 0 && s.w) {
        if (verdict > 0) {
            fprintf(stderr,
                    "lensgen: stopped by signal %d after a checkpoint: %s holds the "
                    "finished batches; continue with the same command plus --resume\n",
                    (int)stop_signal, s.tmp_path);
        } else if (!failed) {
            if (rename(s.tmp_path, r->cfg->output_file) != 0) {
                snprintf(s.err, sizeof s.err, "%s: cannot rename to %s (%s)", s.tmp_path,
                         r->cfg->output_file, strerror(errno));
                failed = 1;
            } else {
                unlink(s.record_path);
            }
        }
        if (failed) {
            fprintf(stderr, "lensgen: %s; no output written\n", *s.err ? s.err : "the run failed");
            unlink(s.tmp_path);
            unlink(s.record_path);
        }
    }
    if (r->rank == 0 && status == LG_EXIT_RUNTIME && *s.err)
        fprintf(stderr, "lensgen: %s\n", s.err);
    if (r->rank == 0)
        lg_record_free(&s.record);
    free(s.pending);
    failed = lg_mpi_agree(failed);
    if (status != LG_EXIT_OK)
        return status;
    return failed ? LG_EXIT_RUNTIME : verdict > 0 ? LG_EXIT_STOPPED : LG_EXIT_OK;
}
