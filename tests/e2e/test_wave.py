"""Wave optics end to end (README "Wave optics"; output.wave, /wave):
(a) input/lensed_gw.deck at 1 rank (batch 64, 2 threads) and 2 ranks (batch 5, dynamic
    schedule): every /wave dataset and /params column bitwise equal;
(b) the layout: frequency [n_freq] (the deck's log grid, ends exact), F_abs and F_phase
    [N, n_freq] float64 with units, phase_convention (conj(F) for LIGO) and method, n_geometric
    [N] int32 equal to the frequencies where w = 8 pi G M_Lz f / c^3 > 1000 (or all, y > 10),
    computed here from /params/wave_m_lz; phases in (-pi, pi], |F| finite and positive;
(c) the CUDA backend (emulated device) writes the same /wave, bitwise (F is host code);
(d) --resume: a run killed after a few batches, one byte of a finished batch's F_abs
    damaged, is found by its checksum, recomputed, and the file is bitwise the uninterrupted one;
(e) output.wave with a profile other than point_mass/sis: exit 2 at 2 ranks, one message
    naming the key, the value and the allowed values;
(f) scripts/inspect.py shows a sample's |F| and phase (--wave)."""
import os
import subprocess
import sys

import h5py
import numpy as np

from lgtest import (SRC, bitwise_equal, damaged_resume, expect, finish, rank_env, run,
                    workdir)

DECK = os.path.join(SRC, "input", "lensed_gw.deck")
wd = workdir()


def items(path):
    out = {}
    with h5py.File(path, "r") as f:
        for g in ("params", "wave"):
            for k in f[g]:
                out[f"{g}/{k}"] = f[g][k][()]
    return out


one, two = os.path.join(wd, "one.h5"), os.path.join(wd, "two.h5")
run(1, DECK, one, "batch_size=64", "schedule=static", threads=2)
run(2, DECK, two, "batch_size=5")
a, b = items(one), items(two)
expect(sorted(a) == sorted(b) and "wave/F_abs" in a and "params/wave_y" in a,
       f"(a) the same datasets ({len(a)}), /wave and wave_y among them")
for k in sorted(a):
    expect(bitwise_equal(a[k], b[k]), f"(a) {k}: bitwise equal at 1 rank and 2 ranks")

with h5py.File(one, "r") as f:
    fa, fp, fr, ng = f["wave/F_abs"], f["wave/F_phase"], f["wave/frequency"], f["wave/n_geometric"]
    n = f["params/profile"].shape[0]
    expect(fa.shape == (n, 64) and fp.shape == (n, 64) and fa.dtype == np.float64 and
           fp.dtype == np.float64 and fr.shape == (64,) and ng.shape == (n,) and
           ng.dtype == np.int32, f"(b) shapes and types: F {fa.shape} {fa.dtype}, frequency "
           f"{fr.shape}, n_geometric {ng.shape} {ng.dtype}")
    attrs = {k: str(v) for k, v in fa.attrs.items()}
    expect(fa.attrs["units"] == "" and fp.attrs["units"] == "rad" and fr.attrs["units"] == "Hz"
           and "conj(F)" in attrs.get("phase_convention", "") and "e^{+i w dT}" in
           attrs.get("phase_convention", "") and "geometric-optics" in attrs.get("method", "")
           and "phase_convention" in fp.attrs and f["wave"].attrs["w_max"] == 1000.0,
           f"(b) attributes: {sorted(attrs)}")
    freq = fr[()]
    expect(freq[0] == 10.0 and freq[-1] == 1000.0 and
           np.allclose(freq[1:] / freq[:-1], 100 ** (1 / 63), rtol=1e-13, atol=0),
           "(b) frequency: 10 to 1000 Hz, log spaced")
    m_lz, y = f["params/wave_m_lz"][()], f["params/wave_y"][()]
    # G M_sun / c^3 in s, with the constants of src/constants.h (docs/physics.md section 1.2)
    gm_c3 = 6.67430e-11 * 1.988409870698051e30 / 299792458.0 ** 3
    w = 8 * np.pi * gm_c3 * m_lz[:, None] * freq[None, :]
    expect_geo = np.where(y > 10, 64, (w > 1000).sum(axis=1))
    expect(np.array_equal(ng[()], expect_geo) and 0 < ng[()].sum() < ng.size * 64,
           f"(b) n_geometric = frequencies with w > 1000 (total {int(ng[()].sum())} of "
           f"{n * 64}; w up to {w.max():.3g})")
    ph, ab = fp[()], fa[()]
    expect(np.all((ph > -np.pi) & (ph <= np.pi)) and np.all(np.isfinite(ab)) and
           np.all(ab > 0), "(b) phases in (-pi, pi], |F| finite and positive")

os.environ["LENSGEN_CUDA_EMULATE"] = "1"
cuda = os.path.join(wd, "cuda.h5")
run(2, DECK, cuda, "batch_size=7", extra=("--backend", "cuda"))
del os.environ["LENSGEN_CUDA_EMULATE"]
c = items(cuda)
for k in ("wave/F_abs", "wave/F_phase", "wave/n_geometric", "params/wave_y", "params/wave_m_lz"):
    expect(bitwise_equal(c[k], a[k]), f"(c) {k}: the CUDA backend's, bitwise")

# (d) many cheap samples (w <= 250), so the kill lands mid-run
SETS = ["n_samples=1000", "batch_size=10", "output.checkpoint_s=0", "point_mass.mass=1e4",
        "sis.sigma_v=3", "wave.f_max=100", "wave.n_freq=16"]
# sample 2 (batch 0, done): its second frequency
damaged_resume(DECK, SETS, wd, "wave/F_abs", 8 * 16 * 2 + 8, 8, items, "/wave")

r = run(2, DECK, os.path.join(wd, "bad.h5"), "lens.profile=choice(point_mass: 1, sie: 1)",
        check=False)
msg = r.stderr.strip()
line = [x for x in msg.splitlines() if "lens.profile" in x]
expect(r.returncode == 2 and len(line) == 1 and "'sie'" in msg and "allowed: point_mass, sis"
       in msg, f"(e) output.wave with an SIE: exit 2, one message: {line}", r)

r = subprocess.run([sys.executable, os.path.join(SRC, "scripts", "inspect.py"), one, "--wave",
                    "3"], capture_output=True, text=True, timeout=120, env=rank_env())
expect(r.returncode == 0 and "/wave" in r.stdout and "sample 3" in r.stdout and
       "F_phase" in r.stdout, "(f) inspect.py --wave 3 prints the sample's F", r)
finish()
