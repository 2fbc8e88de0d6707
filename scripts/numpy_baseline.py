#!/usr/bin/env python3
"""numpy_baseline.py: the NumPy baseline that lensgen's benchmark compares with.

A plain, vectorised, single-process NumPy implementation of the pipeline of input/bench.deck
(what a user would write today): NFW lenses only, flat LambdaCDM (H0 = 70, Omega_m = 0.3),
64x64 maps of half-width 5 arcsec, Gaussian white noise of sigma 0.05, per-sample min-max
normalisation, both maps and the parameter columns written to HDF5 with h5py in batches.

Parameters are drawn as in the deck (with numpy's default_rng, so the values differ from
lensgen's Philox streams; the distributions are the same):
    z_l ~ uniform(0.2, 0.8)       z_s ~ uniform(1.5, 3.0)
    center_x, center_y ~ uniform(-0.5, 0.5) arcsec
    m200 ~ loguniform(1e13, 1e15) Msun   c ~ uniform(3, 8)

Physics follows docs/physics.md and src/constants.h (CODATA 2018 G, IAU 2015
solar mass, IAU 2012 parsec). Comoving distances come from a table D_C(z) built once by the
trapezoid rule on a fine grid (dz = 2.5e-4, relative error ~1e-9) and linear interpolation,
vectorised over the batch. Each batch is an array [batch, npix, npix] in float64 (the dtype a
NumPy user gets by default; --dtype float32 is offered for comparison).

Usage:
    /usr/bin/python3 scripts/numpy_baseline.py [--n-samples N] [--batch-size B]
                     [--output FILE] [--seed S] [--no-write] [--dtype float64|float32]
    /usr/bin/python3 scripts/numpy_baseline.py --check LENSGEN.h5 [--tol 1e-4]

The last line of a run is machine-readable:
    numpy_baseline samples=N seconds=T samples_per_s=R
T is the wall time of the whole pipeline (sampling, distances, kappa, noise, normalisation,
file creation and writes, file close); interpreter start-up and imports are excluded.

--check FILE recomputes, in float64, the NFW convergence of every profile == nfw sample
(and nfw_ell, with the product-average elliptical radius) of a lensgen output file from its
stored /params and compares it with /maps/kappa: it prints the maximum relative difference and
exits 1 when it exceeds --tol (2 when the file cannot be used).
"""
import argparse
import os
import sys
import time

import numpy as np
import h5py

# --- constants: the values of src/constants.h --------------------------------------------------
C_KM_S = 299792.458                  # km/s (exact)
C_M_S = 299792458.0                  # m/s (exact)
G_SI = 6.67430e-11                   # m^3 kg^-1 s^-2, CODATA 2018
MSUN_KG = 1.988409870698051e30       # IAU 2015 nominal GM_sun / CODATA 2018 G
MPC_M = 3.0856775814913673e22        # m
ARCSEC_RAD = np.pi / 648000.0        # rad

# --- the bench deck -----------------------------------------------------------------------------
H0 = 70.0
OMEGA_M = 0.3
NPIX = 64
HALF_WIDTH = 5.0                     # arcsec
NOISE_SIGMA = 0.05
NFW_X_MIN = 1e-4                     # clamp of x = R / r_s at the centre, as lensgen
SERIES_BAND = 0.1                    # |1 - x^2| below which the series is used (as lensgen)
SERIES_TERMS = 14                    # truncation 3 * 0.1^14 / 31 ~ 1e-15 relative at the edge

PROFILE_NAMES = "point_mass,sis,nfw,nfw_ell"
PROFILE_NFW = 2
PROFILE_NFW_ELL = 3

