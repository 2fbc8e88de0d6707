/* engine_memory.c: memory per rank, estimated from the deck before anything is allocated, and
 * refused when the rank's share of its node (or its cgroup limit) cannot hold it: under Linux
 * overcommit an allocation "succeeds" and the node swaps or the OOM killer strikes later. */
#include <mpi.h>
#include <stdio.h>
#include <string.h>

#include "engine_memory.h"
#include "wave_lens.h"

/* Process, MPI, HDF5 and FFTW plans: measured peak RSS of a tiny run is ~55 MiB. */
#define BASE_BYTES (64.0 * 1048576.0)

double lg_memory_estimate(const lg_backend_ops *ops, const lg_config *cfg, int64_t capacity,
                          int n_slots, int n_threads)
{
    const double npix2 = (double)cfg->npix * (double)cfg->npix;
    /* one params column of a batch (double), and /wave's rows read back by --resume */
    double writer = (double)capacity * (16.0 + lg_wave_bytes_per_sample(cfg) / 2.0);
    if (cfg->dtype == LG_DTYPE_FLOAT16)
        writer += (double)capacity * npix2 * 2.0;
    return BASE_BYTES + n_slots * ops->bytes(cfg, capacity, n_threads) + writer;
}

/* A number from a /proc or /sys file ("max" or missing: -1). */
static double read_number(const char *path, const char *key)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1.0;
    char line[256];
    double v = -1.0;
    while (fgets(line, sizeof line, f)) {
        if (key && strncmp(line, key, strlen(key)) != 0)
            continue;
        double x;
        if (sscanf(key ? line + strlen(key) : line, "%lf", &x) == 1)
            v = key ? x * 1024.0 : x; /* /proc/meminfo is in kB */
        break;
    }
    fclose(f);
    return v;
}

double lg_memory_available(int ranks_on_node, const char **source)
{
    const double meminfo = read_number("/proc/meminfo", "MemAvailable:");
    double limit = read_number("/sys/fs/cgroup/memory.max", NULL); /* cgroup v2 (Slurm jobs) */
    const double used = read_number("/sys/fs/cgroup/memory.current", NULL);
    if (limit > 0 && used >= 0)
        limit -= used;
    double share = meminfo > 0 ? meminfo / (ranks_on_node > 0 ? ranks_on_node : 1) : -1.0;
    *source = "MemAvailable / ranks on the node";
    if (limit > 0 && (share < 0 || limit / (ranks_on_node > 0 ? ranks_on_node : 1) < share)) {
        share = limit / (ranks_on_node > 0 ? ranks_on_node : 1);
        *source = "the cgroup memory limit / ranks on the node";
    }
    return share;
}

int lg_memory_check(const lg_backend_ops *ops, const lg_config *cfg, int64_t capacity, int n_slots,
                    int n_threads, int rank)
{
    MPI_Comm node;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &node);
    int on_node = 1;
    MPI_Comm_size(node, &on_node);
    MPI_Comm_free(&node);
    const char *source = "";
    const double need = lg_memory_estimate(ops, cfg, capacity, n_slots, n_threads);
    const double have = lg_memory_available(on_node, &source);
    const int short_here = have > 0 && need > have;
    int any = 0;
    MPI_Allreduce(&short_here, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (short_here) {
        const double per_sample =
            (lg_memory_estimate(ops, cfg, 2 * capacity, n_slots, n_threads) - need) /
            (double)capacity;
        const double fit =
            per_sample > 0 ? (have - (need - per_sample * capacity)) / per_sample : 0;
        fprintf(stderr,
                "lensgen: rank %d: the run needs about %.0f MiB per rank (%d batch buffers of "
                "%lld maps of %lldx%lld, %d threads) but %.0f MiB are available to it (%s, %d "
                "rank(s) here); lower batch_size to at most %lld, or use fewer ranks per node\n",
                rank, need / 1048576.0, n_slots, (long long)capacity, (long long)cfg->npix,
                (long long)cfg->npix, n_threads, have / 1048576.0, source, on_node,
                fit >= 1 ? (long long)fit : 0LL);
    }
    return any;
}
