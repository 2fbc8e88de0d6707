#!/usr/bin/env python3
"""bench_subhalos.py: samples per second per core with dark-matter subhalos (issue 13), lensgen
against pyHalo + lenstronomy drawing and rendering the same population, measured in the same run.

lensgen: --deck (default input/substructure.deck) at --ranks ranks x 1 thread, --n samples,
backend cpu, output.maps = kappa, and as a second row kappa + image (--n-image samples, with
output.derived = fft when lensgen requires it for images with subhalos) when the deck accepts it;
timed end to end (mpirun's wall clock: MPI start-up, deck, sampling, rendering and the HDF5 write
of maps and /params into out/bench_subhalos_{0,1}.h5). Extra --set KEY=VALUE options reach every
lensgen run.

Reference, in the Python of --venv (created here when missing: validation/requirements.txt plus
the pyHalo pins below, never the CI's validation venv), one core: for each of --n-ref samples,
pyHalo's preset CDM model with subhalos only (LOS_normalization = 0, no two-halo term) and the
deck's population (sigma_sub, alpha, m_min..m_max, host mass, the DG19 host scaling lensgen uses,
cone of 2 x lensgen's rendering radius), then lenstronomy's LensModel(...).kappa of main deflector
+ subhalos on the deck's npix x npix grid. The subhalo sub-models are lensgen's where pyHalo has
them (PEAK_HEIGHT_POWERLAW c0 18, zeta -0.2, beta 0.8; TRUNCATION_ROCHE_GILMAN2020; PROJECTED_NFW
positions; lensgen's H0, Omega_m, Omega_b), or with --pyhalo-defaults pyHalo's own. The main
deflector is an SIE with the sample's theta_E and e1, e2 (one profile among ~1,000: a stand-in).
The per-sample z_l, z_s, theta_E, host M200 and c are those of the first CDM samples of
lensgen's own output, so both sides draw the same hosts.
'draw' = CDM(...) + realization.lensing_quantities() (pyHalo computes concentrations and
truncation radii there); 'render' = LensModel(...) + kappa. Python imports and one warm-up
sample are not timed.

Prints a Markdown table of medians over --repeats interleaved rounds, the mean subhalo count on
both sides (lensgen's from /params/n_sub, also per reference host), lensgen's phase times from its
timing CSV, the machine, the commit and the command. Default sizes run in ~5 minutes on 2 cores."""
import argparse
import hashlib
import json
import math
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VALIDATION_REQ = os.path.join(ROOT, "validation", "requirements.txt")
# pyHalo 1.4.6 is the newest release that imports with lenstronomy 1.14.2 (the validation pin):
# 1.4.7+ import lenstronomy's core_collapsed_halo profile, 1.5.1+ also its King profile, both
# newer than 1.14.2. The rest is pyHalo's import closure (colossus, mcfit) and what `pip check`
# asks for.
BENCH_PINS = ["pyhalo==1.4.6", "colossus==1.4.0", "six==1.17.0", "mcfit==0.0.22", "click==8.5.1"]
STAMP = "lensgen-bench-requirements.sha256"

