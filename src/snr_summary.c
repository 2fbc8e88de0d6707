/* snr_summary.c: a fixed log-spaced histogram keeps the memory independent of n_samples and
 * lets ranks combine theirs with one reduction; 0.025 dex bins are finer than any decision the
 * summary supports. */
#include "snr_summary.h"

#include <math.h>

#define BIN_DEX ((LG_SNR_LOG_MAX - LG_SNR_LOG_MIN) / LG_SNR_BINS)

static void add_one(double *count, double snr)
{
    if (!(snr > 0.0) || isnan(snr))
        return;
    double b = floor((log10(snr) - LG_SNR_LOG_MIN) / BIN_DEX);
    int i = b < 0 ? 0 : b >= LG_SNR_BINS ? LG_SNR_BINS - 1 : (int)b;
    count[i] += 1.0;
}

void lg_snr_hist_add(lg_snr_hist *h, const lg_lens *lenses, int64_t n)
{
    for (int64_t i = 0; i < n; ++i) {
        add_one(h->count[0], lenses[i].snr_mf);
        add_one(h->count[1], lenses[i].snr_peak);
    }
}

double lg_snr_quantile(const lg_snr_hist *h, int which, double q)
{
    const double *c = h->count[which];
    double total = 0.0;
    for (int i = 0; i < LG_SNR_BINS; ++i)
        total += c[i];
    if (total <= 0.0)
        return NAN;
    const double target = q * total;
    double below = 0.0;
    for (int i = 0; i < LG_SNR_BINS; ++i) {
        if (below + c[i] >= target && c[i] > 0.0) {
            double frac = (target - below) / c[i];
            return pow(10.0, LG_SNR_LOG_MIN + (i + frac) * BIN_DEX);
        }
        below += c[i];
    }
    return pow(10.0, LG_SNR_LOG_MAX);
}

void lg_snr_report(const lg_snr_hist *h, FILE *out, FILE *warn, const char *advice)
{
    const double median = lg_snr_quantile(h, 0, 0.5);
    if (isnan(median))
        return;
    if (out)
        fprintf(out,
                "signal-to-noise: matched filter %.3g / %.3g / %.3g, peak %.3g / %.3g / %.3g "
                "(5 / 50 / 95 %%)\n",
                lg_snr_quantile(h, 0, 0.05), median, lg_snr_quantile(h, 0, 0.95),
                lg_snr_quantile(h, 1, 0.05), lg_snr_quantile(h, 1, 0.5),
                lg_snr_quantile(h, 1, 0.95));
    if (warn && median < LG_SNR_WARN)
        fprintf(warn,
                "lensgen: warning: noise dominates most samples: the median matched-filter "
                "signal-to-noise is %.3g (< %g), so most kappa_noisy maps show no lens a model "
                "could learn; lower the noise (%s) or raise the masses\n",
                median, LG_SNR_WARN, advice ? advice : "see lensgen --check-deck");
}
