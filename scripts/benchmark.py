#!/usr/bin/env python3
"""benchmark.py: lensgen's speed against the NumPy baseline, measured in the same run.

  /usr/bin/python3 scripts/benchmark.py [--quick] [--repeats 5] [--out results.md]

--quick is a smoke test: small N and one repeat (unless --repeats is given).

Measures (medians of --repeats runs; this machine is shared and noisy):
  1. kernel throughput, one core: kappa per profile, Gaussian noise, min-max at 64^2, 256^2,
     1024^2 (build/lensgen_bench_kappa);
  2. end to end on input/bench.deck (NFW, Gaussian noise, min-max, 64x64) at 1 and 2 ranks,
     with scripts/bench_io.py's method: every file fsynced before the clock stops, dd
     conv=fdatasync of the same bytes and the NumPy baseline (scripts/numpy_baseline.py, also
     synced) interleaved in the same run, compute-only rates (--no-write) apart;
  3. end to end on input/default.deck at 1 and 2 ranks, and input/dm_classes.deck at 2 ranks;
  4. write bandwidth of the contiguous, chunked and compressed layouts against dd's raw disk
     bandwidth measured in the same run;
  5. peak memory per rank at N = 10^4 and 10^6 (32x32 maps, noisy maps only, to bound disk use).
Prints a Markdown report (also written to --out) with machine, commit and commands.
"""
import argparse
import csv
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import time

import bench_io

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
LENSGEN = os.path.join(BUILD, "lensgen")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def mpirun(n):
    flags = ["--oversubscribe"] + (["--allow-run-as-root"] if os.geteuid() == 0 else [])
    return ["mpirun", "-np", str(n)] + flags + ["-x", "OMP_NUM_THREADS=1"]


def lensgen_run(n, deck, out, sets, extra=()):
    """One run; returns (samples/s from the slowest rank's total, max peak RSS MiB)."""
    for p in (out, out + ".tmp"):
        if os.path.exists(p):
            os.remove(p)
    cmd = mpirun(n) + [LENSGEN, deck, "--quiet", "--set", f"output.file={out}"]
    for s in sets:
        cmd += ["--set", s]
    subprocess.run(cmd + list(extra), check=True)
    with open(out[:-3] + ".timing.csv") as f:
        rows = list(csv.DictReader(f))
    total = max(float(r["total_s"]) for r in rows)
    samples = sum(float(r["samples"]) for r in rows)
    rss = max(float(r["peak_rss_mib"]) for r in rows)
    if os.path.exists(out):
        os.remove(out)
    return samples / total, rss