REFERENCE = r'''
import json, sys, time, warnings
import numpy as np
warnings.filterwarnings("ignore")
from pyHalo.PresetModels.cdm import CDM
from lenstronomy.LensModel.lens_model import LensModel
cfg = json.loads(sys.stdin.read())
npix, hw = cfg["npix"], cfg["half_width"]
x = (np.arange(npix) + 0.5) * (2 * hw / npix) - hw
xx, yy = np.meshgrid(x, x)
xx, yy = xx.ravel(), yy.ravel()
pop = cfg["population"]

def one(s):
    t0 = time.perf_counter()
    real = CDM(s["z_l"], s["z_s"], sigma_sub=s["sigma_sub"],
               log_mlow=np.log10(pop["m_min"]), log_mhigh=np.log10(pop["m_max"]),
               shmf_log_slope=pop["alpha"], LOS_normalization=0.0, two_halo_contribution=False,
               cone_opening_angle_arcsec=2.0 * s["r_render"], log_m_host=np.log10(s["m200"]),
               c_host=s["c_host"], host_scaling_factor=pop["k1"],
               redshift_scaling_factor=pop["k2"], kwargs_cosmo=dict(cfg["cosmo"]),
               **cfg["model"])
    lens_list, _, kwargs, _ = real.lensing_quantities(add_mass_sheet_correction=False)
    t1 = time.perf_counter()
    lm = LensModel(["SIE"] + list(lens_list))
    kappa = lm.kappa(xx, yy, [{"theta_E": s["theta_E"], "e1": s["e1"], "e2": s["e2"],
                               "center_x": 0.0, "center_y": 0.0}] + list(kwargs))
    t2 = time.perf_counter()
    assert np.all(np.isfinite(kappa))
    return t1 - t0, t2 - t1, len(lens_list), float(kappa.mean())

np.random.seed(cfg["seed"])  # pyHalo draws from NumPy's global generator
one(cfg["samples"][0])       # warm-up (colossus tables, first-call costs): not timed
np.random.seed(cfg["seed"])
print(json.dumps([one(s) for s in cfg["samples"]]))
'''


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def ensure_venv(venv):
    """The benchmark-only venv: validation/requirements.txt + BENCH_PINS, --no-deps, pip check."""
    h = hashlib.sha256(open(VALIDATION_REQ, "rb").read())
    h.update("\n".join(BENCH_PINS).encode())
    want = h.hexdigest()
    python = os.path.join(venv, "bin", "python")
    stamp = os.path.join(venv, STAMP)
    if os.path.exists(python) and os.path.exists(stamp) and open(stamp).read().strip() == want:
        return python
    if os.path.exists(os.path.join(venv, "lensgen-requirements.sha256")):
        sys.exit(f"{venv} is the validation venv (scripts/setup-validation-venv.sh); pyHalo stays "
                 "out of it: pass another --venv (default .venv/bench)")
    print(f"bench venv {venv}: creating (validation/requirements.txt + {' '.join(BENCH_PINS)})",
          file=sys.stderr)
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run(["/usr/bin/python3", "-m", "venv", venv], check=True)
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "--require-virtualenv", "--no-deps", "-r", VALIDATION_REQ] + BENCH_PINS,
                   check=True)
    subprocess.run([python, "-m", "pip", "check"], check=True)
    subprocess.run([python, "-I", "-c", "import pyHalo.PresetModels.cdm, lenstronomy"], check=True)
    with open(stamp, "w") as f:
        f.write(want + "\n")
    return python


def lensgen_cmd(a, deck, n, sets, out):
    flags = ["--oversubscribe"] + (["--allow-run-as-root"] if os.geteuid() == 0 else [])
    cmd = ["mpirun", "-np", str(a.ranks)] + flags + ["-x", "OMP_NUM_THREADS=1",
                                                     os.path.join(a.build, "lensgen"), deck,
                                                     "--quiet", "--force"]
    for s in [f"n_samples={n}", "backend=cpu", f"output.file={out}"] + list(sets) + a.set:
        cmd += ["--set", s]
    return cmd


def resolved(a, deck, extra=()):
    """The deck's resolved keys (lensgen --check-deck), or None when lensgen rejects it."""
    cmd = [os.path.join(a.build, "lensgen"), deck, "--check-deck"]
    for s in list(a.set) + list(extra):
        cmd += ["--set", s]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stderr.strip() or r.stdout.strip()
    keys = {}
    for line in r.stdout.splitlines():
        if " = " in line:
            k, v = line.split(" = ", 1)
            keys[k.strip()] = v.split("#")[0].strip()
    return keys, ""


