/* instrument.c: the instrument presets (instrument.h; docs/physics.md §13.3).
 *
 * Each preset describes ONE exposure at the detector's native pixels (a stack of n exposures:
 * exposure n t, read noise sqrt(n) r; drizzled or coadded pixels are not modelled). Zero points
 * are AB magnitudes giving 1 e-/s; sky in AB mag/arcsec^2. Sources:
 *
 * hst_wfc3_f160w (HST WFC3/IR, F160W)
 *   pixel 0.128"    IR pixels project to ~0.135" x 0.121" (WFC3 Instrument Handbook, IHB, §7.4.1;
 *                   Dressel et al., STScI); 0.128" = sqrt(0.135 x 0.121), the square of equal
 *                   area (so the sky per pixel is right)
 *   PSF gaussian    FWHM 0.15": the IR PSF core is close to a Gaussian before pixelation, FWHM
 *                   ~0.15" near the F160W pivot wavelength (1537 nm) (IHB §7.6.1, Table 7.5)
 *   zero point      25.946: F160W AB zero point, infinite aperture (STScI WFC3/IR photometric
 *                   zero points, 2012 table; Kalirai et al. 2009, WFC3 ISR 2009-30); the
 *                   recalibration of Calamida et al. 2022 (AJ 164, 32) revises IR zero points
 *                   slightly: take the current STScI table for absolute photometry
 *   read noise 12   effective read noise of a ramp fitted to ~16 non-destructive reads (IHB §9,
 *                   exposure-time calculation)
 *   sky 22.3        an average zodiacal + earthshine background at 1.6 um (IHB §9.7)
 *   exposure 1402.9 one full MULTIACCUM ramp, SPARS100 with NSAMP = 16 (IHB §13.3), the ramp the
 *                   12 e- read noise refers to
 *   gain 2.5        the only supported IR gain setting, e-/DN (WFC3 Data Handbook §7.2;
 *                   measured effective gains 2.19-2.28)
 *
 * euclid_vis (Euclid VIS, I_E band, 550-900 nm)
 *   pixel 0.1"      (Cropper et al. 2016, SPIE 9904, 99040Q; Euclid Collaboration: Cropper et al.
 *                   2025, A&A 697, A2)
 *   PSF gaussian    FWHM 0.16": the in-flight image quality of the Q1 frames (Euclid
 *                   Collaboration: McCracken et al. 2025, Q1 VIS processing, arXiv:2503.15303);
 *                   the real PSF has diffraction wings a Gaussian lacks (use a pixel kernel)
 *   zero point      25.6: AB magnitude for 1 e-/s; consistent with a 1.2 m aperture over the
 *                   VIS band and with the Q1 depth (I_E = 25.6 at 10 sigma in 1.3" apertures
 *                   from 4 x 565 s + 2 short exposures, McCracken et al. 2025); to be checked
 *                   against the calibrated value of Cropper et al. 2025
 *   read noise 4.4  upper bound of the detection chain's noise in every channel (Cropper et al.
 *                   2025; ESA/Euclid Consortium VIS description)
 *   sky 22.35       mean zodiacal background in the VIS band (Laureijs et al. 2011, Euclid
 *                   Definition Study Report, ESA/SRE(2011)12)
 *   exposure 565 s  one nominal wide-survey exposure, four per field (Euclid Collaboration:
 *                   Scaramella et al. 2022, A&A 662, A112; Mellier et al. 2025, A&A 697, A1)
 *   gain 3.4        e-/ADU of the 16-bit conversion (Cropper et al. 2025)
 *
 * lsst_r (Vera C. Rubin Observatory LSST, r band)
 *   pixel 0.2"      (Ivezic et al. 2019, ApJ 873, 111)
 *   PSF moffat      FWHM 0.73", beta 4.765: the geometric FWHM 0.822 FWHM_eff + 0.052 of the
 *                   fiducial zenith FWHM_eff = 0.83" in r (SMTN-002, Yoachim et al., "Calculating
 *                   LSST limiting magnitudes and SNR", throughputs v1.9); beta = 4.765 makes a
 *                   Moffat the best match to a Kolmogorov seeing profile (Trujillo et al. 2001,
 *                   MNRAS 328, 977)
 *   zero point      28.36: r, 1 e-/s at zenith with the standard atmosphere (SMTN-002)
 *   read noise 8.8  the camera requirement per exposure (SMTN-002, LSE-59)
 *   sky 21.2        dark sky at zenith in r (SMTN-002)
 *   exposure 30 s   one visit as a single 30 s exposure (SMTN-002; Ivezic et al. 2019: 2 x 15 s)
 *   gain 1.6        expected 1.5 to 1.7 e-/ADU (SMTN-002)
 *
 * Cross-check: lenstronomy's SimulationAPI ObservationConfig (Birrer et al. 2021) defines
 * similar bands; its values differ where it models drizzled HST pixels (0.08"), older LSST
 * throughputs or pre-launch Euclid numbers. */
#include "instrument.h"

#include <string.h>

#include "psf.h"

/* clang-format off */
static const lg_instrument presets[] = {
    /* name              pixel   psf               fwhm   beta   zp      read  sky    exposure gain */
    {"none",             0.0,    LG_PSF_NONE,      0.0,   0.0,   0.0,    0.0,  0.0,   0.0,     0.0},
    {"hst_wfc3_f160w",   0.128,  LG_PSF_GAUSSIAN,  0.15,  0.0,   25.946, 12.0, 22.3,  1402.9,  2.5},
    {"euclid_vis",       0.1,    LG_PSF_GAUSSIAN,  0.16,  0.0,   25.6,   4.4,  22.35, 565.0,   3.4},
    {"lsst_r",           0.2,    LG_PSF_MOFFAT,    0.73,  4.765, 28.36,  8.8,  21.2,  30.0,    1.6},
};
/* clang-format on */

int lg_instrument_find(const char *name, lg_instrument *out)
{
    if (!name)
        return -1;
    for (size_t i = 0; i < sizeof presets / sizeof presets[0]; ++i)
        if (strcmp(name, presets[i].name) == 0) {
            *out = presets[i];
            return 0;
        }
    return -1;
}

lg_detector lg_instrument_detector(const lg_instrument *ins, int subtract_sky)
{
    lg_detector d = {.exposure_s = ins->exposure_s,
                     .sky_mag = ins->sky_mag,
                     .zero_point = ins->zero_point,
                     .gain = ins->gain,
                     .read_noise_e = ins->read_noise_e,
                     .pixel_arcsec = ins->pixel_arcsec,
                     .subtract_sky = subtract_sky};
    return d;
}
