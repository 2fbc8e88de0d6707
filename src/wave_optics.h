/* wave_optics.h: the wave-optics amplification factor F(w, y) of lensed gravitational waves for
 * the point mass and the singular isothermal sphere, and their geometric-optics limits
 * (docs/physics.md §15; Nakamura & Deguchi 1999, Takahashi & Nakamura 2003).
 *
 * Dimensionless variables: w = 8 pi G M_Lz f / c^3 (M_Lz = M (1 + z_l); for the SIS, M is the
 * mass inside the Einstein radius), y = beta / theta_E. Phase convention (Takahashi & Nakamura
 * 2003): F = (w / 2 pi i) Int d^2x exp[i w T(x, y)] with T = |x - y|^2 / 2 - psi(x) - phi_m(y),
 * phi_m chosen so that the minimum image arrives at T = 0: the phase of F is that of the lensed
 * wave relative to the unlensed one, with the minimum (first) image's arrival time as zero. The
 * sign is that of exp(+i w T): delayed images carry e^{+i w dT}, so F multiplies waveforms
 * transformed as h(f) = Int h(t) e^{+2 pi i f t} dt; with the LIGO/LAL convention (e^{-2 pi i f t})
 * multiply by conj(F). f_phase is arg F in (-pi, pi] (not unwrapped).
 *
 * Every function returns LG_WAVE_OK (0) and finite results, or a non-zero status with NaN
 * results: LG_WAVE_ERANGE for an argument outside the supported range (or NaN),
 * LG_WAVE_EFAIL when a method did not reach its accuracy (not observed in the range).
 * No MPI, no HDF5; thread-safe (no state). */
#ifndef LG_WAVE_OPTICS_H
#define LG_WAVE_OPTICS_H

#include <complex.h>

/* Supported range of the wave-optics functions: 0 <= w <= LG_WAVE_W_MAX, 0 <= y <= LG_WAVE_Y_MAX
 * (w = 0 gives F = 1). Measured accuracy against mpmath, |F - F_ref| / |F_ref|: 1.6e-12 (point
 * mass) and 3.5e-12 (SIS) over w in [1e-3, 1e3], y in [0.01, 10] (docs/physics.md §15.5; the
 * methods aim at 1e-11). Cost: microseconds at w < 1; up to ~40 ms (point mass, w ~ 1000, y ~ 5)
 * and ~8 ms (SIS, w = 1000, y = 10) at the top of the range. */
#define LG_WAVE_W_MAX 1000.0
#define LG_WAVE_Y_MAX 10.0

enum { LG_WAVE_OK = 0, LG_WAVE_ERANGE = 1, LG_WAVE_EFAIL = 2 };

/* Point mass: F = exp[pi w/4 + i (w/2)(ln(w/2) - 2 phi_m(y))] Gamma(1 - i w/2)
 *                 1F1(i w/2; 1; i w y^2/2),   phi_m = (x_m - y)^2/2 - ln x_m,
 * x_m = (y + sqrt(y^2 + 4))/2. y = 0 (Einstein ring) is allowed. */
int lg_wave_point_mass(double w, double y, double *f_abs, double *f_phase);
int lg_wave_point_mass_c(double w, double y, double complex *f);

/* SIS (psi = |x|): F = e^{i w (y^2/2 + y + 1/2)} sum_n Gamma(1 + n/2)/n! (2w)^{n/2} e^{-i pi n/4}
 * 1F1(1 + n/2; 1; -i w y^2/2) where it converges without losing digits (small w), otherwise
 * the same integral with the radial part in closed form (Faddeeva function) and the angle by
 * the trapezoidal rule (docs/physics.md §15.3). */
int lg_wave_sis(double w, double y, double *f_abs, double *f_phase);
int lg_wave_sis_c(double w, double y, double complex *f);

