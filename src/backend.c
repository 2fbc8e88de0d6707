/* backend.c: a batch through a backend's stage table, timed stage by stage. */
#include "backend.h"

#include <stdlib.h>
#include <string.h>

#include "map_info.h"
#include "timing.h"

#include <signal.h>

static volatile sig_atomic_t stop_requested = 0;

void lg_backend_request_stop(void)
{
    stop_requested = 1;
}

int lg_backend_stop_requested(void)
{
    return stop_requested != 0;
}

const lg_backend_ops *lg_backend_find(const char *name)
{
    return strcmp(name, lg_backend_cpu_ops.name) == 0 ? &lg_backend_cpu_ops : NULL;
}

int lg_backend_create(lg_backend *b, const lg_backend_ops *ops, const lg_config *cfg,
                      int64_t capacity, int n_threads)
{
    b->ops = ops;
    b->impl = ops->create(cfg, capacity, n_threads);
    return b->impl ? 0 : -1;
}

void lg_backend_destroy(lg_backend *b)
{
    if (b->impl)
        b->ops->destroy(b->impl);
    b->impl = NULL;
}

int lg_backend_compute(const lg_backend *b, const lg_cosmology *cosmo, int64_t first, int64_t count,
                       double *t, lg_host_batch *out)
{
    const lg_backend_ops *ops = b->ops;
    void *impl = b->impl;
    double t0 = lg_now();
    int err = ops->sample(impl, cosmo, first, count);
    double t1 = lg_now();
    err = err ? err : ops->kappa(impl, count);
    double t2 = lg_now();
    err = err ? err : ops->derived(impl, count);
    double t3 = lg_now();
    err = err ? err : ops->noise(impl, first, count);
    double t4 = lg_now();
    err = err ? err : ops->normalise(impl, count);
    double t5 = lg_now();
    err = err ? err : ops->augment(impl, count);
    err = err ? err : ops->host_maps(impl, count, out);
    double t6 = lg_now();
    if (!err && stop_requested)
        err = LG_BACKEND_STOPPED; /* stages skipped samples: the batch is incomplete */
    t[LG_PH_SAMPLING] += t1 - t0;
    t[LG_PH_KAPPA] += t2 - t1;
    t[LG_PH_DERIVED] += t3 - t2;
    t[LG_PH_NOISE] += t4 - t3;
    t[LG_PH_NORMALISE] += t5 - t4;
    t[LG_PH_AUGMENT] += t6 - t5;
    return err;
}

int lg_maps_computed(const lg_config *cfg)
{
    const int derived = lg_derived_map_mask();
    int maps = cfg->maps;
    /* kappa only where something needs it: the noisy map, the FFT maps and rays (an image-only
     * run does not pay for the cusp quadrature of a map it never writes) */
    if ((maps & (1 << LG_MAP_KAPPA_NOISY)) ||
        (cfg->derived_method == LG_DERIVED_FFT && (maps & (derived | lg_image_map_mask()))))
        maps |= 1 << LG_MAP_KAPPA;
    if (maps & (1 << LG_MAP_IMAGE_NOISY)) /* the detector records the image */
        maps |= 1 << LG_MAP_IMAGE;
    if (maps & derived)
        maps |= derived & ~(1 << LG_MAP_MU);
    return maps;
}

float *lg_host_maps_alloc(size_t n_floats)
{
    void *p = NULL;
    return posix_memalign(&p, LG_HOST_ALIGN, n_floats ? sizeof(float) * n_floats : 1) == 0 ? p
                                                                                           : NULL;
}