def run_lensgen(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"lensgen failed (exit {r.returncode}): {shlex.join(cmd)}\n"
                 f"{(r.stderr or r.stdout).strip()[-3000:]}")


def timed(cmd):
    t0 = time.perf_counter()
    run_lensgen(cmd)
    return time.perf_counter() - t0


def number(text, rng, what):
    """A deck value: a number, or uniform/loguniform(a, b) drawn once per sample."""
    try:
        return float(text)
    except ValueError:
        pass
    m = re.fullmatch(r"(log)?uniform\(\s*([^,]+),\s*([^)]+)\)", text)
    if m:
        lo, hi = float(m.group(2)), float(m.group(3))
        if m.group(1):
            return math.exp(rng.uniform(math.log(lo), math.log(hi)))
        return rng.uniform(lo, hi)
    sys.exit(f"{what} = {text}: the reference side understands a number or (log)uniform(a, b)")


def reference_samples(a, keys, h5file, n_ref):
    """Per-sample host and population values for the reference, from lensgen's output file."""
    import random

    import h5py
    import numpy as np
    rng = random.Random(a.seed)
    p = h5py.File(h5file, "r")["params"]
    n = p["z_l"].shape[0]
    idx = np.arange(n)
    notes = []
    if "dm_model" in p:
        names = [s.decode() if isinstance(s, bytes) else str(s)
                 for s in p["dm_model"].attrs.get("names", [])]
        if "cdm" in names:
            idx = idx[p["dm_model"][:] == names.index("cdm")]
            notes.append("the first CDM samples of lensgen's output")
    if len(idx) < n_ref:
        sys.exit(f"lensgen's output has {len(idx)} usable samples, fewer than --n-ref {n_ref}")
    idx = idx[:n_ref]

    def col(name, default):
        if name in p:
            v = np.asarray(p[name][:], dtype=float)[idx]
            return np.where(np.isfinite(v), v, default)
        return np.full(len(idx), default)
    hw = float(keys["map.half_width"])
    half_diag = hw * math.sqrt(2.0)
    r_max_te = float(keys.get("subhalos.r_max_theta_e", "3"))
    host_m200 = float(keys.get("subhalos.host_m200", "1e13"))
    theta_e = col("theta_E", 1.0)
    m200 = col("sub_host_m200", host_m200) if "sub_host_m200" in p else col("m200", host_m200)
    c_host = col("c", 6.0)
    # lensgen's cylinder (/params/sub_r_max): r_max_theta_e theta_E, at least the half-diagonal
    r_render = col("sub_r_max", half_diag) if "sub_r_max" in p else \
        np.maximum(r_max_te * theta_e, half_diag)
    sig = col("sigma_sub", float("nan")) if "sigma_sub" in p else None
    samples = []
    for j in range(len(idx)):
        s_sub = sig[j] if sig is not None and np.isfinite(sig[j]) else \
            number(keys.get("subhalos.sigma_sub", "0.025"), rng, "subhalos.sigma_sub")
        samples.append({"z_l": float(col("z_l", 0.5)[j]), "z_s": float(col("z_s", 2.0)[j]),
                        "theta_E": float(theta_e[j]), "e1": float(col("e1", 0.0)[j]),
                        "e2": float(col("e2", 0.0)[j]), "m200": float(m200[j]),
                        "c_host": float(c_host[j]), "r_render": float(r_render[j]),
                        "sigma_sub": float(s_sub)})
    n_same = [int(v) for v in p["n_sub"][:][idx]] if "n_sub" in p else None
    if n_same is not None and "sub_capped" in p:
        n_same = [f"{v}{'*' if c else ''}" for v, c in zip(n_same, p["sub_capped"][:][idx])]
    return samples, notes, n_same