/* Geometric optics, same phase convention; any w >= 0, y > 0 (y = 0 is the ring: ERANGE).
 * Point mass: |mu_+|^{1/2} - i |mu_-|^{1/2} e^{i w dT}, mu_pm = 1/2 pm (y^2 + 2)/(2 y
 * sqrt(y^2 + 4)), dT = y sqrt(y^2 + 4)/2 + ln[(sqrt(y^2 + 4) + y)/(sqrt(y^2 + 4) - y)].
 * SIS: sqrt(1 + 1/y) - i sqrt(1/y - 1) e^{2 i w y} for y < 1, sqrt(1 + 1/y) for y >= 1. */
int lg_wave_point_mass_geo(double w, double y, double *f_abs, double *f_phase);
int lg_wave_sis_geo(double w, double y, double *f_abs, double *f_phase);
int lg_wave_point_mass_geo_c(double w, double y, double complex *f);
int lg_wave_sis_geo_c(double w, double y, double complex *f);

/* Physical inputs to w. w = 8 pi G M (1 + z_l) f / c^3 for a mass M in Msun, lens redshift z_l
 * and observed frequency f in Hz (constants of docs/physics.md §1.2); for the SIS, M is the
 * mass inside the Einstein radius in the lens plane (lg_wave_sis_einstein_mass). NaN for a
 * negative or non-finite input. */
double lg_wave_w_mass(double mass_msun, double z_l, double f_hz);

/* The SIS's mass inside its Einstein radius xi_0 = 4 pi (sigma_v/c)^2 D_l D_ls / D_s:
 * M(xi_0) = pi sigma_v^2 xi_0 / G = 4 pi^2 sigma_v^4 D_l D_ls / (G c^2 D_s), in Msun, from
 * sigma_v in km/s and angular-diameter distances in Mpc. NaN for invalid inputs. */
double lg_wave_sis_einstein_mass(double sigma_v_kms, double d_l_mpc, double d_s_mpc,
                                 double d_ls_mpc);

/* The same w for any lens from its Einstein radius (arcsec) and time-delay distance
 * D_dt = (1 + z_l) D_l D_s / D_ls (Mpc): w = 2 pi f D_dt theta_E^2 / c. Equal to lg_wave_w_mass
 * for the point mass and the SIS. NaN for invalid inputs. */
double lg_wave_w_theta_e(double theta_e_arcsec, double d_dt_mpc, double f_hz);

/* ---- the special functions, exposed for the tests -------------------------------------- */

/* Kummer's function M(a, 1, i t) = 1F1(a; 1; i t) for complex a and real t (the argument is
 * purely imaginary). method: AUTO picks the series, the large-|z| expansion or the ODE by
 * their error estimates; the others force one (for cross-checks; a forced method that cannot
 * reach ~1e-11 still returns its value with status LG_WAVE_EFAIL). *rel_err (may be NULL): the
 * method's own error estimate relative to |M|. Supported: |a| <= 2000, |Re a| <= 50,
 * |t| <= 1e5 (the ODE's cost grows like |t|); validated for the a and t the lenses use. */
typedef enum {
    LG_WAVE_M_AUTO = 0,
    LG_WAVE_M_SERIES,
    LG_WAVE_M_ASYMPTOTIC,
    LG_WAVE_M_ODE
} lg_wave_m_method;
int lg_wave_kummer_m1(double complex a, double t, lg_wave_m_method method, double complex *m,
                      double *rel_err);

/* The Faddeeva function w(z) = exp(-z^2) erfc(-i z) (Weideman 1994, N = 40; relative error
 * ~1e-15 for Im z >= 0, by w(z) = 2 exp(-z^2) - w(-z) below the real axis). */
double complex lg_wave_faddeeva(double complex z);

/* The SIS by a chosen method (AUTO as lg_wave_sis_c). SERIES returns LG_WAVE_EFAIL, with its
 * value, when its estimated error exceeds 1e-11 relative. */
typedef enum {
    LG_WAVE_SIS_AUTO = 0,
    LG_WAVE_SIS_SERIES,
    LG_WAVE_SIS_QUADRATURE
} lg_wave_sis_method;
int lg_wave_sis_by(double w, double y, lg_wave_sis_method method, double complex *f);

#endif
