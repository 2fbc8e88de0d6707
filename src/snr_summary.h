/* snr_summary.h: the signal-to-noise of a run's samples, summarised in bounded memory: a
 * histogram of log10 S/N per rank (ranks add theirs), quantiles for the run summary, and the
 * warning when noise dominates most samples. */
#ifndef LG_SNR_SUMMARY_H
#define LG_SNR_SUMMARY_H

#include <stdint.h>
#include <stdio.h>

#include "lens.h"

/* Bins of 0.025 dex from 1e-3 to 1e6; S/N outside lands in the end bins. */
#define LG_SNR_BINS 360
#define LG_SNR_LOG_MIN -3.0
#define LG_SNR_LOG_MAX 6.0

/* Below this median matched-filter S/N, most samples show no lens: the run warns. */
#define LG_SNR_WARN 3.0

typedef struct {
    double count[2][LG_SNR_BINS]; /* [0] snr_mf, [1] snr_peak */
} lg_snr_hist;

void lg_snr_hist_add(lg_snr_hist *h, const lg_lens *lenses, int64_t n);

/* The q-quantile (0..1) of histogram `which` (0 mf, 1 peak), interpolated in log10 within its
 * bin (so within 0.025 dex); NaN for an empty histogram. */
double lg_snr_quantile(const lg_snr_hist *h, int which, double q);

/* The summary line (quantiles 5/50/95 % of this run's samples: after --resume, of those it
 * computed) to out; the warning to warn when the median matched-filter S/N is below
 * LG_SNR_WARN, with `advice` saying which keys lower the noise. Nothing when no sample had
 * noise. */
void lg_snr_report(const lg_snr_hist *h, FILE *out, FILE *warn, const char *advice);

#endif
