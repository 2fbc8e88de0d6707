/* timing.c: timers and the timing report (no MPI here: the engine gathers the rows). */
#include "timing.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

const char *const lg_phase_names[LG_N_PHASES] = {
    "deck", "sampling", "kappa", "derived", "noise", "normalise", "augment", "write", "total"};

double lg_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double lg_peak_rss_mib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0; /* Linux reports KiB */
}

/* The ranks r with in[r] as ranges, "0-3,5,7-9", cut with ",..." to fit size. */
static void rank_ranges(const unsigned char *in, int n, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int r = 0; r < n; ++r) {
        if (!in[r])
            continue;
        int e = r;
        while (e + 1 < n && in[e + 1])
            ++e;
        char item[32];
        if (e > r)
            snprintf(item, sizeof item, "%s%d-%d", used ? "," : "", r, e);
        else
            snprintf(item, sizeof item, "%s%d", used ? "," : "", r);
        if (used + strlen(item) + 5 > size) {
            snprintf(buf + used, size - used, ",...");
            return;
        }
        used += (size_t)snprintf(buf + used, size - used, "%s", item);
        r = e;
    }
}

/* One line per backend and device: "backend: cuda 'NAME' on 4 rank(s): 0-3". */
static void print_backends(FILE *out, const lg_rank_timing *rows, int n_ranks)
{
    unsigned char *done = calloc((size_t)n_ranks, 1), *in = calloc((size_t)n_ranks, 1);
    for (int r = 0; done && in && r < n_ranks; ++r) {
        if (done[r])
            continue;
        memset(in, 0, (size_t)n_ranks);
        int count = 0;
        for (int q = r; q < n_ranks; ++q)
            if (!done[q] && strcmp(rows[q].backend, rows[r].backend) == 0 &&
                strcmp(rows[q].device, rows[r].device) == 0) {
                in[q] = done[q] = 1;
                ++count;
            }
        char ranks[160];
        rank_ranges(in, n_ranks, ranks, sizeof ranks);
        if (rows[r].device[0])
            fprintf(out, "backend: %s '%s' on %d rank(s): %s\n", rows[r].backend, rows[r].device,
                    count, ranks);
        else
            fprintf(out, "backend: %s on %d rank(s): %s\n", rows[r].backend, count, ranks);
    }
    free(done);
    free(in);
}

void lg_timing_report(FILE *out, const lg_rank_timing *rows, int n_ranks, int64_t n_samples,
                      int64_t npix)
{
    fprintf(out, "\nlensgen timing: %d rank(s), %.0f thread(s) on rank 0\n", n_ranks,
            rows[0].threads);
    fprintf(out, "%-10s %11s %11s %11s %10s\n", "phase", "min [s]", "mean [s]", "max [s]",
            "imbalance");
    for (int p = 0; p < LG_N_PHASES; ++p) {
        double lo = rows[0].seconds[p], hi = lo, sum = 0;
        for (int r = 0; r < n_ranks; ++r) {
            double v = rows[r].seconds[p];
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
            sum += v;
        }
        double mean = sum / n_ranks;
        /* imbalance = max/mean: 1.00 is perfect; 2.00 means the slowest rank took twice the mean */
        fprintf(out, "%-10s %11.4f %11.4f %11.4f %10.2f\n", lg_phase_names[p], lo, mean, hi,
                mean > 0 ? hi / mean : 1.0);
    }
    double wall = 0, rss_lo = rows[0].peak_rss_mib, rss_hi = rss_lo;
    for (int r = 0; r < n_ranks; ++r) {
        wall = rows[r].seconds[LG_PH_TOTAL] > wall ? rows[r].seconds[LG_PH_TOTAL] : wall;
        rss_lo = rows[r].peak_rss_mib < rss_lo ? rows[r].peak_rss_mib : rss_lo;
        rss_hi = rows[r].peak_rss_mib > rss_hi ? rows[r].peak_rss_mib : rss_hi;
    }
    fprintf(out, "peak memory per rank: %.1f to %.1f MiB\n", rss_lo, rss_hi);
    print_backends(out, rows, n_ranks);
    double rate = wall > 0 ? (double)n_samples / wall : 0.0;
    fprintf(out, "samples: %lld in %.3f s: %.1f samples/s, %.2f Mpix/s (%lldx%lld maps)\n",
            (long long)n_samples, wall, rate, rate * (double)(npix * npix) * 1e-6, (long long)npix,
            (long long)npix);
}

int lg_timing_write_csv(const char *path, const lg_rank_timing *rows, int n_ranks)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "rank,threads,samples,peak_rss_mib");
    for (int p = 0; p < LG_N_PHASES; ++p)
        fprintf(f, ",%s_s", lg_phase_names[p]);
    fputs(",backend,device\n", f);
    for (int r = 0; r < n_ranks; ++r) {
        fprintf(f, "%d,%.0f,%.0f,%.1f", r, rows[r].threads, rows[r].samples, rows[r].peak_rss_mib);
        for (int p = 0; p < LG_N_PHASES; ++p)
            fprintf(f, ",%.6f", rows[r].seconds[p]);
        fprintf(f, ",%s,", rows[r].backend);
        const char *d = rows[r].device;
        if (strpbrk(d, ",\"\r\n")) { /* RFC 4180: quoted, quotes doubled */
            fputc('"', f);
            for (; *d; ++d) {
                if (*d == '"')
                    fputc('"', f);
                fputc(*d, f);
            }
            fputc('"', f);
        } else {
            fputs(d, f);
        }
        fputc('\n', f);
    }
    return fclose(f);
}
