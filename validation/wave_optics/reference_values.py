#!/usr/bin/env python3
"""Offline reference values for tests/unit/test_wave_optics.c and the coefficients of
src/wave_optics.c's Faddeeva function (docs/physics.md section 13).

Not run by any test (it needs mpmath, which the build does not): run it by hand in a throwaway
venv, e.g.  python3 -m venv /tmp/v && /tmp/v/bin/pip install mpmath &&
/tmp/v/bin/python validation/wave_optics/reference_values.py
and paste what it prints. Everything is computed in multiple-precision arithmetic, each value
twice at different precisions; a value is printed only if both agree to 1e-20.

Printed:
  1. Weideman's (1994) 40 coefficients for w(z) = exp(-z^2) erfc(-i z), Im z >= 0;
  2. Kummer's M(a, 1, z) from mpmath.hyp1f1 for the point mass's a = i w/2, z = i w y^2/2;
  3. the point mass's F(w, y) from the closed form (Takahashi & Nakamura 2003);
  4. the SIS's F(w, y) from its series summed in high precision, the 1F1 values by the
     (exact) three-term recurrence in a started from e^z and Bessel J0, J1.
"""
import mpmath as mp


def weideman_coefficients(n=40):
    """p(Z) = sum_k c_k Z^k of Weideman (1994), c_k = Re A[k+1] / (4N), A the DFT of
    f(t) = (L^2 + t^2) exp(-t^2) at t = L tan(pi k / (4N)), L = sqrt(N / sqrt(2))."""
    m = 2 * n
    m2 = 2 * m
    big_l = mp.sqrt(n / mp.sqrt(2))
    f = {}
    for k in range(-m + 1, m):
        t = big_l * mp.tan(k * mp.pi / m / 2)
        f[k] = mp.exp(-t * t) * (big_l ** 2 + t * t)
    coeffs = []
    for j in range(1, n + 1):
        s = f[0] + 2 * mp.fsum(f[k] * mp.cos(mp.pi * k * j / m) for k in range(1, m))
        coeffs.append(s / m2)
    return big_l, coeffs


def point_mass_f(w, y):
    w, y = mp.mpf(w), mp.mpf(y)
    xm = (y + mp.sqrt(y * y + 4)) / 2
    phim = (xm - y) ** 2 / 2 - mp.log(xm)
    return (mp.exp(mp.pi * w / 4 + 1j * w / 2 * (mp.log(w / 2) - 2 * phim))
            * mp.gamma(1 - 1j * w / 2)
            * mp.hyp1f1(1j * w / 2, 1, 1j * w * y * y / 2, maxterms=10**6))


