/* deck_schema.c: every deck key, once, with type, default, range, unit and help. */
#include "deck_schema.h"

#include <math.h>
#include <string.h>

#include "instrument.h"
#include "profiles.h"

#define OFF(field) offsetof(lg_config, field)
#define INF HUGE_VAL

const lg_key lg_schema[] = {
    /* ---- top level (before any [section]) ---- */
    {"n_samples", LG_T_INT, OFF(n_samples), NULL, "1000", 1, 1e12, "", NULL,
     "Number of samples (maps) in the dataset."},
    {"seed", LG_T_INT, OFF(seed), "1", NULL, 0, 9.2e18, "", NULL,
     "Key of the Philox4x32-10 generator: same seed, same dataset, whatever the ranks, threads "
     "or batch size."},
    {"batch_size", LG_T_INT, OFF(batch_size), "256", NULL, 1, 1e6, "samples", NULL,
     "Samples a rank computes and writes at once; memory per rank scales with it, not with "
     "n_samples. Does not change the data."},

    {"schedule", LG_T_ENUM, OFF(schedule), "static", NULL, 0, 0, "", "static|dynamic",
     "How batches reach the ranks: static = contiguous blocks of batches per rank; dynamic = "
     "each rank takes the next batch from a counter on rank 0 when it is free (for uneven "
     "sample costs). The data does not depend on it."},
    {"backend", LG_T_ENUM, OFF(backend), "auto", NULL, 0, 0, "", LG_BACKEND_NAMES,
     "Where each rank computes its batches: auto = the rank's CUDA device when it has a usable "
     "one (the ranks of a node take devices local rank mod devices), else the CPU, with a "
     "one-line notice; cpu = the CPU (OpenMP threads); cuda = the rank's CUDA device, and a "
     "rank without a usable one is an error (exit 2). --backend overrides it. The data does not "
     "depend on it beyond the float32 bound in README ('Backends'), and --resume may continue a "
     "run on another backend."},

    /* ---- [map] ---- */
    {"map.npix", LG_T_INT, OFF(npix), "64", NULL, 4, 8192, "pixels", NULL,
     "Map size: npix x npix pixels, stored row-major [sample][iy][ix]."},
    {"map.half_width", LG_T_REAL, OFF(half_width), "5.0", NULL, 1e-3, 36000, "arcsec", NULL,
     "Half the side of the map; pixel i has centre -half_width + (i + 0.5) * 2 half_width/npix."},

    {"map.supersample", LG_T_INT, OFF(supersample), "2", NULL, 1, 16, "", NULL,
     "Pixel integration of kappa: each pixel holds its mean over the pixel by k x k "
     "Gauss-Legendre sub-pixel samples, and the pixels within two pixels of a profile centre an "
     "adaptively refined mean (a cusp's pixel gets its true mean, not a value that depends on "
     "where the centre falls). k = 2: pixel means within 2e-4 of exact (k = 4: 1e-5, ~3x "
     "the cost); 1 = values at pixel centres. Derived maps (alpha, gamma, psi, mu) stay at "
     "pixel centres."},

    /* ---- [cosmology] ---- */
    {"cosmology.H0", LG_T_REAL, OFF(H0), "70.0", NULL, 20, 200, "km/s/Mpc", NULL,
     "Hubble constant of the flat LambdaCDM cosmology."},
    {"cosmology.Omega_m", LG_T_REAL, OFF(Omega_m), "0.3", NULL, 0.01, 1.0, "", NULL,
     "Matter density today; Omega_Lambda = 1 - Omega_m, radiation neglected."},
    {"cosmology.Omega_b", LG_T_REAL, OFF(Omega_b), "0.049", NULL, 0.0, 0.5, "", NULL,
     "Baryon density today: the dark matter density Omega_m - Omega_b sets the WDM half-mode "
     "mass."},

    /* ---- [lens] ---- */
    {"lens.profile", LG_T_CHOICE, OFF(profile), "nfw", NULL, 0, 0, "", LG_PROFILE_NAMES,
     "Profile of each lens: one name, or a weighted mix, e.g. choice(nfw: 0.5, sis: 0.3, "
     "point_mass: 0.2). composite = Sersic bulge ([sersic]) + exponential disk ([disk]) + "
     "elliptical halo ([nfw], lens.e1/e2)."},
    {"lens.dm_model", LG_T_CHOICE, OFF(dm_model), "cdm", NULL, 0, 0, "", LG_DM_NAMES,
     "Dark matter of every halo (nfw, nfw_ell, the composite's halo): cdm = NFW; wdm = NFW "
     "with the concentration suppressed below the half-mode mass ([wdm]); sidm = cored NFW "
     "([sidm]). A weighted choice(...) mixes populations; stored as /params/dm_model."},
    {"lens.z_l", LG_T_DIST, OFF(z_l), "0.5", NULL, 1e-3, 10, "", NULL,
     "Lens redshift. Every z_s that can be drawn must exceed every z_l that can be drawn."},
    {"lens.z_s", LG_T_DIST, OFF(z_s), "2.0", NULL, 2e-3, 20, "", NULL, "Source redshift."},
    {"lens.center_x", LG_T_DIST, OFF(center_x), "0.0", NULL, -36000, 36000, "arcsec", NULL,
     "Lens centre, x (to the right)."},
    {"lens.center_y", LG_T_DIST, OFF(center_y), "0.0", NULL, -36000, 36000, "arcsec", NULL,
     "Lens centre, y (up)."},
    {"lens.e1", LG_T_DIST, OFF(e1), "0.0", NULL, -0.95, 0.95, "", NULL,
     "Ellipticity e1 of nfw_ell, sie and the composite's halo: phi = atan2(e2, e1)/2, "
     "q = (1 - |e|)/(1 + |e|). The largest |e| the e1 and e2 ranges allow must be below 1."},
    {"lens.e2", LG_T_DIST, OFF(e2), "0.0", NULL, -0.95, 0.95, "", NULL,
     "Ellipticity e2 of nfw_ell, sie and the composite's halo."},

    /* ---- [nfw] ---- */
    {"nfw.m200", LG_T_DIST, OFF(m200), "1e14", NULL, 1e6, 1e17, "Msun", NULL,
     "Halo mass M200c: mass inside r200, where the mean density is 200 rho_crit(z_l)."},
    {"nfw.c_model", LG_T_ENUM, OFF(c_model), "duffy08", NULL, 0, 0, "", "fixed|duffy08",
     "Concentration: 'fixed' draws c from nfw.c; 'duffy08' uses Duffy et al. 2008 (Table 1, "
     "M200 critical, full sample: A = 5.71, B = -0.084, C = -0.47) with log-normal scatter."},
    {"nfw.c", LG_T_DIST, OFF(c), "5.0", NULL, 0.5, 100, "", NULL,
     "Concentration c = r200/r_s, used when nfw.c_model = fixed."},
    {"nfw.c_scatter_dex", LG_T_REAL, OFF(c_scatter_dex), "0.1", NULL, 0, 1, "dex", NULL,
     "Log-normal scatter of c about the duffy08 mean (sigma of log10 c)."},

    /* ---- [wdm] ---- */
    {"wdm.m_x", LG_T_DIST, OFF(m_x), "3.0", NULL, 0.1, 1e6, "keV", NULL,
     "Thermal-relic WDM particle mass; half-mode mass after Schneider et al. 2012 (eqs. 7-8, "
     "mu = 1.12, g_x = 1.5); c_WDM = c_CDM (1 + 60 M_hm/M200)^-0.17 (Bose et al. 2016)."},
    {"wdm.z_factor", LG_T_BOOL, OFF(wdm_z_factor), "false", NULL, 0, 0, "", NULL,
     "Multiply c_WDM by Bose et al.'s redshift factor (1 + z)^(0.026 z - 0.04)."},

    /* ---- [sidm] ---- */
    {"sidm.f_core", LG_T_DIST, OFF(f_core), "0.3", NULL, 1e-6, 10, "", NULL,
     "Core radius of SIDM halos in units of the NFW scale radius: r_c = f_core r_s (cored NFW "
     "of Baltz, Marshall & Oguri 2009, normalised to keep M200)."},

    /* ---- [sis] ---- */
    {"sis.sigma_v", LG_T_DIST, OFF(sigma_v), "250.0", NULL, 1, 3000, "km/s", NULL,
     "Velocity dispersion of SIS and SIE lenses; theta_E = 4 pi (sigma_v/c)^2 D_ls/D_s. From 1 "
     "km/s: the SIS lenses of lensed gravitational waves (output.wave) hold 1e3-1e5 Msun inside "
     "theta_E at ~2-6 km/s."},

    /* ---- [point_mass] ---- */
    {"point_mass.mass", LG_T_DIST, OFF(mass), "1e11", NULL, 1e3, 1e16, "Msun", NULL,
     "Mass of the point lens; deposited on the map by cloud-in-cell (conserves the mass)."},

    /* ---- [sersic] ---- */
    {"sersic.n", LG_T_DIST, OFF(sersic_n), "4.0", NULL, 0.36, 10, "", NULL,
     "Sersic index of the sersic profile and of the composite's bulge."},
    {"sersic.r_e", LG_T_DIST, OFF(sersic_r_e), "0.8", NULL, 1e-3, 3600, "arcsec", NULL,
     "Half-mass (effective) radius, along the product-average radius."},
    {"sersic.normalisation", LG_T_ENUM, OFF(sersic_norm), "stellar_mass", NULL, 0, 0, "",
     "kappa_e|stellar_mass",
     "Normalise by the convergence at r_e (sersic.kappa_e) or by the total stellar mass "
     "(sersic.m_star)."},
    {"sersic.kappa_e", LG_T_DIST, OFF(sersic_kappa_e), "0.5", NULL, 0, 1e4, "", NULL,
     "Convergence at r_e (sersic.normalisation = kappa_e)."},
    {"sersic.m_star", LG_T_DIST, OFF(sersic_m_star), "1e11", NULL, 1e3, 1e14, "Msun", NULL,
     "Total stellar mass (sersic.normalisation = stellar_mass)."},
    {"sersic.e1", LG_T_DIST, OFF(sersic_e1), "0.0", NULL, -0.95, 0.95, "", NULL,
     "Ellipticity e1 of the Sersic light/mass (sersic profile and composite bulge)."},
    {"sersic.e2", LG_T_DIST, OFF(sersic_e2), "0.0", NULL, -0.95, 0.95, "", NULL,
     "Ellipticity e2 of the Sersic component."},

    /* ---- [disk] ---- */
    {"disk.r_e", LG_T_DIST, OFF(disk_r_e), "1.5", NULL, 1e-3, 3600, "arcsec", NULL,
     "Half-mass radius of the composite's exponential disk (Sersic n = 1)."},
    {"disk.m_star", LG_T_DIST, OFF(disk_m_star), "5e10", NULL, 1e3, 1e14, "Msun", NULL,
     "Stellar mass of the disk."},
    {"disk.e1", LG_T_DIST, OFF(disk_e1), "0.0", NULL, -0.95, 0.95, "", NULL,
     "Ellipticity e1 of the disk (inclination)."},
    {"disk.e2", LG_T_DIST, OFF(disk_e2), "0.0", NULL, -0.95, 0.95, "", NULL,
     "Ellipticity e2 of the disk."},

    /* ---- [source] (maps image, source) ---- */
    {"source.mag", LG_T_DIST, OFF(src_mag), "22.0", NULL, -10, 40, "AB mag", NULL,
     "Total magnitude of the elliptical Sersic source (unlensed), at imaging.zero_point: its "
     "rate is 10^(-0.4 (mag - zero_point)) electrons per second."},
    {"source.r_e", LG_T_DIST, OFF(src_r_e), "0.3", NULL, 1e-4, 3600, "arcsec", NULL,
     "Half-light radius of the source (product-average radius, as the lens profiles)."},
    {"source.n", LG_T_DIST, OFF(src_n), "1.0", NULL, 0.2, 8, "", NULL,
     "Sersic index of the source."},
    {"source.e1", LG_T_DIST, OFF(src_e1), "0.0", NULL, -0.95, 0.95, "", NULL,
     "Ellipticity e1 of the source."},
    {"source.e2", LG_T_DIST, OFF(src_e2), "0.0", NULL, -0.95, 0.95, "", NULL,
     "Ellipticity e2 of the source."},
    {"source.center_x", LG_T_DIST, OFF(src_x), "0.0", NULL, -36000, 36000, "arcsec", NULL,
     "Source position x in the source plane (angle from the optical axis)."},
    {"source.center_y", LG_T_DIST, OFF(src_y), "0.0", NULL, -36000, 36000, "arcsec", NULL,
     "Source position y in the source plane."},
    {"source.n_clumps", LG_T_DIST, OFF(n_clumps), "0", NULL, 0, LG_MAX_CLUMPS, "", NULL,
     "Number of Gaussian clumps (star-forming knots) added to the Sersic source: the drawn value "
     "rounded to the nearest integer (uniform(0, 4) draws 0 and 4 half as often as 1, 2, 3). "
     "Clump k draws its parameters from streams of its own, so they do not depend on n_clumps; "
     "/params src_clump_* hold them, NaN beyond src_n_clumps."},
    {"source.clump_mag", LG_T_DIST, OFF(clump_mag), "24.5", NULL, -10, 40, "AB mag", NULL,
     "Magnitude of each clump's total light (unlensed), at imaging.zero_point: its rate F is "
     "10^(-0.4 (clump_mag - zero_point)) electrons per second, besides the Sersic's."},
    {"source.clump_sigma", LG_T_DIST, OFF(clump_sigma), "0.03", NULL, 1e-4, 3600, "arcsec", NULL,
     "Gaussian sigma of each clump: I(r) = F / (2 pi sigma^2) exp(-r^2 / (2 sigma^2))."},
    {"source.clump_x", LG_T_DIST, OFF(clump_x), "uniform(-0.2, 0.2)", NULL, -3600, 3600, "arcsec",
     NULL, "Offset x of each clump's centre from the source centre (source.center_x)."},
    {"source.clump_y", LG_T_DIST, OFF(clump_y), "uniform(-0.2, 0.2)", NULL, -3600, 3600, "arcsec",
     NULL, "Offset y of each clump's centre from the source centre (source.center_y)."},

    {"source.point_source", LG_T_BOOL, OFF(point_source), "false", NULL, 0, 0, "", NULL,
     "A point source (quasar) at the source's centre: its images are found by solving the lens "
     "equation (/images: positions, magnifications, time delays) and their flux, |mu| times "
     "10^(-0.4 (ps_mag - zero_point)), is added to the image map."},
    {"source.ps_mag", LG_T_DIST, OFF(ps_mag), "21.0", NULL, -10, 40, "AB mag", NULL,
     "Magnitude of the point source (unlensed)."},

    /* ---- [imaging] ---- */
    {"imaging.supersample", LG_T_INT, OFF(img_supersample), "3", NULL, 1, 16, "", NULL,
     "Ray shooting: each pixel of image and source is the mean surface brightness over k x k "
     "sub-pixels on a uniform grid (centres of k x k equal cells), times the pixel area. "
     "Surface brightness is conserved: a ray's brightness is the source's at "
     "beta = theta - alpha(theta) (analytic deflection of every profile)."},
    {"imaging.instrument", LG_T_ENUM, OFF(instrument), "none", NULL, 0, 0, "", LG_INSTRUMENT_NAMES,
     "Preset for the keys below (and map.half_width = npix x its pixel / 2): the PSF, zero "
     "point, read noise, sky, exposure and gain of one exposure of HST WFC3/IR F160W, Euclid VIS "
     "or LSST r (values and sources: docs/physics.md section 13.3). Any key set in the deck or "
     "with --set overrides its preset value."},
    {"imaging.zero_point", LG_T_REAL, OFF(zero_point), "25.0", NULL, 0, 40, "AB mag", NULL,
     "AB magnitude of a source giving 1 electron per second."},
    {"imaging.psf", LG_T_ENUM, OFF(psf_type), "none", NULL, 0, 0, "", "none|gaussian|moffat|pixel",
     "Point-spread function of map image, applied at the map's resolution by zero-padded FFT "
     "convolution (light pushed off the map is lost): gaussian and moffat kernels are pixel "
     "means, cut where 1e-6 (Moffat 1e-4) of the light remains; pixel = imaging.psf_file."},
    {"imaging.psf_fwhm", LG_T_REAL, OFF(psf_fwhm), "0.1", NULL, 1e-4, 3600, "arcsec", NULL,
     "FWHM of the gaussian or moffat PSF."},
    {"imaging.psf_beta", LG_T_REAL, OFF(psf_beta), "3.0", NULL, 1.01, 100, "", NULL,
     "Moffat index: I(r) ~ [1 + (r/alpha)^2]^-beta."},
    {"imaging.psf_file", LG_T_STRING, OFF(psf_file), "none", NULL, 0, 0, "", NULL,
     "imaging.psf = pixel: the kernel, a 2-D .npy (float32/64) or text file (rows of numbers), "
     "odd square size, at the map's pixel scale; normalised to sum 1. A relative path is "
     "relative to the working directory (as output.file), not to the deck."},
    {"imaging.exposure_s", LG_T_REAL, OFF(exposure_s), "1000.0", NULL, 1e-6, 1e9, "s", NULL,
     "Exposure time of image_noisy."},
    {"imaging.sky_mag", LG_T_REAL, OFF(sky_mag), "22.0", NULL, 0, 40, "AB mag/arcsec^2", NULL,
     "Sky brightness: its counts add Poisson noise to image_noisy."},
    {"imaging.read_noise", LG_T_REAL, OFF(read_noise), "5.0", NULL, 0, 1e4, "e-", NULL,
     "Read noise per pixel (Gaussian, electrons)."},
    {"imaging.gain", LG_T_REAL, OFF(gain), "0.0", NULL, 0, 1e3, "e-/ADU", NULL,
     "Gain: electrons are rounded to whole ADU (0: no rounding). image_noisy stays in e-/s."},
    {"imaging.subtract_sky", LG_T_BOOL, OFF(subtract_sky), "true", NULL, 0, 0, "", NULL,
     "Subtract the expected sky from image_noisy (its noise stays)."},

    /* ---- [noise] ---- */
    {"noise.type", LG_T_ENUM, OFF(noise_type), "gaussian", NULL, 0, 0, "", "none|gaussian|poisson",
     "Noise of kappa_noisy: white Gaussian per pixel, or true Poisson deviates of (kappa + "
     "background) * exposure converted back to kappa; then the smoothing (noise.smooth_fwhm)."},
    {"noise.sigma_from", LG_T_ENUM, OFF(sigma_from), "value", NULL, 0, 0, "", "value|shape_noise",
     "Gaussian sigma per pixel before smoothing: 'value' takes noise.sigma; 'shape_noise' uses "
     "sigma^2 = sigma_e^2 / (2 n_gal A_pix) (van Waerbeke 2000) and ignores noise.sigma."},
    {"noise.sigma", LG_T_REAL, OFF(sigma), "0.05", NULL, 0, 1e3, "kappa", NULL,
     "Per-pixel sigma of the white Gaussian noise, BEFORE any smoothing (noise.sigma_from = "
     "value). Smoothing lowers it to sigma sqrt(sum K^2), ~ sigma / (2 sqrt(pi) s) for a kernel of "
     "s pixels; --check-deck prints both."},
    {"noise.sigma_e", LG_T_REAL, OFF(sigma_e), "0.26", NULL, 0, 2, "", NULL,
     "Total (two-component) intrinsic ellipticity dispersion; per component sigma_e/sqrt(2)."},
    {"noise.n_gal", LG_T_REAL, OFF(n_gal), "30.0", NULL, 1e-3, 1e5, "arcmin^-2", NULL,
     "Source galaxy density for shape noise."},
    {"noise.smooth_fwhm", LG_T_REAL, OFF(smooth_fwhm), "0.0", NULL, 0, 36000, "arcsec", NULL,
     "FWHM of a Gaussian kernel convolved with the observed map (FFTW, zero-padded linear "
     "convolution, no wrap-around); 0 = none. At most map.half_width."},
    {"noise.smoothing", LG_T_ENUM, OFF(smoothing), "observed", NULL, 0, 0, "", "observed|noise",
     "What noise.smooth_fwhm smooths: observed = kappa + noise, as an instrument or a "
     "reconstruction would (default); noise = the noise alone, kappa kept sharp (a correlated-"
     "noise model)."},
    {"noise.exposure", LG_T_REAL, OFF(exposure), "100.0", NULL, 1e-6, 1e12, "counts/kappa", NULL,
     "Poisson noise: expected counts per unit (kappa + background)."},
    {"noise.background", LG_T_REAL, OFF(background), "1.0", NULL, 0, 1e6, "kappa", NULL,
     "Poisson noise: background added before drawing and subtracted after."},

    /* ---- [normalise] ---- */
    {"normalise.method", LG_T_ENUM, OFF(normalise), "none", NULL, 0, 0, "", "none|minmax|zscore",
     "Per-sample normalisation of kappa_noisy: none; minmax maps to [0, 1]; zscore to mean 0 "
     "and std 1. The statistics are stored (/params/norm_offset, norm_scale). Default none: "
     "per-sample scaling removes the mass scale (validation/README.md, Learnability). A "
     "near-flat map becomes all zeros with norm_scale 0 (never NaN or Inf): one whose spread "
     "(max - min, or std) is at most 1e-6 of its largest |value| (float rounding) or below "
     "1.2e-38 (the smallest normal float; e.g. an off-map Sersic), or that holds a NaN or Inf."},

    /* ---- [augment] ---- */
    {"augment.rot90", LG_T_BOOL, OFF(augment_rot90), "false", NULL, 0, 0, "", NULL,
     "Rotate each sample by k x 90 degrees (k drawn uniformly in 0..3): maps, centre and "
     "ellipticities together; k is stored in /params/aug_rot90."},
    {"augment.flip", LG_T_BOOL, OFF(augment_flip), "false", NULL, 0, 0, "", NULL,
     "Mirror each sample x -> -x with probability 1/2 (after the rotation); stored in "
     "/params/aug_flip."},

    /* ---- [output] ---- */
    {"output.file", LG_T_STRING, OFF(output_file), "out/lensgen.h5", NULL, 0, 0, "", NULL,
     "The HDF5 dataset file; written as FILE.tmp and renamed on success. An existing file is "
     "kept unless --force."},
    {"output.maps", LG_T_FLAGS, OFF(maps), "kappa, kappa_noisy", NULL, 0, 0, "", LG_MAP_NAMES,
     "Maps to write, a comma-separated list: kappa (noise-free), kappa_noisy (noise, then "
     "normalisation), alpha_x, alpha_y (arcsec), gamma1, gamma2, psi (arcsec^2), mu; all but "
     "kappa_noisy noise-free and not normalised."},
    {"output.dtype", LG_T_ENUM, OFF(dtype), "float32", NULL, 0, 0, "", "float32|float16",
     "Type of the stored maps: float32, or IEEE half precision float16 (half the bytes; "
     "h5py reads numpy float16): 11 significant bits, relative rounding error <= 2^-11 = "
     "4.9e-4 for |v| in [6.1e-5, 65504], absolute <= 3e-8 below, +-inf above 65504. Computation "
     "stays float32."},
    {"output.params", LG_T_STRING, OFF(params_spec), "applicable", NULL, 0, 0, "", NULL,
     "/params columns to write: applicable = every column some sample of this deck has a value "
     "in (no all-NaN column); all = every column; or a comma-separated list of column names "
     "(README 'Output' lists them). The quasar's /images arrays (n, x, y, mu, dt) are columns "
     "too: a list names those it keeps."},
    {"output.checkpoint_s", LG_T_REAL, OFF(checkpoint_s), "30", NULL, 0, 86400, "s", NULL,
     "At most this long between checkpoints: the data written so far is synced to disk and the "
     "completion record OUTPUT.progress updated, so --resume after a kill recomputes only what "
     "came later. 0 = after every batch (safest, slowest)."},
    {"output.chunk_samples", LG_T_INT, OFF(chunk_samples), "0", NULL, 0, 1e6, "samples", NULL,
     "HDF5 layout of the maps: 0 = contiguous (fastest here); k > 0 = chunks of k whole maps "
     "(needed for compression); k must divide batch_size, so a chunk never spans two batches "
     "(resume safety)."},
    {"output.compression", LG_T_INT, OFF(compression), "0", NULL, 0, 9, "", NULL,
     "gzip level of the map chunks (0 = none; needs output.chunk_samples > 0). Parallel "
     "compressed writes are collective; they cost CPU (~25 MB/s per core at level 1)."},
    {"output.shuffle", LG_T_BOOL, OFF(shuffle), "false", NULL, 0, 0, "", NULL,
     "Byte-shuffle filter before gzip (often compresses float maps better)."},
    {"output.alignment_kib", LG_T_INT, OFF(alignment_kib), "1024", NULL, 1, 1048576, "KiB", NULL,
     "Align every dataset larger than this on a multiple of it in the file (match the file "
     "system's stripe size on Lustre/GPFS)."},
    {"output.direct_io", LG_T_BOOL, OFF(direct_io), "true", NULL, 0, 0, "", NULL,
     "Write contiguous maps with O_DIRECT, past the page cache, when a map's bytes are a "
     "multiple of 4 KiB (e.g. npix 64 float32 or float16); otherwise, or false, or where the "
     "file system refuses it, through the page cache. Same file either way."},
    {"output.derived", LG_T_ENUM, OFF(derived_method), "analytic", NULL, 0, 0, "", "analytic|fft",
     "How alpha, gamma, psi and mu are computed: analytic (closed forms or quadrature per "
     "pixel, double precision) or fft (from the kappa map by FFT, zero-padded: any kappa, "
     "the field of the mass inside the map only; each pixel's mass sits at its centre, so within "
     "~2 pixels of a cusp alpha and gamma are off by 10-50 %). Also the deflection the lensed "
     "images' rays follow: fft interpolates the FFT alpha maps bilinearly between pixel "
     "centres (the point source's images and the fermat map stay analytic)."},
    {"output.wave", LG_T_BOOL, OFF(wave), "false", NULL, 0, 0, "", NULL,
     "Write the wave-optics amplification factor F(w, y) of lensed gravitational waves, per "
     "sample at the frequencies of [wave] (/wave; README 'Wave optics'). Every lens.profile the "
     "deck can draw must be point_mass or sis. Cost per value: microseconds at w < 1, up to "
     "~40 ms near w = 1000 (w = 8 pi G M (1 + z_l) f / c^3); above w = 1000 or y = 10, "
     "geometric optics (cheap)."},

    /* ---- [wave] (output.wave) ---- */
    {"wave.f_min", LG_T_REAL, OFF(wave_f_min), "10.0", NULL, 1e-9, 1e9, "Hz", NULL,
     "Lowest observed gravitational-wave frequency of the grid (/wave/frequency)."},
    {"wave.f_max", LG_T_REAL, OFF(wave_f_max), "1000.0", NULL, 1e-9, 1e9, "Hz", NULL,
     "Highest frequency of the grid; must exceed wave.f_min."},
    {"wave.n_freq", LG_T_INT, OFF(wave_n_freq), "64", NULL, 2, 1024, "", NULL,
     "Frequencies of the grid, f_min and f_max included: /wave/F_abs and F_phase hold n_freq "
     "float64 values per sample."},
    {"wave.spacing", LG_T_ENUM, OFF(wave_spacing), "log", NULL, 0, 0, "", "log|linear",
     "Grid spacing: log, f_i = f_min (f_max/f_min)^(i/(n_freq - 1)); linear, f_i = f_min + "
     "i (f_max - f_min)/(n_freq - 1); i = 0 .. n_freq - 1."},

    /* ---- [subhalos] (subhalo_batch.h; docs/physics.md §16) ---- */
    {"subhalos.enabled", LG_T_BOOL, OFF(subhalos), "false", NULL, 0, 0, "", NULL,
     "Draw each sample's subhalos (truncated NFW, Gilman et al. 2020 'DG19' population) and add "
     "them to every map; labels in /params (n_sub, sigma_sub, f_sub, sub_slope) and per-subhalo "
     "arrays in /subhalos. dm_model wdm thins and lowers c of the subhalos with the host's m_hm, "
     "sidm cores them with sidm.f_core drawn per subhalo (README 'Dark-matter substructure')."},
    {"subhalos.sigma_sub", LG_T_DIST, OFF(sub_sigma_sub), "0.025", NULL, 0, 10, "kpc^-2", NULL,
     "Normalisation of the subhalo mass function d^2N/(dm dA) at m = 1e8 Msun, before the "
     "host scaling f_host = 10^(0.88 log10(M200/1e13) + 1.7 log10(z_l + 0.5))."},
    {"subhalos.alpha", LG_T_REAL, OFF(sub_alpha), "-1.9", NULL, -3, -1.01, "", NULL,
     "Logarithmic slope of dN/dm (CDM: -1.9)."},
    {"subhalos.m_min", LG_T_REAL, OFF(sub_m_min), "1e6", NULL, 1e3, 1e12, "Msun", NULL,
     "Lightest subhalo mass drawn (M200)."},
    {"subhalos.m_max", LG_T_REAL, OFF(sub_m_max), "1e10", NULL, 1e3, 1e13, "Msun", NULL,
     "Heaviest subhalo mass drawn; must exceed subhalos.m_min."},
    {"subhalos.r_max_theta_e", LG_T_REAL, OFF(sub_r_max_theta_e), "3.0", NULL, 0, 100, "", NULL,
     "Radius of the cylinder the subhalos are drawn in, in units of theta_E; at least the map's "
     "half-diagonal (so the whole map is covered)."},
    {"subhalos.n_max", LG_T_INT, OFF(sub_n_max), "2000", NULL, 1, 100000, "", NULL,
     "Cap on subhalos per sample, and the width of the /subhalos arrays (NaN-padded). A sample "
     "whose Poisson count exceeds it keeps the first n_max (a random subset: the mass function's "
     "shape holds, its normalisation does not) and has /params/sub_capped = 1."},
    {"subhalos.eps", LG_T_REAL, OFF(sub_eps), "1e-4", NULL, 1e-9, 0.1, "", NULL,
     "Rendering cut: a subhalo's convergence is evaluated only where it exceeds eps (and its "
     "pixels are scaled to hold its exact projected mass inside that radius); pick it well "
     "below the noise per pixel. The analytic derived maps are exact (no cut)."},
    {"subhalos.c_scatter_dex", LG_T_REAL, OFF(sub_c_scatter_dex), "0.1", NULL, 0, 1, "dex", NULL,
     "Log-normal scatter of the subhalo concentrations about the DG19 peak-height relation."},
    {"subhalos.host_m200", LG_T_DIST, OFF(sub_host_m200), "1e13", NULL, 1e8, 1e16, "Msun", NULL,
     "Host halo mass of lenses without an NFW halo (point_mass, sis, sie, sersic): it sets the "
     "DG19 host scaling and the subhalos' spatial distribution (c from Duffy et al. 2008). "
     "nfw, nfw_ell and composite lenses use their own m200 and c."},

    /* ---- [los] (los_population.h; docs/physics.md §17) ---- */
    {"los.enabled", LG_T_BOOL, OFF(los), "false", NULL, 0, 0, "", NULL,
     "Draw each sample's line-of-sight halos: Sheth-Tormen field halos in pyHalo's double cone "
     "from z = 0.01 to z_s (slices of dz = 0.02), truncated NFWs rendered at the lens plane in "
     "the SINGLE-PLANE approximation (each at its unlensed angle with Sigma_crit(z_h, z_s); no "
     "multi-plane deflection). The cone's radius at the lens is the map's half-diagonal. WDM "
     "thins them with Lovell (2020)'s field fit; they are not cored under sidm. Labels in "
     "/params (n_los, delta_los, los_m_total, los_kappa_sheet)."},
    {"los.delta_los", LG_T_DIST, OFF(los_delta), "1.0", NULL, 0, 10, "", NULL,
     "Multiplier of the halo mass function (pyHalo's LOS_normalization)."},
    {"los.m_min", LG_T_REAL, OFF(los_m_min), "1e6", NULL, 1e3, 1e12, "Msun", NULL,
     "Lightest line-of-sight halo drawn (M200)."},
    {"los.m_max", LG_T_REAL, OFF(los_m_max), "1e10", NULL, 1e3, 1e13, "Msun", NULL,
     "Heaviest line-of-sight halo drawn; must exceed los.m_min."},
    {"los.n_max", LG_T_INT, OFF(los_n_max), "5000", NULL, 1, 100000, "", NULL,
     "Cap on line-of-sight halos per sample (a sample beyond it keeps the first n_max and has "
     "/params/los_capped = 1)."},
    {"los.subtract_sheet", LG_T_BOOL, OFF(los_subtract_sheet), "true", NULL, 0, 0, "", NULL,
     "Subtract the mean convergence the halos add (their expected mass over the cone, "
     "/params/los_kappa_sheet) as a uniform negative sheet, as pyHalo does: the field halos are "
     "part of the mean density the distances already hold."},
};

