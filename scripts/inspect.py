#!/usr/bin/env python3
"""inspect.py: describe a lensgen output file (HDF5), and optionally plot a few samples.

Usage:
    /usr/bin/python3 scripts/inspect.py FILE [--full] [--png OUT.png] [--n N] [--start I]
                                             [--clip PCT] [--wave I [--wave-png OUT.png]]

Prints:
  * the layout: every group and dataset with shape, dtype and attributes (long strings, such as
    the deck text, are cut to their first line and 100 characters unless --full is given);
  * the provenance (version, git revision, host, date, ranks, command line, build);
  * statistics per dataset: min / max / mean / std of the maps (read in chunks) and of every
    /params column with its NaN count (NaN: the quantity does not apply to that sample); for the
    class columns /params/profile and /params/dm_model the count of each class name (from their
    attribute 'names': an array of strings, or in older files one comma-separated string);
  * the timing table from /timing (seconds per rank and phase, with min/mean/max and imbalance);
  * with /wave (output.wave): its grid and a summary; --wave I prints sample I's F per frequency,
    --wave-png OUT.png plots it (scripts/inspect_wave.py).

--png OUT.png saves a grid of N samples (default 4, from sample --start, default 0): the top row
shows the noise-free /maps/kappa on a logarithmic colour scale, the bottom row the noisy,
normalised /maps/kappa_noisy on a linear scale clipped to its --clip and 100 - --clip
percentiles (default 1: 1st-99th, so that one hot pixel does not wash out the map; 0 = full
range); each panel is titled with the profile and dark-matter labels and key parameters (z_l,
z_s; M200 and c for halos, sigma_v, mass, Sersic n and r_e; theta_E where the file has it). One
line per sample is printed with the title and the colour range of its noisy panel.

Exit status 0 on success, 1 if the file is missing, unreadable, or not a lensgen file.
"""
import os
import sys

# This file's name shadows the standard library's `inspect` for any script run from scripts/
# (its directory comes first on sys.path), and numpy imports `inspect`. Drop that directory
# from the path; and if we were imported *as* `inspect`, hand the importer the real module.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]
if __name__ == "inspect":
    import importlib
    del sys.modules["inspect"]
    sys.modules["inspect"] = importlib.import_module("inspect")  # what the importer receives

import argparse  # noqa: E402

# numpy and h5py are imported in main(), not here: when this file is imported by accident as
# `inspect` (see above), its body still runs to the end, in the middle of numpy's own import.
np = h5py = None

STRING_LIMIT = 100        # characters of a long string attribute shown without --full
CHUNK_BYTES = 64 << 20    # maps are read in slabs of about this size for the statistics


def fail(msg):
    print(f"inspect.py: {msg}", file=sys.stderr)
    sys.exit(1)


def as_text(v):
    """Decode HDF5 string attributes (bytes, numpy bytes, 0-d arrays) to str; else None."""
    if isinstance(v, (bytes, np.bytes_)):
        return v.decode("utf-8", "replace")
    if isinstance(v, str):
        return v
    if isinstance(v, np.ndarray) and v.ndim == 0 and v.dtype.kind in "SOU":
        return as_text(v.item())
    return None


def fmt_value(v, full):
    s = as_text(v)
    if s is not None:
        if full or (len(s) <= STRING_LIMIT and "\n" not in s):
            return repr(s) if "\n" not in s else "\n" + "\n".join("        | " + l
                                                                  for l in s.splitlines())
        first = s.splitlines()[0] if s.strip() else s
        cut = first[:STRING_LIMIT]
        n_lines = s.count("\n") + 1
        return (f"{cut!r}... [{len(s)} chars, {n_lines} lines; --full shows all]")
    if isinstance(v, np.ndarray):
        if v.size <= 16:
            return np.array2string(v, separator=", ", max_line_width=200)
        return f"array{v.shape} {v.dtype} [{v.flat[0]}, {v.flat[1]}, ..., {v.flat[-1]}]"
    if isinstance(v, (np.floating, float)):
        return f"{float(v):.10g}"
    return str(v)


def print_attrs(obj, indent, full):
    for k in sorted(obj.attrs.keys()):
        try:
            v = obj.attrs[k]
        except OSError as e:  # unreadable attribute type
            v = f"<unreadable: {e}>"
        print(f"{indent}@{k} = {fmt_value(v, full)}")


