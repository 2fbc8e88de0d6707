#!/usr/bin/env python3
"""Validation case `reference_lenstronomy`: lensgen against an independent code, lenstronomy
(PyPI, lenstronomy==1.14.2 with astropy==6.1.7; Birrer & Amara 2018, Birrer et al. 2021). The
lenstronomy side (lenstronomy_eval.py) runs in the venv of validation/requirements.txt (every
package pinned, no system site packages), which scripts/setup-validation-venv.sh creates; without
it the case is skipped (exit 77) with that command. This runner needs only Debian's python3.

Constants differ (lenstronomy: G = 6.67384e-11, M_sun = 1.9891e30 kg, its own rho_crit and
Mpc; lensgen: CODATA 2018 G, IAU 2015 nominal M_sun), which moves Sigma_crit by ~3e-4. So the
profiles are compared in angular units, with lensgen's own /params converted to lenstronomy's
parameters (constants cancel), and the physical conversion separately with a 1e-3 tolerance:

  nfw        NFW: Rs = theta_s, alpha_Rs = 4 kappa_s theta_s (1 + ln 1/2). probe (double) at 66
             points, r = 0.005 .. 20 theta_s (with x = 0.999, 1, 1.001, where lensgen switches to
             its series): kappa, alpha, gamma, psi, 1/mu (lgval.probe_errors measures)
  nfw_maps   the float32 analytic maps (64 x 64) against lenstronomy at the pixel centres
  physical   lenstronomy LensCosmo.nfw_physical2angle(M200, c) (astropy FlatLambdaCDM,
             Tcmb0 = 0) against /params theta_s and 4 kappa_s theta_s (1 + ln 1/2); its
             sigma_crit_angle against /params/sigma_crit (both carry the constants' ~3e-4)
  sis_theta_E  theta_E = 4 pi (sigma_v/c)^2 D_ls/D_s (only c and the distances: astropy's
             against lensgen's Gauss-Legendre D_C), tolerance 1e-7
  sie        SIE (theta_E from /params, same e1/e2 and product-average convention) at 63
             points: alpha, psi (1e-6); kappa and gamma with 3e-4, as lenstronomy takes its SIE
             second derivatives by finite differences (measured up to 1e-4; docs/physics.md §7 says
             ~1e-5); lensgen's own SIE shear is checked to 2e-9 by identities
  cnfw       cored NFW (dm_model = sidm) vs lenstronomy CNFW: Rs = theta_s, r_core = f_core
             theta_s, and alpha_Rs = lensgen's |alpha| at r = theta_s (lenstronomy's alpha_Rs is
             the cored profile's own deflection there, docs/physics.md §7): kappa, alpha, gamma
  nfw_ell    elliptical NFW vs lenstronomy NFW_ELLIPSE_CSE (same e1/e2 and product-average
             radius; a sum of 44 cored steep ellipsoids fitted to the NFW, Oguri 2021 Table 1,
             high_accuracy): kappa, alpha, gamma at 45 points, r = 0.01 .. 10 theta_s; measured
             2.3e-5 (the CSE fit's own error), tolerance 1e-4
Sersic is not compared: lenstronomy's Sersic uses b_n = 1.9992 n - 0.3271 instead of the exact
root (see sersic_bn), which changes kappa by up to ~1e-3 relative.
"""
import json
import math
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
import lgval  # noqa: E402

HERE = lgval.case_dir(__file__)

TOL = dict(nfw=1e-6, nfw_maps=2e-5, physical=1e-3, sis_theta_E=1e-7, sie=1e-6, sie_hessian=3e-4,
           cnfw=1e-6, nfw_ell=1e-4)

def lenstronomy(py, workdir, jobs, cosmo=None):
    spec = os.path.join(workdir, "lenstronomy_in.json")
    out = os.path.join(workdir, "lenstronomy_out.npz")
    for j in jobs:
        j["x"] = [float(v) for v in j["x"]]
        j["y"] = [float(v) for v in j["y"]]
    json.dump({"jobs": jobs, "cosmo": cosmo}, open(spec, "w"))
    # -I: isolated (no PYTHONPATH, no user site), so only the venv's pinned packages are seen
    r = subprocess.run([py, "-I", os.path.join(HERE, "lenstronomy_eval.py"), spec, out],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"lenstronomy_eval.py failed:\n{r.stdout}{r.stderr}")
    d = np.load(out)
    return {k: d[k] for k in d.files}


def as_probe(res, name, x, y):
    d = dict(x=np.asarray(x), y=np.asarray(y))
    for k in ("kappa", "alpha_x", "alpha_y", "gamma1", "gamma2", "psi"):
        d[k] = res.get(f"{name}_{k}", np.full(np.size(x), np.nan))
    gm2 = d["gamma1"] ** 2 + d["gamma2"] ** 2
    d["mu"] = 1.0 / ((1.0 - d["kappa"]) ** 2 - gm2)
    return d


