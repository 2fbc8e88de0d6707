/* engine_schedule.c: which rank computes which batch, and when: a static split of the pending
 * batches (computing batch k + 1 while batch k is written) or a dynamic one (a shared counter),
 * with a collective checkpoint-or-stop decision after every round. */
#include <mpi.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decomposition.h"
#include "engine_run.h"

/* Longest dynamic-schedule round: rounds end earlier when a rank fills its batch buffers or runs
 * out of work, but at least this often the ranks write, checkpoint and check for signals. */
#define ROUND_S 2.0

static volatile sig_atomic_t stop_signal = 0;

static void on_stop_signal(int sig)
{
    stop_signal = sig;
    lg_backend_request_stop(); /* the batch in progress ends within about a sample */
}

int lg_stop_signal(void)
{
    return (int)stop_signal;
}

void lg_install_stop_handlers(void)
{
    /* SIGTERM (a SLURM time limit, scancel), SIGINT and SIGUSR1 (mpirun forwards it) stop the
     * run after the batch in progress, with a checkpoint */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGUSR1, &sa, NULL);
}

/* Batch b into a slot, through the backend's stage table. Makes no MPI or HDF5 call (it may run
 * on the compute thread); a failure is kept in the slot and shared at its write round. */
static void compute_slot(lg_run_state *s, int slot, int64_t b)
{
    int64_t first, count;
    lg_batch_range(s->r->cfg, b, &first, &count);
    const int status =
        lg_gen_compute(s->r->slots[slot], first, count, s->r->mine->seconds, &s->host[slot]);
    s->slot_stopped[slot] = status == LG_BACKEND_STOPPED; /* incomplete: never written */
    s->slot_failed[slot] = (status != 0 && status != LG_BACKEND_STOPPED) || s->fault_compute;
    if (status != 0 || s->fault_compute)
        return; /* neither written nor counted */
    lg_snr_hist_add(&s->snr, s->host[slot].lenses, count);
    s->r->mine->samples += (double)count;
    s->done_samples += count;
}

/* After a round: checkpoint when due or stopping; 1 = stop, -1 = failure, 0 = go on. The ranks
 * decide together (one reduction): a checkpoint is collective, so a rank whose clock says
 * "due" must not enter it alone. */
static int end_of_round(lg_run_state *s, int failed)
{
    if (failed)
        return -1;
    const int due = lg_now() - s->last_checkpoint >= s->r->cfg->checkpoint_s;
    int local = stop_signal ? 2 : due, verdict = 0;
    MPI_Allreduce(&local, &verdict, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (verdict >= 1 && lg_output_checkpoint(s))
        return -1;
    return verdict == 2;
}

/* A batch computed on a thread of its own while the main thread writes the previous one: the
 * compute thread makes no MPI or HDF5 call (its OpenMP team does the work), so MPI needs only
 * MPI_THREAD_FUNNELED and HDF5's collective calls stay on the main thread. */
typedef struct {
    lg_run_state *s;
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
static void compute_start(compute_job *job, lg_run_state *s, int slot, int64_t batch)
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
int lg_schedule_static(lg_run_state *s, lg_progress *progress)
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
        int verdict = end_of_round(s, lg_output_write_round(s, &b, b >= 0, slot));
        compute_wait(&job);
        if (r->rank == 0 && count > 0)
            lg_progress_update(progress, progress->already + s->todo_samples * (it + 1) / count,
                               r->cfg->n_samples);
        if (verdict)
            return verdict;
    }
    return 0;
}

/* The next pending batch from the shared counter, or -1 (and *exhausted) when none is left. */
static int64_t next_pending(lg_run_state *s, MPI_Win win, int *exhausted)
{
    const int64_t one = 1;
    int64_t next = 0;
    MPI_Fetch_and_op(&one, &next, MPI_INT64_T, 0, 0, MPI_SUM, win);
    MPI_Win_flush(0, win);
    if (next < s->n_pending)
        return s->pending[next];
    *exhausted = 1;
    return -1;
}

/* Exchange two batch buffers with what they hold (the buffer of a carried batch becomes slot 0). */
static void swap_slots(lg_run_state *s, int a, int b)
{
    if (a == b)
        return;
    lensgen_gen *tb = s->r->slots[a];
    s->r->slots[a] = s->r->slots[b];
    s->r->slots[b] = tb;
    lg_host_batch th = s->host[a];
    s->host[a] = s->host[b];
    s->host[b] = th;
    const int tf = s->slot_failed[a], ts = s->slot_stopped[a];
    s->slot_failed[a] = s->slot_failed[b];
    s->slot_failed[b] = tf;
    s->slot_stopped[a] = s->slot_stopped[b];
    s->slot_stopped[b] = ts;
}

/* Dynamic schedule: a counter on rank 0 (MPI one-sided fetch-and-add) hands out the next
 * pending batch to whichever rank asks. A round ends as soon as one rank has filled its batch
 * buffers but one or run out of work (it raises a flag beside the counter; the others see it
 * after their current batch), or after ROUND_S seconds; then every rank writes what it made,
 * collectively, while it computes one more batch into the spare buffer (carried into the next
 * round). Faster ranks thus make more batches per round, and writes overlap compute. */
int lg_schedule_dynamic(lg_run_state *s, lg_progress *progress)
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
    const int cap = r->n_slots - 1; /* batches per round: one buffer stays free for overlap */
    int exhausted = 0, verdict = 0, carried = 0;
    int64_t slot_batch[LG_MAX_SLOTS];
    for (int64_t round = 1; !verdict; ++round) {
        int n_used = carried; /* a batch computed during the last write sits in slot 0 */
        const double t_round = lg_now();
        for (;;) {
            int64_t ended = 0;
            MPI_Fetch_and_op(NULL, &ended, MPI_INT64_T, 0, 1, MPI_NO_OP, win);
            MPI_Win_flush(0, win);
            if (ended >= round || lg_now() - t_round >= ROUND_S || stop_signal)
                break;
            if (!exhausted && n_used < cap) {
                const int64_t next = next_pending(s, win, &exhausted);
                if (next >= 0) {
                    slot_batch[n_used] = next;
                    compute_slot(s, n_used, next);
                    ++n_used;
                    continue;
                }
            }
            /* full or out of work: end the round for everyone */
            MPI_Accumulate(&round, 1, MPI_INT64_T, 0, 1, 1, MPI_INT64_T, MPI_MAX, win);
            MPI_Win_flush(0, win);
        }
        /* the next batch computes in the spare buffer while this round is written */
        const int64_t ahead = exhausted || stop_signal ? -1 : next_pending(s, win, &exhausted);
        compute_job job;
        compute_start(&job, s, n_used, ahead);
        verdict = end_of_round(s, lg_output_write_round(s, slot_batch, n_used, 0));
        compute_wait(&job);
        carried = ahead >= 0;
        if (carried) {
            swap_slots(s, 0, n_used);
            slot_batch[0] = ahead;
        }
        if (r->rank == 0)
            lg_progress_update(progress, progress->already + s->done_samples * r->n_ranks,
                               r->cfg->n_samples);
        if (!verdict && !lg_mpi_any(!exhausted || n_used > 0 || carried))
            break; /* every rank is out of work and wrote nothing more */
    }
    MPI_Win_unlock_all(win);
    MPI_Win_free(&win);
    return verdict;
}