# Columns of lensgen's /params (defined in src/params_table.c), with the same names and units
PARAM_COLS = [
    ("z_l", "", "lens redshift"),
    ("z_s", "", "source redshift"),
    ("center_x", "arcsec", "lens centre x (to the right)"),
    ("center_y", "arcsec", "lens centre y (up)"),
    ("e1", "", "ellipticity e1 (0 for circular profiles)"),
    ("e2", "", "ellipticity e2 (0 for circular profiles)"),
    ("m200", "Msun", "NFW M200c (NaN for other profiles)"),
    ("c", "", "NFW concentration r200/r_s (NaN for other profiles)"),
    ("sigma_v", "km/s", "SIS velocity dispersion (NaN for other profiles)"),
    ("mass", "Msun", "point mass (NaN for other profiles)"),
    ("sigma_crit", "Msun/arcsec^2", "critical surface density"),
    ("kappa_s", "", "NFW scale convergence rho_s r_s / Sigma_crit (NaN for others)"),
    ("theta_s", "arcsec", "NFW scale radius r_s / D_l (NaN for others)"),
    ("theta_E", "arcsec", "Einstein radius of SIS and point mass (NaN for others)"),
]


# --- cosmology ----------------------------------------------------------------------------------
class Cosmology:
    """Flat LambdaCDM; D_C(z) from a trapezoid table on [0, z_max], interpolated linearly."""

    def __init__(self, h0=H0, omega_m=OMEGA_M, z_max=3.0, dz=2.5e-4):
        self.h0 = h0
        self.omega_m = omega_m
        self.d_hubble = C_KM_S / h0                                   # Mpc
        n = int(np.ceil(z_max / dz)) + 1
        self.z = np.linspace(0.0, z_max, n)
        inv_e = 1.0 / self.efunc(self.z)
        steps = 0.5 * (inv_e[1:] + inv_e[:-1]) * np.diff(self.z)
        self.dc = self.d_hubble * np.concatenate(([0.0], np.cumsum(steps)))

    def efunc(self, z):
        return np.sqrt(self.omega_m * (1.0 + z) ** 3 + (1.0 - self.omega_m))

    def comoving(self, z):
        if np.any(z > self.z[-1]):
            raise ValueError(f"redshift {np.max(z)} beyond the distance table (z <= {self.z[-1]})")
        return np.interp(z, self.z, self.dc)

    def rho_crit(self, z):
        """Critical density in Msun / Mpc^3."""
        h_si = self.h0 * 1e3 / MPC_M * self.efunc(z)                  # 1/s
        return 3.0 * h_si ** 2 / (8.0 * np.pi * G_SI) * MPC_M ** 3 / MSUN_KG

    def lens_distances(self, z_l, z_s):
        dc_l, dc_s = self.comoving(z_l), self.comoving(z_s)
        d_l = dc_l / (1.0 + z_l)
        d_s = dc_s / (1.0 + z_s)
        d_ls = (dc_s - dc_l) / (1.0 + z_s)
        return d_l, d_s, d_ls


SIGMA_CRIT_K = C_M_S ** 2 / (4.0 * np.pi * G_SI) * MPC_M / MSUN_KG  # c^2/(4 pi G) in Msun/Mpc


def nfw_scale(cosmo, z_l, z_s, m200, c):
    """Per-sample Sigma_crit [Msun/arcsec^2], kappa_s and theta_s [arcsec] (arrays [batch])."""
    d_l, d_s, d_ls = cosmo.lens_distances(z_l, z_s)
    mpc_per_arcsec = d_l * ARCSEC_RAD
    sigma_crit_mpc2 = SIGMA_CRIT_K * d_s / (d_l * d_ls)              # Msun / Mpc^2
    rho_c = cosmo.rho_crit(z_l)
    r200 = np.cbrt(3.0 * m200 / (4.0 * np.pi * 200.0 * rho_c))
    r_s = r200 / c
    rho_s = 200.0 / 3.0 * rho_c * c ** 3 / (np.log1p(c) - c / (1.0 + c))
    kappa_s = rho_s * r_s / sigma_crit_mpc2
    theta_s = r_s / mpc_per_arcsec
    return sigma_crit_mpc2 * mpc_per_arcsec ** 2, kappa_s, theta_s


