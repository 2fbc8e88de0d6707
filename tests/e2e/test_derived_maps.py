"""Every map of output.maps is written, with units, for a mixed population on 2 ranks; the
maps agree with `lensgen probe` (double precision) at pixel centres for sample 0; the FFT mode
writes the same set; augmentation turns maps and parameters together (the maps of a rotated
and mirrored sample equal the rotated and mirrored maps of the plain run, with vector and
spin-2 components transformed)."""
import os
import subprocess

import h5py
import numpy as np

from lgtest import QUICK, expect, finish, run, workdir

ALL = "kappa, kappa_noisy, alpha_x, alpha_y, gamma1, gamma2, psi, mu"
NAMES = [s.strip() for s in ALL.split(",")]
UNITS = {"alpha_x": "arcsec", "alpha_y": "arcsec", "psi": "arcsec^2"}
MIX = "lens.profile=choice(point_mass, sis, sie, nfw, nfw_ell, sersic, composite)"
wd = workdir()

plain = os.path.join(wd, "plain.h5")
run(2, QUICK, plain, f"output.maps={ALL}", MIX, "n_samples=28", "lens.dm_model=choice(cdm,wdm,sidm)",
    "map.npix=24")
with h5py.File(plain, "r") as f:
    for name in NAMES:
        d = f["maps/" + name]
        expect(d.shape == (28, 24, 24) and d.attrs["units"] == UNITS.get(name, ""),
               f"/maps/{name} [28, 24, 24] with units '{UNITS.get(name, '')}'")
    prof = f["params/profile"][()]
    expect(len(set(prof)) >= 5, f"{len(set(prof))} profiles in the mix")
    for name in ("alpha_x", "alpha_y", "gamma1", "gamma2", "psi"):
        expect(np.isfinite(f["maps/" + name][()]).all(), f"{name} finite")
    dm = f["params/dm_model"][()]
    halo = np.isin(prof, [2, 3, 6])
    expect((dm[~halo] == 0).all() and set(dm[halo]) <= {1, 2, 3},
           "dm_model is none without a halo, cdm/wdm/sidm with one")
    half, n = 4.0, 24
    xs = -half + (np.arange(n) + 0.5) * 2 * half / n
    maps0 = {k: f["maps/" + k][0] for k in NAMES}

# sample 0 through probe (same deck and overrides) at a few pixel centres
pix = [(3, 5), (12, 12), (20, 7), (0, 23)]
pts = [f"{xs[ix]!r},{xs[iy]!r}" for iy, ix in pix]
from lgtest import SRC  # noqa: E402
cmd = [os.environ["LENSGEN_BIN"], "probe", QUICK, *pts, "--set", MIX, "--set",
       "lens.dm_model=choice(cdm,wdm,sidm)", "--set", "map.npix=24"]
p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
lines = p.stdout.strip().splitlines()
expect(p.returncode == 0 and lines[0] == "x,y,kappa,alpha_x,alpha_y,gamma1,gamma2,psi,mu",
       "probe prints the CSV header")
rows = np.array([[float(v) for v in ln.split(",")] for ln in lines[1:]])
cols = ["x", "y", "kappa", "alpha_x", "alpha_y", "gamma1", "gamma2", "psi", "mu"]
worst = 0.0
for r, (iy, ix) in zip(rows, pix):
    for k in ("alpha_x", "alpha_y", "gamma1", "gamma2", "psi", "mu"):
        ref = r[cols.index(k)]
        worst = max(worst, abs(maps0[k][iy, ix] - ref) / max(abs(ref), 1e-3))
expect(worst < 1e-5, f"maps of sample 0 = probe at pixel centres (max rel diff {worst:.2g})")

fft = os.path.join(wd, "fft.h5")
run(1, QUICK, fft, f"output.maps={ALL}", MIX, "n_samples=6", "output.derived=fft", "map.npix=24")
with h5py.File(fft, "r") as f:
    expect(all(f["maps/" + k].attrs.get("method", "fft") == "fft" for k in NAMES[2:]),
           "fft mode writes every derived map, method = fft")


def rot(m):  # new(x, y) = old(y, -x): counter-clockwise by 90 degrees, rows are y (up)
    return m[..., ::-1, :].swapaxes(-1, -2)


def flip(m):  # x -> -x
    return m[..., :, ::-1]


aug = os.path.join(wd, "aug.h5")
run(3, QUICK, aug, f"output.maps={ALL}", MIX, "n_samples=28", "lens.dm_model=choice(cdm,wdm,sidm)",
    "map.npix=24", "augment.rot90=true", "augment.flip=true", "batch_size=5")
with h5py.File(plain, "r") as f, h5py.File(aug, "r") as g:
    k_rot, k_flip = g["params/aug_rot90"][()], g["params/aug_flip"][()]
    expect(set(k_rot) == {0, 1, 2, 3} and set(k_flip) == {0, 1}, "all rotations and flips drawn")
    worst = 0.0
    for i in range(28):
        m = {k: f["maps/" + k][i].astype(np.float64) for k in NAMES}
        for _ in range(k_rot[i]):
            m = {k: rot(v) for k, v in m.items()}
            m["alpha_x"], m["alpha_y"] = -m["alpha_y"], m["alpha_x"].copy()
            m["gamma1"], m["gamma2"] = -m["gamma1"], -m["gamma2"]
        if k_flip[i]:
            m = {k: flip(v) for k, v in m.items()}
            m["alpha_x"], m["gamma2"] = -m["alpha_x"], -m["gamma2"]
        for k in NAMES:
            worst = max(worst, np.abs(m[k] - g["maps/" + k][i]).max())
    expect(worst == 0.0, f"augmented maps = transformed plain maps (max diff {worst:.2g})")
    c = f["params/center_x"][()] + 1j * f["params/center_y"][()]
    e = f["params/e1"][()] + 1j * f["params/e2"][()]
    c_new = c * 1j ** k_rot
    e_new = e * (-1.0) ** k_rot
    c_new = np.where(k_flip == 1, -c_new.real + 1j * c_new.imag, c_new)
    e_new = np.where(k_flip == 1, np.conj(e_new), e_new)
    got_c = g["params/center_x"][()] + 1j * g["params/center_y"][()]
    got_e = g["params/e1"][()] + 1j * g["params/e2"][()]
    expect(np.allclose(got_c, c_new, atol=1e-12) and np.allclose(got_e, e_new, atol=1e-12),
           "centre rotates as a vector, (e1, e2) as a spin-2 quantity")
finish()
