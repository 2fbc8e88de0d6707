/* engine_report.c: what a run tells its user at the end: every rank's phase timings (table,
 * CSV, /timing) and the signal-to-noise quantiles of the samples. */
#include <errno.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_run.h"

void lg_report_snr(const lg_run_state *s)
{
    lg_snr_hist all;
    MPI_Reduce(s->snr.count, all.count, 2 * LG_SNR_BINS, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    const lg_config *cfg = s->r->cfg;
    const char *advice = cfg->noise_type == LG_NOISE_POISSON ? "raise noise.exposure"
                         : cfg->sigma_from == LG_SIGMA_SHAPE_NOISE
                             ? "raise noise.n_gal or lower noise.sigma_e"
                             : "lower noise.sigma";
    if (s->r->rank == 0)
        lg_snr_report(&all, s->r->opt->quiet ? NULL : stdout, stderr, advice);
}

/* OUTPUT.timing.csv beside the output file (its extension replaced). */
static void timing_csv_path(const char *output_file, char *csv, size_t size)
{
    snprintf(csv, size, "%s", output_file);
    char *dot = strrchr(csv, '.');
    if (dot && !strchr(dot, '/'))
        *dot = '\0';
    strncat(csv, ".timing.csv", size - strlen(csv) - 1);
}

void lg_report_timing(const lg_run_state *s)
{
    const lg_run *r = s->r;
    lg_rank_timing *rows = r->rank == 0 ? malloc(sizeof *rows * (size_t)r->n_ranks) : NULL;
    MPI_Gather(r->mine, (int)sizeof *r->mine, MPI_BYTE, rows, (int)sizeof *r->mine, MPI_BYTE, 0,
               MPI_COMM_WORLD);
    if (s->w)
        lg_writer_write_timing(s->w, rows, r->n_ranks);
    if (r->rank == 0) {
        char csv[LG_PATH_MAX + 32];
        timing_csv_path(r->cfg->output_file, csv, sizeof csv);
        if (lg_timing_write_csv(csv, rows, r->n_ranks) != 0)
            fprintf(stderr, "lensgen: warning: cannot write %s (%s)\n", csv, strerror(errno));
        if (!r->opt->quiet) {
            double made = 0; /* this run's samples: fewer than n_samples after --resume */
            for (int i = 0; i < r->n_ranks; ++i)
                made += rows[i].samples;
            lg_timing_report(stdout, rows, r->n_ranks, (int64_t)made, r->cfg->npix);
            if (r->opt->no_write)
                printf("output: none (--no-write: no dataset written; the timing CSV is %s)\n",
                       csv);
            else
                printf("output: %s (maps written %s)\n", r->cfg->output_file,
                       lg_writer_direct(s->w) ? "with O_DIRECT" : "through the page cache");
            printf("timing: %s\n", csv);
        }
    }
    free(rows);
}