def main():
    args = lgval.parse_args("reference_lenstronomy", lgval.add_venv_arg)
    case = lgval.Case("reference_lenstronomy", args)
    py = lgval.case_venv_python("reference_lenstronomy", args)
    deck = os.path.join(HERE, "halo.deck")

    # ---- NFW --------------------------------------------------------------------------
    par = case.params(deck)
    cx, cy = float(par["center_x"]), float(par["center_y"])
    ks, ts = float(par["kappa_s"]), float(par["theta_s"])
    x, y, r = lgval.ring_points(cx, cy, 0.005 * ts, 20.0 * ts, n_radii=9, n_angles=7)
    extra_r = ts * np.array([0.999, 1.0, 1.001])
    x = np.concatenate((x, cx + extra_r * math.cos(1.1)))
    y = np.concatenate((y, cy + extra_r * math.sin(1.1)))
    r = np.concatenate((r, extra_r))
    nfw_kw = dict(Rs=ts, alpha_Rs=4.0 * ks * ts * (1.0 + math.log(0.5)), center_x=cx,
                  center_y=cy)
    m, _, attrs = case.run_maps(deck, tag="nfw_maps")
    X, Y = lgval.map_grid(m, attrs)
    # ---- SIE, cored NFW, elliptical NFW ------------------------------------------------
    sets_sie = ("lens.profile=sie",)
    psie = case.params(deck, sets_sie)
    te = float(psie["theta_E"])
    xs, ys, rs = lgval.ring_points(cx, cy, 0.02 * te, 20.0 * te)
    sets_c = ("lens.dm_model=sidm",)
    pc = case.params(deck, sets_c)
    tsc, fc = float(pc["theta_s"]), float(pc["f_core"])
    a_rs = case.probe(deck, [cx + tsc], [cy], sets_c)
    alpha_rs_c = float(np.hypot(a_rs["alpha_x"], a_rs["alpha_y"])[0])
    xc, yc, rc = lgval.ring_points(cx, cy, 0.01 * tsc, 10.0 * tsc)
    sets_e = ("lens.profile=nfw_ell",)
    pe = case.params(deck, sets_e)
    xe, ye, re_ = lgval.ring_points(cx, cy, 0.01 * ts, 10.0 * ts, n_radii=9, n_angles=5)

    jobs = [
        dict(name="nfw", model="NFW", kwargs=nfw_kw, x=x, y=y, potential=True),
        dict(name="nfwmap", model="NFW", kwargs=nfw_kw, x=X.ravel(), y=Y.ravel(),
             potential=True),
        dict(name="sie", model="SIE", kwargs=dict(theta_E=te, e1=float(psie["e1"]),
                                                 e2=float(psie["e2"]), center_x=cx,
                                                 center_y=cy), x=xs, y=ys, potential=True),
        dict(name="cnfw", model="CNFW", kwargs=dict(Rs=tsc, alpha_Rs=alpha_rs_c,
                                                   r_core=fc * tsc, center_x=cx, center_y=cy),
             x=xc, y=yc, potential=False),
        dict(name="nfwell", model="NFW_ELLIPSE_CSE",
             kwargs=dict(Rs=float(pe["theta_s"]),
                         alpha_Rs=4.0 * float(pe["kappa_s"]) * float(pe["theta_s"]) *
                         (1.0 + math.log(0.5)), e1=float(pe["e1"]), e2=float(pe["e2"]),
                         center_x=cx, center_y=cy), x=xe, y=ye, potential=False),
    ]
    cosmo = dict(H0=70.0, Om0=0.3, z_l=float(par["z_l"]), z_s=float(par["z_s"]),
                 m200=float(par["m200"]), c=float(par["c"]), sigma_v=float(psie["sigma_v"]))
    res = lenstronomy(py, args.workdir, jobs, cosmo)
    ver = str(res["version"])
    print(f"  lenstronomy {ver} (PyPI), venv {os.path.dirname(os.path.dirname(py))}")

    # NFW at points
    pl = case.probe(deck, x, y)
    ref = as_probe(res, "nfw", x, y)
    errs = lgval.probe_errors(pl, ref, cx, cy)
    for k, e in errs.items():
        case.check(f"nfw/probe_{k}", np.max(e), TOL["nfw"])
    lgval.plot_probe_comparison(case.png("reference_lenstronomy_nfw"),
                                f"NFW: lensgen probe vs lenstronomy {ver} NFW", r / ts, pl, ref,
                                errs, TOL["nfw"], labels=("lensgen", f"lenstronomy {ver}"),
                                xlabel="r / theta_s")
    # NFW maps
    refm = {k: res[f"nfwmap_{k}"].reshape(X.shape)[None] for k in
            ("kappa", "alpha_x", "alpha_y", "gamma1", "gamma2", "psi")}
    g2 = refm["gamma1"] ** 2 + refm["gamma2"] ** 2
    refm["mu"] = 1.0 / ((1.0 - refm["kappa"]) ** 2 - g2)
    merr = lgval.map_errors(m, refm, X, Y, cx, cy)
    panels = [("lensgen kappa (log10)", np.log10(m["kappa"][0]), {}),
              (f"lenstronomy {ver} kappa (log10)", np.log10(refm["kappa"][0]), {})]
    for k, e in merr.items():
        case.check(f"nfw/map_{k}", np.max(e), TOL["nfw_maps"])
        panels.append((f"{k}: rel. residual (max {np.max(e):.2g})", e, {}))
    lgval.plot_maps(case.png("reference_lenstronomy_nfw_maps"),
                    f"NFW float32 maps vs lenstronomy {ver}", panels, ncols=4)

    # physical conversion and distances
    e_rs = abs(float(res["Rs_angle"]) / ts - 1.0)
    a_lg = 4.0 * ks * ts * (1.0 + math.log(0.5))
    e_ars = abs(float(res["alpha_Rs"]) / a_lg - 1.0)
    e_sc = abs(float(res["sigma_crit_arcsec2"]) / float(par["sigma_crit"]) - 1.0)
    print(f"  physical NFW: theta_s lensgen {ts:.10g} lenstronomy {float(res['Rs_angle']):.10g}; "
          f"alpha_Rs lensgen {a_lg:.10g} lenstronomy {float(res['alpha_Rs']):.10g}; "
          f"Sigma_crit lensgen {float(par['sigma_crit']):.10g} lenstronomy "
          f"{float(res['sigma_crit_arcsec2']):.10g} Msun/arcsec^2")
    case.check("physical/theta_s", e_rs, TOL["physical"])
    case.check("physical/alpha_Rs", e_ars, TOL["physical"])
    case.check("physical/sigma_crit", e_sc, TOL["physical"])
    e_te = abs(float(res["theta_E_sis"]) / te - 1.0)
    print(f"  SIS theta_E(sigma_v = {float(psie['sigma_v']):g}): lensgen {te:.12g}, "
          f"lenstronomy {float(res['theta_E_sis']):.12g}")
    case.check("sis_theta_E", e_te, TOL["sis_theta_E"])

    # SIE
    pls = case.probe(deck, xs, ys, sets_sie)
    refs = as_probe(res, "sie", xs, ys)
    es = lgval.probe_errors(pls, refs, cx, cy)
    for k in ("alpha", "psi"):
        case.check(f"sie/probe_{k}", np.max(es[k]), TOL["sie"])
    for k in ("kappa", "gamma"):  # lenstronomy: from finite differences of its deflection
        case.check(f"sie/probe_{k}", np.max(es[k]), TOL["sie_hessian"])
    # cored NFW
    plc = case.probe(deck, xc, yc, sets_c)
    refc = as_probe(res, "cnfw", xc, yc)
    ec = lgval.probe_errors(plc, refc, cx, cy)
    for k in ("kappa", "alpha", "gamma"):
        case.check(f"cnfw/probe_{k}", np.max(ec[k]), TOL["cnfw"])
    # elliptical NFW vs CSE
    ple = case.probe(deck, xe, ye, sets_e)
    refe = as_probe(res, "nfwell", xe, ye)
    ee = lgval.probe_errors(ple, refe, cx, cy)
    for k in ("kappa", "alpha", "gamma"):
        case.check(f"nfw_ell_cse/probe_{k}", np.max(ee[k]), TOL["nfw_ell"])

    plt = lgval.plt()
    fig, axs = plt.subplots(1, 3, figsize=(15, 4.3))
    for ax, (t, rr, e, tol) in zip(axs, (("SIE", rs / te, es, TOL["sie"]),
                                         ("cored NFW (CNFW)", rc / tsc, ec, TOL["cnfw"]),
                                         ("nfw_ell vs NFW_ELLIPSE_CSE", re_ / ts, ee,
                                          TOL["nfw_ell"]))):
        for i, (k, v) in enumerate(e.items()):
            if np.all(np.isnan(v)):
                continue
            ax.loglog(rr, np.maximum(v, 1e-17), "os^vD"[i], ms=4, mfc="none", label=k)
        ax.axhline(tol, color="r", ls="--", label="tolerance")
        ax.set_title(f"{t}: lensgen vs lenstronomy {ver}", fontsize=9)
        ax.set_xlabel("r / scale")
        ax.set_ylabel("relative residual")
        ax.legend(fontsize=7)
    case.save_figure(fig, "reference_lenstronomy_others", "validation reference_lenstronomy")
    case.finish()


if __name__ == "__main__":
    main()