def print_layout(f, full):
    print("== layout ==")

    def visit(name, obj):
        depth = name.count("/")
        ind = "  " * depth
        if isinstance(obj, h5py.Group):
            print(f"{ind}/{name}/  (group, {len(obj)} members)")
        else:
            extra = ""
            if obj.chunks:
                extra += f", chunks {obj.chunks}"
            if obj.compression:
                extra += f", {obj.compression}"
            print(f"{ind}/{name}  dataset {obj.shape} {obj.dtype}{extra}")
        print_attrs(obj, ind + "    ", full)

    print("/")
    print_attrs(f, "    ", full)
    f.visititems(visit)
    print()


def print_provenance(f):
    print("== provenance ==")
    if "provenance" not in f:
        print("  (no /provenance group)")
        print()
        return
    a = f["provenance"].attrs
    keys = [("code", "code"), ("version", "version"), ("git_revision", "git revision"),
            ("host", "host"), ("date", "date"), ("n_ranks", "MPI ranks"),
            ("omp_threads_rank0", "OpenMP threads (rank 0)"), ("command_line", "command line"),
            ("deck_file", "deck file"), ("seed", "seed"), ("compiler", "compiler"),
            ("build_type", "build type"), ("c_flags", "C flags"), ("mpi_version", "MPI"),
            ("hdf5_version", "HDF5"), ("fftw_version", "FFTW"), ("backend", "backend (rank 0)"),
            ("cuda_runtime_version", "CUDA runtime"), ("cuda_driver_version", "CUDA driver")]
    for k, label in keys:
        if k in a:
            v = a[k]
            s = as_text(v)
            print(f"  {label + ':':26s}{s if s is not None else fmt_value(v, False)}")
    devices = names_list(a.get("devices"))
    if devices and any(devices):
        counts = {}
        for d in devices:
            counts[d or "(cpu)"] = counts.get(d or "(cpu)", 0) + 1
        print(f"  {'devices:':26s}" + ", ".join(f"{d} x{n}" for d, n in counts.items()))
    if "provenance/parameters" in f:
        print(f"  {'resolved parameters:':26s}{len(f['provenance/parameters'].attrs)} "
              "(attributes of /provenance/parameters; --full lists them in the layout)")
    print()