def sis_f(w, y):
    """F(w, y) = e^{i w (y^2/2 + y + 1/2)} sum_n Gamma(1 + n/2)/n! (2w)^{n/2} e^{-i pi n/4}
    M(1 + n/2, 1, -i w y^2/2): arrival-time zero at the minimum image."""
    w, y = mp.mpf(w), mp.mpf(y)
    s = w * y * y / 2
    z = -1j * s
    sig = s / 2
    me = [mp.exp(z), (1 + z) * mp.exp(z)]                      # a = 1, 2
    mo = [mp.exp(-1j * sig) * mp.besselj(0, sig),              # a = 1/2, 3/2
          mp.exp(-1j * sig) * ((1 - 2j * sig) * mp.besselj(0, sig) - 2 * sig * mp.besselj(1, sig))]

    def m_of(n):  # M(1 + n/2, 1, z)
        seq, a0, idx = (me, 1, n // 2) if n % 2 == 0 else (mo, mp.mpf(1) / 2, n // 2 + 1)
        while len(seq) <= idx:
            a = a0 + len(seq) - 1
            seq.append(((2 * a - 1 + z) * seq[-1] + (1 - a) * seq[-2]) / a)
        return seq[idx]

    total, g_prev2, g_prev1 = mp.mpc(0), mp.mpf(1), mp.sqrt(mp.pi * w / 2)
    small, n, biggest = 0, 0, mp.mpf(0)
    while True:
        g = mp.mpf(1) if n == 0 else (mp.sqrt(mp.pi * w / 2) if n == 1 else g_prev2 * w / (n - 1))
        if n >= 2:
            g_prev2, g_prev1 = g_prev1, g
        term = g * mp.expjpi(-mp.mpf(n) / 4) * m_of(n)
        total += term
        biggest = max(biggest, abs(term))
        # past the largest term, and the terms below the working precision of the largest
        if n > 2 * w + 20 and abs(term) < mp.eps * biggest * mp.mpf(10) ** -5:
            small += 1
            if small > 4:
                break
        else:
            small = 0
        n += 1
    sis_f.lost_digits = float(mp.log10(biggest / abs(total)))
    return mp.exp(1j * w * (y * y / 2 + y + mp.mpf(1) / 2)) * total


def checked(fn, *args, dps=(40, 60)):
    vals = []
    for d in dps:
        with mp.workdps(d):
            vals.append(fn(*args))
    if abs(vals[0] - vals[1]) > mp.mpf(10) ** -20 * abs(vals[1]):
        raise SystemExit("no agreement for %s%s" % (fn.__name__, args))
    return vals[1]


def sis_dps(w, y):
    """Working precisions for the SIS series: the digits lost to cancellation (the largest
    term over the sum, measured in a first pass at a generous precision) plus 40 and 60."""
    with mp.workdps(int((w / 2 + w * y) / 2.302585) + 60):
        sis_f(w, y)
    lost = int(sis_f.lost_digits + 1)
    return (lost + 40, lost + 60)


def main():
    with mp.workdps(50):
        big_l, c = weideman_coefficients(40)
    print("/* Weideman N = 40: L = %s */" % mp.nstr(big_l, 20))
    for k in range(0, 40, 3):
        print("    " + ", ".join(mp.nstr(v, 17, min_fixed=0, max_fixed=0) for v in c[k:k + 3]) + ",")

    print("\n/* M(i w/2, 1, i w y^2/2) and M(1 + n/2, 1, -i w y^2/2) */")
    for w, y in [(0.5, 1.0), (10.0, 0.5), (100.0, 1.0), (300.0, 3.0), (1000.0, 1.0),
                 (1000.0, 0.3), (1000.0, 10.0), (20.0, 10.0), (2.0, 0.01)]:
        v = checked(lambda w_, y_: mp.hyp1f1(1j * w_ / 2, 1, 1j * w_ * y_ * y_ / 2), w, y)
        print("    {%s, %s, %.17g, %.17g}," % (w, y, float(v.real), float(v.imag)))
    for n, w, y in [(1, 10.0, 1.0), (7, 3.0, 2.0), (40, 100.0, 0.5)]:
        v = checked(lambda n_, w_, y_: mp.hyp1f1(1 + mp.mpf(n_) / 2, 1, -1j * w_ * y_ * y_ / 2),
                    n, w, y)
        print("    {%d, %s, %s, %.17g, %.17g}," % (n, w, y, float(v.real), float(v.imag)))

    print("\n/* point mass F(w, y) */")
    for w, y in [(1e-3, 0.1), (0.5, 1.0), (5.0, 0.3), (50.0, 3.0), (200.0, 0.3), (1000.0, 1.0),
                 (1000.0, 10.0), (3.0, 0.0)]:
        v = checked(point_mass_f, w, y)
        print("    {%s, %s, %.17g, %.17g}," % (w, y, float(v.real), float(v.imag)))

    print("\n/* SIS F(w, y) */")
    for w, y in [(1e-3, 0.1), (0.5, 0.5), (3.0, 1.5), (10.0, 0.3), (30.0, 1.0), (100.0, 0.3),
                 (300.0, 3.0), (1000.0, 0.5), (0.2, 10.0), (1000.0, 3.0), (500.0, 7.0),
                 (1000.0, 10.0)]:  # the last three take ~1, 1 and 14 minutes
        v = checked(sis_f, w, y, dps=sis_dps(w, y))
        print("    {%s, %s, %.17g, %.17g}," % (w, y, float(v.real), float(v.imag)))


if __name__ == "__main__":
    main()
