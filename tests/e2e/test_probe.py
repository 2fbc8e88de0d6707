"""`lensgen probe DECK --sample I --params` prints row I of /params exactly (every column, floats
to the last bit, augmented parameters with [augment] on), for the first, middle and last
samples and on both sides of batch boundaries, without generating the other samples;
`probe --sample I x,y` at pixel centres gives the stored maps of sample I (float32 against
double: the derived maps, and kappa where it holds values at pixel centres); a sample index
outside [0, n_samples) is exit 2 with a message naming it and the range."""
import math
import os
import subprocess

import h5py
import numpy as np

from lgtest import QUICK, expect, finish, lensgen_cmd, run, workdir

N, BATCH = 37, 8
SETS = [f"n_samples={N}", f"batch_size={BATCH}", "map.npix=16",
        "lens.profile=choice(point_mass, sis, nfw, nfw_ell, sie, sersic, composite)",
        "lens.dm_model=choice(cdm, wdm, sidm)",
        "sersic.e1=uniform(-0.3, 0.3)", "sersic.e2=uniform(-0.3, 0.3)",
        "disk.e1=uniform(-0.3, 0.3)", "disk.e2=uniform(-0.3, 0.3)",
        "augment.rot90=true", "augment.flip=true",
        "output.maps=kappa, kappa_noisy, alpha_x, alpha_y, gamma1, gamma2, psi"]
MAPS = ["kappa", "alpha_x", "alpha_y", "gamma1", "gamma2", "psi"]  # probe's CSV columns 2-7
SAMPLES = [0, 7, 8, 15, 16, 18, 23, 24, 36]  # first, batch ends and starts, middle, last
NAMES = {"profile": "point_mass,sis,nfw,nfw_ell,sie,sersic,composite".split(","),
         "dm_model": "none,cdm,wdm,sidm".split(",")}


def probe(*args):
    cmd = lensgen_cmd(1, "probe", QUICK)
    for s in SETS:
        cmd += ["--set", s]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=60)


wd = workdir()
out = os.path.join(wd, "probe.h5")
run(2, QUICK, out, *SETS)
with h5py.File(out, "r") as f:
    params = {name: d[()] for name, d in f["params"].items()}
    maps = {name: f["maps/" + name][()] for name in MAPS}
    half_width = float(f["maps/kappa"].attrs["half_width_arcsec"])
    # kappa at pixel centres unless the build integrates pixels (map.supersample > 1)
    resolved = f["provenance/parameters"].attrs
    if int(resolved.get("map.supersample", 1)) > 1:
        MAPS.remove("kappa")

npix = maps["kappa" if "kappa" in MAPS else "psi"].shape[1]
d = 2.0 * half_width / npix
centres = -half_width + (np.arange(npix) + 0.5) * d
rot = {int(params["aug_rot90"][i]) for i in SAMPLES}
flip = {int(params["aug_flip"][i]) for i in SAMPLES}
expect(len(rot) > 1 and flip == {0, 1}, f"the samples checked are augmented in several ways "
       f"(rot90 {sorted(rot)}, flip {sorted(flip)})")

for i in SAMPLES:
    p = probe("--sample", str(i), "--params")
    if p.returncode != 0:
        expect(False, f"probe --sample {i} --params exits 0 ({p.returncode}: {p.stderr.strip()})")
        continue
    got = dict(line.split("=", 1) for line in p.stdout.splitlines())
    bad = []
    for name, col in params.items():
        if name not in got:
            bad.append(f"{name} missing")
        elif col.dtype.kind == "i":
            if int(got[name]) != int(col[i]):
                bad.append(f"{name} {got[name]} != {col[i]}")
        else:
            v, ref = float(got[name]), float(col[i])
            if not (v == ref or (math.isnan(v) and math.isnan(ref))):
                bad.append(f"{name} {got[name]} != {ref!r}")
    for name in NAMES:
        if got.get(f"{name}_name") != NAMES[name][int(params[name][i])]:
            bad.append(f"{name}_name {got.get(f'{name}_name')}")
    # lines beyond the file's columns: only columns no sample of the deck has (not written)
    extra = set(got) - set(params) - {"sample", "profile_name", "dm_model_name"}
    if any(got[k] != "nan" for k in extra) or got.get("sample") != str(i):
        bad.append(f"unexpected lines {sorted(extra)} or sample={got.get('sample')}")
    expect(not bad, f"probe --sample {i} --params == /params row {i} "
           f"({NAMES['profile'][int(params['profile'][i])]}, rot90 {params['aug_rot90'][i]}, "
           f"flip {params['aug_flip'][i]}; {len(params)} columns){': ' if bad else ''}"
           f"{'; '.join(bad)}")

    # the maps at pixel centres at least 2 pixels from the lens centre (cusps aside) equal the
    # stored float32 maps; the point mass's kappa is a cloud-in-cell deposit, not a value
    cx, cy = float(params["center_x"][i]), float(params["center_y"][i])
    pix = [(ix, iy) for iy in range(0, npix, 3) for ix in range(0, npix, 3)
           if math.hypot(centres[ix] - cx, centres[iy] - cy) > 2 * d]
    p = probe("--sample", str(i), *[f"{centres[ix]!r},{centres[iy]!r}" for ix, iy in pix])
    rows = [line.split(",") for line in p.stdout.splitlines()[1:]]
    if p.returncode != 0 or len(rows) != len(pix):
        expect(False, f"probe --sample {i} at {len(pix)} points exits 0 ({p.stderr.strip()})")
        continue
    errs = {}
    for c, name in enumerate(["kappa", "alpha_x", "alpha_y", "gamma1", "gamma2", "psi"]):
        if name not in MAPS or (name == "kappa" and NAMES["profile"][int(params["profile"][i])]
                                == "point_mass"):
            continue
        pv = np.array([float(r[2 + c]) for r in rows])
        mv = np.array([maps[name][i, iy, ix] for ix, iy in pix], dtype=np.float64)
        errs[name] = np.max(np.abs(pv - mv)) / max(np.max(np.abs(pv)), 1e-30)
    worst = max(errs, key=errs.get)
    expect(errs[worst] < 1e-5, f"probe --sample {i}: {', '.join(errs)} at {len(pix)} pixel "
           f"centres equal the maps (max difference {errs[worst]:.2g} of the largest value, "
           f"{worst})")

for bad in ("37", "-1", "1.5"):
    p = probe("--sample", bad, "--params")
    expect(p.returncode == 2 and f"--sample '{bad}'" in p.stderr and "[0, 36]" in p.stderr
           and p.stdout == "", f"--sample {bad}: exit 2 naming the value and [0, 36] "
           f"({p.stderr.strip()})")
finish()
