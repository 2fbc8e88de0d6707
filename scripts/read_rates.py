#!/usr/bin/env python3
"""read_rates.py: how fast minibatches come out of a lensgen file with h5py.

    /usr/bin/python3 scripts/read_rates.py --file out/default.h5 \
        [--chunked-file out/default_gzip.h5] [--dataset maps/kappa_noisy] [--batch 256] \
        [--repeats 5] [--budget-s 2] [--cache warm|cold|both] [--json rates.json]

For each file it times these ways of reading minibatches of --batch samples:

  contiguous  f[ds][i:i+B], consecutive slices from a random batch-aligned start, wrapping
              around (an epoch read in file order);
  blocks      the same slices f[ds][j*B:(j+1)*B], but the blocks j in random order (shuffled
              batches of contiguous samples);
  sorted      f[ds][np.sort(idx)]: B random samples by fancy indexing (h5py needs increasing
              indices; idx are B consecutive entries of a random permutation of all samples);
  single      B random samples read one at a time, f[ds][i], and stacked (what a per-sample
              PyTorch Dataset.__getitem__ does);
  memory      the whole dataset read into a NumPy array once (its load time and rate are
              reported as 'load'), then minibatches a[idx] by NumPy fancy indexing.

Every measurement reads batches until --budget-s seconds have passed (at least one batch, at
most --max-batches and at most one pass over the samples, so that no sample is read twice) and
reports samples/s and MB/s of decoded map data (1 MB = 1e6 bytes; for a
compressed file fewer bytes come off the disk). Each is repeated --repeats times; medians are
shown with the min-max range.

Page cache: 'warm' reads the whole file once beforehand, so it is served from memory (the usual
state right after lensgen wrote it, on a node with enough RAM). 'cold' drops the kernel's page
cache (sync; echo 3 > /proc/sys/vm/drop_caches, needs root) before every repeat, so the reads
come from the disk; on a virtual machine the host may still cache the image. 'both' (default)
does both when dropping is permitted and says so when it is not. With cold caches the bytes the
process fetched from storage (/proc/self/io read_bytes) are reported too.

--json OUT writes every repeat, the medians, the ratios and the machine facts. Exit status 0,
1 on an unreadable file or a failed cache drop with --cache cold, 2 on a bad command line.
"""
import os
import sys

# numpy imports the standard library's `inspect`; scripts/inspect.py (this directory, first on
# sys.path) would shadow it. Nothing here imports from this directory.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import h5py  # noqa: E402
import numpy as np  # noqa: E402

MODES = ("contiguous", "blocks", "sorted", "single", "memory")


def fail(msg):
    print(f"read_rates.py: {msg}", file=sys.stderr)
    sys.exit(1)


# --- machine facts --------------------------------------------------------------------------
def read_text(path):
    try:
        with open(path) as fh:
            return fh.read()
    except OSError:
        return ""


def mount_of(path):
    """(device, mount point, fs type) of the mount that holds path (longest prefix)."""
    path = os.path.realpath(path)
    best, best_len = ("?", "?", "?"), -1
    for line in read_text("/proc/mounts").splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        dev, mnt, fstype = parts[0], parts[1].replace("\\040", " "), parts[2]
        inside = mnt == "/" or path == mnt or path.startswith(mnt + "/")
        if inside and len(mnt) >= best_len:  # later mounts over the same point win
            best, best_len = (dev, mnt, fstype), len(mnt)
    return best