def map_stats(ds):
    """min, max, mean, std, NaN count of a large float dataset, read in slabs along axis 0."""
    n = ds.shape[0]
    per = max(1, int(np.prod(ds.shape[1:])) * ds.dtype.itemsize)
    step = max(1, CHUNK_BYTES // per)
    lo, hi, s, s2, cnt, nans = np.inf, -np.inf, 0.0, 0.0, 0, 0
    for i in range(0, n, step):
        a = ds[i:i + step].astype(np.float64)
        bad = np.isnan(a)
        nans += int(bad.sum())
        a = a[~bad] if nans else a.ravel()
        if a.size:
            lo, hi = min(lo, a.min()), max(hi, a.max())
            s += a.sum()
            s2 += np.dot(a, a) if a.ndim == 1 else float((a * a).sum())
            cnt += a.size
    if cnt == 0:
        return np.nan, np.nan, np.nan, np.nan, nans
    mean = s / cnt
    return lo, hi, mean, np.sqrt(max(s2 / cnt - mean * mean, 0.0)), nans


def names_list(v):
    """The class names of a 'names' attribute: an array of strings (current files) or one
    comma-separated string (older files). None when absent or unreadable."""
    if v is None:
        return None
    if isinstance(v, np.ndarray) and v.ndim >= 1:
        out = [as_text(x) for x in v.ravel()]
        return None if any(x is None for x in out) or not out else [x.strip() for x in out]
    s = as_text(v)
    return [x.strip() for x in s.split(",")] if s else None


def class_names(f, col):
    """Names of the integer class column /params/<col> (profile, dm_model), or None."""
    key = "params/" + col
    if key not in f:
        return None
    try:
        return names_list(f[key].attrs.get("names"))
    except OSError:
        return None


CLASS_COLUMNS = ("profile", "dm_model")


def class_label(names, v):
    return names[v] if names and 0 <= v < len(names) else f"<unknown {v}>"


def print_stats(f):
    print("== statistics ==")
    print(f"  {'dataset':24s} {'min':>13s} {'max':>13s} {'mean':>13s} {'std':>13s} {'NaN':>8s}")
    row = "  {:24s} {:13.6g} {:13.6g} {:13.6g} {:13.6g} {:8d}"
    if "maps" in f:
        for name in sorted(f["maps"]):
            ds = f["maps"][name]
            if isinstance(ds, h5py.Dataset) and ds.dtype.kind == "f":
                print(row.format("/maps/" + name, *map_stats(ds)))
    if "params" in f:
        for name in sorted(f["params"]):
            ds = f["params"][name]
            if not isinstance(ds, h5py.Dataset) or name in CLASS_COLUMNS:
                continue
            a = ds[()].astype(np.float64)
            nan = int(np.isnan(a).sum())
            v = a[~np.isnan(a)]
            if v.size:
                print(row.format("/params/" + name, v.min(), v.max(), v.mean(), v.std(), nan))
            else:
                print(f"  {'/params/' + name:24s} {'(all NaN)':>13s} {'':>13s} {'':>13s} "
                      f"{'':>13s} {nan:8d}")
        for col in CLASS_COLUMNS:
            if col not in f["params"]:
                continue
            p = f["params/" + col][()]
            names = class_names(f, col)
            print(f"  /params/{col}: {p.size} samples")
            vals, counts = np.unique(p, return_counts=True)
            for v, c in zip(vals, counts):
                print(f"    {class_label(names, int(v)):14s} {c:9d}  ({100.0 * c / p.size:5.1f} %)")
    print()


def print_timing(f):
    print("== timing (/timing, wall-clock seconds) ==")
    if "timing" not in f:
        print("  (no /timing dataset)")
        print()
        return
    ds = f["timing"]
    t = np.atleast_2d(ds[()])
    phases = names_list(ds.attrs.get("phases")) or []
    if len(phases) != t.shape[1]:
        phases = [f"phase{i}" for i in range(t.shape[1])]
    samples = ds.attrs.get("samples_per_rank")
    threads = ds.attrs.get("threads_per_rank")
    backends = names_list(ds.attrs.get("backend_per_rank"))
    devices = names_list(ds.attrs.get("device_per_rank"))
    if backends is None or len(backends) != t.shape[0]:
        backends = None
    if devices is None or len(devices) != t.shape[0]:
        devices = None
    w = max(10, max(len(p) for p in phases) + 1)
    head = f"  {'rank':>6s}" + "".join(f"{p:>{w}s}" for p in phases)
    if samples is not None:
        head += f"{'samples':>10s}"
    if threads is not None:
        head += f"{'threads':>9s}"
    if backends is not None:
        head += "  backend"
    print(head)
    for r in range(t.shape[0]):
        line = f"  {r:6d}" + "".join(f"{v:{w}.4f}" for v in t[r])
        if samples is not None:
            line += f"{samples[r]:10.0f}"
        if threads is not None:
            line += f"{threads[r]:9.0f}"
        if backends is not None:
            line += f"  {backends[r]}" + (f" '{devices[r]}'" if devices and devices[r] else "")
        print(line)
    if t.shape[0] > 1:
        mean = t.mean(axis=0)
        for label, v in (("min", t.min(axis=0)), ("mean", mean), ("max", t.max(axis=0))):
            print(f"  {label:>6s}" + "".join(f"{x:{w}.4f}" for x in v))
        imb = np.divide(t.max(axis=0), mean, out=np.ones_like(mean), where=mean > 0)
        print(f"  {'imbal.':>6s}" + "".join(f"{x:{w}.2f}" for x in imb))
    if "total" in phases:
        wall = t[:, phases.index("total")].max()
        n = n_samples(f)
        if n and wall > 0:
            print(f"  {n} samples in {wall:.4f} s (slowest rank): {n / wall:.1f} samples/s")
    print()


def n_samples(f):
    """Number of samples: the length of /params/profile, else of the first map."""
    if "params/profile" in f:
        return f["params/profile"].shape[0]
    for name in ("maps/kappa", "maps/kappa_noisy"):
        if name in f:
            return f[name].shape[0]
    return None


# --- plotting -----------------------------------------------------------------------------------
def param(f, name, i):
    key = "params/" + name
    return float(f[key][i]) if key in f else np.nan


def panel_title(f, i, pnames, dnames):
    """'#i profile / dm_model' and the sample's key parameters, one short line each."""
    prof = int(f["params/profile"][i]) if "params/profile" in f else -1
    pname = pnames[prof] if pnames and 0 <= prof < len(pnames) else f"profile {prof}"
    head = f"#{i} {pname}"
    if "params/dm_model" in f:
        dm = int(f["params/dm_model"][i])
        dname = dnames[dm] if dnames and 0 <= dm < len(dnames) else f"dm_model {dm}"
        if dname != "none":  # none: the profile has no halo
            head += f" / {dname}"
    lines = [head, f"z_l={param(f, 'z_l', i):.3f} z_s={param(f, 'z_s', i):.3f}"]
    m200 = param(f, "m200", i)
    if not np.isnan(m200):  # NaN: no halo
        lines.append(f"M200={m200:.3g} c={param(f, 'c', i):.2f}")
    if pname in ("nfw_ell", "sie", "composite"):
        lines.append(f"e1={param(f, 'e1', i):.2f} e2={param(f, 'e2', i):.2f}")
    if pname in ("sis", "sie"):
        lines.append(f"sigma_v={param(f, 'sigma_v', i):.0f} km/s")
    elif pname == "point_mass":
        lines.append(f"M={param(f, 'mass', i):.3g}")
    elif pname == "sersic":
        lines.append(f"n={param(f, 'sersic_n', i):.2f} r_e={param(f, 'sersic_r_e', i):.2f}\"")
    if "params/theta_E" in f:
        te = param(f, "theta_E", i)
        if not np.isnan(te):
            lines.append(f"theta_E={te:.3g}\"")
        elif "params/strong_lens" in f:
            lines.append("subcritical (no theta_E)")
    return "\n".join(lines)


def robust_limits(m, clip):
    """Colour limits of a map: its clip and 100 - clip percentiles of the finite pixels (the full
    range when clip is 0 or the percentiles coincide). Returns (lo, hi, clipped)."""
    v = m[np.isfinite(m)]
    if v.size == 0:
        return 0.0, 1.0, False
    lo, hi = float(v.min()), float(v.max())
    if clip > 0:
        plo, phi = (float(x) for x in np.percentile(v, [clip, 100.0 - clip]))
        if phi > plo:
            return plo, phi, (plo > lo or phi < hi)
    return lo, hi, False


def save_png(f, path, n, start, clip=1.0):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import LogNorm

    have_k = "maps/kappa" in f
    have_n = "maps/kappa_noisy" in f
    if not (have_k or have_n):
        fail("--png: the file has neither /maps/kappa nor /maps/kappa_noisy")
    total = (f["maps/kappa"] if have_k else f["maps/kappa_noisy"]).shape[0]
    if start < 0 or start >= total:
        fail(f"--start {start}: the file has {total} samples")
    n = max(1, min(n, total - start))
    idx = list(range(start, start + n))
    ref = f["maps/kappa"] if have_k else f["maps/kappa_noisy"]
    hw = float(ref.attrs.get("half_width_arcsec", ref.shape[-1] / 2))
    extent = (-hw, hw, -hw, hw)
    pnames, dnames = class_names(f, "profile"), class_names(f, "dm_model")
    rows = [r for r, ok in (("kappa", have_k), ("kappa_noisy", have_n),
                            ("image", "maps/image" in f), ("image_noisy", "maps/image_noisy" in f))
            if ok]
    fig, axes = plt.subplots(len(rows), n, figsize=(3.2 * n, 3.3 * len(rows) + 0.6),
                             squeeze=False, constrained_layout=True)
    for col, i in enumerate(idx):
        title = panel_title(f, i, pnames, dnames)
        noisy_range = None
        for r, row in enumerate(rows):
            ax = axes[r][col]
            m = f["maps/" + row][i].astype(np.float64)
            if row == "kappa":
                pos = m[m > 0]
                if pos.size and pos.max() > pos.min():
                    # log scale; pixels <= 0 (around a point mass) take the lowest colour
                    cmap = plt.get_cmap("magma").copy()
                    cmap.set_bad(cmap(0.0))
                    im = ax.imshow(np.where(m > 0, m, np.nan), origin="lower", extent=extent,
                                   cmap=cmap, norm=LogNorm(pos.min(), pos.max()))
                else:
                    im = ax.imshow(m, origin="lower", extent=extent, cmap="magma")
                ax.set_title(title, fontsize=8)
                cblabel, extend = "kappa (log scale)", "neither"
            elif row.startswith("image"):
                # lensed images: linear e-/s, clipped like the noisy map; the quasar's images
                # (/images/x, y) marked
                lo, hi, clipped = robust_limits(m, clip)
                im = ax.imshow(m, origin="lower", extent=extent, cmap="gray", vmin=lo, vmax=hi)
                if "images/x" in f:
                    xs, ys = f["images/x"][i], f["images/y"][i]
                    ok = np.isfinite(xs)
                    ax.plot(xs[ok], ys[ok], "+", color="tab:red", ms=6, mew=1)
                cblabel, extend = row + " [e-/s]", "both" if clipped else "neither"
            else:
                lo, hi, clipped = robust_limits(m, clip)
                im = ax.imshow(m, origin="lower", extent=extent, cmap="viridis", vmin=lo, vmax=hi)
                norm = as_text(f["maps/kappa_noisy"].attrs.get("normalisation", b"")) or "?"
                cblabel = "noisy, not normalised" if norm == "none" else f"noisy, {norm}-normalised"
                if clip > 0:
                    cblabel += f" ({clip:g}-{100 - clip:g} %)"
                extend = "both" if clipped else "neither"
                noisy_range = f"[{lo:.4g}, {hi:.4g}]" + (" clipped" if clipped else "")
                if not have_k:
                    ax.set_title(title, fontsize=8)
            fig.colorbar(im, ax=ax, shrink=0.8, extend=extend,
                         label=cblabel if col == n - 1 else None)
            ax.tick_params(labelsize=7)
            if col == 0:
                ax.set_ylabel("y [arcsec]", fontsize=8)
            if r == len(rows) - 1:
                ax.set_xlabel("x [arcsec]", fontsize=8)
        line = f"  panel {title.replace(chr(10), '; ')}"
        if noisy_range:
            line += f"; kappa_noisy colours {noisy_range}"
        print(line)
    fig.suptitle(f"{os.path.basename(f.filename)}: rows " + ", ".join(rows) +
                 " (kappa on a log colour scale; + the quasar's images)", fontsize=10)
    d = os.path.dirname(path)
    if d:
        os.makedirs(d, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    print(f"saved {path}: samples {idx[0]}..{idx[-1]}")


def open_lensgen(path):
    if not os.path.exists(path):
        fail(f"{path}: no such file")
    if os.path.isdir(path):
        fail(f"{path}: is a directory, not a lensgen HDF5 file")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        fail(f"{path}: not an HDF5 file, or unreadable ({e})")
    code = as_text(f["provenance"].attrs.get("code", b"")) if "provenance" in f else None
    has_maps = "maps" in f and ("kappa" in f["maps"] or "kappa_noisy" in f["maps"])
    if code != "lensgen" and not (has_maps and "params" in f):
        f.close()
        fail(f"{path}: not a lensgen file (no /provenance attribute code='lensgen', and "
             "not the lensgen layout /maps/kappa[_noisy] + /params)")
    if code != "lensgen":
        print(f"note: {path}: provenance code is {code!r}, not 'lensgen'; the layout matches, "
              "so it is shown anyway\n")
    return f


def main(argv=None):
    ap = argparse.ArgumentParser(description="Describe a lensgen HDF5 output file: layout, "
                                 "provenance, statistics, timing; optionally plot samples.")
    ap.add_argument("file", help="lensgen output file (.h5)")
    ap.add_argument("--full", action="store_true",
                    help="show long string attributes (deck text, parameters) in full")
    ap.add_argument("--png", metavar="OUT.png", help="save a grid of samples as a PNG")
    ap.add_argument("--n", type=int, default=4, help="samples in the PNG grid (default 4)")
    ap.add_argument("--start", type=int, default=0, help="first sample in the PNG (default 0)")
    ap.add_argument("--clip", type=float, default=1.0, metavar="PCT",
                    help="colour range of the noisy maps in the PNG: the PCT and 100 - PCT "
                         "percentiles of each map (default 1; 0 = full range)")
    ap.add_argument("--wave", type=int, metavar="I", help="print sample I's /wave F")
    ap.add_argument("--wave-png", metavar="OUT.png", help="plot sample I's |F| and arg F")
    args = ap.parse_args(argv)
    global np, h5py
    try:
        import numpy as np
        import h5py
    except ImportError as e:  # environment problem: say so plainly
        fail(f"needs numpy and h5py ({e}); run it with /usr/bin/python3")
    if args.n < 1:
        ap.error("--n must be at least 1")
    if not 0 <= args.clip < 50:
        ap.error("--clip must be in [0, 50)")
    f = open_lensgen(args.file)
    with f:
        print(f"file: {args.file} ({os.path.getsize(args.file) / 2**20:.1f} MiB)\n")
        print_layout(f, args.full)
        print_provenance(f)
        print_stats(f)
        print_timing(f)
        if "wave" in f:  # loaded by path: this script's directory is off sys.path (above)
            import importlib.util
            spec = importlib.util.spec_from_file_location("inspect_wave", _HERE + "/inspect_wave.py")
            wave = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(wave)
            wave.show(f, args.wave, args.wave_png)
        if args.png:
            save_png(f, args.png, args.n, args.start, args.clip)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into head/grep that stopped reading
        sys.stderr.close()
        sys.exit(0)
