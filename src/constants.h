/* constants.h: physical constants, stated once (docs/physics.md §1.2). Reference codes differ here
 * (lenstronomy's G and Msun shift Sigma_crit by ~3e-4); ours are CODATA 2018 and IAU 2015. */
#ifndef LG_CONSTANTS_H
#define LG_CONSTANTS_H

#define LG_C_KM_S 299792.458                 /* speed of light, km/s (exact) */
#define LG_C_M_S 299792458.0                 /* m/s (exact) */
#define LG_G_SI 6.67430e-11                  /* m^3 kg^-1 s^-2, CODATA 2018 */
#define LG_MSUN_KG 1.988409870698051e30      /* IAU 2015 nominal GM_sun / CODATA 2018 G */
#define LG_MPC_M 3.0856775814913673e22       /* IAU 2012 au, parsec = 648000/pi au */
#define LG_ARCSEC_RAD 4.84813681109535994e-6 /* pi / 648000 */
#define LG_PI 3.14159265358979323846

#endif
