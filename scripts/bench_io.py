#!/usr/bin/env python3
"""bench_io.py: end-to-end rate and write bandwidth against the raw disk, measured in one run.

  /usr/bin/python3 scripts/bench_io.py [--n 100000] [--ranks 2] [--repeats 3] [--dir DIR]

For input/bench.deck at N samples (3.3 GB at N = 100,000, float32), interleaved, medians of
--repeats:
  - dd if=/dev/zero conv=fdatasync of the same byte count: the disk's bandwidth;
  - lensgen writing float32 and float16 maps, the clock stopped only after the file is synced
    (fsync), so the page cache cannot hide the writes;
  - lensgen --no-write: the compute-only rate;
  - scripts/numpy_baseline.py writing the same samples, also synced.
Each file is deleted after its run. Prints a Markdown table with lensgen's bandwidth as a
fraction of dd's and the per-phase times of the slowest rank (compute and write overlap: the
total is about the larger of the two, not their sum)."""
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


def dd(path, nbytes):
    block = 8 << 20
    t0 = time.time()
    subprocess.run(["dd", "if=/dev/zero", f"of={path}", f"bs={block}",
                    f"count={(nbytes + block - 1) // block}", "conv=fdatasync"],
                   check=True, capture_output=True)
    wall = time.time() - t0
    size = os.path.getsize(path)
    os.remove(path)
    return wall, size


def numpy_baseline(n, out):
    t0 = time.time()
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "numpy_baseline.py"),
                    "--n-samples", str(n), "--output", out], check=True, capture_output=True)
    synced(out)
    wall = time.time() - t0
    size = os.path.getsize(out)
    os.remove(out)
    return wall, size


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--ranks", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--dir", default=os.path.join(ROOT, "out", "bench_io"))
    ap.add_argument("--no-baseline", action="store_true", help="skip the NumPy baseline")
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    out = os.path.join(a.dir, "bench.h5")
    res = {k: [] for k in ("dd", "f32", "f16", "compute", "numpy")}
    for _ in range(a.repeats):
        f32 = lensgen(a.build, a.ranks, a.n, out)
        res["f32"].append(f32)
        res["dd"].append(dd(os.path.join(a.dir, "dd.bin"), f32[1]))
        res["f16"].append(lensgen(a.build, a.ranks, a.n, out, ["output.dtype=float16"]))
        res["compute"].append(lensgen(a.build, a.ranks, a.n, out, no_write=True))
        if not a.no_baseline:
            res["numpy"].append(numpy_baseline(a.n, os.path.join(a.dir, "numpy.h5")))
    dd_bw = statistics.median(s / w for w, s in res["dd"])
    rows = [("dd conv=fdatasync, same bytes as float32", res["dd"], None)]
    rows += [("lensgen float32, synced", res["f32"], "f32"),
             ("lensgen float16, synced", res["f16"], "f16"),
             ("lensgen --no-write (compute only)", res["compute"], "compute")]
    if res["numpy"]:
        rows.append(("NumPy baseline (1 core), synced", res["numpy"], None))
    print(f"input/bench.deck, N = {a.n}, {a.ranks} ranks x 1 thread, medians of {a.repeats}, "
          f"files in {a.dir}")
    print("| run | wall (s) | samples/s | GB/s | fraction of dd | compute / write / total "
          "(s, slowest rank) |")
    print("|---|---|---|---|---|---|")
    for name, runs, key in rows:
        wall = statistics.median(r[0] for r in runs)
        size = statistics.median(r[1] for r in runs)
        bw = size / wall / 1e9 if size else 0.0
        frac = f"{bw * 1e9 / dd_bw:.2f}" if size else "-"
        phases = "-"
        if key:
            ph = [r[2] for r in runs]
            comp = statistics.median(sum(p[k] for k in ("sampling", "kappa", "derived", "noise",
                                                        "normalise", "augment")) for p in ph)
            phases = (f"{comp:.2f} / {statistics.median(p['write'] for p in ph):.2f} / "
                      f"{statistics.median(p['total'] for p in ph):.2f}")
        rate = a.n / wall  # dd: the samples/s its bandwidth would carry
        print(f"| {name} | {wall:.2f} | {rate:,.0f} | {bw:.2f} | {frac} | {phases} |")


if __name__ == "__main__":
    main()
