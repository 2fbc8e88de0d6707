"""Subhalos end to end (README "Dark-matter substructure"; subhalos.enabled, /subhalos):
(a) input/substructure.deck at 1 rank (batch 16, 2 threads) and 2 ranks (batch 5): every
    /maps, /params and /subhalos dataset bitwise equal;
(b) the layout: /subhalos mass, c, x, y, r_t, f_core [N, n_max] float32 with units; the finite
    entries of each row are /params/n_sub; masses in [m_min, m_max]; every subhalo within
    sub_r_max of the lens centre (augmentation moves both); f_core finite exactly for sidm
    samples and in the deck's range; m_hm finite exactly for wdm; n_sub, f_sub positive;
(c) mass: the same deck without subhalos draws the same main lenses (the subhalos draw from
    streams of their own), and the difference of the kappa maps holds the subhalos' mass: the
    truncated NFW of each subhalo (Baltz et al. 2009), projected here by quadrature of its 3-D
    density and integrated over the map, from /subhalos and the host's /params alone;
(d) --resume: one damaged byte of a finished batch's /subhalos/mass is found by its checksum
    and recomputed, bitwise the uninterrupted file;
(e) bad combinations exit 2 with one message naming the key: derived maps with
    output.derived = analytic, sidm.f_core reaching 1;
(f) line-of-sight halos (los.enabled, subhalos off): the mean convergence they add to the maps
    (kappa with them minus without) equals the mean of /params/los_kappa_sheet, the expected
    mean computed from the cone's slices, within 10 %; with los.subtract_sheet the maps are
    those without the subtraction minus each sample's los_kappa_sheet; 1 and 2 ranks bitwise;
(g) the CUDA backend (emulated device) with subhalos, line-of-sight halos, FFT maps and images:
    /params and /subhalos bitwise the CPU backend's, kappa and the FFT maps and images bitwise
    (made on the host), kappa_noisy within 1e-6 of the peak (device noise)."""
import os

import h5py
import numpy as np
from scipy.integrate import quad

from lgtest import SRC, bitwise_equal, damaged_resume, expect, finish, run, workdir

DECK = os.path.join(SRC, "input", "substructure.deck")
wd = workdir()
SETS = ["n_samples=48", "subhalos.m_min=1e8"]


def items(path):
    out = {}
    with h5py.File(path, "r") as f:
        for g in ("maps", "params", "subhalos"):
            for k in f[g]:
                out[f"{g}/{k}"] = f[g][k][()]
    return out


one, two = os.path.join(wd, "one.h5"), os.path.join(wd, "two.h5")
run(1, DECK, one, *SETS, "batch_size=16", threads=2)
run(2, DECK, two, *SETS, "batch_size=5")
a, b = items(one), items(two)
expect(sorted(a) == sorted(b) and "subhalos/mass" in a and "params/n_sub" in a,
       f"(a) the same datasets ({len(a)}), /subhalos and n_sub among them")
bad = [k for k in sorted(a) if not bitwise_equal(a[k], b[k])]
expect(not bad, f"(a) every dataset bitwise equal at 1 rank and 2 ranks (differ: {bad})")

with h5py.File(one, "r") as f:
    s, p = f["subhalos"], f["params"]
    n = p["n_sub"].shape[0]
    names = ["mass", "c", "x", "y", "r_t", "f_core"]
    units = {"mass": "Msun", "c": "", "x": "arcsec", "y": "arcsec", "r_t": "arcsec",
             "f_core": ""}
    expect(sorted(s) == sorted(names) and all(s[k].shape == (n, 1000) and
                                              s[k].dtype == np.float32 and
                                              s[k].attrs["units"] == units[k] for k in names),
           f"(b) /subhalos: {sorted(s)}, [N, n_max] float32 with units")
    v = {k: s[k][()] for k in names}
    q = {k: p[k][()] for k in ("n_sub", "f_sub", "sub_r_max", "center_x", "center_y",
                               "dm_model", "m_hm", "m200", "c", "theta_s", "sigma_crit")}
    dm = [x.decode() if isinstance(x, bytes) else str(x) for x in p["dm_model"].attrs["names"]]
    finite = np.isfinite(v["mass"])
    expect(np.array_equal(finite.sum(axis=1), q["n_sub"]) and
           all(np.array_equal(np.isfinite(v[k]), finite) for k in ("c", "x", "y", "r_t")),
           "(b) the finite entries of each row are the first n_sub")
    m = v["mass"][finite]
    expect(m.min() >= 1e8 * (1 - 1e-6) and m.max() <= 1e10 * (1 + 1e-6),
           f"(b) masses in [1e8, 1e10]: {m.min():.4g} .. {m.max():.4g}")
    r = np.hypot(v["x"] - q["center_x"][:, None], v["y"] - q["center_y"][:, None])
    expect(np.all(r[finite] <= (q["sub_r_max"][:, None] * np.ones_like(r))[finite] + 1e-5),
           "(b) every subhalo within sub_r_max of the lens centre")
    sidm = q["dm_model"] == dm.index("sidm")
    fc = v["f_core"]
    expect(np.array_equal(np.isfinite(fc).any(axis=1), sidm & (q["n_sub"] > 0)) and
           np.all((fc[np.isfinite(fc)] >= 0.2 - 1e-6) & (fc[np.isfinite(fc)] <= 0.6 + 1e-6)),
           f"(b) f_core finite exactly for the {int(sidm.sum())} sidm samples, in [0.2, 0.6]")
    wdm = q["dm_model"] == dm.index("wdm")
    expect(np.array_equal(np.isfinite(q["m_hm"]), wdm) and np.all(q["n_sub"] > 0) and
           np.all(q["f_sub"] > 0), "(b) m_hm exactly for wdm; n_sub and f_sub positive")

