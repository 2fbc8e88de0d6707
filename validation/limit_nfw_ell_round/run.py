#!/usr/bin/env python3
"""Validation case `limit_nfw_ell_round`: the elliptical NFW at |e| = 1e-6 (q = 1 - 2e-6) equals
the spherical NFW, for CDM (NFW) and SIDM (cored NFW) halos.

The elliptical quantities come from the 1-D quadrature of src/elliptical.c, the spherical ones
from closed forms, so this checks the quadrature (and its rotation into the major-axis frame)
against the closed forms at q -> 1. Compared:
  - probe (double): kappa, alpha, gamma, psi, 1/mu at 63 points, r = 0.003 .. 10 theta_s; the
    O(1 - q) = 2e-6 ellipticity itself is part of the difference;
  - the analytic float32 maps kappa, alpha_x, alpha_y, gamma1, gamma2, psi, mu (64 x 64),
    per pixel with the same measures (alpha as a vector, relative to |alpha|; gamma relative to
    max(|gamma|, kappa); 1/mu relative to lgval.inv_mu_scale).
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
import lgval  # noqa: E402

HERE = lgval.case_dir(__file__)
TOL_PROBE = 2e-5   # 1 - q = 2e-6 times O(1) derivatives, plus quadrature error
TOL_MAPS = 2e-5    # float32 storage (6e-8) and float kernels (3e-6) on top


def main():
    args = lgval.parse_args("limit_nfw_ell_round")
    case = lgval.Case("limit_nfw_ell_round", args)
    d_round = os.path.join(HERE, "nfw.deck")
    d_ell = os.path.join(HERE, "nfw_ell_round.deck")
    for dm in ("cdm", "sidm"):
        sets = (f"lens.dm_model={dm}",)
        par = case.params(d_round, sets)
        cx, cy, ts = float(par["center_x"]), float(par["center_y"]), float(par["theta_s"])
        x, y, r = lgval.ring_points(cx, cy, 0.003 * ts, 10.0 * ts)
        pa = case.probe(d_ell, x, y, sets)
        pb = case.probe(d_round, x, y, sets)
        errs = lgval.probe_errors(pa, pb, cx, cy)
        for k, e in errs.items():
            case.check(f"{dm}/probe_{k}", np.max(e), TOL_PROBE)
        lgval.plot_probe_comparison(
            case.png(f"limit_nfw_ell_round_{dm}_probe"),
            f"nfw_ell at |e| = 1e-6 vs nfw ({dm}), probe", r / ts, pa, pb, errs, TOL_PROBE,
            labels=("nfw_ell, |e| = 1e-6", "nfw"), xlabel="r / theta_s")

        ma, _, attrs = case.run_maps(d_ell, sets, tag=f"ell_{dm}")
        mb, _, _ = case.run_maps(d_round, sets, tag=f"round_{dm}")
        X, Y = lgval.map_grid(ma, attrs)
        panels = []
        for k, e in lgval.map_errors(ma, mb, X, Y, cx, cy).items():
            case.check(f"{dm}/map_{k}", np.max(e), TOL_MAPS)
            panels.append((f"{k}: nfw_ell vs nfw, rel. (max {np.max(e):.2g})", e, {}))
        panels.insert(0, ("kappa nfw (log10)", np.log10(mb["kappa"][0]), {}))
        lgval.plot_maps(case.png(f"limit_nfw_ell_round_{dm}_maps"),
                        f"nfw_ell (|e| = 1e-6) vs nfw maps, {dm}", panels, ncols=4)
    case.finish()


if __name__ == "__main__":
    main()
