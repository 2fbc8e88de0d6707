#!/usr/bin/env python3
"""bench_io.py: end-to-end rate and write bandwidth against the raw disk, measured in one run.

  /usr/bin/python3 scripts/bench_io.py [--n 100000] [--ranks 2 [1 ...]] [--repeats 3] [--dir DIR]

For input/bench.deck at N samples (3.3 GB at N = 100,000, float32), interleaved, medians of
--repeats:
  - dd if=/dev/zero conv=fdatasync of the same byte count: the disk's bandwidth through the
    page cache (the reference of the "fraction of dd" column), and dd oflag=direct (past it);
  - lensgen writing float32 and float16 maps, the clock stopped only after the file is synced
    (fsync), so the page cache cannot hide the writes; float32 also with output.direct_io=false
    (maps through the page cache, as dd conv=fdatasync writes), float16 both ways;
  - lensgen --no-write: the compute-only rate;
  - scripts/numpy_baseline.py writing the same samples, also synced, and with --no-write.
Each file is deleted after its run. Prints a Markdown table with lensgen's bandwidth as a
fraction of dd's, its rate against the NumPy baseline's (synced against synced, compute only
against compute only) and the per-phase times of the slowest rank (compute and write overlap:
the total is about the larger of the two, not their sum). scripts/benchmark.py imports
measure() and table() for its end-to-end section."""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def synced(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def lensgen(build, ranks, n, out, sets=(), no_write=False):
    flags = ["--oversubscribe"] + (["--allow-run-as-root"] if os.geteuid() == 0 else [])
    cmd = ["mpirun", "-np", str(ranks)] + flags + ["-x", "OMP_NUM_THREADS=1",
                                                    os.path.join(build, "lensgen"),
                                                    os.path.join(ROOT, "input", "bench.deck"),
                                                    "--quiet", "--force", "--set", f"n_samples={n}",
                                                    "--set", f"output.file={out}"]
    for s in sets:
        cmd += ["--set", s]
    if no_write:
        cmd.append("--no-write")
    t0 = time.time()
    subprocess.run(cmd, check=True)
    size = 0
    if not no_write:
        synced(out)
        size = os.path.getsize(out)
    wall = time.time() - t0
    with open(out[:-3] + ".timing.csv") as f:
        rows = list(csv.DictReader(f))
    phases = {k[:-2]: max(float(r[k]) for r in rows) for k in rows[0] if k.endswith("_s")}
    if os.path.exists(out):
        os.remove(out)
    return wall, size, phases


def dd(path, nbytes, flag="conv=fdatasync"):
    block = 8 << 20
    t0 = time.time()
    subprocess.run(["dd", "if=/dev/zero", f"of={path}", f"bs={block}",
                    f"count={(nbytes + block - 1) // block}", flag],
                   check=True, capture_output=True)
    wall = time.time() - t0
    size = os.path.getsize(path)
    os.remove(path)
    return wall, size


def numpy_baseline(n, out, no_write=False):
    """scripts/numpy_baseline.py on the same samples: its file synced (and deleted) like
    lensgen's, or --no-write for its compute-only rate. Returns (wall, bytes written)."""
    t0 = time.time()
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "numpy_baseline.py"),
                    "--n-samples", str(n), "--output", out] + (["--no-write"] if no_write else []),
                   check=True, capture_output=True)
    if no_write:
        return time.time() - t0, 0
    synced(out)
    wall = time.time() - t0
    size = os.path.getsize(out)
    os.remove(out)
    return wall, size


def measure(build, n, repeats, directory, ranks=(2,), baseline=True):
    """input/bench.deck at n samples, `repeats` interleaved rounds. Each round, for each rank
    count r: lensgen float32 synced ("f32/r"), after the first of them dd of the same bytes
    ("dd", and "dd_direct" with oflag=direct), lensgen float32 through the page cache ("f32pc/r"),
    lensgen float16 synced ("f16/r"), lensgen --no-write ("compute/r"); then, with
    `baseline`, the NumPy baseline synced ("numpy") and --no-write ("numpy_nw"). Returns
    {case: [(wall s, bytes, phases of the slowest rank or None), one per round]}."""
    os.makedirs(directory, exist_ok=True)
    out = os.path.join(directory, "bench.h5")
    res = {"dd": [], "numpy": [], "numpy_nw": []}
    for _ in range(repeats):
        for r in ranks:
            f32 = lensgen(build, r, n, out)
            res.setdefault(f"f32/{r}", []).append(f32)
            if r == ranks[0]:
                res["dd"].append(dd(os.path.join(directory, "dd.bin"), f32[1]) + (None,))
                res.setdefault("dd_direct", []).append(
                    dd(os.path.join(directory, "dd.bin"), f32[1], "oflag=direct") + (None,))
            res.setdefault(f"f32pc/{r}", []).append(
                lensgen(build, r, n, out, ["output.direct_io=false"]))
            res.setdefault(f"f16/{r}", []).append(
                lensgen(build, r, n, out, ["output.dtype=float16"]))
            res.setdefault(f"f16pc/{r}", []).append(
                lensgen(build, r, n, out, ["output.dtype=float16", "output.direct_io=false"]))
            res.setdefault(f"compute/{r}", []).append(lensgen(build, r, n, out, no_write=True))
        if baseline:
            path = os.path.join(directory, "numpy.h5")
            res["numpy"].append(numpy_baseline(n, path) + (None,))
            res["numpy_nw"].append(numpy_baseline(n, path, no_write=True) + (None,))
    return res


