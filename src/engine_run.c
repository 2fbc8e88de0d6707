/* engine_run.c: the life cycle of a run's batches: open the output, run the schedule, report,
 * then close and rename (engine_run.h lists the files that do each part). */
#include "engine_run.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"

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

int lg_run_batches(const lg_run *r)
{
    lg_run_state s;
    memset(&s, 0, sizeof s);
    s.r = r;
    snprintf(s.tmp_path, sizeof s.tmp_path, "%s.tmp", r->cfg->output_file);
    snprintf(s.record_path, sizeof s.record_path, "%s.progress", r->cfg->output_file);
    lg_install_stop_handlers();
    s.fault_compute = lg_fault("compute"); /* asked here: the compute thread makes no MPI call */
    double tw = lg_now();
    int status = lg_output_open(&s);
    r->mine->seconds[LG_PH_WRITE] += lg_now() - tw;
    s.last_checkpoint = lg_now();
    if (r->rank == 0 && status == LG_EXIT_OK && !r->opt->quiet && s.n_pending < r->n_ranks)
        fprintf(stderr,
                "lensgen: note: %lld batch(es) of %lld samples for %d ranks: some ranks stay "
                "idle; a batch_size of at most n_samples/ranks keeps them all busy\n",
                (long long)s.n_pending, (long long)r->cfg->batch_size, r->n_ranks);
    int verdict = status == LG_EXIT_OK ? 0 : -1;
    if (!verdict) {
        lg_progress progress;
        int64_t todo = 0; /* samples of the pending batches: this run's share of the work */
        for (int64_t i = 0; i < s.n_pending; ++i) {
            int64_t first, count;
            lg_batch_range(r->cfg, s.pending[i], &first, &count);
            todo += count;
        }
        s.todo_samples = todo;
        lg_progress_start(&progress, r->rank == 0 && !r->opt->quiet, r->cfg->n_samples - todo);
        verdict = r->cfg->schedule == LG_SCHEDULE_DYNAMIC ? lg_schedule_dynamic(&s, &progress)
                                                          : lg_schedule_static(&s, &progress);
        lg_progress_finish(&progress);
    }
    r->mine->threads = r->n_threads;
    r->mine->peak_rss_mib = lg_peak_rss_mib();
    r->mine->seconds[LG_PH_TOTAL] = lg_now() - r->t_start;
    if (verdict == 0) {
        lg_report_timing(&s);
        lg_report_snr(&s);
    }
    const int failed = lg_output_finish(&s, verdict);
    if (r->rank == 0 && status == LG_EXIT_RUNTIME && *s.err)
        fprintf(stderr, "lensgen: %s\n", s.err);
    if (r->rank == 0)
        lg_record_free(&s.record);
    free(s.pending);
    if (status != LG_EXIT_OK)
        return status;
    return failed ? LG_EXIT_RUNTIME : verdict > 0 ? LG_EXIT_STOPPED : LG_EXIT_OK;
}
