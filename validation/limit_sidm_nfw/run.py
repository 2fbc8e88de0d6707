#!/usr/bin/env python3
"""Validation case `limit_sidm_nfw`: the SIDM halo (cored NFW, r_c = f_core r_s) with
f_core = 1e-6 equals the NFW halo, spherical and elliptical; and the cored halo keeps M200.

1. Limit: probe (double) at 63 points with r = 0.01 .. 10 theta_s, and the float32 analytic
   maps (64 x 64, no pixel centre within 0.02 theta_s of the centre): kappa, alpha, gamma, psi,
   1/mu of sidm (f_core = 1e-6) against cdm (measures as lgval.probe_errors), tolerance 1e-4.
   The core itself changes the profile by O(r_c/r): ~1e-4 at r = 0.01 theta_s (measured 6e-5
   in alpha there), so this tolerance is as tight as the limit allows at these radii.
2. M200 kept: the cored NFW rho = rho_s' r_s^3 / ((r + r_c)(r + r_s)^2) (Baltz, Marshall & Oguri
   2009) has the NFW's r_s and M200, so kappa_s' / kappa_s = m_NFW(c) / m_cored(c, f_core) with
   m_cored = int_0^c x^2 / ((x + f_core)(1 + x)^2) dx, integrated here by Gauss-Legendre on
   geometric panels, for f_core = 0.3 and 1e-6; theta_s unchanged.
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
import lgval  # noqa: E402

HERE = lgval.case_dir(__file__)
TOL_LIMIT = 1e-4
TOL_M200 = 1e-9


def m_cored(c, beta):
    return lgval.integrate(lambda x: x * x / ((x + beta) * (1.0 + x) ** 2), 0.0, c,
                           n_panels=64, n_gl=20, geometric=True)


def main():
    args = lgval.parse_args("limit_sidm_nfw")
    case = lgval.Case("limit_sidm_nfw", args)
    deck = os.path.join(HERE, "halo.deck")
    for prof in ("nfw", "nfw_ell"):
        cdm = (f"lens.profile={prof}", "lens.dm_model=cdm")
        sidm = (f"lens.profile={prof}", "lens.dm_model=sidm", "sidm.f_core=1e-6")
        par = case.params(deck, cdm)
        cx, cy, ts = float(par["center_x"]), float(par["center_y"]), float(par["theta_s"])
        x, y, r = lgval.ring_points(cx, cy, 0.01 * ts, 10.0 * ts)
        pa = case.probe(deck, x, y, sidm)
        pb = case.probe(deck, x, y, cdm)
        errs = lgval.probe_errors(pa, pb, cx, cy)
        for k, e in errs.items():
            case.check(f"{prof}/probe_{k}", np.max(e), TOL_LIMIT)
        lgval.plot_probe_comparison(
            case.png(f"limit_sidm_nfw_{prof}_probe"),
            f"SIDM (f_core = 1e-6) vs CDM, {prof}, probe", r / ts, pa, pb, errs, TOL_LIMIT,
            labels=("sidm, f_core = 1e-6", "cdm (NFW)"), xlabel="r / theta_s")
        ma, _, attrs = case.run_maps(deck, sidm, tag=f"sidm_{prof}")
        mb, _, _ = case.run_maps(deck, cdm, tag=f"cdm_{prof}")
        X, Y = lgval.map_grid(ma, attrs)
        panels = [("kappa cdm (log10)", np.log10(mb["kappa"][0]), {})]
        for k, e in lgval.map_errors(ma, mb, X, Y, cx, cy).items():
            case.check(f"{prof}/map_{k}", np.max(e), TOL_LIMIT)
            panels.append((f"{k}: sidm vs cdm, rel. (max {np.max(e):.2g})", e, {}))
        lgval.plot_maps(case.png(f"limit_sidm_nfw_{prof}_maps"),
                        f"SIDM (f_core = 1e-6) vs CDM maps, {prof}", panels, ncols=4)

    # M200 kept by the cored halo's normalisation
    worst = 0.0
    p0 = case.params(deck, ("lens.dm_model=cdm",))
    c = float(p0["c"])
    m_nfw = math.log1p(c) - c / (1.0 + c)
    for f in (0.3, 1e-6):
        p = case.params(deck, ("lens.dm_model=sidm", f"sidm.f_core={f}"))
        ratio = p["kappa_s"] / p0["kappa_s"]
        ref = m_nfw / m_cored(c, f)
        print(f"  f_core = {f:g}: kappa_s ratio lensgen {ratio:.12g}, expected {ref:.12g}")
        worst = max(worst, abs(ratio / ref - 1.0), abs(p["theta_s"] / p0["theta_s"] - 1.0))
    case.check("m200_kept", worst, TOL_M200)
    case.finish()


if __name__ == "__main__":
    main()
