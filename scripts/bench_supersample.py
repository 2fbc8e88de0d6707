#!/usr/bin/env python3
"""bench_supersample.py: what map.supersample costs and buys, measured in one run.

  /usr/bin/python3 scripts/bench_supersample.py [--deck input/default.deck] [--n 20000]
                                                 [--repeats 3] [--ranks 2]

Cost: the kappa phase (slowest rank) and the samples/s of `lensgen --no-write` on the deck at
k = 1, 2, 4 (medians of --repeats interleaved runs, OMP_NUM_THREADS=1). Accuracy: the errors
tests/unit/test_pixel_means.c prints against exact SIS pixel means and analytic map masses.
Prints a Markdown table for docs/benchmarks.md."""
import argparse
import csv
import os
import re
import statistics
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(build, ranks, deck, n, k, out):
    flags = ["--oversubscribe"] + (["--allow-run-as-root"] if os.geteuid() == 0 else [])
    cmd = ["mpirun", "-np", str(ranks)] + flags + ["-x", "OMP_NUM_THREADS=1",
                                                    os.path.join(build, "lensgen"), deck,
                                                    "--no-write", "--quiet", "--set",
                                                    f"n_samples={n}", "--set",
                                                    f"map.supersample={k}", "--set",
                                                    f"output.file={out}"]
    subprocess.run(cmd, check=True, capture_output=True)
    with open(out[:-3] + ".timing.csv") as f:
        rows = list(csv.DictReader(f))
    kappa = max(float(r["kappa_s"]) for r in rows)
    total = max(float(r["total_s"]) for r in rows)
    return kappa, n / total


def accuracy(build):
    text = subprocess.run([os.path.join(build, "tests", "test_pixel_means")],
                          capture_output=True, text=True).stdout
    found = {}
    for k, err in re.findall(r"SIS k=(\d): max relative error ([0-9.e+-]+) over the map", text):
        found.setdefault(int(k), {})["pixel"] = float(err)
    for k, err in re.findall(r"NFW k=(\d): mass in the map .*\(rel ([0-9.e+-]+)\)", text):
        found.setdefault(int(k), {})["mass"] = abs(float(err))
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--deck", default=os.path.join(ROOT, "input", "default.deck"))
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--ranks", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    ks = (1, 2, 4)
    res = {k: [] for k in ks}
    with tempfile.TemporaryDirectory() as wd:
        out = os.path.join(wd, "ss.h5")
        for _ in range(a.repeats):
            for k in ks:  # interleaved, so drifts in machine load hit every k alike
                res[k].append(run(a.build, a.ranks, a.deck, a.n, k, out))
    acc = accuracy(a.build)
    print(f"deck {os.path.relpath(a.deck, ROOT)}, N = {a.n}, {a.ranks} ranks, "
          f"medians of {a.repeats}")
    print("| map.supersample | kappa phase (s, slowest rank) | samples/s, --no-write | "
          "max SIS pixel-mean error | NFW map-mass error |")
    print("|---|---|---|---|---|")
    for k in ks:
        kap = statistics.median(r[0] for r in res[k])
        rate = statistics.median(r[1] for r in res[k])
        e = acc.get(k, {})
        pix = f"{e['pixel']:.1e}" if "pixel" in e else "diverges at the centre"
        mass = f"{e['mass']:.1e}" if "mass" in e else "-"
        print(f"| {k} | {kap:.2f} | {rate:,.0f} | {pix} | {mass} |")


if __name__ == "__main__":
    main()
