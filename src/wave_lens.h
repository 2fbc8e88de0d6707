/* wave_lens.h: wave optics of one sample (output.wave; README "Wave optics"): the source's
 * offset y in Einstein radii and the redshifted lens mass M_Lz of a drawn point-mass or SIS lens,
 * and its amplification factor F(w, y) at the deck's frequencies (wave_optics.h): exact for
 * w <= LG_WAVE_W_MAX and y <= LG_WAVE_Y_MAX, geometric optics beyond (docs/physics.md §15.7).
 * No MPI, no HDF5; a pure function of the sample, so the same on any rank or thread. */
#ifndef LG_WAVE_LENS_H
#define LG_WAVE_LENS_H

#include <stdint.h>

#include "config.h"
#include "cosmology.h"
#include "lens.h"

/* The frequency grid of wave.f_min, f_max, n_freq, spacing: cfg->wave_n_freq values in Hz,
 * increasing, f[0] = f_min and f[n - 1] = f_max exactly. */
void lg_wave_freqs(const lg_config *cfg, double *f);

/* With output.wave, l->wave_y = |beta - centre| / theta_E (beta = [source] centre_x/centre_y,
 * drawn from the sample's own stream as lens.c draws it, whether or not images are made) and
 * l->wave_m_lz = M (1 + z_l) in Msun: the point mass, or the SIS's mass inside its Einstein
 * radius (lg_wave_sis_einstein_mass). Other profiles, or output.wave off: left as they are. */
void lg_wave_lens_params(const lg_config *cfg, const lg_cosmology *cosmo, uint64_t index,
                         lg_lens *l);

/* F of lens l at the n frequencies freq (Hz): |F| and arg F in (-pi, pi] (wave_optics.h's
 * convention). Where w = 8 pi G M_Lz f / c^3 exceeds LG_WAVE_W_MAX, or y exceeds LG_WAVE_Y_MAX,
 * the geometric-optics limit; at y = 0 that limit does not exist (an Einstein ring): NaN.
 * Returns the number of frequencies given in geometric optics (the highest ones, or all when
 * y > LG_WAVE_Y_MAX). A profile other than point mass or SIS (the deck refuses it): NaN. */
int lg_wave_lens_f(const lg_lens *l, const double *freq, int n, double *f_abs, double *f_phase);

/* A backend's batch of F values: the grid and F of `capacity` samples ([i][n_freq]). */
typedef struct {
    int n; /* frequencies; 0 without output.wave */
    double *freq, *f_abs, *f_phase;
} lg_wave_batch;

/* Allocate (nothing without output.wave) and fill the grid. Returns 0, or -1 (no memory). */
int lg_wave_batch_init(lg_wave_batch *w, const lg_config *cfg, int64_t capacity);
void lg_wave_batch_free(lg_wave_batch *w);

/* F of the first `count` lenses (an OpenMP loop of n_threads, dynamically scheduled: a sample
 * can cost up to seconds near w = 1000), each lens's wave_n_geo set; stops early on a signal. */
void lg_wave_batch_compute(const lg_wave_batch *w, lg_lens *lenses, int64_t count, int n_threads);

/* Host bytes per sample of a batch's F buffers (|F| and phase, float64), 0 without output.wave. */
double lg_wave_bytes_per_sample(const lg_config *cfg);

/* The /wave datasets of a sample, in this order: |F| and arg F ([N][n_freq]), and the count of
 * geometric-optics frequencies ([N]); the writer (io_wave.c) and the library name them so. */
enum { LG_WAVE_F_ABS = 0, LG_WAVE_F_PHASE, LG_WAVE_N_GEO, LG_WAVE_N_SETS };
extern const char *const lg_wave_set_name[LG_WAVE_N_SETS];

#endif
