/* pipeline.h: the device side of the CUDA backend as a C interface over plain data (the
 * shared-kernel folder's types only): buffers for `capacity` samples allocated once, and the
 * map stages, each launched over the samples of a batch. One implementation runs on a CUDA
 * device (pipeline_cuda.cu), the other runs the same kernel bodies and the same pipeline on
 * the host (pipeline_host.cpp, "emulated"), so the pipeline is tested without a GPU.
 *
 * A batch is processed in two chunks on two streams: while one chunk's maps are copied back,
 * the other's are still being computed. Stages only enqueue work; lg_gpu_pipe_download waits.
 * Every function returns 0, or non-zero after saying on stderr which call failed where. */
#ifndef LG_GPU_PIPELINE_H
#define LG_GPU_PIPELINE_H

#include <stdint.h>

#include "batch_bodies.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A rank's device. */
typedef struct {
    int emulated;        /* the device is the host emulation (LENSGEN_CUDA_EMULATE) */
    int device;          /* index among the visible devices: local_rank % n_visible */
    int n_visible;       /* devices this process sees (CUDA_VISIBLE_DEVICES applies) */
    int runtime_version; /* cudaRuntimeGetVersion, e.g. 12040; 0 when emulated */
    int driver_version;  /* cudaDriverGetVersion; 0 when emulated */
    char name[128];      /* device name, e.g. "NVIDIA H200" */
    char pci_bus_id[32]; /* e.g. "0000:19:00.0" */
    char why[256];       /* when no device is usable: why (no driver, no device, no CUDA build) */
} lg_cuda_device;

/* LENSGEN_CUDA_EMULATE=N (N >= 1): N emulated devices; 0 when unset. */
int lg_gpu_emulated_devices(void);

/* Select device local_rank % n_visible of CUDA (or of the emulation) and describe it.
 * Returns 0, or -1 with out->why set. */
int lg_gpu_bind(int local_rank, lg_cuda_device *out);

typedef struct {
    int npix;
    int64_t capacity; /* samples per batch */
    int n_threads;    /* host threads (emulation, host stages) */
    int maps;         /* bit set of enum lg_map: the maps computed */
    int maps_out;     /* bit set: the maps copied back to the host */
    lg_kappa_setup kappa;
    lg_white_setup white; /* type none: no kappa_noisy */
    lg_snr_model snr;
    int smooth;                     /* 0: none; 1: smooth noise.smoothing's target */
    int smooth_observed;            /* 1: the observed map (kappa too), 0: the noise alone */
    int smooth_p;                   /* padded line length */
    const float *smooth_kernel_k;   /* [2 (smooth_p/2 + 1)] (lg_smoothing_tables) */
    const float *smooth_inv_inside; /* [npix] */
    int derived_fft;                /* derived maps by FFT on the device */
    const float *fft_kernels;       /* [5][2 npix][npix + 1] complex (lg_fft_lensing_kernels) */
    int normalise;                  /* enum lg_normalise of kappa_noisy */
    int augment;                    /* rotations or flips are drawn */
} lg_gpu_setup;

typedef struct lg_gpu_pipe lg_gpu_pipe;

/* Device and host buffers for s->capacity samples, streams and FFT plans; the tables in *s are
 * copied. emulated: the host implementation. NULL on failure (said on stderr). */
lg_gpu_pipe *lg_gpu_pipe_create(const lg_gpu_setup *s, int emulated);
void lg_gpu_pipe_destroy(lg_gpu_pipe *p);

/* Host buffers (pinned on a device), filled by the caller before the stage that reads them:
 * the lenses [capacity], the augmentation [2 capacity] (rot90, flip), and per computed map
 * [capacity][npix^2] floats, aligned to 4096 bytes (the maps the host computes, uploaded by
 * lg_gpu_pipe_upload, and the maps downloaded). stats [4 capacity]: snr_mf, snr_peak,
 * norm_offset, norm_scale after lg_gpu_pipe_download. */
lg_kappa_lens *lg_gpu_pipe_lenses(lg_gpu_pipe *p);
int *lg_gpu_pipe_aug(lg_gpu_pipe *p);
float *lg_gpu_pipe_host_map(lg_gpu_pipe *p, int map);
const double *lg_gpu_pipe_stats(const lg_gpu_pipe *p);

int lg_gpu_pipe_kappa(lg_gpu_pipe *p, int64_t count);                /* lenses up, kappa maps */
int lg_gpu_pipe_upload(lg_gpu_pipe *p, int maps, int64_t count);     /* host maps -> device */
int lg_gpu_pipe_derived(lg_gpu_pipe *p, int64_t count);              /* FFT lensing maps, mu */
int lg_gpu_pipe_noise(lg_gpu_pipe *p, int64_t first, int64_t count); /* kappa_noisy, S/N */
int lg_gpu_pipe_normalise(lg_gpu_pipe *p, int64_t count);
int lg_gpu_pipe_augment(lg_gpu_pipe *p, int64_t count);  /* aug up, maps transformed */
int lg_gpu_pipe_download(lg_gpu_pipe *p, int64_t count); /* maps_out and stats; waits */

/* Device bytes lg_gpu_pipe_create allocates for this set-up (an estimate that errs high). */
double lg_gpu_pipe_device_bytes(const lg_gpu_setup *s);

#ifdef __cplusplus
}
#endif

#endif