def machine_facts(paths):
    cpu = "?"
    for line in read_text("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = "?"
    for line in read_text("/proc/meminfo").splitlines():
        if line.startswith("MemTotal"):
            mem = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    try:
        n_affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        n_affinity = os.cpu_count()
    disks = {}
    for p in paths:
        dev, mnt, fstype = mount_of(p)
        disks[p] = {"device": dev, "mount": mnt, "fstype": fstype}
    return {
        "host": platform.node(), "cpu": cpu, "nproc": n_affinity, "cpu_count": os.cpu_count(),
        "memory": mem, "platform": platform.platform(), "python": platform.python_version(),
        "numpy": np.__version__, "h5py": h5py.__version__,
        "hdf5": h5py.version.hdf5_version, "disks": disks,
        "loadavg_start": read_text("/proc/loadavg").split()[:3],
    }


# --- page cache -----------------------------------------------------------------------------
def drop_caches():
    """Drop the page cache; return None on success or the reason it failed."""
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as fh:
            fh.write("3\n")
        return None
    except OSError as e:
        return f"{e.strerror or e} (needs root and a writable /proc/sys)"


def warm_file(path):
    """Read the whole file once so that it sits in the page cache."""
    buf = bytearray(64 << 20)
    with open(path, "rb", buffering=0) as fh:
        while fh.readinto(buf):
            pass


def storage_read_bytes():
    for line in read_text("/proc/self/io").splitlines():
        if line.startswith("read_bytes:"):
            return int(line.split()[1])
    return None


# --- the measurements -----------------------------------------------------------------------
def run_mode(path, dataset, mode, batch, budget, max_batches, rng):
    """One repeat of one mode. Returns a dict with samples, seconds, and mode-specific extras."""
    io0 = storage_read_bytes()
    extra = {}
    with h5py.File(path, "r") as f:
        ds = f[dataset]
        n = ds.shape[0]
        b = min(batch, n)
        perm = rng.permutation(n)
        n_batches_avail = max(1, n // b)
        done = 0
        k = 0
        if mode == "memory":
            t0 = time.perf_counter()
            a = ds[()]
            t_load = time.perf_counter() - t0
            extra = {"load_s": t_load, "load_bytes": a.nbytes}
            t0 = time.perf_counter()
            while True:
                idx = perm[k * b:k * b + b]
                x = a[idx]
                done += x.shape[0]
                k += 1
                el = time.perf_counter() - t0
                if el >= budget or k >= max_batches or k >= n_batches_avail:
                    break
            del a
        else:
            start = int(rng.integers(0, n_batches_avail))
            blocks = rng.permutation(n_batches_avail)
            t0 = time.perf_counter()
            while True:
                j = (start + k) % n_batches_avail
                if mode == "contiguous":
                    x = ds[j * b:j * b + b]
                elif mode == "blocks":
                    x = ds[blocks[k] * b:blocks[k] * b + b]
                elif mode == "sorted":
                    x = ds[np.sort(perm[j * b:j * b + b])]
                elif mode == "single":
                    x = np.stack([ds[int(i)] for i in perm[j * b:j * b + b]])
                else:
                    raise ValueError(mode)
                done += x.shape[0]
                k += 1
                el = time.perf_counter() - t0
                if el >= budget or k >= max_batches or k >= n_batches_avail:
                    break
    io1 = storage_read_bytes()
    extra["storage_read_bytes"] = (io1 - io0) if io0 is not None and io1 is not None else None
    return {"samples": done, "batches": k, "seconds": el, **extra}


def describe(path, dataset):
    try:
        with h5py.File(path, "r") as f:
            if dataset not in f:
                fail(f"{path}: no dataset {dataset}")
            ds = f[dataset]
            if ds.ndim < 1 or ds.shape[0] == 0:
                fail(f"{path}: {dataset} has no samples")
            return {
                "path": path, "dataset": dataset, "shape": list(ds.shape), "dtype": str(ds.dtype),
                "sample_bytes": int(np.prod(ds.shape[1:])) * ds.dtype.itemsize,
                "chunks": list(ds.chunks) if ds.chunks else None,
                "compression": ds.compression, "compression_opts": ds.compression_opts,
                "shuffle": bool(ds.shuffle), "file_bytes": os.path.getsize(path),
                "layout": ("contiguous" if not ds.chunks else
                           f"chunks {ds.chunks[0]}" + (f" + {ds.compression} {ds.compression_opts}"
                                                       if ds.compression else "")),
            }
    except OSError as e:
        fail(f"{path}: not readable as HDF5 ({e})")


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Measure h5py minibatch read rates (samples/s, MB/s) of a lensgen file: "
                    "contiguous slices, sorted fancy indexing, one sample at a time, and "
                    "load-once-then-index-in-memory; optionally against a chunked/compressed "
                    "file, with a warm and a cold page cache.")
    ap.add_argument("--file", required=True, help="lensgen output file (typically contiguous)")
    ap.add_argument("--chunked-file", metavar="FILE",
                    help="a second file to compare, e.g. written with output.chunk_samples=64 "
                         "output.compression=1")
    ap.add_argument("--dataset", default="maps/kappa_noisy",
                    help="dataset to read (default maps/kappa_noisy)")
    ap.add_argument("--batch", type=int, default=256, help="samples per minibatch (default 256)")
    ap.add_argument("--repeats", type=int, default=5, help="repeats per measurement (default 5)")
    ap.add_argument("--budget-s", type=float, default=2.0,
                    help="seconds of reading per measurement (at least one batch; default 2)")
    ap.add_argument("--max-batches", type=int, default=1000,
                    help="at most this many batches per measurement (default 1000; never more "
                         "than one pass over the samples)")
    ap.add_argument("--modes", default=",".join(MODES),
                    help=f"comma-separated subset of {','.join(MODES)} (default all)")
    ap.add_argument("--cache", choices=("warm", "cold", "both"), default="both",
                    help="page cache state: warm (file read once first), cold (dropped before "
                         "every repeat; needs root), both (default; cold skipped with a note "
                         "where dropping is not permitted)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the random indices (default 0)")
    ap.add_argument("--json", metavar="OUT.json", help="write all results as JSON")
    args = ap.parse_args(argv)
    if args.batch < 1 or args.repeats < 1 or args.budget_s <= 0 or args.max_batches < 1:
        ap.error("--batch, --repeats, --max-batches must be >= 1 and --budget-s > 0")
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    for m in modes:
        if m not in MODES:
            ap.error(f"--modes: unknown mode {m!r} (known: {', '.join(MODES)})")

    files = [args.file] + ([args.chunked_file] if args.chunked_file else [])
    for p in files:
        if not os.path.isfile(p):
            fail(f"{p}: no such file")
    info = {p: describe(p, args.dataset) for p in files}
    machine = machine_facts(files)

    caches = ["warm", "cold"] if args.cache == "both" else [args.cache]
    notes = []
    if "cold" in caches:
        why = drop_caches()
        if why is not None:
            if args.cache == "cold":
                fail(f"cannot drop the page cache: {why}")
            caches = ["warm"]
            notes.append(f"cold-cache runs skipped: cannot drop the page cache: {why}")

    print(f"host {machine['host']}: {machine['cpu']}, nproc {machine['nproc']}, "
          f"{machine['memory']} RAM; {machine['platform']}")
    print(f"python {machine['python']}, numpy {machine['numpy']}, h5py {machine['h5py']}, "
          f"HDF5 {machine['hdf5']}; load average {' '.join(machine['loadavg_start'])}")
    for p in files:
        d, fi = machine["disks"][p], info[p]
        print(f"{p}: {fi['file_bytes'] / 1e9:.2f} GB on {d['device']} ({d['fstype']}, "
              f"{d['mount']}); {args.dataset} {tuple(fi['shape'])} {fi['dtype']}, {fi['layout']}")
    print(f"batch {args.batch}, {args.repeats} repeats, {args.budget_s:g} s per measurement; "
          f"caches: {', '.join(caches)}")
    for n in notes:
        print("note:", n)
    print()

    rng = np.random.default_rng(args.seed)
    results = []
    for cache in caches:
        for p in files:
            if cache == "warm":
                warm_file(p)
            for mode in modes:
                reps = []
                for _ in range(args.repeats):
                    if cache == "cold":
                        why = drop_caches()
                        if why is not None:
                            fail(f"cannot drop the page cache: {why}")
                    r = run_mode(p, args.dataset, mode, args.batch, args.budget_s,
                                 args.max_batches, rng)
                    r["samples_per_s"] = r["samples"] / r["seconds"]
                    r["MB_per_s"] = r["samples_per_s"] * info[p]["sample_bytes"] / 1e6
                    if mode == "memory":
                        r["load_MB_per_s"] = r["load_bytes"] / r["load_s"] / 1e6
                    reps.append(r)
                sps = [r["samples_per_s"] for r in reps]
                res = {
                    "file": p, "layout": info[p]["layout"], "cache": cache, "mode": mode,
                    "batch": args.batch, "repeats": reps,
                    "median_samples_per_s": med(sps),
                    "median_MB_per_s": med([r["MB_per_s"] for r in reps]),
                    "min_samples_per_s": min(sps), "max_samples_per_s": max(sps),
                }
                if mode == "memory":
                    res["median_load_s"] = med([r["load_s"] for r in reps])
                    res["median_load_MB_per_s"] = med([r["load_MB_per_s"] for r in reps])
                io = [r["storage_read_bytes"] for r in reps if r["storage_read_bytes"] is not None]
                if io:
                    res["median_storage_read_MB"] = med(io) / 1e6
                results.append(res)
                line = (f"{cache:4s} {os.path.basename(p)[:22]:22s} {info[p]['layout'][:18]:18s} "
                        f"{mode:10s} {res['median_samples_per_s']:12,.0f} samples/s "
                        f"{res['median_MB_per_s']:9,.1f} MB/s  "
                        f"[{res['min_samples_per_s']:,.0f}-{res['max_samples_per_s']:,.0f}]")
                if mode == "memory":
                    line += (f"  load {res['median_load_s']:.2f} s "
                             f"({res['median_load_MB_per_s']:,.0f} MB/s)")
                if cache == "cold" and io:
                    line += f"  disk read {res['median_storage_read_MB']:,.0f} MB/repeat"
                print(line, flush=True)

    # slowdowns of the second (chunked/compressed) file against the first, per mode and cache
    ratios = []
    if len(files) == 2:
        print()
        print(f"slowdown of {os.path.basename(files[1])} ({info[files[1]]['layout']}) against "
              f"{os.path.basename(files[0])} ({info[files[0]]['layout']}), median samples/s:")
        by = {(r["cache"], r["file"], r["mode"]): r for r in results}
        for cache in caches:
            for mode in modes:
                a, b = by.get((cache, files[0], mode)), by.get((cache, files[1], mode))
                if a and b and b["median_samples_per_s"] > 0:
                    x = a["median_samples_per_s"] / b["median_samples_per_s"]
                    ratios.append({"cache": cache, "mode": mode, "slowdown": x})
                    extra = ""
                    if mode == "memory":
                        lx = b["median_load_s"] / a["median_load_s"]
                        ratios[-1]["load_slowdown"] = lx
                        extra = f" (load once: {lx:.1f}x the time)"
                    how = f"{x:7.1f}x slower" if x >= 1 else f"{1 / x:7.1f}x faster"
                    print(f"  {cache:4s} {mode:10s} {how}{extra}")
    machine["loadavg_end"] = read_text("/proc/loadavg").split()[:3]
    print(f"\nload average at the end: {' '.join(machine['loadavg_end'])}")

    if args.json:
        out = {"command": [sys.executable] + sys.argv, "args": vars(args), "machine": machine,
               "files": info, "caches": caches, "notes": notes, "results": results,
               "slowdowns": ratios,
               "date": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        d = os.path.dirname(args.json)
        if d:
            os.makedirs(d, exist_ok=True)
        with open(args.json, "w") as fh:
            json.dump(out, fh, indent=1)
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
