#!/usr/bin/env python3
"""Validation case `tnfw_lenstronomy`: lensgen's truncated NFW (src/profile_tnfw.c; Baltz,
Marshall & Oguri 2009) against lenstronomy's `TNFW` (lenstronomy 1.14.2, PyPI, in the venv of
validation/requirements.txt; skipped, exit 77, without it). This runner needs only Debian's
python3; lenstronomy runs through reference_lenstronomy/lenstronomy_eval.py in the venv.

The truncated NFW is no deck profile yet, so lensgen's side is a small probe of its own
(tnfw_probe.c, built as lensgen_tnfw_probe; --probe). Parameters, in angular units (both codes
take Sigma_crit = 1, so no constants enter):

  lensgen       kappa_s, theta_s, tau = r_t/r_s, centre
  lenstronomy   Rs = theta_s, r_trunc = tau theta_s, alpha_Rs = 4 kappa_s theta_s (1 + ln 1/2)
                (lenstronomy's TNFW takes rho0 from alpha_Rs by the untruncated NFW's relation,
                docs/physics.md §7; rho0 Rs = kappa_s)

Four (kappa_s, theta_s, tau) sets: tau = 3, 1 (where BMO09's tau^2 - 1 terms vanish), 0.6 and
40; 9 radii x 7 angles from 0.005 theta_s (lenstronomy clamps R at 0.001 Rs) to 40 max(1, tau)
theta_s, plus x = 1 +- 1e-5, 1 +- 1e-3, x = tau and x = 2 max(1, tau) (lensgen's switch to the
projection quadrature). Not x = 1 itself: lenstronomy 1.14.2's TNFW takes (1 - F)/(X^2 - 1) as
it stands for X != 1, and an R/Rs within rounding of 1 (but not exactly 1) gives 0/0 noise there,
e.g. kappa = -0.0237 instead of 0.1263 (set tau3); the value is printed, not compared (lensgen's
own kappa at and around x = 1 is tested in tests/unit/test_tnfw.c). Checked with lgval.probe_errors: kappa, alpha, gamma, 1/mu; psi as differences
psi(r) - psi(r_0) from the first point (the additive constant of a potential is free), relative
to max(|difference|, |alpha| r). Tolerance 1e-4 (issue 13); measured in validation/README.md.
"""
import importlib.util
import math
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
import lgval  # noqa: E402

HERE = lgval.case_dir(__file__)
# reference_lenstronomy's runner: lenstronomy() (its lenstronomy_eval.py in the venv), as_probe()
_spec = importlib.util.spec_from_file_location(
    "reference_run", os.path.join(HERE, "..", "reference_lenstronomy", "run.py"))
ref_run = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ref_run)

TOL = 1e-4
# name, kappa_s, theta_s (arcsec), tau, centre
SETS = [("tau3", 0.25, 1.2, 3.0, (0.1, -0.05)),
        ("tau1", 0.8, 0.6, 1.0, (0.0, 0.0)),
        ("tau0.6", 0.1, 2.0, 0.6, (-0.3, 0.2)),
        ("tau40", 0.05, 0.8, 40.0, (0.02, 0.01))]


def x1(cx, ts):  # the point R = theta_s (to rounding) at angle 1.1
    return [cx + ts * math.cos(1.1)]


def y1(cy, ts):
    return [cy + ts * math.sin(1.1)]


def probe(exe, ks, ts, tau, cx, cy, x, y):
    pts = "".join(f"{a!r} {b!r}\n" for a, b in zip(x, y))
    r = subprocess.run([exe, repr(ks), repr(ts), repr(tau), repr(cx), repr(cy)], input=pts,
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"lensgen_tnfw_probe failed:\n{r.stdout}{r.stderr}")
    v = np.loadtxt(r.stdout.splitlines(), ndmin=2)
    d = {k: v[:, i] for i, k in enumerate(("x", "y", "kappa", "alpha_x", "alpha_y", "gamma1",
                                           "gamma2", "psi"))}
    gm2 = d["gamma1"] ** 2 + d["gamma2"] ** 2
    d["mu"] = 1.0 / ((1.0 - d["kappa"]) ** 2 - gm2)
    return d


def main():
    def extra(p):
        lgval.add_venv_arg(p)
        p.add_argument("--probe", required=True, help="the lensgen_tnfw_probe binary")
    args = lgval.parse_args("tnfw_lenstronomy", extra)
    case = lgval.Case("tnfw_lenstronomy", args)
    py = lgval.case_venv_python("tnfw_lenstronomy", args)

    jobs, pts = [], {}
    for name, ks, ts, tau, (cx, cy) in SETS:
        s = max(1.0, tau)
        x, y, r = lgval.ring_points(cx, cy, 0.005 * ts, 40.0 * s * ts)
        near1 = [1.0 - 1e-5, 1.0 + 1e-5, 0.999, 1.001]  # not 1 itself: see the docstring
        extra_r = ts * np.array(near1 + ([tau] if abs(tau - 1.0) > 1e-3 else []) + [2.0 * s])
        x = np.concatenate((x, cx + extra_r * math.cos(1.1)))
        y = np.concatenate((y, cy + extra_r * math.sin(1.1)))
        pts[name] = (x, y, np.concatenate((r, extra_r)))
        kw = dict(Rs=ts, alpha_Rs=4.0 * ks * ts * (1.0 + math.log(0.5)), r_trunc=tau * ts,
                  center_x=cx, center_y=cy)
        jobs.append(dict(name=name, model="TNFW", kwargs=kw, x=x, y=y, potential=True))
        jobs.append(dict(name=name + "_x1", model="TNFW", kwargs=kw, x=x1(cx, ts),
                         y=y1(cy, ts), potential=False))
    ref = ref_run.lenstronomy(py, args.workdir, jobs)
    print(f"lenstronomy {ref['version']}")

    for name, ks, ts, tau, (cx, cy) in SETS:
        x, y, r = pts[name]
        a = probe(args.probe, ks, ts, tau, cx, cy, x, y)
        b = ref_run.as_probe(ref, name, x, y)
        e = lgval.probe_errors(a, b, cx, cy)
        amag = np.hypot(b["alpha_x"], b["alpha_y"])
        da, db = a["psi"] - a["psi"][0], b["psi"] - b["psi"][0]
        e["psi"] = np.abs(da - db) / np.maximum(np.abs(db), amag * r)
        print(f"{name}: psi constant lensgen - lenstronomy = {a['psi'][0] - b['psi'][0]:.3g} "
              f"(psi scale {np.max(np.abs(b['psi'])):.3g})")
        k1 = probe(args.probe, ks, ts, tau, cx, cy, x1(cx, ts), y1(cy, ts))["kappa"][0]
        print(f"{name}: kappa at R = theta_s (to rounding): lensgen {k1:.10g}, lenstronomy "
              f"{ref[name + '_x1_kappa'][0]:.10g} (not compared, see the docstring)")
        for k in ("kappa", "alpha", "gamma", "psi", "mu"):
            case.check(f"{name}/{k}", np.max(e[k]), TOL)
        lgval.plot_probe_comparison(case.png(f"tnfw_{name}"), f"TNFW {name}: lensgen vs "
                                    "lenstronomy", r, a, b, e, TOL,
                                    labels=("lensgen", "lenstronomy"))
    case.finish()


if __name__ == "__main__":
    main()
