#!/usr/bin/env python3
"""Validation case `wave_lensgen`: the /wave datasets of lensgen (output.wave; README "Wave
optics") against an independent computation. lensgen runs the case's decks; this runner takes
only the deck's draws from the file (/params mass or sigma_v, z_l, z_s, centre, source
position) and recomputes everything else: the distances (200-point Gauss-Legendre, flat
LambdaCDM, H0 70, Omega_m 0.3), theta_E, y = |beta - centre| / theta_E, w = 8 pi G M (1 + z_l)
f / c^3 (the SIS's M inside theta_E, 4 pi^2 sigma_v^4 D_l D_ls / (G c^2 D_s)), and F in
multiple precision with mpmath (mpmath_f.py, in the venv of validation/requirements.txt, which
pins mpmath; without that venv the case is skipped, exit 77):

  params        /params/wave_y and wave_m_lz against y and M (1 + z_l) here (1e-9)
  point_mass    point_mass.deck: 6 lenses of 1e3-1e5 Msun, 24 frequencies 1-2000 Hz; at every
                frequency with w <= W_REF (the exact F; up to 24 x 6 values) F against the
                closed form exp[pi w/4 + i (w/2)(ln(w/2) - 2 phi_m)] Gamma(1 - i w/2)
                1F1(i w/2; 1; i w y^2/2) with mpmath.hyp1f1: |F - F_ref| / |F_ref| <= 1e-6
  sis_series    the same deck as SIS lenses (sigma_v 2-6 km/s), frequencies with w y <= 40:
                F against the SIS series summed in high precision, <= 1e-6
  envelope      envelope.deck: a point mass of 6e4 Msun, 3 sources at y = 0.3-1.5, 512
                frequencies with w from 300 to 500 (exact F): |F| stays between the geometric-
                optics interference bounds | |mu+|^1/2 - |mu-|^1/2 | and |mu+|^1/2 + |mu-|^1/2
                (tolerance 1 % of the upper bound: F - F_geo ~ 1/w), comes within 5 % of both
                (the grid samples each interference period 5-20 times), and the mean of |F|^2
                over the window is |mu+| + |mu-| (within 2 %: the interference term averaged
                over ~30-100 periods), mu+- = 1/2 +- (y^2 + 2) / (2 y sqrt(y^2 + 4))
  sis_single    envelope.deck as SIS lenses with y = 1.5-4 (one image): |F| -> sqrt(1 + 1/y)
                over w in [300, 500] (within 0.5 %)
Beyond w = 1000 lensgen writes the geometric-optics limit itself (tests/unit/test_wave_lens.c
checks that switch); this case checks the exact F and its approach to that limit.
"""
import json
import math
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
import lgval  # noqa: E402

CASE = "wave_lensgen"
HERE = lgval.case_dir(__file__)
G = 6.67430e-11                 # CODATA 2018
MSUN = 1.988409870698051e30     # IAU 2015 nominal GM_sun / G
C = 299792458.0
MPC = 3.0856775814913673e22
ARCSEC = math.pi / 648000.0
W_REF = 300.0                   # mpmath's closed form costs seconds per value beyond this
TOL = dict(params=1e-9, point_mass=1e-6, sis_series=1e-6, envelope_bounds=0.01,
           envelope_mean=0.02, envelope_reach=0.05, sis_single=0.005)


def comoving(z, om=0.3, h0=70.0, n_gl=200):
    """D_C (Mpc), flat LambdaCDM: c/H0 int_0^z dz'/E(z'), n_gl-point Gauss-Legendre."""
    t, w = np.polynomial.legendre.leggauss(n_gl)
    zz = 0.5 * z * (t + 1.0)
    return C / 1e3 / h0 * 0.5 * z * float(np.sum(w / np.sqrt(om * (1 + zz) ** 3 + 1 - om)))


