"""End to end on N ranks (argv[1]): the file's layout, attributes and contents make sense.
Properties: every dataset and attribute the README promises is there with the right shape;
maps are finite; kappa > 0 for the positive-mass profiles; min-max maps span [0, 1];
params follow the deck's distributions; provenance holds the deck text and n_ranks;
/timing and the CSV have one row per rank; no temporary file is left."""
import os
import sys

import h5py
import numpy as np

from lgtest import QUICK, expect, finish, run, workdir

n = int(sys.argv[1])
wd = workdir()
out = os.path.join(wd, "quick.h5")
p = run(n, QUICK, out)
expect("samples/s" in p.stdout and "imbalance" in p.stdout, "timing report printed")
expect(not os.path.exists(out + ".tmp"), "no temporary file left")

N, NPIX = 200, 32
with h5py.File(out, "r") as f:
    k, kn = f["maps/kappa"], f["maps/kappa_noisy"]
    expect(k.shape == (N, NPIX, NPIX) and k.dtype == np.float32, f"kappa shape {k.shape} float32")
    expect(kn.shape == (N, NPIX, NPIX) and kn.dtype == np.float32, "kappa_noisy shape, float32")
    expect(abs(k.attrs["pixel_scale_arcsec"] - 8.0 / 32) < 1e-12, "pixel scale attribute")
    expect(kn.attrs["normalisation"] == "minmax" and kn.attrs["noise"] == "gaussian",
           "noise and normalisation attributes")
    kappa, noisy = k[()], kn[()]
    expect(np.isfinite(kappa).all() and np.isfinite(noisy).all(), "maps finite")
    prof = f["params/profile"][()]
    names = f["params/profile"].attrs["names"].split(",")
    expect(names == ["point_mass", "sis", "nfw", "nfw_ell", "sie", "sersic", "composite"],
           f"profile names {names}")
    expect(set(np.unique(prof)) == {0, 1, 2, 3}, "all four profiles drawn in the mix")
    ext = prof != 0  # extended profiles are positive everywhere
    expect((kappa[ext] > 0).all(), "kappa > 0 for NFW, elliptical NFW and SIS maps")
    pm = kappa[prof == 0]
    expect(((pm > 0).sum(axis=(1, 2)) <= 4).all(), "point mass occupies at most 4 pixels (CIC)")
    lo, hi = noisy.min(axis=(1, 2)), noisy.max(axis=(1, 2))
    expect(np.allclose(lo, 0, atol=1e-6) and np.allclose(hi, 1, atol=1e-6), "min-max spans [0, 1]")
    z_l, z_s = f["params/z_l"][()], f["params/z_s"][()]
    expect(((0.2 <= z_l) & (z_l <= 0.8)).all() and ((1.0 <= z_s) & (z_s <= 3.0)).all(),
           "redshifts inside the deck's ranges")
    cy = f["params/center_y"][()]
    expect(((-1.5 <= cy) & (cy <= 1.5)).all(), "truncated normal respects its bounds")
    m200 = f["params/m200"][()]
    nfw = (prof == 2) | (prof == 3)
    expect(np.isnan(m200[~nfw]).all() and ((1e13 <= m200[nfw]) & (m200[nfw] <= 1e15)).all(),
           "m200 drawn for NFW halos only, inside loguniform(1e13, 1e15)")
    e1 = f["params/e1"][()]
    expect((e1[prof != 3] == 0).all() and (np.abs(e1[prof == 3]) > 0).any(),
           "ellipticity only for nfw_ell")
    for name in ("z_l", "z_s", "center_x", "center_y", "e1", "e2", "m200", "c", "sigma_v",
                 "mass", "sigma_crit", "kappa_s", "theta_s", "theta_E"):
        d = f["params/" + name]
        expect(d.shape == (N,) and d.dtype == np.float64 and "units" in d.attrs,
               f"/params/{name} [N] float64 with units")
    pv = f["provenance"].attrs
    deck_text = open(QUICK).read()
    expect(pv["deck"] == deck_text, "provenance holds the deck text verbatim")
    expect(int(pv["n_ranks"]) == n, f"provenance n_ranks = {n}")
    for key in ("version", "git_revision", "compiler", "c_flags", "mpi_version", "hdf5_version",
                "fftw_version", "host", "date", "command_line", "resolved_parameters"):
        expect(key in pv and len(str(pv[key])) > 0, f"provenance/{key}")
    expect(f["provenance/parameters"].attrs["noise.sigma"] == "0.05",
           "every resolved parameter stored")
    t = f["timing"]
    expect(t.shape == (n, 9) and t.attrs["phases"] ==
           "deck,sampling,kappa,derived,noise,normalise,augment,write,total",
           "/timing [n_ranks, phases]")
    expect((t[()][:, -1] > 0).all(), "total time > 0 on every rank")
    expect(abs(t.attrs["samples_per_rank"].sum() - N) < 0.5, "samples per rank add up to N")

csv = os.path.join(wd, "quick.timing.csv")
rows = open(csv).read().strip().splitlines()
expect(len(rows) == n + 1 and rows[0].startswith("rank,threads,samples,peak_rss_mib,deck_s"),
       "timing CSV beside the output, one row per rank")
finish()
