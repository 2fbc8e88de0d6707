"""`lensgen probe DECK --sample I --params` prints row I of /params exactly (every column, floats
to the last bit, augmented parameters with [augment] on), for the first, middle and last
samples and on both sides of batch boundaries, without generating the other samples;
`probe --sample I x,y` at pixel centres gives the stored kappa map of sample I (float32 against
double); a sample index outside [0, n_samples) is exit 2 with a message naming it and the range."""
import math
import os
import shlex
import subprocess

import h5py
import numpy as np

from lgtest import QUICK, expect, finish, run, workdir

N, BATCH = 37, 8
SETS = [f"n_samples={N}", f"batch_size={BATCH}", "map.npix=16",
        "lens.profile=choice(point_mass, sis, nfw, nfw_ell, sie, sersic, composite)",
        "lens.dm_model=choice(cdm, wdm, sidm)",
        "sersic.e1=uniform(-0.3, 0.3)", "sersic.e2=uniform(-0.3, 0.3)",
        "disk.e1=uniform(-0.3, 0.3)", "disk.e2=uniform(-0.3, 0.3)",
        "augment.rot90=true", "augment.flip=true", "output.maps=kappa"]
SAMPLES = [0, 7, 8, 15, 16, 18, 23, 24, 36]  # first, batch ends and starts, middle, last
NAMES = {"profile": "point_mass,sis,nfw,nfw_ell,sie,sersic,composite".split(","),
         "dm_model": "none,cdm,wdm,sidm".split(",")}


def probe(*args):
    cmd = [os.environ["LENSGEN_MPIEXEC"], "-np", "1"]
    cmd += shlex.split(os.environ.get("LENSGEN_MPI_FLAGS", ""))
    cmd += [os.environ["LENSGEN_BIN"], "probe", QUICK]
    for s in SETS:
        cmd += ["--set", s]
    return subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=60)


wd = workdir()
out = os.path.join(wd, "probe.h5")
run(2, QUICK, out, *SETS)
with h5py.File(out, "r") as f:
    params = {name: d[()] for name, d in f["params"].items()}
    kappa = f["maps/kappa"][()]
    half_width = float(f["maps/kappa"].attrs["half_width_arcsec"])

npix = kappa.shape[1]
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
    extra = set(got) - set(params) - {"sample", "profile_name", "dm_model_name"}
    if extra or got.get("sample") != str(i):
        bad.append(f"unexpected lines {sorted(extra)} or sample={got.get('sample')}")
    expect(not bad, f"probe --sample {i} --params == /params row {i} "
           f"({NAMES['profile'][int(params['profile'][i])]}, rot90 {params['aug_rot90'][i]}, "
           f"flip {params['aug_flip'][i]}; {len(params)} columns){': ' if bad else ''}"
           f"{'; '.join(bad)}")

    # kappa at pixel centres at least 2 pixels from the lens centre (cusps and the point
    # mass's cloud-in-cell deposit aside) equals the stored float32 map
    if NAMES["profile"][int(params["profile"][i])] == "point_mass":
        continue
    cx, cy = float(params["center_x"][i]), float(params["center_y"][i])
    pix = [(ix, iy) for iy in range(0, npix, 3) for ix in range(0, npix, 3)
           if math.hypot(centres[ix] - cx, centres[iy] - cy) > 2 * d]
    p = probe("--sample", str(i), *[f"{centres[ix]!r},{centres[iy]!r}" for ix, iy in pix])
    if p.returncode != 0:
        expect(False, f"probe --sample {i} at points exits 0 ({p.stderr.strip()})")
        continue
    rows = [line.split(",") for line in p.stdout.splitlines()[1:]]
    pk = np.array([float(r[2]) for r in rows])
    mk = np.array([kappa[i, iy, ix] for ix, iy in pix], dtype=np.float64)
    err = np.max(np.abs(pk - mk) / np.maximum(np.abs(pk), 1e-6))
    expect(len(rows) == len(pix) and err < 1e-4,
           f"probe --sample {i}: kappa at {len(pix)} pixel centres equals the map (max rel. "
           f"difference {err:.2g})")

for bad in ("37", "-1", "1.5"):
    p = probe("--sample", bad, "--params")
    expect(p.returncode == 2 and f"--sample '{bad}'" in p.stderr and "[0, 36]" in p.stderr
           and p.stdout == "", f"--sample {bad}: exit 2 naming the value and [0, 36] "
           f"({p.stderr.strip()})")
finish()
