#!/usr/bin/env python3
"""Validation case `identities`: the lensing identities, per profile, in double precision.

For each profile deck in this folder, `lensgen probe` evaluates sample 0 at points on rings
(radii from `r_lo` to `r_hi` times the profile's scale, 7 angles) and on a 9-point stencil
around each (step h = 0.5 % of the distance to the lens centre). 4th-order finite differences
then check

  div      div alpha / 2          = kappa
  lap_psi  laplacian psi / 2      = kappa
  grad_psi grad psi               = alpha
  curl     d alpha_x/dy - d alpha_y/dx = 0
  shear    ((J_xx - J_yy)/2, (J_xy + J_yx)/2) = (gamma1, gamma2)   (J: Jacobian of alpha)
  mu       det(I - J)             = 1/mu

For circular profiles also alpha(R) = R x mean kappa inside R = (2/R) int_0^R kappa r dr, the
integral by Gauss-Legendre on geometric panels of probe kappa (point mass: theta_E^2 / R with
theta_E from /params), with alpha radial. (NFW: probe kappa is clamped at x = 1e-4 like the maps
(README), so there the integral starts at r0 = 3e-4 theta_s: R alpha(R) = r0 alpha(r0) +
2 int_r0^R kappa r dr.)

And the float32 maps (kappa and the analytic alpha, gamma, psi, mu; 32 x 32) equal probe at the
pixel centres: kappa to 3e-5 (the float kernels), the others to 1e-6. The point mass's kappa map
is a cloud-in-cell deposit; instead its sum times the pixel area must be pi theta_E^2 (1e-6).

Error measures (max over the points): kappa-like quantities relative to
max(|kappa|, 0.01 |alpha|/r) (the floor matters only for the point mass, whose kappa is 0 off the
centre); grad psi and alpha relative to |alpha|; shear relative to max(|gamma|, that kappa scale);
1/mu relative to max((1 - kappa)^2 + |gamma|^2, kappa^2 + |gamma|^2) (lgval.inv_mu_scale).
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
import lgval  # noqa: E402

HERE = lgval.case_dir(__file__)

# name: deck, scale parameter in /params, ring radii in units of it, circular?, tolerance.
# Tolerances: closed forms (SIS, SIE, NFW, cored NFW, circular Sersic, point mass) are exact up
# to rounding and the finite-difference truncation (~1e-8); the elliptical NFW, cored NFW and
# Sersic come from the 1-D quadrature of src/elliptical.c, whose own accuracy sets theirs.
PROFILES = {
    "sis": dict(deck="sis.deck", scale="theta_E", r=(0.02, 20.0), circular=True, tol=1e-6),
    "sie": dict(deck="sie.deck", scale="theta_E", r=(0.02, 20.0), circular=False, tol=1e-6),
    "nfw": dict(deck="nfw.deck", scale="theta_s", r=(0.003, 10.0), circular=True, tol=1e-6,
                r0=3e-4),
    "nfw_ell": dict(deck="nfw_ell.deck", scale="theta_s", r=(0.003, 10.0), circular=False,
                    tol=1e-5),
    "cnfw": dict(deck="cnfw.deck", scale="theta_s", r=(0.003, 10.0), circular=True, tol=1e-6),
    "cnfw_ell": dict(deck="cnfw_ell.deck", scale="theta_s", r=(0.003, 10.0), circular=False,
                     tol=1e-5),
    "sersic": dict(deck="sersic.deck", scale="sersic_r_e", r=(0.01, 20.0), circular=False,
                   tol=1e-5),
    "sersic_round": dict(deck="sersic.deck", sets=("sersic.e1=0", "sersic.e2=0"),
                         scale="sersic_r_e", r=(0.01, 20.0), circular=True, tol=1e-6),
    "point_mass": dict(deck="point_mass.deck", scale="theta_E", r=(0.05, 20.0), circular=True,
                       tol=1e-6),
    "composite": dict(deck="composite.deck", scale="sersic_r_e", r=(0.02, 50.0),
                      circular=False, tol=1e-5),
}

# float32 maps against double probe at the pixel centres: kappa from the float kernels
# (NFW 3e-6; Sersic 1.5e-6 (1 + b_n x), src/kernels/profiles_sersic.h), the derived maps computed in
# double and stored as float32 (6e-8)
TOL_MAP_KAPPA = 3e-5
TOL_MAP_DERIVED = 1e-6

N_RADII = 9
ANGLES = 0.3 + 2.0 * np.pi * np.arange(7) / 7.0
H_REL = 5e-3


def run_profile(case, name, spec):
    deck = os.path.join(HERE, spec["deck"])
    sets = spec.get("sets", ())
    par = case.params(deck, sets)
    cx, cy = float(par["center_x"]), float(par["center_y"])
    scale = float(par[spec["scale"]])
    radii = scale * np.geomspace(spec["r"][0], spec["r"][1], N_RADII)
    rr, aa = np.meshgrid(radii, ANGLES, indexing="ij")
    rr, aa = rr.ravel(), aa.ravel()
    x0, y0 = cx + rr * np.cos(aa), cy + rr * np.sin(aa)
    h = H_REL * rr
    sx, sy = lgval.stencil_points(x0, y0, h)
    pr = case.probe(deck, sx, sy, sets)
    d = lgval.stencil_derivatives(pr, rr.size, h)

    kappa, ax, ay = d["kappa"], d["alpha_x"], d["alpha_y"]
    g1, g2, mu = d["gamma1"], d["gamma2"], d["mu"]
    amag = np.hypot(ax, ay)
    ks = np.maximum(np.abs(kappa), 1e-2 * amag / rr)  # kappa scale
    (jxx, jxy), (jyx, jyy) = d["J"]
    errs = {}
    errs["div"] = np.abs(0.5 * (jxx + jyy) - kappa) / ks
    errs["lap_psi"] = np.abs(0.5 * d["lap_psi"] - kappa) / ks
    errs["grad_psi"] = np.hypot(d["grad_psi"][0] - ax, d["grad_psi"][1] - ay) / amag
    errs["curl"] = np.abs(jxy - jyx) / ks
    gs = np.maximum(np.hypot(g1, g2), ks)
    errs["shear"] = np.hypot(0.5 * (jxx - jyy) - g1, 0.5 * (jxy + jyx) - g2) / gs
    det_fd = (1.0 - jxx) * (1.0 - jyy) - jxy * jyx
    errs["mu"] = np.abs(det_fd - 1.0 / mu) / lgval.inv_mu_scale(kappa, np.hypot(g1, g2))

    circ = None
    if spec["circular"]:
        ang = 0.7
        if name == "point_mass":
            a_ref = float(par["theta_E"]) ** 2 / radii
            prr = case.probe(deck, cx + radii * np.cos(ang), cy + radii * np.sin(ang), sets)
        else:
            # R alpha(R) = r0 alpha(r0) + 2 int_r0^R kappa r dr, the integral on geometric
            # panels; r0 = R 2^-48, or above the radius where probe kappa is clamped (NFW:
            # x = 1e-4, README), there r0 alpha(r0) from probe.
            r0 = np.maximum(radii * 2.0 ** -48, spec.get("r0", 0.0) * scale)
            nodes, wts = [], []
            for R, a in zip(radii, r0):
                t, w = lgval.radial_panels(R, n_panels=int(np.ceil(np.log2(R / a))), r_min=a)
                nodes.append(t)
                wts.append(w)
            t_all = np.concatenate(nodes)
            pk = case.probe(deck, cx + t_all * np.cos(ang), cy + t_all * np.sin(ang), sets)
            p0 = case.probe(deck, cx + r0 * np.cos(ang), cy + r0 * np.sin(ang), sets)
            a0 = np.hypot(p0["alpha_x"], p0["alpha_y"])
            a_ref, i0 = [], 0
            for i, R in enumerate(radii):
                k_i = pk["kappa"][i0:i0 + nodes[i].size]
                i0 += nodes[i].size
                a_ref.append((r0[i] * a0[i] + 2.0 * np.sum(wts[i] * nodes[i] * k_i)) / R)
            a_ref = np.array(a_ref)
            prr = case.probe(deck, cx + radii * np.cos(ang), cy + radii * np.sin(ang), sets)
        # alpha must point away from the centre with magnitude a_ref
        err_c = np.hypot(prr["alpha_x"] - a_ref * np.cos(ang),
                         prr["alpha_y"] - a_ref * np.sin(ang)) / np.abs(a_ref)
        errs["alpha_circular"] = err_c
        circ = (radii, a_ref, np.hypot(prr["alpha_x"], prr["alpha_y"]), err_c)

    tol = spec["tol"]
    for k, e in errs.items():
        case.check(f"{name}/{k}", np.max(e), tol)
    plot(case, name, spec, rr / scale, d, errs, circ, scale, tol)

    # the maps lensgen writes are these quantities at the pixel centres
    m, _, attrs = case.run_maps(deck, sets, tag=f"maps_{name}")
    X, Y = lgval.map_grid(m, attrs)
    pm = case.probe(deck, X.ravel(), Y.ravel(), sets)
    pmaps = {k: pm[k].reshape(X.shape)[None] for k in lgval.ALL_MAPS}
    if name == "point_mass":
        # kappa map: a cloud-in-cell deposit, not pointwise values; its sum is M / Sigma_crit
        # = pi theta_E^2 (README)
        d = X[0, 1] - X[0, 0]
        mass = float(np.sum(m["kappa"][0], dtype=np.float64)) * d * d
        case.check(f"{name}/map_mass", abs(mass / (math.pi * float(par["theta_E"]) ** 2) - 1.0),
                   TOL_MAP_DERIVED)
        m = dict(m, kappa=pmaps["kappa"])
    for k, e in lgval.map_errors(m, pmaps, X, Y, cx, cy).items():
        if name == "point_mass" and k == "kappa":
            continue
        t = TOL_MAP_KAPPA if k == "kappa" else TOL_MAP_DERIVED
        case.check(f"{name}/map_vs_probe_{k}", np.max(e), t)


def plot(case, name, spec, rs, d, errs, circ, scale, tol):
    plt = lgval.plt()
    fig, axs = plt.subplots(1, 3, figsize=(15, 4.3))
    (jxx, jxy), (jyx, jyy) = d["J"]
    order = np.argsort(rs)
    ax = axs[0]
    ax.loglog(rs[order], np.abs(d["kappa"][order]) + 1e-300, "k-", lw=1,
              label="lensgen kappa (probe)")
    ax.loglog(rs, np.abs(0.5 * (jxx + jyy)), "o", mfc="none", ms=6,
              label="div alpha / 2 (finite diff.)")
    ax.loglog(rs, np.abs(0.5 * d["lap_psi"]), "x", ms=5, label="lap psi / 2 (finite diff.)")
    ax.set_xlabel(f"r / {spec['scale']}")
    ax.set_ylabel("|kappa|")
    ax.set_title(f"{name}: kappa vs derivatives")
    ax.legend(fontsize=8)
    ax = axs[1]
    if circ is not None:
        radii, a_ref, a_lg, _ = circ
        ax.loglog(radii / scale, a_lg, "k-", label="lensgen |alpha| (probe)")
        ax.loglog(radii / scale, a_ref, "o", mfc="none",
                  label="R x mean kappa(<R)" if name != "point_mass" else "theta_E^2 / R")
        ax.set_ylabel("|alpha| (arcsec)")
        ax.set_title("circular deflection")
    else:
        mu = d["mu"]
        det_fd = (1.0 - jxx) * (1.0 - jyy) - jxy * jyx
        ax.semilogx(rs[order], mu[order], "k.", label="lensgen mu (probe)")
        ax.semilogx(rs, 1.0 / det_fd, "o", mfc="none", label="1/det(I - J) (finite diff.)")
        ax.set_yscale("symlog", linthresh=1.0)
        ax.set_ylabel("mu")
        ax.set_title("magnification")
    ax.set_xlabel(f"r / {spec['scale']}")
    ax.legend(fontsize=8)
    ax = axs[2]
    for i, (k, e) in enumerate(errs.items()):
        xr = circ[0] / scale if k == "alpha_circular" else rs
        ax.loglog(xr, np.maximum(e, 1e-17), "os^vD<>p"[i % 8], ms=4, mfc="none", label=k)
    ax.axhline(tol, color="r", ls="--", label="tolerance")
    ax.set_xlabel(f"r / {spec['scale']}")
    ax.set_ylabel("relative residual")
    ax.set_title("residuals")
    ax.legend(fontsize=7, ncol=2)
    case.save_figure(fig, f"identities_{name}", f"validation identities/{name}")


def main():
    def extra(p):
        p.add_argument("profiles", nargs="*", help=f"subset of {', '.join(PROFILES)}")
    args = lgval.parse_args("identities", extra)
    names = args.profiles or list(PROFILES)
    for n in names:
        if n not in PROFILES:
            sys.exit(f"unknown profile {n}; choose from {', '.join(PROFILES)}")
    case = lgval.Case("identities", args)
    for n in names:
        run_profile(case, n, PROFILES[n])
    case.finish()


if __name__ == "__main__":
    main()
