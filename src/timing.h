/* timing.h: per-phase wall-clock timers of a rank, and the report made from all ranks'. */
#ifndef LG_TIMING_H
#define LG_TIMING_H

#include <stdint.h>
#include <stdio.h>

enum lg_phase {
    LG_PH_DECK = 0, /* read, validate and broadcast the deck */
    LG_PH_SAMPLING, /* draw lens parameters */
    LG_PH_KAPPA,    /* convergence maps */
    LG_PH_DERIVED,  /* deflection, shear, potential, magnification maps */
    LG_PH_NOISE,
    LG_PH_NORMALISE,
    LG_PH_AUGMENT, /* rotations and flips */
    LG_PH_WRITE,   /* HDF5: create, collective writes, close */
    LG_PH_TOTAL,
    LG_N_PHASES
};

extern const char *const lg_phase_names[LG_N_PHASES];

/* Monotonic wall-clock seconds. */
double lg_now(void);

#define LG_BACKEND_NAME 8  /* a backend's name: "cpu", "cuda" */
#define LG_DEVICE_NAME 128 /* a device's name (lg_cuda_device.name) */

/* One rank's row of the report. */
typedef struct {
    double seconds[LG_N_PHASES];
    double samples;                /* samples this rank computed */
    double threads;                /* OpenMP threads of the rank */
    double peak_rss_mib;           /* peak resident memory of the rank's process */
    char backend[LG_BACKEND_NAME]; /* the backend it computed on: "cpu" or "cuda" */
    char device[LG_DEVICE_NAME];   /* its device's name; "" on the CPU */
} lg_rank_timing;

/* Peak resident set size of this process so far, MiB (getrusage). */
double lg_peak_rss_mib(void);

/* Table of min/mean/max/imbalance per phase over ranks, the backend and device of the ranks,
 * then samples/s and Mpix/s. */
void lg_timing_report(FILE *out, const lg_rank_timing *rows, int n_ranks, int64_t n_samples,
                      int64_t npix);

/* One CSV row per rank: rank,threads,samples,peak_rss_mib,<phases>,backend,device (the device
 * quoted when it holds a comma or a quote). Returns 0 or -1 (errno set). */
int lg_timing_write_csv(const char *path, const lg_rank_timing *rows, int n_ranks);

#endif
