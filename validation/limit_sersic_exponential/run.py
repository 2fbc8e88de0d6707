#!/usr/bin/env python3
"""Validation case `limit_sersic_exponential`: the Sersic profile with n = 1 is the exponential
disk, kappa = kappa_e exp(-b_1 (R/r_e - 1)) with b_1 the root of P(2, b) = 1 - e^-b (1 + b) = 1/2
(solved here by lgval.gammainc_p_inv, 1.678346990016661).

Closed forms of the exponential used as reference (circular, R from the centre, x = R/r_e):
  alpha(R) = (2/R) kappa_e e^b (r_e/b)^2 [1 - e^(-b x) (1 + b x)]         (radial)
  gamma(R) = alpha/R - kappa, gamma1 + i gamma2 = -gamma e^(2 i phi)      (tangential)
  psi(R)   = int_0^R alpha dR'                      (Gauss-Legendre, geometric panels)
Checks: probe (double) kappa, alpha, gamma, psi at 60 points, r = 0.01 .. 10 r_e; elliptical
(e = (0.25, -0.15)) probe kappa against kappa_e exp(-b_1 (R_ell/r_e - 1)) with the product-
average radius R_ell (this also checks the ellipticity convention); the float32 kappa maps
(circular and elliptical) against the closed form at the pixel centres.
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
import lgval  # noqa: E402

HERE = lgval.case_dir(__file__)
TOL_PROBE = 1e-10   # double precision closed forms on both sides
TOL_MAP = 1e-5      # float32 kernel: 1.5e-6 (1 + b_n x) (src/kernels/profiles_sersic.h)


def b1():
    return lgval.gammainc_p_inv(2.0, 0.5)


def r_ell(x, y, e1, e2):
    e = math.hypot(e1, e2)
    q = (1.0 - e) / (1.0 + e)
    phi = 0.5 * math.atan2(e2, e1)
    xp = math.cos(phi) * x + math.sin(phi) * y
    yp = -math.sin(phi) * x + math.cos(phi) * y
    return np.sqrt(q * xp * xp + yp * yp / q)


def main():
    args = lgval.parse_args("limit_sersic_exponential")
    case = lgval.Case("limit_sersic_exponential", args)
    deck = os.path.join(HERE, "exponential.deck")
    par = case.params(deck)
    cx, cy = float(par["center_x"]), float(par["center_y"])
    re, ke = float(par["sersic_r_e"]), float(par["sersic_kappa_e"])
    b = b1()
    x, y, r = lgval.ring_points(cx, cy, 0.01 * re, 10.0 * re, n_radii=12, n_angles=5)
    pr = case.probe(deck, x, y)
    xr = r / re
    k_ref = ke * np.exp(-b * (xr - 1.0))
    a_mag = 2.0 / r * ke * math.exp(b) * (re / b) ** 2 * (1.0 - np.exp(-b * xr) * (1.0 + b * xr))
    ph = np.arctan2(y - cy, x - cx)
    g_mag = a_mag / r - k_ref

    def alpha_of(R):
        t = R / re
        return 2.0 / R * ke * math.exp(b) * (re / b) ** 2 * (
            -np.expm1(-b * t) - b * t * np.exp(-b * t))

    psi_ref = np.array([lgval.integrate(alpha_of, 0.0, R, n_panels=48, geometric=True)
                        for R in r])
    ref = dict(x=x, y=y, kappa=k_ref, alpha_x=a_mag * np.cos(ph), alpha_y=a_mag * np.sin(ph),
               gamma1=-g_mag * np.cos(2 * ph), gamma2=-g_mag * np.sin(2 * ph), psi=psi_ref)
    ref["mu"] = 1.0 / ((1.0 - k_ref) ** 2 - g_mag ** 2)
    errs = lgval.probe_errors(pr, ref, cx, cy)
    for k, e in errs.items():
        case.check(f"circular/probe_{k}", np.max(e), TOL_PROBE)
    lgval.plot_probe_comparison(case.png("limit_sersic_exponential_probe"),
                                "Sersic n = 1 (lensgen probe) vs exponential closed forms",
                                xr, pr, ref, errs, TOL_PROBE,
                                labels=("lensgen sersic n = 1", "exponential (closed form)"),
                                xlabel="R / r_e")

    e1, e2 = 0.25, -0.15
    sets_ell = (f"sersic.e1={e1}", f"sersic.e2={e2}")
    pe = case.probe(deck, x, y, sets_ell)
    ke_ref = ke * np.exp(-b * (r_ell(x - cx, y - cy, e1, e2) / re - 1.0))
    case.check("elliptical/probe_kappa", np.max(np.abs(pe["kappa"] / ke_ref - 1.0)), TOL_PROBE)

    panels = []
    for label, sets, ee in (("circular", (), (0.0, 0.0)), ("elliptical", sets_ell, (e1, e2))):
        m, _, attrs = case.run_maps(deck, sets, maps=("kappa",), tag=f"exp_{label}")
        X, Y = lgval.map_grid(m, attrs)
        kref = ke * np.exp(-b * (r_ell(X - cx, Y - cy, *ee) / re - 1.0))
        e = np.abs(m["kappa"][0] / kref - 1.0)
        case.check(f"{label}/map_kappa", np.max(e), TOL_MAP)
        panels += [(f"{label}: lensgen kappa (log10)", np.log10(m["kappa"][0]), {}),
                   (f"{label}: exponential kappa (log10)", np.log10(kref), {}),
                   (f"{label}: relative residual (max {np.max(e):.2g})", e, {})]
    lgval.plot_maps(case.png("limit_sersic_exponential_maps"),
                    "Sersic n = 1 maps vs exponential closed form", panels, ncols=3)
    case.finish()


if __name__ == "__main__":
    main()
