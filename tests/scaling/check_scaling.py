#!/usr/bin/env python3
"""check_scaling.py: CTest driver of scripts/scaling.py (test scaling_smoke).

  check_scaling.py --script scripts/scaling.py --lensgen build/lensgen --out DIR
                   [--mpirun mpirun] [--n 200] [--n-per-rank 100] [--ranks 1,2]
                   [--deck DECK] [--set KEY=VALUE ...]
  check_scaling.py --check-only DIR --n 200 --n-per-rank 100 --ranks 1,2

1. runs a tiny strong + weak study (one repeat) into DIR;
2. checks DIR/scaling_summary.csv: one row per (series, rank count) with the right N, the strong
   series' per-rank samples adding up to N (summary and every timing CSV, one row per rank), the
   weak series' to R x n-per-rank, consistent times and rates; no dataset left behind;
3. checks that scaling_strong/weak/phases.png are valid PNGs (signature, chunk CRCs, IHDR
   size, IEND), with no plotting library needed;
4. re-plots with --from-csv into DIR/replot and checks the same rows and PNGs;
5. prints the SLURM submission with --slurm --dry-run (nothing is submitted) and checks one
   sbatch line per run with the right --ntasks.
Prints one line per check; exit status 0 when all pass.
"""
import argparse
import csv
import os
import struct
import subprocess
import sys
import zlib

failures = 0


def expect(ok, what):
    global failures
    print(("ok      " if ok else "FAILED  ") + what, flush=True)
    if not ok:
        failures += 1
    return ok


def png_problem(path):
    """None when path is a well-formed PNG, else what is wrong."""
    try:
        data = open(path, "rb").read()
    except OSError as e:
        return str(e)
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "no PNG signature"
    pos, first, seen_iend, seen_idat = 8, True, False, False
    while pos < len(data):
        if pos + 12 > len(data):
            return "truncated chunk header"
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length or pos + 12 + length > len(data):
            return f"truncated {ctype!r} chunk"
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(ctype + body) & 0xFFFFFFFF != crc:
            return f"bad CRC in {ctype!r} chunk"
        if first:
            if ctype != b"IHDR" or length != 13:
                return "first chunk is not IHDR"
            w, h = struct.unpack(">II", body[:8])
            if not (100 <= w <= 10000 and 100 <= h <= 10000):
                return f"implausible size {w}x{h}"
            first = False
        seen_idat |= ctype == b"IDAT"
        pos += 12 + length
        if ctype == b"IEND":
            seen_iend = True
            break
    if not seen_idat:
        return "no image data"
    if not seen_iend or pos != len(data):
        return "no IEND at the end"
    return None


