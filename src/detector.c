/* detector.c: Poisson counts, read noise and digitisation of an image (model in detector.h,
 * docs/physics.md §13.2). */
#include "detector.h"

#include <math.h>
#include <stdio.h>

#include "rng.h"

double lg_mag_to_rate(double mag, double zero_point)
{
    return pow(10.0, -0.4 * (mag - zero_point));
}

double lg_detector_sky_rate(const lg_detector *d)
{
    return lg_mag_to_rate(d->sky_mag, d->zero_point) * d->pixel_arcsec * d->pixel_arcsec;
}

int lg_detector_check(const lg_detector *d, char *err, size_t err_size)
{
    const char *what = NULL, *range = NULL;
    double v = 0.0;
    if (!(d->exposure_s > 0.0) || !isfinite(d->exposure_s))
        what = "exposure_s", v = d->exposure_s, range = "finite and > 0 (seconds)";
    else if (!(d->pixel_arcsec > 0.0) || !isfinite(d->pixel_arcsec))
        what = "pixel_arcsec", v = d->pixel_arcsec, range = "finite and > 0 (arcsec)";
    else if (!(d->gain >= 0.0) || !isfinite(d->gain))
        what = "gain", v = d->gain, range = "finite and >= 0 (e-/ADU; 0: no digitisation)";
    else if (!(d->read_noise_e >= 0.0) || !isfinite(d->read_noise_e))
        what = "read_noise_e", v = d->read_noise_e, range = "finite and >= 0 (electrons)";
    else if (!isfinite(d->zero_point) || fabs(d->zero_point) > 100.0)
        what = "zero_point", v = d->zero_point, range = "finite, -100 to 100 (AB mag for 1 e-/s)";
    else if (!isfinite(d->sky_mag) || fabs(d->sky_mag) > 100.0)
        what = "sky_mag", v = d->sky_mag, range = "finite, -100 to 100 (AB mag/arcsec^2)";
    else if (!isfinite(lg_detector_sky_rate(d) * d->exposure_s) ||
             lg_detector_sky_rate(d) * d->exposure_s > 1e15)
        what = "sky_mag", v = d->sky_mag,
        range = "faint enough that the sky gives at most 1e15 electrons per pixel";
    if (!what)
        return 0;
    if (err && err_size)
        snprintf(err, err_size, "detector: %s = %g; must be %s", what, v, range);
    return -1;
}

void lg_detector_apply(const lg_detector *d, uint64_t seed, uint64_t index, const float *image,
                       float *out, size_t n)
{
    const double t = d->exposure_s, inv_t = 1.0 / t, sky = lg_detector_sky_rate(d);
    const double g = d->gain, inv_g = g > 0.0 ? 1.0 / g : 0.0, rn = d->read_noise_e;
    const double shift = d->subtract_sky ? sky : 0.0;
    for (size_t i = 0; i < n; ++i) {
        const uint32_t pix = (uint32_t)i;
        const double lam = ((double)image[i] + sky) * t;
        double e = lg_poisson_in(seed, index, LG_STREAM_IMAGE_POISSON, pix, lam);
        if (rn > 0.0)
            e += rn * lg_normal_d(lg_philox(seed, index, LG_STREAM_READ_NOISE, pix));
        if (g > 0.0)
            e = floor(e * inv_g + 0.5) * g; /* the ADC: nearest whole ADU */
        out[i] = (float)(e * inv_t - shift);
    }
}

double lg_detector_variance(const lg_detector *d, double image_rate)
{
    const double t = d->exposure_s, lam = fmax(image_rate + lg_detector_sky_rate(d), 0.0) * t;
    const double q = d->gain > 0.0 ? d->gain * d->gain / 12.0 : 0.0;
    return (lam + d->read_noise_e * d->read_noise_e + q) / (t * t);
}
