#!/usr/bin/env python3
"""compare_outputs.py A.h5 B.h5: two lensgen files of the same deck, made on different backends
(or rank counts). Maps: max |A - B| / max |B| per map must be <= --rel (mu through 1/mu, as mu
diverges on critical curves); /params columns bitwise equal, except the map statistics (snr_*,
norm_*), which must agree within --stats-rel. --identical: every dataset bitwise equal.
Prints one line per dataset; exit 1 when a check fails."""
import argparse
import sys

import h5py
import numpy as np

STATS = ("snr_mf", "snr_peak", "norm_offset", "norm_scale")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--rel", type=float, default=1e-5, help="maps: bound relative to the peak")
    ap.add_argument("--stats-rel", type=float, default=1e-5)
    ap.add_argument("--identical", action="store_true")
    args = ap.parse_args()
    bad = 0
    with h5py.File(args.a, "r") as fa, h5py.File(args.b, "r") as fb:
        for group in ("maps", "params"):
            names = sorted(set(fa[group]) | set(fb[group]))
            for name in names:
                if name not in fa[group] or name not in fb[group]:
                    print(f"FAIL /{group}/{name}: only in one file")
                    bad += 1
                    continue
                x, y = fa[group][name][...], fb[group][name][...]
                if x.shape != y.shape:
                    print(f"FAIL /{group}/{name}: shapes {x.shape} and {y.shape}")
                    bad += 1
                    continue
                same = np.array_equal(x.view(np.uint8), y.view(np.uint8)) if x.dtype.kind == "f" \
                    else np.array_equal(x, y)
                if args.identical or (group == "params" and name not in STATS) \
                        or x.dtype.kind != "f":
                    ok = same
                    what = "bitwise equal" if ok else "NOT bitwise equal"
                else:
                    xf, yf = x.astype(np.float64), y.astype(np.float64)
                    if name == "mu":
                        with np.errstate(divide="ignore"):
                            xf, yf = 1.0 / xf, 1.0 / yf
                    both_nan = np.isnan(xf) & np.isnan(yf)
                    diff = np.where(both_nan, 0.0, np.abs(xf - yf))
                    if group == "maps":
                        peak = np.nanmax(np.abs(yf)) or 1.0
                        rel = float(np.nanmax(diff) / peak)
                        ok = rel <= args.rel
                    else:
                        rel = float(np.nanmax(diff / np.maximum(np.abs(yf), 1e-300)))
                        ok = rel <= args.stats_rel
                    frac = float(np.mean(x == y)) if x.size else 1.0
                    what = f"max rel diff {rel:.3g} ({'<=' if ok else '>'} bound), " \
                           f"{frac:.4f} of values bitwise"
                print(f"{'ok  ' if ok else 'FAIL'} /{group}/{name}: {what}")
                bad += not ok
    print(f"{'identical' if args.identical else 'compared'}: {bad} failure(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