# (c) the main lenses without subhalos, and the subhalos' mass in the difference of the maps
none = os.path.join(wd, "none.h5")
run(1, DECK, none, *SETS, "subhalos.enabled=false", "augment.rot90=false", "augment.flip=false",
    threads=2)
plain = os.path.join(wd, "plain.h5")
run(1, DECK, plain, *SETS, "subhalos.m_max=3e8", "subhalos.eps=1e-8", "augment.rot90=false",
    "augment.flip=false", threads=2)
with h5py.File(none, "r") as f0, h5py.File(plain, "r") as f1:
    same = all(bitwise_equal(f0["params"][k][()], f1["params"][k][()])
               for k in ("z_l", "z_s", "m200", "c", "e1", "e2", "center_x", "dm_model"))
    expect(same, "(c) the main lenses do not depend on subhalos.enabled")
    diff = f1["maps/kappa"][()].astype(np.float64) - f0["maps/kappa"][()]
    hw = 3.0
    npix = diff.shape[1]
    pix = 2 * hw / npix
    p = f1["params"]
    sc, m_host, c_host, ts_host = (p[k][()] for k in ("sigma_crit", "m200", "c", "theta_s"))
    s = f1["subhalos"]
    m, c, x, y, rt = (s[k][()].astype(np.float64) for k in ("mass", "c", "x", "y", "r_t"))
    # the subhalo's r_s as an angle from the host's: r200 scales as M^(1/3)
    rs = ts_host[:, None] * c_host[:, None] / c * np.cbrt(m / m_host[:, None])
    tau = rt / rs
    # rho_s r_s^2 in Msun / arcsec^2 from M200 = 4 pi rho_s r_s^3 (ln(1+c) - c/(1+c))
    rho_rs2 = m / (4 * np.pi * (np.log(1 + c) - c / (1 + c)) * rs ** 2)
    # Sigma / (rho_s r_s) = 2 int_0^inf rho(sqrt(x^2 + z^2)) dz of rho = tau^2 / (tau^2 + r^2)
    # / (r (1 + r)^2), r in r_s, by quadrature here: a table in (ln x, ln tau), interpolated
    lx, lt = np.linspace(np.log(1e-4), np.log(1e4), 161), np.linspace(np.log(1.0), np.log(300), 41)
    table = np.empty((lt.size, lx.size))
    for i, tt in enumerate(np.exp(lt)):
        rho = lambda r, tt=tt: tt * tt / (tt * tt + r * r) / (r * (1 + r) ** 2)
        for j, xx in enumerate(np.exp(lx)):
            table[i, j] = 2 * quad(lambda z: rho(np.hypot(xx, z)), 0, np.inf, limit=200)[0]
    fine = 4  # points per pixel side
    g = -hw + (np.arange(npix * fine) + 0.5) * pix / fine
    gx, gy = np.meshgrid(g, g)
    want, got = [], []
    for i in range(min(12, m.shape[0])):
        total = 0.0
        for k in np.flatnonzero(np.isfinite(m[i])):
            xr = np.maximum(np.hypot(gx - x[i, k], gy - y[i, k]) / rs[i, k], 1e-4)
            u = (np.log(xr) - lx[0]) / (lx[1] - lx[0])
            t = (np.log(tau[i, k]) - lt[0]) / (lt[1] - lt[0])
            j0, ti = np.minimum(u.astype(int), lx.size - 2), min(int(t), lt.size - 2)
            fu, ft = u - j0, t - ti
            row = (1 - ft) * table[ti] + ft * table[ti + 1]
            sig = np.exp((1 - fu) * np.log(row[j0]) + fu * np.log(row[j0 + 1]))
            total += rho_rs2[i, k] * sig.sum() * (pix / fine) ** 2
        want.append(total)
        got.append(diff[i].sum() * pix * pix * sc[i])
    want, got = np.array(want), np.array(got)
    worst = np.max(np.abs(got / want - 1))
    expect(worst < 0.01 and np.all(diff > -1e-6),
           f"(c) the subhalos' mass on the map, maps vs the truncated NFW projected by quadrature "
           f"here and integrated over the map: {got.sum():.5g} vs {want.sum():.5g} Msun over "
           f"{len(want)} samples, worst {worst:.2e}; no pixel loses mass")