def lens_scales(p, i):
    """theta_E (arcsec), y and M_Lz (Msun) of sample i from its drawn parameters alone."""
    z_l, z_s = float(p["z_l"][i]), float(p["z_s"][i])
    dcl, dcs = comoving(z_l), comoving(z_s)
    d_l, d_s, d_ls = dcl / (1 + z_l), dcs / (1 + z_s), (dcs - dcl) / (1 + z_s)
    if int(p["profile"][i]) == 0:  # point mass: theta_E^2 = 4 G M D_ls / (c^2 D_l D_s)
        m = float(p["mass"][i])
        theta_e = math.sqrt(4 * G * m * MSUN / C ** 2 * d_ls / (d_l * d_s * MPC)) / ARCSEC
    else:  # SIS: theta_E = 4 pi (sigma/c)^2 D_ls/D_s; M = 4 pi^2 sigma^4 D_l D_ls/(G c^2 D_s)
        s = float(p["sigma_v"][i]) * 1e3
        theta_e = 4 * math.pi * (s / C) ** 2 * d_ls / d_s / ARCSEC
        m = 4 * math.pi ** 2 * s ** 4 * d_l * d_ls * MPC / (G * C ** 2 * d_s) / MSUN
    beta = math.hypot(float(p["src_x"][i]) - float(p["center_x"][i]),
                      float(p["src_y"][i]) - float(p["center_y"][i]))
    return theta_e, beta / theta_e, m * (1 + z_l)


def w_of(m_lz, f):
    return 8 * math.pi * G * m_lz * MSUN / C ** 3 * np.asarray(f, dtype=np.float64)


def run(case, deck, sets, tag):
    """lensgen on deck; /params and /wave of the file."""
    import h5py
    out = os.path.join(case.args.workdir, f"{tag}.h5")
    cmd = [case.args.lensgen, deck, "--force", "--quiet", "--set", f"output.file={out}"]
    for s in sets:
        cmd += ["--set", s]
    r = subprocess.run(cmd, capture_output=True, text=True, env=case._env())
    if r.returncode != 0:
        sys.exit(f"case {CASE}: lensgen failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr}")
    with h5py.File(out, "r") as f:
        p = {k: f["params"][k][()] for k in f["params"]}
        wv = {k: f["wave"][k][()] for k in f["wave"]}
    return p, wv


def mpmath_f(py, workdir, jobs):
    spec, out = os.path.join(workdir, "mpmath_in.json"), os.path.join(workdir, "mpmath_out.json")
    json.dump(jobs, open(spec, "w"))
    r = subprocess.run([py, "-I", os.path.join(HERE, "mpmath_f.py"), spec, out],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"case {CASE}: mpmath_f.py failed:\n{r.stdout}{r.stderr}")
    res = json.load(open(out))
    print(f"  mpmath {res['mpmath']} (venv)")
    return {k: np.array([complex(a, b) for a, b in v]) for k, v in res.items() if k != "mpmath"}


def exact_points(p, wv, max_wy=None):
    """(sample, frequency index, w, y) of every value in the exact range (w <= W_REF)."""
    pts, worst_params = [], 0.0
    for i in range(len(p["profile"])):
        _, y, m_lz = lens_scales(p, i)
        worst_params = max(worst_params, abs(p["wave_y"][i] - y) / y,
                           abs(p["wave_m_lz"][i] - m_lz) / m_lz)
        for k, w in enumerate(w_of(m_lz, wv["frequency"])):
            if w <= W_REF and (max_wy is None or w * y <= max_wy):
                pts.append((i, k, float(w), y))
    return pts, worst_params


def f_of(wv, i, k):
    return wv["F_abs"][i, k] * np.exp(1j * wv["F_phase"][i, k])