# --- maps ---------------------------------------------------------------------------------------
def pixel_centres(npix, half_width, dtype=np.float64):
    d = 2.0 * half_width / npix
    return (-half_width + (np.arange(npix) + 0.5) * d).astype(dtype)


def nfw_h(x2):
    """h(x) = (1 - F(x)) / (x^2 - 1) for any array of x^2, so kappa = 2 kappa_s h.

    F(x) = arccosh(1/x)/sqrt(1-x^2) (x < 1), arccos(1/x)/sqrt(x^2-1) (x > 1), each branch
    evaluated on its own pixels (boolean masks; np.where would evaluate both everywhere).
    Within |1 - x^2| < SERIES_BAND the series h = sum_k t^k/(2k+3), t = 1 - x^2, replaces the
    0/0 (and the loss of digits in 1 - F next to it). x is clamped at NFW_X_MIN (the formula
    diverges like ln x at the centre), as in lensgen."""
    one = x2.dtype.type(1)
    x2 = np.maximum(x2, x2.dtype.type(NFW_X_MIN ** 2))
    h = np.empty_like(x2)
    inside = x2 < one
    xi2 = x2[inside]
    h[inside] = (one - np.arccosh(one / np.sqrt(xi2)) / np.sqrt(one - xi2)) / (xi2 - one)
    outside = ~inside
    xo2 = x2[outside]
    with np.errstate(divide="ignore", invalid="ignore"):  # x = 1 exactly: replaced below
        h[outside] = (one - np.arccos(one / np.sqrt(xo2)) / np.sqrt(xo2 - one)) / (xo2 - one)
    band = np.abs(one - x2) < x2.dtype.type(SERIES_BAND)
    if band.any():
        t = one - x2[band]
        series = np.zeros_like(t)
        for k in range(SERIES_TERMS - 1, -1, -1):
            series = series * t + one / (2 * k + 3)
        h[band] = series
    return h


def nfw_kappa(xg, yg, cx, cy, kappa_s, theta_s, e1=None, e2=None):
    """kappa [batch, npix, npix] of NFW halos (elliptical, product-average radius, if e1/e2)."""
    dx = xg[None, None, :] - cx[:, None, None]
    dy = yg[None, :, None] - cy[:, None, None]
    if e1 is None:
        r2 = dx * dx + dy * dy
    else:
        e = np.hypot(e1, e2)
        phi = 0.5 * np.arctan2(e2, e1)
        q = ((1.0 - e) / (1.0 + e))[:, None, None]
        cp, sp = np.cos(phi)[:, None, None], np.sin(phi)[:, None, None]
        xp = cp * dx + sp * dy
        yp = -sp * dx + cp * dy
        r2 = q * xp * xp + yp * yp / q
    x2 = r2 / (theta_s * theta_s)[:, None, None]
    return (2.0 * kappa_s)[:, None, None] * nfw_h(x2)


def minmax(maps):
    lo = maps.min(axis=(1, 2), keepdims=True)
    hi = maps.max(axis=(1, 2), keepdims=True)
    span = hi - lo
    scale = np.divide(1.0, span, out=np.zeros_like(span), where=span > 0)
    return (maps - lo) * scale