def table(res, n, repeats, directory):
    """measure()'s results as Markdown lines: a header line, the table (medians; lensgen's
    bandwidth as a fraction of dd's; samples/s against the NumPy baseline's, synced runs against
    its synced run and compute-only runs against its --no-write run) and every run's wall time."""
    med = {k: (statistics.median(r[0] for r in v), statistics.median(r[1] for r in v))
           for k, v in res.items() if v}
    dd_bw = statistics.median(s / w for w, s, _ in res["dd"])
    ranks = [int(k.split("/")[1]) for k in res if k.startswith("f32/")]
    rows = [("dd conv=fdatasync, same bytes as float32", "dd", None),
            ("dd oflag=direct, same bytes", "dd_direct", None)]
    for r in ranks:
        rows += [(f"lensgen float32, {r} rank(s), synced", f"f32/{r}", "numpy"),
                 (f"lensgen float32, {r} rank(s), output.direct_io=false, synced", f"f32pc/{r}",
                  "numpy"),
                 (f"lensgen float16, {r} rank(s), synced", f"f16/{r}", "numpy"),
                 (f"lensgen float16, {r} rank(s), output.direct_io=false, synced", f"f16pc/{r}",
                  "numpy"),
                 (f"lensgen --no-write (compute only), {r} rank(s)", f"compute/{r}", "numpy_nw")]
    rows += [("NumPy baseline (1 core), synced", "numpy", "numpy"),
             ("NumPy baseline --no-write (compute only)", "numpy_nw", "numpy_nw")]
    lines = [f"input/bench.deck, N = {n}, {'/'.join(map(str, ranks))} ranks x 1 thread, medians of "
             f"{repeats}, files in {directory}; the clock stops after the file is fsynced",
             "",
             "| run | wall (s) | samples/s | vs NumPy | GB/s | fraction of dd | compute / write / "
             "total (s, slowest rank) |",
             "|---|---|---|---|---|---|---|"]
    for name, key, base in rows:
        if key not in med:
            continue
        wall, size = med[key]
        bw = f"{size / wall / 1e9:.2f}" if size else "-"
        frac = f"{size / wall / dd_bw:.2f}" if size else "-"
        rate = n / wall  # dd: the samples/s its bandwidth would carry
        vs = f"{rate * med[base][0] / n:.2f}x" if base in med else "-"
        phases = "-"
        ph = [r[2] for r in res[key] if r[2]]
        if ph:
            comp = statistics.median(sum(p[k] for k in ("sampling", "kappa", "derived", "noise",
                                                        "normalise", "augment")) for p in ph)
            phases = (f"{comp:.2f} / {statistics.median(p['write'] for p in ph):.2f} / "
                      f"{statistics.median(p['total'] for p in ph):.2f}")
        lines.append(f"| {name} | {wall:.2f} | {rate:,.0f} | {vs} | {bw} | {frac} | {phases} |")
    lines += ["", "All runs (wall s, round by round): " + "; ".join(
        f"{key}: " + ", ".join(f"{r[0]:.2f}" for r in res[key]) for _, key, _ in rows
        if key in med)]
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--ranks", type=int, nargs="+", default=[2], help="rank counts (2)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--dir", default=os.path.join(ROOT, "out", "bench_io"))
    ap.add_argument("--no-baseline", action="store_true", help="skip the NumPy baseline")
    a = ap.parse_args()
    res = measure(a.build, a.n, a.repeats, a.dir, tuple(a.ranks), not a.no_baseline)
    print("\n".join(table(res, a.n, a.repeats, a.dir)))


if __name__ == "__main__":
    main()
