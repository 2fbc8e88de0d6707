/* backend_cuda.c: STUB while the pipeline is being written (delegates to the CPU backend so the
 * engine side can be built and tested); replaced by the real stage table. */
#include "backend_cuda.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lg_cuda_bind(int local_rank, lg_cuda_device *out)
{
    memset(out, 0, sizeof *out);
    const char *e = getenv("LENSGEN_CUDA_EMULATE");
    const int n = e ? atoi(e) : 0;
    if (n < 1) {
        snprintf(out->why, sizeof out->why, "this build has no CUDA");
        return -1;
    }
    out->emulated = 1;
    out->n_visible = n;
    out->device = local_rank % n;
    snprintf(out->name, sizeof out->name, "emulated device %d (host)", out->device);
    snprintf(out->pci_bus_id, sizeof out->pci_bus_id, "emulated:%d", out->device);
    return 0;
}

static void *stub_create(const lg_config *c, int64_t cap, int t)
{
    return lg_backend_cpu_ops.create(c, cap, t);
}
static int stub_sample(void *i, const lg_cosmology *c, int64_t f, int64_t n)
{
    return lg_backend_cpu_ops.sample(i, c, f, n);
}
static int stub_kappa(void *i, int64_t n)
{
    return lg_backend_cpu_ops.kappa(i, n);
}
static int stub_derived(void *i, int64_t n)
{
    return lg_backend_cpu_ops.derived(i, n);
}
static int stub_noise(void *i, int64_t f, int64_t n)
{
    return lg_backend_cpu_ops.noise(i, f, n);
}
static int stub_normalise(void *i, int64_t n)
{
    return lg_backend_cpu_ops.normalise(i, n);
}
static int stub_augment(void *i, int64_t n)
{
    return lg_backend_cpu_ops.augment(i, n);
}
static int stub_host_maps(void *i, int64_t n, lg_host_batch *o)
{
    return lg_backend_cpu_ops.host_maps(i, n, o);
}
static void stub_destroy(void *i)
{
    lg_backend_cpu_ops.destroy(i);
}
static double stub_bytes(const lg_config *c, int64_t cap, int t)
{
    return lg_backend_cpu_ops.bytes(c, cap, t);
}

const lg_backend_ops lg_backend_cuda_ops = {
    "cuda",         stub_create,  stub_sample,    stub_kappa,   stub_derived, stub_noise,
    stub_normalise, stub_augment, stub_host_maps, stub_destroy, stub_bytes,
};