# --- the pipeline -------------------------------------------------------------------------------
def create_output(path, n, npix, half_width, seed, argv):
    d = os.path.dirname(path)
    if d:
        os.makedirs(d, exist_ok=True)
    f = h5py.File(path, "w")
    pix = 2.0 * half_width / npix
    layout = ("[sample][iy][ix], pixel centre -half_width + (i + 0.5) * pixel_scale, "
              "x to the right, y up")
    maps = f.create_group("maps")
    dk = maps.create_dataset("kappa", (n, npix, npix), dtype="f4")
    dk.attrs["description"] = "convergence Sigma/Sigma_crit, noise-free, not normalised"
    dn = maps.create_dataset("kappa_noisy", (n, npix, npix), dtype="f4")
    dn.attrs["description"] = "convergence with noise, then per-sample normalisation"
    dn.attrs["normalisation"] = "minmax"
    dn.attrs["noise"] = "gaussian"
    dn.attrs["noise_sigma"] = NOISE_SIGMA
    for ds in (dk, dn):
        ds.attrs["units"] = ""
        ds.attrs["pixel_scale_arcsec"] = pix
        ds.attrs["half_width_arcsec"] = half_width
        ds.attrs["layout"] = layout
    params = f.create_group("params")
    cols = {}
    prof = params.create_dataset("profile", (n,), dtype="i4")
    prof.attrs["names"] = np.array(PROFILE_NAMES.split(","), dtype=h5py.string_dtype())
    prof.attrs["description"] = "lens profile, an index into the attribute 'names'"
    cols["profile"] = prof
    for name, unit, help_ in PARAM_COLS:
        ds = params.create_dataset(name, (n,), dtype="f8")
        ds.attrs["units"] = unit
        ds.attrs["description"] = help_
        cols[name] = ds
    prov = f.create_group("provenance")
    prov.attrs["code"] = "numpy_baseline"
    prov.attrs["command_line"] = " ".join(argv)
    prov.attrs["seed"] = seed
    prov.attrs["numpy_version"] = np.__version__
    prov.attrs["h5py_version"] = h5py.__version__
    prov.attrs["date"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    prov.attrs["n_ranks"] = 1
    return f, dk, dn, cols


def run(args):
    dtype = np.dtype(args.dtype)
    phases = dict.fromkeys(("sampling", "cosmology", "kappa", "noise", "normalise", "write"), 0.0)
    t_start = time.perf_counter()
    rng = np.random.default_rng(args.seed)
    t = time.perf_counter()
    cosmo = Cosmology(H0, OMEGA_M, z_max=3.0)
    phases["cosmology"] += time.perf_counter() - t
    grid = pixel_centres(NPIX, HALF_WIDTH, dtype)
    n = args.n_samples
    out = None
    if not args.no_write:
        t = time.perf_counter()
        out, dk, dn, cols = create_output(args.output, n, NPIX, HALF_WIDTH, args.seed, sys.argv)
        phases["write"] += time.perf_counter() - t
    for start in range(0, n, args.batch_size):
        b = min(args.batch_size, n - start)
        t0 = time.perf_counter()
        z_l = rng.uniform(0.2, 0.8, b)
        z_s = rng.uniform(1.5, 3.0, b)
        cx = rng.uniform(-0.5, 0.5, b)
        cy = rng.uniform(-0.5, 0.5, b)
        m200 = 10.0 ** rng.uniform(13.0, 15.0, b)
        c = rng.uniform(3.0, 8.0, b)
        t1 = time.perf_counter()
        sigma_crit, kappa_s, theta_s = nfw_scale(cosmo, z_l, z_s, m200, c)
        t2 = time.perf_counter()
        kappa = nfw_kappa(grid, grid, cx.astype(dtype), cy.astype(dtype),
                          kappa_s.astype(dtype), theta_s.astype(dtype))
        t3 = time.perf_counter()
        noisy = rng.standard_normal(kappa.shape, dtype=dtype)
        noisy *= dtype.type(NOISE_SIGMA)
        noisy += kappa
        t4 = time.perf_counter()
        noisy = minmax(noisy)
        t5 = time.perf_counter()
        if out is not None:
            sl = slice(start, start + b)
            dk[sl] = kappa.astype(np.float32)
            dn[sl] = noisy.astype(np.float32)
            nan = np.full(b, np.nan)
            zero = np.zeros(b)
            values = dict(z_l=z_l, z_s=z_s, center_x=cx, center_y=cy, e1=zero, e2=zero,
                          m200=m200, c=c, sigma_v=nan, mass=nan, sigma_crit=sigma_crit,
                          kappa_s=kappa_s, theta_s=theta_s, theta_E=nan)
            cols["profile"][sl] = np.full(b, PROFILE_NFW, dtype=np.int32)
            for name, _, _ in PARAM_COLS:
                cols[name][sl] = values[name]
        t6 = time.perf_counter()
        phases["sampling"] += t1 - t0
        phases["cosmology"] += t2 - t1
        phases["kappa"] += t3 - t2
        phases["noise"] += t4 - t3
        phases["normalise"] += t5 - t4
        phases["write"] += t6 - t5
    if out is not None:
        t = time.perf_counter()
        out.close()
        phases["write"] += time.perf_counter() - t
    total = time.perf_counter() - t_start
    print("numpy_baseline: %d samples of %dx%d (%s), batch %d, %s"
          % (n, NPIX, NPIX, dtype.name, args.batch_size,
             "no file written" if args.no_write else "output " + args.output))
    print("phase seconds: " + " ".join("%s=%.4f" % kv for kv in phases.items()))
    print("numpy_baseline samples=%d seconds=%.4f samples_per_s=%.1f" % (n, total, n / total))
    return 0


# --- cross-check of a lensgen file --------------------------------------------------------------
def _attr_str(v):
    if isinstance(v, bytes):
        return v.decode()
    if isinstance(v, np.ndarray) and v.dtype.kind in "SO":
        return _attr_str(v.item())
    return str(v)


def _names(v):
    """Class names of an attribute 'names': an array of strings (or, in older files, one
    comma-separated string)."""
    if isinstance(v, np.ndarray) and v.ndim == 1:
        return [_attr_str(x) for x in v]
    return _attr_str(v).replace("|", ",").split(",")


def check(path, tol, chunk=2048):
    if not os.path.exists(path):
        print(f"numpy_baseline --check: {path}: no such file", file=sys.stderr)
        return 2
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        print(f"numpy_baseline --check: {path}: not an HDF5 file ({e})", file=sys.stderr)
        return 2
    with f:
        need = ["maps/kappa", "params/profile"] + ["params/" + k for k in
                ("z_l", "z_s", "m200", "c", "center_x", "center_y", "e1", "e2",
                 "kappa_s", "theta_s", "sigma_crit")]
        missing = [k for k in need if k not in f]
        if missing:
            print(f"numpy_baseline --check: {path}: not a lensgen file with NFW kappa maps "
                  f"(missing {', '.join('/' + m for m in missing)})", file=sys.stderr)
            return 2
        names = _names(f["params/profile"].attrs.get("names", PROFILE_NAMES))
        h0, om = H0, OMEGA_M
        if "provenance/parameters" in f:
            pa = f["provenance/parameters"].attrs
            h0 = float(_attr_str(pa.get("cosmology.H0", H0)))
            om = float(_attr_str(pa.get("cosmology.Omega_m", OMEGA_M)))
        ka = f["maps/kappa"]
        npix = ka.shape[1]
        half_width = float(ka.attrs["half_width_arcsec"])
        grid = pixel_centres(npix, half_width)
        prof = f["params/profile"][()]
        p = {k: f["params/" + k][()] for k in ("z_l", "z_s", "m200", "c", "center_x",
                                                 "center_y", "e1", "e2", "kappa_s",
                                                 "theta_s", "sigma_crit")}
        # a finer table than the baseline's: trapezoid + interpolation error ~1e-11 relative
        cosmo = Cosmology(h0, om, z_max=max(3.0, float(np.nanmax(p["z_s"])) + 0.01), dz=1e-5)
        print(f"check {path}: {len(prof)} samples, {npix}x{npix} maps, half-width "
              f"{half_width:g} arcsec, H0={h0:g}, Omega_m={om:g}")
        worst_all, n_checked = 0.0, 0
        for pname in ("nfw", "nfw_ell"):
            if pname not in names:
                continue
            idx = np.flatnonzero(prof == names.index(pname))
            if idx.size == 0:
                print(f"  {pname}: no samples")
                continue
            # scale quantities: lensgen's stored values vs ours
            sc, ks, ts = nfw_scale(cosmo, p["z_l"][idx], p["z_s"][idx], p["m200"][idx],
                                   p["c"][idx])
            for label, ours, theirs in (("sigma_crit", sc, p["sigma_crit"][idx]),
                                        ("kappa_s", ks, p["kappa_s"][idx]),
                                        ("theta_s", ts, p["theta_s"][idx])):
                print(f"  {pname}: /params/{label}: max rel diff "
                      f"{np.max(np.abs(theirs / ours - 1.0)):.3e}")
            worst, where, abs_worst = 0.0, None, 0.0
            for s in range(0, idx.size, chunk):
                ii = idx[s:s + chunk]
                ell = pname == "nfw_ell"
                mine = nfw_kappa(grid, grid, p["center_x"][ii], p["center_y"][ii], ks[s:s + chunk],
                                 ts[s:s + chunk], p["e1"][ii] if ell else None,
                                 p["e2"][ii] if ell else None)
                theirs = ka[ii[0]:ii[-1] + 1][ii - ii[0]].astype(np.float64)
                rel = np.abs(theirs - mine) / np.abs(mine)
                abs_worst = max(abs_worst, float(np.max(np.abs(theirs - mine))))
                k = int(np.argmax(rel))
                if rel.flat[k] > worst or where is None:
                    worst = float(rel.flat[k])
                    j, iy, ix = np.unravel_index(k, rel.shape)
                    where = (int(ii[j]), iy, ix, float(theirs[j, iy, ix]), float(mine[j, iy, ix]))
            smp, iy, ix, tv, mv = where
            print(f"  {pname}: {idx.size} maps: max |kappa_C - kappa_numpy| / kappa_numpy = "
                  f"{worst:.3e} (sample {smp}, pixel iy={iy} ix={ix}: C {tv:.8g}, numpy "
                  f"{mv:.8g}); max abs diff {abs_worst:.3e}")
            worst_all = max(worst_all, worst)
            n_checked += idx.size
        if n_checked == 0:
            print(f"numpy_baseline --check: {path}: no nfw or nfw_ell samples to check",
                  file=sys.stderr)
            return 2
        verdict = "PASS" if worst_all <= tol else "FAIL"
        print(f"numpy_baseline check max_rel_err={worst_all:.3e} tol={tol:g} {verdict}")
        return 0 if worst_all <= tol else 1


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="NumPy baseline of the input/bench.deck pipeline (NFW, Gaussian noise, "
                    "min-max normalisation, HDF5 output), and a float64 cross-check of "
                    "lensgen's NFW maps (--check).")
    ap.add_argument("--n-samples", type=int, default=50000, help="number of maps (50000)")
    ap.add_argument("--batch-size", type=int, default=512, help="samples per batch (512)")
    ap.add_argument("--output", default="out/numpy_baseline.h5",
                    help="HDF5 output file (out/numpy_baseline.h5)")
    ap.add_argument("--seed", type=int, default=2024, help="seed of numpy's default_rng (2024)")
    ap.add_argument("--no-write", action="store_true", help="skip the HDF5 output")
    ap.add_argument("--dtype", choices=("float64", "float32"), default="float64",
                    help="working precision of the maps (float64; output is float32 anyway)")
    ap.add_argument("--check", metavar="FILE",
                    help="compare a lensgen file's NFW /maps/kappa with a float64 NumPy "
                         "recomputation from its /params, then exit")
    ap.add_argument("--tol", type=float, default=1e-4,
                    help="largest relative difference --check accepts (1e-4)")
    args = ap.parse_args(argv)
    if args.check:
        return check(args.check, args.tol)
    if args.n_samples < 1 or args.batch_size < 1:
        ap.error("--n-samples and --batch-size must be positive")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