def median_rate(n, deck, out, sets, repeats):
    runs = [lensgen_run(n, deck, out, sets) for _ in range(repeats)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=None, help="default 5, 1 with --quick")
    ap.add_argument("--quick", action="store_true", help="smaller N, for a smoke test")
    ap.add_argument("--out", default=None, help="also write the Markdown report here")
    ap.add_argument("--workdir", default=None, help="where output files go (default: a temp dir)")
    a = ap.parse_args()
    if a.repeats is None:
        a.repeats = 1 if a.quick else 5

    subprocess.run(["cmake", "--preset", "release"], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(["cmake", "--build", "--preset", "release", "-j2"], cwd=ROOT, check=True,
                   capture_output=True)
    wd = a.workdir or tempfile.mkdtemp(prefix="lensgen-bench.")
    os.makedirs(wd, exist_ok=True)
    n_bench = 5000 if a.quick else 50000
    n_default = 10000 if a.quick else 100000
    n_mem = (10**4, 10**5) if a.quick else (10**4, 10**6)

    lines = []
    out = lines.append
    commit = sh(["git", "-C", ROOT, "describe", "--always", "--dirty", "--abbrev=12"]).strip()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                if l.startswith("model name")), platform.processor())
    out(f"Machine: {cpu}, {os.cpu_count()} cores, {platform.platform()}; commit `{commit}`; "
        f"command `/usr/bin/python3 scripts/benchmark.py{' --quick' if a.quick else ''} "
        f"--repeats {a.repeats}`; medians of {a.repeats} runs (kernels: of 7).")
    out("")
    out("Kernel throughput, one core (Mpix/s):")
    out("")
    kern = list(csv.DictReader(sh([os.path.join(BUILD, "lensgen_bench_kappa")]).splitlines()))
    sizes = sorted({int(r["npix"]) for r in kern})
    out("| kernel | " + " | ".join(f"{s}^2" for s in sizes) + " |")
    out("|---|" + "---|" * len(sizes))
    for k in dict.fromkeys(r["kernel"] for r in kern):
        vals = {int(r["npix"]): r["mpix_per_s"] for r in kern if r["kernel"] == k}
        out(f"| {k} | " + " | ".join(vals.get(s, "-") for s in sizes) + " |")
    out("")

    # End to end with the file synced: scripts/bench_io.py's measurement, not a copy of it. A
    # file left in the page cache is not on disk yet, so its rate says little about the disk.
    deck_bench = os.path.join(ROOT, "input", "bench.deck")
    bench_dir = os.path.join(wd, "bench_io")
    res = bench_io.measure(BUILD, n_bench, a.repeats, bench_dir, ranks=(1, 2))
    out(f"End to end, input/bench.deck (NFW, Gaussian noise, min-max, 64x64), N = {n_bench}; "
        f"'synced' runs store both maps and the params (HDF5) and stop the clock only after "
        f"fsync of the file; dd conv=fdatasync writes the float32 file's bytes; the NumPy "
        f"baseline (scripts/numpy_baseline.py, 1 process, float64) is synced too; 'compute only' "
        f"is lensgen --no-write and numpy_baseline.py --no-write; wall times include process "
        f"start-up; all interleaved, each repeat in the same order:")
    out("")
    for line in bench_io.table(res, n_bench, a.repeats, bench_dir):
        out(line)
    out("")

    deck_default = os.path.join(ROOT, "input", "default.deck")
    out(f"End to end, input/default.deck (mixed profiles, smoothed shape noise), N = {n_default}:")
    out("")
    out("| ranks | samples/s | Mpix/s |")
    out("|---|---|---|")
    for n in (1, 2):
        rate, _ = median_rate(n, deck_default, os.path.join(wd, "default.h5"),
                              [f"n_samples={n_default}"], a.repeats)
        out(f"| {n} | {rate:,.0f} | {rate * 64 * 64 / 1e6:,.1f} |")
    out("")

    deck_dm = os.path.join(ROOT, "input", "dm_classes.deck")
    n_dm = 3000 if a.quick else 30000
    rate_dm, _ = median_rate(2, deck_dm, os.path.join(wd, "dm.h5"), [f"n_samples={n_dm}"],
                             a.repeats)
    out(f"End to end, input/dm_classes.deck (composite galaxies, CDM/WDM/SIDM halos, 64x64), "
        f"N = {n_dm}, 2 ranks: {rate_dm:,.0f} samples/s.")
    out("")

    # schedules on a deck whose sample costs differ: imbalance of the compute phases
    deck_mixed = os.path.join(ROOT, "input", "mixed_costs.deck")
    out("Schedules on input/mixed_costs.deck (N = 1200, deflection maps of mixed profiles), 2 ranks "
        "(imbalance = max/mean over ranks of the phase time; samples per rank):")
    out("")
    out("| schedule | samples/s | derived-phase imbalance | samples per rank |")
    out("|---|---|---|---|")
    for schedule in ("static", "dynamic"):
        rates, imb, per_rank = [], [], ""
        for _ in range(a.repeats):
            out_h5 = os.path.join(wd, "mixed.h5")
            rate, _ = lensgen_run(2, deck_mixed, out_h5, [f"schedule={schedule}"])
            with open(os.path.join(wd, "mixed.timing.csv")) as f:
                rows = list(csv.DictReader(f))
            d = [float(r["derived_s"]) for r in rows]
            rates.append(rate)
            imb.append(max(d) / (sum(d) / len(d)))
            per_rank = "/".join(r["samples"] for r in rows)
        out(f"| {schedule} | {statistics.median(rates):,.0f} | {statistics.median(imb):.3f} | "
            f"{per_rank} |")
    out("")

    # I/O: write bandwidth of each layout against the raw disk, measured in the same run
    n_io = 5000 if a.quick else 20000
    raw = []
    for _ in range(3):
        t0 = time.time()
        subprocess.run(["dd", "if=/dev/zero", f"of={wd}/dd.bin", "bs=1M", "count=1024",
                        "conv=fdatasync"], check=True, capture_output=True)
        raw.append(1.073741824 / (time.time() - t0))
        os.remove(f"{wd}/dd.bin")
    out(f"Write bandwidth, input/bench.deck N = {n_io} (both maps, {n_io * 2 * 64 * 64 * 4 / 1e9:.2f}"
        f" GB), 2 ranks, against the raw disk (dd bs=1M count=1024 conv=fdatasync, median of 3: "
        f"{statistics.median(raw):.2f} GB/s):")
    out("")
    out("| layout | write phase (s) | GB/s (data / write phase) |")
    out("|---|---|---|")
    layouts = [("contiguous (default)", []),
               ("chunks of 16 maps", ["output.chunk_samples=16"]),
               ("chunks of 16 maps, shuffle + gzip 1", ["output.chunk_samples=16",
                                                        "output.compression=1",
                                                        "output.shuffle=true"])]
    for name, extra in layouts:
        secs = []
        for _ in range(a.repeats):
            out_h5 = os.path.join(wd, "io.h5")
            os.sync()
            lensgen_run(2, deck_bench, out_h5, [f"n_samples={n_io}"] + extra)
            with open(os.path.join(wd, "io.timing.csv")) as f:
                secs.append(max(float(r["write_s"]) for r in csv.DictReader(f)))
        w = statistics.median(secs)
        out(f"| {name} | {w:.3f} | {n_io * 2 * 64 * 64 * 4 / 1e9 / w:.2f} |")
    out("")

    out("Peak memory per rank (default deck, 32x32 maps, kappa_noisy only, 2 ranks, "
        "batch_size 512):")
    out("")
    out("| N | peak RSS per rank (MiB) |")
    out("|---|---|")
    for n_samples in n_mem:
        _, rss = lensgen_run(2, deck_default, os.path.join(wd, "mem.h5"),
                             [f"n_samples={n_samples}", "map.npix=32", "output.maps=kappa_noisy"])
        out(f"| {n_samples:,} | {rss:.1f} |")
    report = "\n".join(lines)
    print(report)
    if a.out:
        with open(a.out, "w") as f:
            f.write(report + "\n")
    if not a.workdir:
        shutil.rmtree(wd, ignore_errors=True)


if __name__ == "__main__":
    main()
