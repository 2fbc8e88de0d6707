/* engine_output.c: the dataset file of a run: created (or reopened by --resume), written one
 * collective round at a time, checkpointed, and renamed into place only when complete. */
#include <errno.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine_run.h"

void lg_batch_range(const lg_config *cfg, int64_t b, int64_t *first, int64_t *count)
{
    *first = b * cfg->batch_size;
    *count = cfg->n_samples - *first < cfg->batch_size ? cfg->n_samples - *first : cfg->batch_size;
}

/* Rank 0: which batches remain. A fresh run: all; --resume: those the record lacks, with the
 * record checked against the deck. Returns an exit status (LG_EXIT_INPUT on a bad resume). */
static int plan_on_rank0(lg_run_state *s, int *resume)
{
    const lg_config *cfg = s->r->cfg;
    *resume = 0;
    if (s->r->resume) {
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

/* Rank 0's list of pending batches, on every rank. */
static void share_pending(lg_run_state *s)
{
    long long n = (long long)s->n_pending;
    MPI_Bcast(&n, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    s->n_pending = n;
    if (s->r->rank != 0) {
        free(s->pending);
        s->pending = malloc(sizeof(int64_t) * (size_t)(n > 0 ? n : 1));
    }
    MPI_Bcast(s->pending, (int)n, MPI_INT64_T, 0, MPI_COMM_WORLD);
}

/* --resume: every batch the record calls done is read back (the ranks share them) and its
 * checksum compared with the record's; a batch that differs (a kill or a disk damaged it) is
 * computed again, never trusted. Collective; rank 0 updates the record and the pending list. */
static void verify_done(lg_run_state *s)
{
    const lg_run *r = s->r;
    long long n = r->rank == 0 ? (long long)s->record.n_batches : 0;
    MPI_Bcast(&n, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    unsigned char *done = r->rank == 0 ? s->record.done : calloc((size_t)n, 1);
    uint64_t *sum = r->rank == 0 ? s->record.sum : calloc((size_t)n, sizeof(uint64_t));
    unsigned char *bad = calloc((size_t)n, 1), *all_bad = calloc((size_t)n, 1);
    MPI_Bcast(done, (int)n, MPI_UNSIGNED_CHAR, 0, MPI_COMM_WORLD);
    MPI_Bcast(sum, (int)n, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    int64_t k = 0;
    for (int64_t b = 0; b < n; ++b) {
        if (!done[b] || k++ % r->n_ranks != r->rank)
            continue;
        int64_t first, count;
        uint64_t got = 0;
        lg_batch_range(r->cfg, b, &first, &count);
        bad[b] = lg_writer_batch_checksum(s->w, first, count, &got) != 0 || got != sum[b];
    }
    MPI_Reduce(bad, all_bad, (int)n, MPI_UNSIGNED_CHAR, MPI_MAX, 0, MPI_COMM_WORLD);
    if (r->rank == 0) {
        int64_t n_bad = 0;
        for (int64_t b = 0; b < n; ++b)
            if (all_bad[b]) {
                s->record.done[b] = 0;
                ++n_bad;
            }
        if (n_bad > 0)
            fprintf(stderr,
                    "lensgen: --resume: %lld batch(es) of %s differ from their checksums in %s "
                    "(damaged by a kill or the disk): computing them again\n",
                    (long long)n_bad, s->tmp_path, s->record_path);
        s->n_pending = lg_record_pending(&s->record, s->pending);
    } else {
        free(done);
        free(sum);
    }
    free(bad);
    free(all_bad);
    share_pending(s);
}

int lg_output_open(lg_run_state *s)
{
    const lg_run *r = s->r;
    int resume = 0, status = r->rank == 0 ? plan_on_rank0(s, &resume) : LG_EXIT_OK;
    if ((status = lg_mpi_agree(status)) != LG_EXIT_OK)
        return status;
    resume = lg_mpi_agree(resume);
    share_pending(s);
    if (r->opt->no_write)
        return LG_EXIT_OK;
    if (resume) {
        s->w = lg_writer_open(MPI_COMM_WORLD, s->tmp_path, r->cfg, s->err, sizeof s->err);
        if (s->w) {
            s->record_saved = 1;
            verify_done(s);
            if (r->rank == 0 && !r->opt->quiet)
                fprintf(stderr, "lensgen: resuming %s: %lld of %lld batches left\n", s->tmp_path,
                        (long long)s->n_pending, (long long)s->record.n_batches);
            return LG_EXIT_OK;
        }
        /* never trust a damaged file: start it again, and say so */
        if (r->rank == 0) {
            fprintf(stderr, "lensgen: %s; recomputing all %lld samples\n", s->err,
                    (long long)r->cfg->n_samples);
            memset(s->record.done, 0, (size_t)s->record.n_batches);
            s->n_pending = lg_record_pending(&s->record, s->pending);
        }
        share_pending(s);
    }
    s->w = lg_writer_create(MPI_COMM_WORLD, s->tmp_path, r->cfg, r->deck_text, r->opt->deck,
                            r->prov, s->err, sizeof s->err);
    if (lg_mpi_any(s->w == NULL))
        return LG_EXIT_RUNTIME;
    if (r->rank == 0 && lg_record_save(s->record_path, &s->record) != 0)
        fprintf(stderr, "lensgen: warning: cannot write %s (%s): --resume will not work\n",
                s->record_path, strerror(errno));
    else
        s->record_saved = 1;
    return LG_EXIT_OK;
}

int lg_output_checkpoint(lg_run_state *s)
{
    if (!s->w)
        return 0;
    /* sync the data, then record the batches done: only what is on disk is ever listed */
    const int mine = lg_writer_sync(s->w) != 0;
    if (mine)
        fprintf(stderr, "lensgen: rank %d: syncing %s to disk failed (disk full or I/O error?)\n",
                s->r->rank, s->tmp_path);
    int bad = lg_mpi_any(mine);
    if (!bad && s->r->rank == 0 && lg_record_save(s->record_path, &s->record) != 0)
        fprintf(stderr, "lensgen: warning: cannot update %s (%s)\n", s->record_path,
                strerror(errno));
    s->last_checkpoint = lg_now();
    return bad;
}

/* Rank 0 learns which batches every rank wrote this round, with their checksums, and marks
 * them done. */
static void mark_written(lg_run_state *s, const int64_t *slot_batch, const uint64_t *sums,
                         int n_used, int k_round)
{
    const lg_run *r = s->r;
    int64_t *mine = calloc(2 * (size_t)k_round + 2, sizeof(int64_t)), *all = NULL;
    for (int j = 0; j < k_round; ++j) { /* pairs (batch, checksum) */
        const int used = j < n_used && j < LG_MAX_SLOTS;
        mine[2 * j] = used ? slot_batch[j] : -1;
        mine[2 * j + 1] = used ? (int64_t)sums[j] : 0;
    }
    if (r->rank == 0)
        all = malloc(sizeof(int64_t) * 2 * (size_t)(k_round + 1) * (size_t)r->n_ranks);
    if (k_round > 0)
        MPI_Gather(mine, 2 * k_round, MPI_INT64_T, all, 2 * k_round, MPI_INT64_T, 0,
                   MPI_COMM_WORLD);
    for (int64_t i = 0; r->rank == 0 && i < (int64_t)k_round * r->n_ranks; ++i)
        if (all[2 * i] >= 0) {
            s->record.done[all[2 * i]] = 1;
            s->record.sum[all[2 * i]] = (uint64_t)all[2 * i + 1];
        }
    free(mine);
    free(all);
}

int lg_output_write_round(lg_run_state *s, const int64_t *slot_batch, int n_used, int first_slot)
{
    const lg_run *r = s->r;
    /* one reduction: the most slots any rank used, and whether any rank's backend failed */
    int local[2] = {n_used, 0}, global[2];
    for (int j = 0; j < n_used; ++j)
        local[1] |= s->slot_failed[first_slot + j];
    MPI_Allreduce(local, global, 2, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    const int k_round = global[0];
    int failed = global[1];
    if (failed) {
        snprintf(s->err, sizeof s->err, "the %s backend failed on a batch",
                 lg_gen_ops(r->slots[0])->name);
        return failed;
    }
    double tw = lg_now();
    int64_t written[LG_MAX_SLOTS] = {-1, -1, -1, -1}; /* cut short by a stop: -1, not written */
    uint64_t sums[LG_MAX_SLOTS] = {0, 0, 0, 0};
    for (int j = 0; j < n_used; ++j)
        written[j] = s->slot_stopped[first_slot + j] ? -1 : slot_batch[j];
    for (int j = 0; j < k_round && s->w && !failed; ++j) {
        int64_t first = 0, count = 0;
        if (j < n_used && written[j] >= 0)
            lg_batch_range(r->cfg, written[j], &first, &count);
        const lg_host_batch *h = &s->host[first_slot + (j < n_used ? j : 0)];
        uint64_t sum = 0;
        const int mine = lg_writer_write_batch(s->w, first, count, h->map, h->lenses, h->wave_abs,
                                               h->wave_phase, h->subhalos, &sum) != 0;
        if (mine) /* the rank that failed says so; rank 0 reports the run's end */
            fprintf(stderr, "lensgen: rank %d: writing samples [%lld, %lld) to %s failed\n",
                    r->rank, (long long)first, (long long)(first + count), s->tmp_path);
        failed = lg_mpi_any(mine);
        if (j < LG_MAX_SLOTS)
            sums[j] = sum;
    }
    r->mine->seconds[LG_PH_WRITE] += lg_now() - tw;
    if (failed) {
        snprintf(s->err, sizeof s->err, "%s: a collective write failed (disk full?)", s->tmp_path);
        return failed;
    }
    mark_written(s, written, sums, n_used, k_round);
    return 0;
}

int lg_output_finish(lg_run_state *s, int verdict)
{
    const lg_run *r = s->r;
    int failed = verdict < 0;
    if (s->w)
        failed = lg_mpi_any(lg_writer_close(s->w) != 0 || failed);
    if (r->rank == 0 && s->w) {
        if (verdict > 0) {
            fprintf(stderr,
                    "lensgen: stopped by signal %d after a checkpoint: %s holds the "
                    "finished batches; continue with the same command plus --resume\n",
                    lg_stop_signal(), s->tmp_path);
        } else if (!failed) {
            if (rename(s->tmp_path, r->cfg->output_file) != 0) {
                snprintf(s->err, sizeof s->err, "%s: cannot rename to %s (%s)", s->tmp_path,
                         r->cfg->output_file, strerror(errno));
                failed = 1;
            } else {
                unlink(s->record_path);
            }
        }
        if (failed && s->record_saved) {
            /* keep what is done: after the cause is fixed, --resume continues from it */
            fprintf(stderr,
                    "lensgen: %s; the finished batches are kept in %s (listed in %s): fix the "
                    "cause, then run the same command with --resume\n",
                    *s->err ? s->err : "the run failed", s->tmp_path, s->record_path);
        } else if (failed) {
            fprintf(stderr, "lensgen: %s; no output written\n",
                    *s->err ? s->err : "the run failed");
            unlink(s->tmp_path);
        }
    }
    return lg_mpi_agree(failed);
}