# (d) kill, damage a finished batch's /subhalos row, resume
RS = SETS[:1] + ["n_samples=400", "batch_size=10", "output.checkpoint_s=0",
                 "subhalos.m_min=1e9"]
# sample 2 (batch 0, done): its first subhalo
damaged_resume(DECK, RS, wd, "subhalos/mass", 4 * 1000 * 2, 4, items, "/subhalos")

BAD = [(("output.maps=kappa, alpha_x",), "output.derived", "allowed: fft"),
       (("sidm.f_core=uniform(0.5, 1.5)",), "sidm.f_core", "r_c < r_s")]
for sets, key, allowed in BAD:
    r = run(2, DECK, os.path.join(wd, "bad.h5"), *SETS, *sets, check=False)
    lines = [x for x in r.stderr.strip().splitlines() if f"'{key}'" in x]
    expect(r.returncode == 2 and len(lines) == 1 and allowed in r.stderr,
           f"(e) {' '.join(sets)}: exit 2, one message naming '{key}': {lines}", r)
LOS = ["n_samples=120", "subhalos.enabled=false", "los.m_min=1e7", "augment.rot90=false",
       "augment.flip=false"]
f_off, f_add, f_sub = (os.path.join(wd, f"los_{k}.h5") for k in ("off", "add", "sub"))
run(2, DECK, f_off, *LOS)
run(2, DECK, f_add, *LOS, "los.enabled=true", "los.subtract_sheet=false")
run(1, DECK, f_sub, *LOS, "los.enabled=true", "batch_size=7", threads=2)
with h5py.File(f_off, "r") as a, h5py.File(f_add, "r") as b, h5py.File(f_sub, "r") as c:
    k0, k1, k2 = (f["maps/kappa"][()].astype(np.float64) for f in (a, b, c))
    sheet = b["params/los_kappa_sheet"][()]
    added = (k1 - k0).mean(axis=(1, 2))
    rel = added.mean() / sheet.mean() - 1
    expect(abs(rel) < 0.10 and np.all(b["params/n_los"][()] > 0),
           f"(f) mean convergence the line-of-sight halos add {added.mean():.5f}, expected "
           f"{sheet.mean():.5f} ({rel:+.3f}; {int(b['params/n_los'][()].sum())} halos)")
    # float32 rounding of the subtraction: half an ulp of each value
    worst = np.max(np.abs(k2 - (k1 - sheet[:, None, None])) / (np.abs(k1) + 1e-2))
    expect(worst < 1.2e-7 and bitwise_equal(c["params/los_kappa_sheet"][()], sheet),
           f"(f) los.subtract_sheet: maps minus los_kappa_sheet (worst {worst:.2e} of kappa), and "
           f"the "
           f"sheet and halos identical at 1 rank (batch 7) and 2 ranks")
GS = ["n_samples=40", "los.enabled=true", "los.m_min=1e8", "subhalos.m_min=1e8",
      "output.maps=kappa, kappa_noisy, alpha_x, mu, image", "output.derived=fft"]
f_cpu, f_gpu = os.path.join(wd, "cpu.h5"), os.path.join(wd, "cuda.h5")
run(2, DECK, f_cpu, *GS, extra=("--backend", "cpu"))
os.environ["LENSGEN_CUDA_EMULATE"] = "1"
r = run(2, DECK, f_gpu, *GS, extra=("--backend", "cuda"), check=False)
del os.environ["LENSGEN_CUDA_EMULATE"]
if r.returncode != 0:
    expect(False, "(g) the emulated CUDA backend runs the deck", r)
else:
    a, b = items(f_cpu), items(f_gpu)
    same = [k for k in a if k != "maps/kappa_noisy" and bitwise_equal(a[k], b[k])]
    noisy = np.max(np.abs(a["maps/kappa_noisy"].astype(np.float64) - b["maps/kappa_noisy"])) / \
        np.max(np.abs(a["maps/kappa_noisy"]))
    expect(len(same) == len(a) - 1 and noisy < 1e-6,
           f"(g) emulated CUDA: {len(same)} of {len(a) - 1} datasets bitwise the CPU's, "
           f"kappa_noisy within {noisy:.1e} of the peak")
finish()