const int lg_schema_n = (int)(sizeof lg_schema / sizeof lg_schema[0]);

int lg_schema_find(const char *name)
{
    for (int i = 0; i < lg_schema_n; ++i)
        if (strcmp(lg_schema[i].name, name) == 0)
            return i;
    return -1;
}

const char *lg_type_name(lg_type t)
{
    switch (t) {
    case LG_T_INT: return "integer";
    case LG_T_REAL: return "real";
    case LG_T_BOOL: return "bool";
    case LG_T_ENUM: return "one of";
    case LG_T_STRING: return "string";
    case LG_T_DIST: return "real or distribution";
    case LG_T_CHOICE: return "name or choice(name: weight, ...)";
    case LG_T_FLAGS: return "comma-separated list of";
    }
    return "?";
}

int lg_choices_index(const char *choices, const char *word, size_t len)
{
    int idx = 0;
    const char *p = choices;
    while (*p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == len && strncmp(p, word, len) == 0)
            return idx;
        if (!bar)
            break;
        p = bar + 1;
        ++idx;
    }
    return -1;
}

void lg_choices_name(const char *choices, int n, char *buf, size_t size)
{
    const char *p = choices;
    for (int i = 0; i < n && p; ++i) {
        p = strchr(p, '|');
        if (p)
            ++p;
    }
    if (!p) {
        buf[0] = '\0';
        return;
    }
    const char *bar = strchr(p, '|');
    size_t len = bar ? (size_t)(bar - p) : strlen(p);
    if (len >= size)
        len = size - 1;
    memcpy(buf, p, len);
    buf[len] = '\0';
}