def reference(python, cfg):
    out = subprocess.run([python, "-I", "-c", REFERENCE], input=json.dumps(cfg), check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def timing_csv(h5file):
    """lensgen's per-rank timing CSV beside the output file (--quiet still writes it)."""
    import csv
    path = os.path.splitext(h5file)[0] + ".timing.csv"
    if not os.path.exists(path):
        return None
    return list(csv.DictReader(open(path)))


def n_sub_lensgen(h5file):
    import h5py
    import numpy as np
    p = h5py.File(h5file, "r")["params"]
    if "n_sub" not in p:
        return None, None, None
    n = np.asarray(p["n_sub"][:], float)
    cdm = None
    if "dm_model" in p:
        names = [s.decode() if isinstance(s, bytes) else str(s)
                 for s in p["dm_model"].attrs.get("names", [])]
        if "cdm" in names:
            sel = p["dm_model"][:] == names.index("cdm")
            cdm = float(n[sel].mean()) if sel.any() else None
    capped = float(np.mean(p["sub_capped"][:])) if "sub_capped" in p else None
    return float(n.mean()), cdm, capped


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--venv", default=os.path.join(ROOT, ".venv", "bench"),
                    help="benchmark-only venv with pyHalo (created when missing or stale)")
    ap.add_argument("--deck", default=os.path.join(ROOT, "input", "substructure.deck"))
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="extra lensgen deck override (repeatable), also read by the reference")
    ap.add_argument("--ranks", type=int, default=2)
    ap.add_argument("--n", type=int, default=2000, help="lensgen samples per run (kappa)")
    ap.add_argument("--n-image", type=int, default=500, help="lensgen samples per run (image)")
    ap.add_argument("--n-ref", type=int, default=10, help="pyHalo + lenstronomy samples per run")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1, help="NumPy seed of the pyHalo draws")
    ap.add_argument("--pyhalo-defaults", action="store_true",
                    help="pyHalo's own CDM sub-models (LUDLOW2016 concentrations, Galacticus "
                         "truncation, uniform positions) instead of lensgen's (see below)")
    ap.add_argument("--setup-venv", action="store_true", help="create the venv and exit")
    a = ap.parse_args()
    python = ensure_venv(a.venv)
    if a.setup_venv:
        return
    deck = os.path.abspath(a.deck)
    if not os.path.exists(deck):
        sys.exit(f"no deck {deck} (input/substructure.deck comes with issue 13; --deck PATH)")
    if not os.path.exists(os.path.join(a.build, "lensgen")):
        sys.exit(f"no lensgen in {a.build} (--build DIR)")
    keys, err = resolved(a, deck, ["output.maps=kappa"])
    if keys is None:
        sys.exit(f"lensgen rejects the deck: {err}")
    subhalos_on = keys.get("subhalos.enabled", "false") == "true"
    if not subhalos_on:
        print("WARNING: this lensgen/deck has no [subhalos] enabled: the lensgen rows below carry "
              "NO subhalos and the ratio is not the issue-13 figure", file=sys.stderr)
    cases = [("kappa", ("output.maps=kappa",))]
    # images with subhalos need the FFT deflection of the kappa map (output.derived = fft)
    for img in [("output.maps=kappa, image",), ("output.maps=kappa, image", "output.derived=fft")]:
        ok_img, err_img = resolved(a, deck, img)
        if ok_img is not None:
            cases.append(("kappa + image", img))
            break
    else:
        print(f"no image row: lensgen rejects output.maps = kappa, image ({err_img})",
              file=sys.stderr)
    n_of = {c: a.n if c[0] == "kappa" else a.n_image for c in cases}
    pop = {"m_min": float(keys.get("subhalos.m_min", "1e6")),
           "m_max": float(keys.get("subhalos.m_max", "1e10")),
           "alpha": float(keys.get("subhalos.alpha", "-1.9")),
           "k1": 0.88, "k2": 1.7}  # lensgen's DG19 host scaling (pyHalo's CDM default: 0.55, 0.37)
    if a.pyhalo_defaults:
        model = {}
    else:  # lensgen's sub-models where pyHalo has the same one (docs/physics.md section 16)
        model = {"concentration_model_subhalos": "PEAK_HEIGHT_POWERLAW",
                 "kwargs_concentration_model_subhalos": {"c0": 18.0, "zeta": -0.2, "beta": 0.8},
                 "truncation_model_subhalos": "TRUNCATION_ROCHE_GILMAN2020",
                 "subhalo_spatial_distribution": "PROJECTED_NFW"}
    os.makedirs(os.path.join(ROOT, "out"), exist_ok=True)
    out = {c: os.path.join(ROOT, "out", f"bench_subhalos_{i}.h5") for i, c in enumerate(cases)}
    # one untimed run makes the file the reference reads its hosts from
    run_lensgen(lensgen_cmd(a, deck, max(a.n_ref * 4, 64), cases[0][1], out[cases[0]]))
    samples, notes, n_lg_same = reference_samples(a, keys, out[cases[0]], a.n_ref)
    cfg = {"npix": int(keys["map.npix"]), "half_width": float(keys["map.half_width"]),
           "population": pop, "model": model,
           "cosmo": {"H0": float(keys.get("cosmology.H0", "70")),  # sigma8, n_s: pyHalo's
                     "Om0": float(keys.get("cosmology.Omega_m", "0.3")),
                     "Ob0": float(keys.get("cosmology.Omega_b", "0.049"))},
           "seed": a.seed, "samples": samples}

    lg = {c: [] for c in cases}
    phases = {}
    ref_draw, ref_render, ref_total, ref_n = [], [], [], []
    for _ in range(a.repeats):
        for c in cases:
            lg[c].append(timed(lensgen_cmd(a, deck, n_of[c], c[1], out[c])))
            phases[c] = timing_csv(out[c])
        r = reference(python, cfg)
        ref_draw.append(sum(x[0] for x in r))
        ref_render.append(sum(x[1] for x in r))
        ref_total.append(sum(x[0] + x[1] for x in r))
        ref_n = [x[2] for x in r]
    n_lg, n_lg_cdm, capped = n_sub_lensgen(out[cases[0]])
    n_ref_mean = statistics.mean(ref_n)

    commit = sh(["git", "-C", ROOT, "describe", "--always", "--dirty", "--abbrev=12"]).strip()
    version = subprocess.run([os.path.join(a.build, "lensgen"), "--version"], capture_output=True,
                             text=True).stdout.strip().replace("\n", " ")
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                if l.startswith("model name")), platform.processor())
    pyv = sh([python, "-I", "-c", "from importlib.metadata import version as v; "
              "print(v('pyhalo'), v('lenstronomy'), v('colossus'))"]).split()
    print(f"Machine: {cpu}, {os.cpu_count()} cores, {platform.platform()}; commit `{commit}`; "
          f"lensgen `{version}` ({a.build}); pyHalo {pyv[0]}, lenstronomy {pyv[1]}, "
          f"colossus {pyv[2]}")
    print(f"Command: `{shlex.join([sys.executable] + sys.argv)}`\n")
    print(f"{os.path.relpath(deck, ROOT) if deck.startswith(ROOT) else deck}, "
          f"{cfg['npix']}x{cfg['npix']}, half_width {cfg['half_width']}\"; lensgen {a.ranks} "
          f"ranks x 1 thread, {a.n} samples (with images: {a.n_image}), end to end with the "
          f"HDF5 write; pyHalo "
          f"{'default' if a.pyhalo_defaults else 'lensgen-matched'} CDM subhalos + lenstronomy "
          f"kappa, 1 core, {a.n_ref} samples ({', '.join(notes) or 'hosts from lensgen output'})"
          f"; medians of {a.repeats}\n")
    ref_rate = a.n_ref / statistics.median(ref_total)
    nl = "n/a (no /params/n_sub)" if n_lg is None else \
        f"{n_lg:,.0f}" + ("" if n_lg_cdm is None else f" (CDM samples: {n_lg_cdm:,.0f})")
    same = "n/a" if n_lg_same is None else \
        f"{statistics.mean(int(str(v).rstrip('*')) for v in n_lg_same):,.0f}"
    print("| maps | lensgen samples/s | per core | pyHalo + lenstronomy samples/s (1 core) "
          "| per core ratio | mean n_sub lensgen (all samples) | lensgen, the reference's hosts "
          "| pyHalo |")
    print("|---|---|---|---|---|---|---|---|")
    for c in cases:
        rate = n_of[c] / statistics.median(lg[c])
        print(f"| {c[0]} | {rate:,.1f} | {rate / a.ranks:,.1f} | {ref_rate:.3f} | "
              f"{rate / a.ranks / ref_rate:,.0f}x | {nl} | {same} | {n_ref_mean:,.0f} |")
    print(f"\npyHalo + lenstronomy per sample (medians of the per-run means): draw (CDM + "
          f"lensing_quantities) {statistics.median(ref_draw) / a.n_ref:.3f} s, render "
          f"(LensModel + kappa of {cfg['npix']}^2 points) "
          f"{statistics.median(ref_render) / a.n_ref:.3f} s")
    for c in cases:
        rows = phases.get(c)
        if not rows:
            continue
        per = {k: sum(float(r.get(k) or 0) for r in rows) for k in
               ("deck_s", "sampling_s", "kappa_s", "derived_s", "write_s")}
        counts = [int(r["samples"]) for r in rows]
        tot = max(sum(counts), 1)
        print(f"lensgen {c[0]} phases (timing CSV of the last run, CPU-seconds of all ranks per "
              f"sample): sampling {1e3 * per['sampling_s'] / tot:.2f} ms, kappa "
              f"{1e3 * per['kappa_s'] / tot:.2f} ms, derived {1e3 * per['derived_s'] / tot:.2f} ms,"
              f" write {1e3 * per['write_s'] / tot:.2f} ms; deck {per['deck_s']:.2f} s; samples "
              f"per rank {counts}" + (" (a rank got no batch: raise --n or lower batch_size)"
                                      if 0 in counts else ""))
    if n_lg_same is not None:
        print("n_sub per reference host, lensgen / pyHalo (* = lensgen capped at subhalos.n_max): "
              + ", ".join(f"{v} / {w}" for v, w in zip(n_lg_same, ref_n)))
    if n_lg is not None:
        rate = a.n / statistics.median(lg[cases[0]])
        n_cmp = n_lg  # subhalos lensgen actually rendered per sample, every dm_model
        print(f"\nPer subhalo (kappa row; lensgen's mean n_sub over all its samples): lensgen "
              f"{rate / a.ranks * n_cmp:,.0f} subhalos/s per core, "
              f"pyHalo + lenstronomy {ref_rate * n_ref_mean:,.0f}; ratio "
              f"{rate / a.ranks * n_cmp / (ref_rate * n_ref_mean):,.0f}x")
        if capped is not None:
            print(f"lensgen samples whose Poisson count exceeded subhalos.n_max "
                  f"(/params/sub_capped): {capped:.1%}; pyHalo has no cap")
    else:
        print("\nlensgen's subhalo count: this lensgen writes no /params/n_sub, so the two "
              "populations' sizes cannot be compared here")
    if not subhalos_on:
        print("\nNOTE: lensgen ran WITHOUT subhalos (no subhalos.enabled = true in the resolved "
              "deck): not the issue-13 figure")
    print("\nAll runs (s): " + "; ".join(
        f"lensgen {c[0]} ({', '.join(c[1])}): {', '.join(f'{t:.2f}' for t in lg[c])}"
        for c in cases) +
          f"; pyHalo + lenstronomy: {', '.join(f'{t:.2f}' for t in ref_total)}")


if __name__ == "__main__":
    main()