def check_dir(d, n, n_per_rank, ranks, repeats=1, check_runs=True):
    path = os.path.join(d, "scaling_summary.csv")
    if not expect(os.path.exists(path), f"{path} exists"):
        return
    rows = list(csv.DictReader(open(path, newline="")))
    need = ["mode", "ranks", "threads", "N", "repeat", "total_s", "samples_per_s", "write_s",
            "kappa_s", "imbalance", "samples"]
    expect(rows and all(c in rows[0] for c in need), f"summary has the columns {', '.join(need)}")
    got = sorted((r["mode"], int(r["ranks"]), int(r["repeat"])) for r in rows)
    want = sorted((m, r, k) for m in ("strong", "weak") for r in ranks for k in range(repeats))
    expect(got == want, f"summary rows (series, ranks, repeat) = {want} (got {got})")
    for r in rows:
        mode, nr = r["mode"], int(r["ranks"])
        n_want = n if mode == "strong" else n_per_rank * nr
        tag = f"{mode} {nr} rank(s)"
        expect(int(r["N"]) == n_want and int(r["samples"]) == n_want,
               f"{tag}: N = samples = {n_want} (N {r['N']}, samples {r['samples']})")
        total, rate = float(r["total_s"]), float(r["samples_per_s"])
        expect(total > 0 and abs(rate * total - n_want) <= 1e-3 * n_want,
               f"{tag}: total_s > 0 and samples_per_s = N / total_s")
        expect(float(r["imbalance"]) >= 0 and float(r["write_s"]) <= total * 1.001,
               f"{tag}: imbalance >= 0, write_s <= total_s")
        if check_runs:
            name = f"{mode}_r{nr}_t{r['threads']}_rep{r['repeat']}"
            tpath = os.path.join(d, "runs", name + ".timing.csv")
            if expect(os.path.exists(tpath), f"{tag}: timing CSV {name}.timing.csv kept"):
                trows = list(csv.DictReader(open(tpath, newline="")))
                per_rank = [int(t["samples"]) for t in trows]
                expect(len(trows) == nr and sum(per_rank) == n_want,
                       f"{tag}: {nr} timing rows whose samples add up to {n_want} ({per_rank})")
    for kind in ("strong", "weak", "phases"):
        png = os.path.join(d, f"scaling_{kind}.png")
        problem = png_problem(png)
        expect(problem is None, f"{png} is a valid PNG" + (f" ({problem})" if problem else ""))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--script")
    ap.add_argument("--lensgen")
    ap.add_argument("--mpirun", default="mpirun")
    ap.add_argument("--deck")
    ap.add_argument("--out")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--n-per-rank", type=int, default=100)
    ap.add_argument("--ranks", default="1,2")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="passed to scaling.py (e.g. batch_size=50 so that 2 ranks share N=200)")
    ap.add_argument("--check-only", metavar="DIR")
    a = ap.parse_args()
    ranks = [int(x) for x in a.ranks.split(",")]

    if a.check_only:
        check_dir(a.check_only, a.n, a.n_per_rank, ranks)
        return 1 if failures else 0

    py = sys.executable
    common = ["--n", str(a.n), "--n-per-rank", str(a.n_per_rank), "--ranks", a.ranks,
              "--repeats", "1", "--lensgen", a.lensgen, "--mpirun", a.mpirun]
    if a.deck:
        common += ["--deck", a.deck]
    for kv in a.set:
        common += ["--set", kv]
    cmd = [py, a.script] + common + ["--out", a.out, "--quiet"]
    print("run: " + " ".join(cmd), flush=True)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=150)
    expect(p.returncode == 0, f"scaling.py exits 0 (exit {p.returncode})")
    if p.returncode != 0:
        print(p.stdout + p.stderr)
        return 1
    check_dir(a.out, a.n, a.n_per_rank, ranks)
    left = [f for f in os.listdir(os.path.join(a.out, "runs")) if f.endswith((".h5", ".tmp"))]
    expect(not left, f"no dataset left behind in runs/ ({left})")
    expect("oversubscribed" not in p.stdout or max(ranks) > (os.cpu_count() or 1),
           "no oversubscription note unless ranks exceed the cores")

    replot = os.path.join(a.out, "replot")
    p = subprocess.run([py, a.script, "--from-csv", a.out, "--out", replot], capture_output=True,
                       text=True, timeout=60)
    expect(p.returncode == 0, f"--from-csv re-plots (exit {p.returncode})")
    if p.returncode == 0:
        check_dir(replot, a.n, a.n_per_rank, ranks, check_runs=False)
        a_rows = open(os.path.join(a.out, "scaling_summary.csv")).read()
        b_rows = open(os.path.join(replot, "scaling_summary.csv")).read()
        expect(a_rows == b_rows, "--from-csv gives the same summary CSV")
    else:
        print(p.stdout + p.stderr)

    dry = os.path.join(a.out, "slurm-dry")
    p = subprocess.run([py, a.script, "--slurm", "--dry-run", "--out", dry] + common,
                       capture_output=True, text=True, timeout=60)
    lines = [ln for ln in p.stdout.splitlines() if "=$(sbatch " in ln]
    expect(p.returncode == 0 and len(lines) == 2 * len(ranks),
           f"--slurm --dry-run prints {2 * len(ranks)} sbatch lines (exit {p.returncode}, "
           f"{len(lines)} lines)")
    for r in ranks:
        expect(sum(f"--ntasks={r} " in ln for ln in lines) == 2,
               f"--slurm --dry-run: two jobs with --ntasks={r}")
    expect(sum("--dependency=afterany:" in ln for ln in lines) == len(lines) - 1,
           "--slurm --dry-run chains the jobs (afterany)")
    expect(os.path.exists(os.path.join(dry, "submit.sh")), "--slurm --dry-run writes submit.sh")
    ran = [f for f in os.listdir(os.path.join(dry, "runs")) if f.endswith((".h5", ".csv"))]
    expect(not ran, f"--dry-run ran nothing ({ran})")

    print(f"{failures} check(s) failed" if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