def main():
    args = lgval.parse_args(CASE, lgval.add_venv_arg)
    case = lgval.Case(CASE, args)
    py = lgval.case_venv_python(CASE, args)
    pm_deck, env_deck = os.path.join(HERE, "point_mass.deck"), os.path.join(HERE, "envelope.deck")
    p_pm, w_pm = run(case, pm_deck, [], "point_mass")
    p_sis, w_sis = run(case, pm_deck, ["lens.profile=sis", "sis.sigma_v=uniform(2, 6)"], "sis")
    pts_pm, e_pm = exact_points(p_pm, w_pm)
    pts_sis, e_sis = exact_points(p_sis, w_sis, max_wy=40.0)
    ref = mpmath_f(py, args.workdir, {"point_mass": [[w, y] for _, _, w, y in pts_pm],
                                      "sis": [[w, y] for _, _, w, y in pts_sis]})
    case.check("params", max(e_pm, e_sis), TOL["params"])
    for name, pts, wv in (("point_mass", pts_pm, w_pm), ("sis_series", pts_sis, w_sis)):
        err = [abs(f_of(wv, i, k) - r) / abs(r) for (i, k, _, _), r in
               zip(pts, ref["point_mass" if name == "point_mass" else "sis"])]
        print(f"  {name}: {len(pts)} values, w {min(p[2] for p in pts):.3g} to "
              f"{max(p[2] for p in pts):.3g}, y {min(p[3] for p in pts):.3g} to "
              f"{max(p[3] for p in pts):.3g}")
        case.check(name, max(err) if len(err) >= 20 else math.inf, TOL[name])

    # the approach to geometric optics: w from 300 to 500 on a linear grid (the cost of F grows
    # with w: the ASan build must finish within the test's limit too)
    plt = lgval.plt()
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for name, sets, y_rng in (("envelope", ["lens.profile=point_mass"], (0.3, 1.5)),
                              ("sis_single", ["lens.profile=sis"], (1.5, 4.0))):
        probe, _ = run(case, env_deck, sets + ["n_samples=1", "wave.n_freq=2"], name + "_scale")
        theta_e, _, m_lz = lens_scales(probe, 0)
        f0 = 300.0 / w_of(m_lz, 1.0)
        p, wv = run(case, env_deck, sets + [
            "n_samples=3", "wave.n_freq=512", f"wave.f_min={f0!r}", f"wave.f_max={f0 * 5 / 3!r}",
            f"source.center_x=uniform({y_rng[0] * theta_e!r}, {y_rng[1] * theta_e!r})"], name)
        ax = axes[0 if name == "envelope" else 1]
        bound_err = mean_err = reach = 0.0
        for i in range(len(p["profile"])):
            _, y, m = lens_scales(p, i)
            a = wv["F_abs"][i]
            if name == "envelope":
                mu_p = 0.5 + (y * y + 2) / (2 * y * math.sqrt(y * y + 4))
                mu_m = mu_p - 1.0
                lo, hi = abs(math.sqrt(mu_p) - math.sqrt(mu_m)), math.sqrt(mu_p) + math.sqrt(mu_m)
                bound_err = max(bound_err, float(np.max(np.maximum(lo - a, a - hi))) / hi)
                mean_err = max(mean_err, abs(float(np.mean(a * a)) / (mu_p + mu_m) - 1))
                reach = max(reach, 1 - float(a.max()) / hi, float(a.min()) / lo - 1)
                ax.axhline(lo, lw=0.5, color=f"C{i}")
                ax.axhline(hi, lw=0.5, color=f"C{i}")
            else:
                bound_err = max(bound_err, float(np.max(np.abs(a / math.sqrt(1 + 1 / y) - 1))))
                ax.axhline(math.sqrt(1 + 1 / y), lw=0.5, color=f"C{i}")
            ax.plot(w_of(m, wv["frequency"]), a, lw=0.4, color=f"C{i}", label=f"y = {y:.2f}")
        if name == "envelope":
            case.check("envelope_bounds", max(bound_err, 0.0), TOL["envelope_bounds"])
            case.check("envelope_mean", mean_err, TOL["envelope_mean"])
            case.check("envelope_reach", reach, TOL["envelope_reach"])
        else:
            case.check("sis_single", bound_err, TOL["sis_single"])
        ax.set_xlabel("w")
        ax.set_ylabel("|F|")
        ax.set_title(("point mass: |F| between the geometric-optics bounds" if name == "envelope"
                      else "SIS, y > 1: |F| -> sqrt(1 + 1/y)"), fontsize=9)
        ax.legend(fontsize=7)
    case.save_figure(fig, CASE, "wave optics: lensgen's /wave")
    case.finish()


if __name__ == "__main__":
    main()
