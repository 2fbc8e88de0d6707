/* engine_backend.c: which backend each rank computes on (the deck's backend key, or
 * --backend): the CPU, or the CUDA device the rank binds to (local rank on its node mod the
 * devices it sees). Collective: every rank decides, then all agree, so a rank without a device
 * under backend = cuda makes every rank exit 2 instead of leaving the others waiting. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine_run.h"

/* What rank 0 says about the ranks that have no usable device: how many, and the first's. */
typedef struct {
    int n_failed;  /* ranks without a usable device (among those that looked for one) */
    int first;     /* the lowest of them (n_ranks when none) */
    char host[64]; /* its host */
    char why[sizeof(((lg_cuda_device *)0)->why)];
} failures;

static void gather_failures(int failed, const char *host, const char *why, int rank, int n_ranks,
                            failures *f)
{
    memset(f, 0, sizeof *f);
    MPI_Allreduce(&failed, &f->n_failed, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    const int mine = failed ? rank : n_ranks;
    MPI_Allreduce(&mine, &f->first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (f->n_failed == 0)
        return;
    if (rank == f->first) {
        snprintf(f->host, sizeof f->host, "%s", host);
        snprintf(f->why, sizeof f->why, "%s", why);
    }
    MPI_Bcast(f, (int)sizeof *f, MPI_BYTE, f->first, MPI_COMM_WORLD);
}

/* Ranks of this node bound to the same device as this one (its PCI bus id), this one left out. */
static int sharing(MPI_Comm node, const lg_rank_backend *rb)
{
    int on_node = 1;
    MPI_Comm_size(node, &on_node);
    enum { ID = sizeof rb->dev.pci_bus_id };
    char mine[ID] = "";
    if (rb->cuda)
        snprintf(mine, sizeof mine, "%s", rb->dev.pci_bus_id);
    char(*all)[ID] = malloc((size_t)on_node * ID);
    if (!all) { /* only the log line would miss it */
        char dummy[ID];
        MPI_Allgather(mine, ID, MPI_CHAR, dummy, ID, MPI_CHAR, node);
        return 0;
    }
    MPI_Allgather(mine, ID, MPI_CHAR, all, ID, MPI_CHAR, node);
    int same = 0;
    for (int i = 0; i < on_node; ++i)
        same += rb->cuda && strcmp(all[i], mine) == 0;
    free(all);
    return same > 0 ? same - 1 : 0;
}

int lg_backend_select(const lg_config *cfg, const lg_run_options *opt, int rank, int n_ranks,
                      lg_rank_backend *rb)
{
    memset(rb, 0, sizeof *rb);
    rb->ops = &lg_backend_cpu_ops;
    MPI_Comm node;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
    MPI_Comm_rank(node, &rb->local_rank);
    char host[64] = "";
    gethostname(host, sizeof host - 1);
    int failed = 0;
    if (cfg->backend != LG_BACKEND_CPU) {
        if (lg_cuda_bind(rb->local_rank, &rb->dev) == 0) {
            rb->ops = &lg_backend_cuda_ops;
            rb->cuda = 1;
        } else {
            failed = 1;
        }
    }
    failures f;
    gather_failures(failed, host, rb->dev.why, rank, n_ranks, &f);
    const int shared = sharing(node, rb);
    MPI_Comm_free(&node);

    if (f.n_failed > 0 && cfg->backend == LG_BACKEND_CUDA) {
        if (rank == 0) {
            char what[LG_PATH_MAX + 64];
            if (opt->backend >= 0)
                snprintf(what, sizeof what, "lensgen: --backend cuda");
            else
                snprintf(what, sizeof what, "%s: backend = cuda", opt->deck);
            if (f.n_failed == 1)
                fprintf(stderr,
                        "%s but rank %d (host %s) has no usable CUDA device: %s; use %s auto "
                        "or cpu\n",
                        what, f.first, f.host, f.why,
                        opt->backend >= 0 ? "--backend" : "backend =");
            else
                fprintf(stderr,
                        "%s but %d of %d ranks have no usable CUDA device; rank %d (host %s): "
                        "%s; use %s auto or cpu\n",
                        what, f.n_failed, n_ranks, f.first, f.host, f.why,
                        opt->backend >= 0 ? "--backend" : "backend =");
        }
        return LG_EXIT_INPUT;
    }
    if (f.n_failed > 0 && rank == 0 && !opt->quiet) {
        if (f.n_failed == n_ranks && n_ranks == 1)
            fprintf(stderr,
                    "lensgen: backend auto: no usable CUDA device (%s); computing on the CPU\n",
                    f.why);
        else if (f.n_failed == n_ranks)
            fprintf(stderr,
                    "lensgen: backend auto: no usable CUDA device on any of the %d ranks (%s); "
                    "computing on the CPU\n",
                    n_ranks, f.why);
        else
            fprintf(stderr,
                    "lensgen: backend auto: %d of %d ranks have no usable CUDA device (the first, "
                    "rank %d on %s: %s); they compute on the CPU, the other %d on their CUDA "
                    "device\n",
                    f.n_failed, n_ranks, f.first, f.host, f.why, n_ranks - f.n_failed);
    }
    if (rb->cuda && !opt->quiet) {
        char share[64] = "";
        if (shared > 0)
            snprintf(share, sizeof share, ", sharing it with %d other rank(s) of this node",
                     shared);
        fprintf(stderr,
                "lensgen: rank %d on %s (local rank %d): cuda device %d of %d '%s' PCI %s%s\n",
                rank, host, rb->local_rank, rb->dev.device, rb->dev.n_visible, rb->dev.name,
                rb->dev.pci_bus_id, share);
    }
    return LG_EXIT_OK;
}
