#!/usr/bin/env python3
"""bench_python.py: the Python side of lensgen (issue 14, item 5), on one core:

  * lensgen.Generator.batch samples/s against the program's compute-only rate
    (`lensgen DECK --no-write` on 1 rank, OMP_NUM_THREADS=1, its reported samples/s) in the same
    run; target: >= 80 % of it;
  * the same from 2 Python threads, each with a Generator of its own (ctypes lets go of the GIL
    during lensgen_fill: the threads compute at once);
  * lensgen.Dataset minibatch read rate (samples/s) from a file in the page cache.

Medians of --repeats. Prints a markdown table with the machine, commit and command.

    /usr/bin/python3 scripts/bench_python.py --build build-ci
"""
import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build-ci")
    ap.add_argument("--deck", default=os.path.join(SRC, "input", "default.deck"))
    ap.add_argument("--n", type=int, default=4000, help="samples per timed run")
    ap.add_argument("--batch", type=int, default=256, help="Generator.batch / Dataset size")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    os.environ["OMP_NUM_THREADS"] = "1"
    os.environ.setdefault("LENSGEN_LIBRARY", os.path.join(build, "liblensgen.so"))
    sys.path.insert(0, os.path.join(SRC, "python"))
    import lensgen

    cli_rates, gen_rates, thr_rates, read_rates = [], [], [], []

    def generate(g, firsts):
        for first in firsts:
            g.batch(first, min(args.batch, args.n - first))
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "bench.h5")
        for _ in range(args.repeats):
            r = subprocess.run([os.path.join(build, "lensgen"), args.deck, "--no-write",
                                "--set", f"n_samples={args.n}", "--set", f"output.file={out}"],
                               capture_output=True, text=True, check=True)
            m = re.search(r"samples: \d+ in ([\d.]+) s: ([\d.]+) samples/s", r.stdout + r.stderr)
            cli_rates.append(float(m.group(2)))
            g = lensgen.Generator(args.deck, {"n_samples": args.n})
            t0 = time.perf_counter()
            for first in range(0, args.n, args.batch):
                g.batch(first, min(args.batch, args.n - first))
            gen_rates.append(args.n / (time.perf_counter() - t0))
            g.close()
            gens = [lensgen.Generator(args.deck, {"n_samples": args.n}) for _ in range(2)]
            firsts = list(range(0, args.n, args.batch))
            threads = [threading.Thread(target=generate, args=(gens[k], firsts[k::2]))
                       for k in range(2)]
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            thr_rates.append(args.n / (time.perf_counter() - t0))
            for g in gens:
                g.close()
        subprocess.run([os.path.join(build, "lensgen"), args.deck, "--quiet", "--force",
                        "--set", f"n_samples={args.n}", "--set", f"output.file={out}"],
                       check=True, capture_output=True)
        ds = lensgen.Dataset(out, "train")
        for epoch in range(6):  # the first pass brings the file into the page cache
            t0 = time.perf_counter()
            n = sum(len(b[1][ds.label_names[0]]) for b in ds.batches(args.batch, epoch=epoch))
            read_rates.append(n / (time.perf_counter() - t0))
        ds.close()
    cli, gen, thr, rd = (statistics.median(x)
                         for x in (cli_rates, gen_rates, thr_rates, read_rates[1:]))
    commit = subprocess.run(["git", "-C", SRC, "rev-parse", "--short=12", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
          f"commit `{commit}`; deck {os.path.basename(args.deck)}, {args.n} samples, batch "
          f"{args.batch}, OMP_NUM_THREADS=1; medians of {args.repeats}")
    print(f"Command: `/usr/bin/python3 scripts/bench_python.py --build {args.build}`\n")
    print("| measure | samples/s | against |")
    print("|---|---|---|")
    print(f"| lensgen --no-write (1 rank, 1 thread) | {cli:.0f} | baseline |")
    print(f"| Generator.batch (1 thread) | {gen:.0f} | {100 * gen / cli:.0f} % of the program |")
    print(f"| Generator.batch, 2 threads, a Generator each | {thr:.0f} | {thr / gen:.2f}x one "
          f"thread |")
    print(f"| Dataset.batches read (page cache) | {rd:.0f} | {rd / cli:.1f}x the program's "
          f"compute rate |")


if __name__ == "__main__":
    main()
