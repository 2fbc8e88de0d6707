/* detector.h: a CCD/IR detector's noise for lensed images (docs/physics.md §13.2).
 *
 * Units: images are count rates, electrons per second per pixel (e-/s), before and after the
 * detector; magnitudes are AB; the zero point is the AB magnitude of a source giving 1 e-/s in
 * total (so a source of magnitude m gives 10^(-0.4 (m - zero_point)) e-/s); the sky brightness
 * sky_mag is in AB mag per arcsec^2.
 *
 * One exposure of t = exposure_s seconds, per pixel i with noise-free rate S_i (after the PSF)
 * and sky rate B (lg_detector_sky_rate):
 *
 *   N_i  = Poisson((S_i + B) t)                  photo-electrons: true Poisson deviates
 *   E_i  = N_i + read_noise_e * z_i               z_i standard normal (read noise, electrons)
 *   A_i  = round(E_i / gain)                      the ADC's count in ADU (gain e-/ADU); gain = 0:
 *                                                 no digitisation, A_i gain = E_i
 *   out_i = A_i gain / t - (subtract_sky ? B : 0) back in e-/s
 *
 * Gain therefore only quantises: the output stays in e-/s (divide by gain and multiply by t for
 * ADU), and digitisation adds gain^2 / 12 of variance in electrons^2 (Sheppard's correction:
 * exact to exp(-2 pi^2 read_noise_e^2 / gain^2), below 1e-8 relative once read_noise_e >=
 * gain; with read_noise_e much below gain / 2 the rounding of integer counts is not uniform and
 * lg_detector_variance is only approximate). Not modelled: saturation and full well, dark
 * current, bias and its subtraction (out may be negative, as a bias-subtracted frame is), cosmic
 * rays, non-linearity, charge transfer, inter-pixel capacitance. A stack of n exposures of t
 * seconds is approximated by exposure_s = n t and read_noise_e = sqrt(n) times the read noise
 * of one (with the quantisation of a single frame).
 *
 * Random numbers (rng.h): the counts from lg_poisson_in(seed, index, LG_STREAM_IMAGE_POISSON,
 * pixel, lambda), the read noise from lg_normal_d(lg_philox(seed, index, LG_STREAM_READ_NOISE,
 * pixel)): each pixel has counters of its own, so the output is a pure function of (seed,
 * sample index, pixel), for any ranks, threads or batch. */
#ifndef LG_DETECTOR_H
#define LG_DETECTOR_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    double exposure_s;   /* > 0, seconds */
    double sky_mag;      /* AB mag / arcsec^2 */
    double zero_point;   /* AB mag giving 1 e-/s */
    double gain;         /* e- / ADU, >= 0 (0: no digitisation) */
    double read_noise_e; /* >= 0, electrons rms per pixel per exposure */
    double pixel_arcsec; /* > 0, the detector pixel's side */
    int subtract_sky;    /* 1: out has the mean sky rate subtracted */
} lg_detector;

/* Electrons per second from a source of AB magnitude mag: 10^(-0.4 (mag - zero_point)). */
double lg_mag_to_rate(double mag, double zero_point);

/* The sky's e-/s per pixel: lg_mag_to_rate(sky_mag, zero_point) * pixel_arcsec^2. */
double lg_detector_sky_rate(const lg_detector *d);

/* 0 when every field is in range, else -1 with a one-line message naming the field, its value
 * and the allowed range (err may be NULL). */
int lg_detector_check(const lg_detector *d, char *err, size_t err_size);

/* out[n] = the observed image of sample `index` (model above) from image[n], the noise-free
 * rate in e-/s per pixel; pixel i uses counter block i. A negative expected count (a kernel
 * with negative lobes) counts as 0 electrons. out may equal image. */
void lg_detector_apply(const lg_detector *d, uint64_t seed, uint64_t index, const float *image,
                       float *out, size_t n);

/* The expected variance of out for a pixel of noise-free rate image_rate (e-/s)^2:
 * (max(image_rate + B, 0) t + read_noise_e^2 + gain^2 / 12) / t^2 (the last term only when
 * gain > 0). sqrt of it is the per-pixel noise for S/N. */
double lg_detector_variance(const lg_detector *d, double image_rate);

#endif
