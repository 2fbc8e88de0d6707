#!/usr/bin/env python3
"""scaling.py: strong and weak scaling studies of lensgen, summarised in a CSV and plotted to PNG.

  /usr/bin/python3 scripts/scaling.py [--deck input/bench.deck] [--n 40960] [--n-per-rank 10240]
      [--ranks 1,2,4] [--threads 1] [--repeats 3] [--modes strong,weak] [--set KEY=VALUE ...]
      [--no-write] [--out out/scaling] [--dry-run]
  /usr/bin/python3 scripts/scaling.py --slurm [--wait] [--sbatch-args="..."] ...   (on a cluster)
  /usr/bin/python3 scripts/scaling.py --from-csv out/scaling [DIR ...] [--out DIR]  (re-plot only)

Series (each run is one `mpirun -np R lensgen DECK --set n_samples=... --quiet --force`):
  strong  fixed N = --n over every rank count R of --ranks;
  weak    N = R x --n-per-rank, so every rank keeps the same amount of work.
Every run is repeated --repeats times (rank counts interleaved within each repeat, so slow drift
of a shared machine hits every rank count alike); the plots use the median of the repeats.
--warmup untimed runs (default 1) come first: the first dataset a session writes is the slowest.

What lands in --out (default out/scaling):
  runs/<mode>_r<R>_t<T>_rep<k>.timing.csv  lensgen's own timing CSV of every run (one row per rank)
  scaling_summary.csv   one row per run: mode, ranks, threads, N, repeat, total_s (the slowest
                        rank's total), samples_per_s (N / total_s), the maximum over ranks of every
                        phase (deck_s ... write_s), compute_s (max over ranks of sampling + kappa +
                        derived + noise + normalise + augment), imbalance (max / mean - 1 of the
                        per-rank compute time; 0 = perfectly balanced), peak_rss_mib (max over
                        ranks), samples (sum over ranks, = N), wall_s (mpirun wall clock, with MPI
                        start-up; empty for SLURM runs), write (0 with --no-write)
  scaling_table.md      the medians, speedup and efficiency as a Markdown table (also printed)
  scaling_strong.png    strong series: speedup and parallel efficiency against ranks
  scaling_weak.png      weak series: efficiency and throughput against ranks
  scaling_phases.png    per-phase time (slowest rank, median) against ranks, stacked, per series
  meta.json             git revision, machine, options and the exact command of every run
The PNGs go to --png-dir (default: --out) named <--png-prefix>_strong.png etc. Every plot is
labelled with the git revision (git describe --always --dirty), the machine (host, CPU, physical
cores) and, where ranks x threads exceed the physical cores, "oversubscribed: R ranks on C cores".

Definitions: strong speedup S(R) = T(R0) / T(R) x R0 (R0 = smallest rank count, normally 1),
efficiency S(R) / R; weak efficiency T(R0) / T(R). T is the median total_s of the slowest rank.

Local runs: mpirun (--mpirun) with --oversubscribe, --allow-run-as-root when root, and
-x OMP_NUM_THREADS=T; with T > 1 threads a rank gets T cores (--map-by slot:PE=T --bind-to core),
or is left unbound when the machine is oversubscribed. --mpi-args adds further flags. The
datasets go to --data-dir (default <out>/runs) and are deleted after each run unless --keep-h5
(a written run of bench.deck stores N x npix^2 x 8 bytes, two float32 maps, and the parameters;
put --data-dir on the file system whose write speed you want to measure).

SLURM (--slurm): instead of running, submits one job per run with sbatch. The job command is
  sbatch --parsable --job-name=lensgen-<run> --output=<out>/runs/<run>.slurm.out
         --ntasks=R --cpus-per-task=T
         --export=ALL,OMP_NUM_THREADS=T,LENSGEN=<lensgen>,LENSGEN_BIN=<lensgen>
         [--dependency=afterany:<previous job>] [--sbatch-args ...] SCRIPT DECK LENSGEN_OPTIONS...
where SCRIPT is --sbatch-script (default slurm/scaling.sbatch when it exists): like
slurm/cpu.sbatch it takes the deck and lensgen's options as arguments, the binary from
$LENSGEN_BIN, and launches one rank per task with T threads (srun). With --sbatch-script wrap
(the default when no script exists) the job is
  --wrap "srun --cpus-per-task=T --cpu-bind=cores LENSGEN DECK LENSGEN_OPTIONS... && rm -f H5".
Jobs are chained (afterany) so that runs do not compete for nodes or the file system; --slurm-
parallel submits them independently. --dry-run prints the submission as a bash script (also
written to <out>/submit.sh) and submits nothing. After submitting, --wait polls squeue until
the jobs have left the queue and then writes the summary and plots; without it, run
`scaling.py --from-csv <out>` once they are done. <out> must be on a file system the compute
nodes share. --from-csv also reads the output of slurm/make_scaling.sh (its SCALING_OUTDIR or
timing_csv.list, names <mode>-r<R>-t<T>-n<N>.timing.csv) and merges several sources.

Exit status: 0 success, 1 a run failed or produced an inconsistent timing CSV, 2 bad options.
"""
import argparse
import csv
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time

from scaling_plot import COMPUTE, PHASES, plot_all, table  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUMMARY_COLUMNS = (["mode", "ranks", "threads", "N", "repeat", "total_s", "samples_per_s"]
                   + PHASES + ["compute_s", "imbalance", "peak_rss_mib", "samples", "wall_s",
                               "write"])
RUN_RE = re.compile(r"^(strong|weak)_r(\d+)_t(\d+)_rep(\d+)\.timing\.csv$")
MAKE_SCALING_RE = re.compile(r"^(strong|weak)-r(\d+)-t(\d+)-n(\d+)\.timing\.csv$")


class Failure(Exception):
    pass


# ---- machine and revision --------------------------------------------------------------------

def git_revision():
    try:
        return subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"], check=True,
                              capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def physical_cores():
    """Physical cores this process may run on (hyperthreads counted once)."""
    try:
        allowed = os.sched_getaffinity(0)
    except AttributeError:
        allowed = set(range(os.cpu_count() or 1))
    try:
        out = subprocess.run(["lscpu", "-p=cpu,core,socket"], check=True, capture_output=True,
                             text=True).stdout
        cores = set()
        for line in out.splitlines():
            if line.startswith("#"):
                continue
            cpu, core, sock = line.split(",")[:3]
            if int(cpu) in allowed:
                cores.add((sock, core))
        if cores:
            return len(cores)
    except (OSError, subprocess.CalledProcessError, ValueError):
        pass
    return len(allowed)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def lensgen_version(lensgen):
    try:
        return subprocess.run([lensgen, "--version"], check=True, capture_output=True,
                              text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


# ---- the plan --------------------------------------------------------------------------------

def run_name(mode, ranks, threads, repeat):
    return f"{mode}_r{ranks}_t{threads}_rep{repeat}"


def plan(args):
    """Every run, in execution order: repeats outermost, rank counts interleaved."""
    runs = []
    for rep in range(args.repeats):
        for mode in args.modes:
            for r in args.ranks:
                n = args.n if mode == "strong" else args.n_per_rank * r
                runs.append({"name": run_name(mode, r, args.threads, rep), "mode": mode,
                             "ranks": r, "threads": args.threads, "N": n, "repeat": rep})
    return runs


def lensgen_args(args, run, data_dir):
    h5 = os.path.join(data_dir, run["name"] + ".h5")
    a = [os.path.abspath(args.deck), "--set", f"n_samples={run['N']}", "--set", f"output.file={h5}"]
    for s in args.set:
        a += ["--set", s]
    a += ["--force", "--quiet"]
    if args.no_write:
        a.append("--no-write")
    return a


def mpirun_command(args, run, cores, data_dir):
    r, t = run["ranks"], run["threads"]
    cmd = [args.mpirun, "-np", str(r), "--oversubscribe"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-run-as-root")
    if t > 1:
        if r * t > cores:
            cmd += ["--bind-to", "none"]
        else:
            cmd += ["--map-by", f"slot:PE={t}", "--bind-to", "core"]
    cmd += ["-x", f"OMP_NUM_THREADS={t}"] + shlex.split(args.mpi_args)
    return cmd + [args.lensgen] + lensgen_args(args, run, data_dir)


def sbatch_command(args, run, data_dir, runs_dir, script):
    r, t = run["ranks"], run["threads"]
    cmd = ["sbatch", "--parsable", f"--job-name=lensgen-{run['name']}",
           f"--output={os.path.join(runs_dir, run['name'] + '.slurm.out')}",
           f"--ntasks={r}", f"--cpus-per-task={t}",
           f"--export=ALL,OMP_NUM_THREADS={t},LENSGEN={args.lensgen},LENSGEN_BIN={args.lensgen}"]
    cmd += shlex.split(args.sbatch_args)
    la = lensgen_args(args, run, data_dir)
    if script:
        return cmd + [script] + la
    srun = ["srun", f"--cpus-per-task={t}", "--cpu-bind=cores", args.lensgen] + la
    wrap = shlex.join(srun)
    if not args.keep_h5:
        wrap += " && rm -f " + shlex.quote(os.path.join(data_dir, run["name"] + ".h5"))
    return cmd + ["--wrap", wrap]


# ---- reading timing CSVs and summarising -----------------------------------------------------

def read_timing(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise Failure(f"{path}: no rows")
    missing = [c for c in ["rank", "samples", "total_s"] if c not in rows[0]]
    if missing:
        raise Failure(f"{path}: missing columns {', '.join(missing)}")
    for r in rows:  # a phase an older lensgen did not time counts as 0
        for c in PHASES + ["peak_rss_mib"]:
            r.setdefault(c, "0")
    return rows


def summarise_run(run, rows, wall_s=None, write=True):
    f = lambda r, c: float(r[c]) if r.get(c) not in (None, "") else 0.0  # noqa: E731
    total = max(f(r, "total_s") for r in rows)
    samples = sum(int(float(r["samples"])) for r in rows)
    compute = [sum(f(r, c) for c in COMPUTE) for r in rows]
    mean_c = sum(compute) / len(compute)
    s = {"mode": run["mode"], "ranks": run["ranks"], "threads": run["threads"], "N": run["N"],
         "repeat": run["repeat"], "total_s": total,
         "samples_per_s": run["N"] / total if total > 0 else 0.0}
    for c in PHASES:
        s[c] = max(f(r, c) for r in rows)
    s["compute_s"] = max(compute)
    s["imbalance"] = max(compute) / mean_c - 1.0 if mean_c > 0 else 0.0
    s["peak_rss_mib"] = max(f(r, "peak_rss_mib") for r in rows)
    s["samples"] = samples
    s["wall_s"] = wall_s
    s["write"] = 1 if write else 0
    return s


def check_timing(run, rows, path):
    if len(rows) != run["ranks"]:
        raise Failure(f"{path}: {len(rows)} rows, expected one per rank ({run['ranks']})")
    got = sum(int(float(r["samples"])) for r in rows)
    if got != run["N"]:
        raise Failure(f"{path}: the ranks' samples add up to {got}, expected N = {run['N']}")


def fmt(v):
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)


def write_summary(path, summary):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(SUMMARY_COLUMNS)
        for s in summary:
            w.writerow([fmt(s[c]) for c in SUMMARY_COLUMNS])


def load_meta(out):
    p = os.path.join(out, "meta.json")
    if os.path.exists(p):
        with open(p) as f:
            return json.load(f)
    return {}


def save_meta(out, meta):
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")


def summary_from_dir(sources, meta):
    """Summaries of the timing CSVs of sources: folders (a previous --out: its runs/ and the
    meta's data_dir; or a slurm/make_scaling.sh SCALING_OUTDIR) or list files of CSV paths (its
    timing_csv.list). Names: <mode>_r<R>_t<T>_rep<k>.timing.csv (this script) or
    <mode>-r<R>-t<T>-n<N>.timing.csv (make_scaling.sh; repeats numbered in name order)."""
    if isinstance(sources, str):
        sources = [sources]
    paths = []
    for src in sources:
        if os.path.isfile(src):
            with open(src) as f:
                paths += [ln.strip() for ln in f if ln.strip()]
            continue
        for d in [os.path.join(src, "runs"), src, meta.get("data_dir")]:
            if d and os.path.isdir(d):
                paths += [os.path.join(d, fn) for fn in sorted(os.listdir(d))]
    known = {r["name"]: r for r in meta.get("runs", [])}
    paths = list(dict.fromkeys(os.path.abspath(p) for p in paths))
    runs, seen, count, dropped = [], {}, {}, []
    for path in paths:
        fn = os.path.basename(path)
        m, m2 = RUN_RE.match(fn), MAKE_SCALING_RE.match(fn)
        if not (m or m2):
            continue
        if fn in seen:
            dropped.append(path)
            continue
        seen[fn] = path
        if m:
            mode, r, t, rep = m.groups()
            name = fn[:-len(".timing.csv")]
        else:
            mode, r, t, _ = m2.groups()
            rep = count.get((mode, r, t), 0)
            name = run_name(mode, int(r), int(t), rep)
        count[(mode, r, t)] = int(rep) + 1
        runs.append((path, name, mode, int(r), int(t), int(rep)))
    if dropped:
        print(f"scaling.py: warning: {len(dropped)} timing CSV(s) left out because an earlier "
              f"source has a run of the same name, e.g. {dropped[0]}", file=sys.stderr)
    if not runs:
        raise Failure("no <mode>_r<R>_t<T>_rep<k>.timing.csv or <mode>-r<R>-t<T>-n<N>.timing.csv "
                      f"in {', '.join(sources)}")
    summary = []
    for path, name, mode, r, t, rep in runs:
        rows = read_timing(path)
        run = known.get(name) or {"name": name, "mode": mode, "ranks": r, "threads": t,
                                  "repeat": rep,
                                  "N": sum(int(float(x["samples"])) for x in rows)}
        check_timing(run, rows, path)
        write = meta.get("write")
        if write is None:  # no meta.json: --no-write runs spend no time writing
            write = any(float(x["write_s"] or 0) > 0 for x in rows)
        summary.append(summarise_run(run, rows, run.get("wall_s"), bool(write)))
    summary.sort(key=lambda s: (s["mode"] != "strong", s["ranks"], s["repeat"]))
    return summary


def report(summary, meta, out, png_dir, prefix):
    summary = sorted(summary, key=lambda s: (s["mode"] != "strong", s["ranks"], s["repeat"]))
    write_summary(os.path.join(out, "scaling_summary.csv"), summary)
    tab = table(summary, meta)
    with open(os.path.join(out, "scaling_table.md"), "w") as f:
        f.write(tab)
    print(tab, end="")
    for p in plot_all(summary, meta, png_dir, prefix):
        print(f"wrote {p}")
    print(f"wrote {os.path.join(out, 'scaling_summary.csv')}")


def run_local(args, runs, meta, out, runs_dir, data_dir):
    cores = meta["physical_cores"]
    summary = []
    if args.warmup and not args.dry_run:
        # untimed: the first written file of a session pays for page cache and page faults
        w = dict(runs[0], name=f"warmup_r{runs[0]['ranks']}")
        cmd = mpirun_command(args, w, cores, data_dir)
        for _ in range(args.warmup):
            p = subprocess.run(cmd, env=dict(os.environ, OMP_NUM_THREADS=str(w["threads"])),
                               capture_output=True, text=True, timeout=args.timeout)
            for q in (".h5", ".h5.tmp", ".timing.csv"):
                if os.path.exists(os.path.join(data_dir, w["name"] + q)):
                    os.remove(os.path.join(data_dir, w["name"] + q))
            if p.returncode != 0:
                raise Failure(f"warm-up run failed (exit {p.returncode}):\n{shlex.join(cmd)}\n"
                              f"{p.stdout}{p.stderr}")
    with open(os.path.join(out, "commands.txt"), "w") as cf:
        for i, run in enumerate(runs):
            cmd = mpirun_command(args, run, cores, data_dir)
            run["cmd"] = shlex.join(cmd)
            cf.write(run["cmd"] + "\n")
            cf.flush()
            if args.dry_run:
                print(run["cmd"])
                continue
            h5 = os.path.join(data_dir, run["name"] + ".h5")
            csv_path = os.path.join(data_dir, run["name"] + ".timing.csv")
            for p in (h5, h5 + ".tmp", csv_path):
                if os.path.exists(p):
                    os.remove(p)
            env = dict(os.environ, OMP_NUM_THREADS=str(run["threads"]))
            t = time.monotonic()
            p = subprocess.run(cmd, env=env, capture_output=True, text=True,
                               timeout=args.timeout)
            run["wall_s"] = time.monotonic() - t
            if p.returncode != 0:
                raise Failure(f"run {run['name']} failed (exit {p.returncode}):\n{run['cmd']}\n"
                              f"{p.stdout}{p.stderr}")
            if not args.keep_h5:
                for q in (h5, h5 + ".tmp"):
                    if os.path.exists(q):
                        os.remove(q)
            if not os.path.exists(csv_path):
                raise Failure(f"run {run['name']}: no timing CSV {csv_path}")
            dest = os.path.join(runs_dir, os.path.basename(csv_path))
            if os.path.abspath(csv_path) != os.path.abspath(dest):
                shutil.copyfile(csv_path, dest)
            rows = read_timing(dest)
            check_timing(run, rows, dest)
            s = summarise_run(run, rows, run["wall_s"], not args.no_write)
            summary.append(s)
            if not args.quiet:
                print(f"[{i + 1}/{len(runs)}] {run['name']}: N={run['N']} "
                      f"total {s['total_s']:.3f} s"
                      f" ({s['samples_per_s']:,.0f} samples/s), write {s['write_s']:.3f} s, "
                      f"wall {run['wall_s']:.2f} s", file=sys.stderr, flush=True)
            meta["runs"] = runs[:i + 1]
            save_meta(out, meta)
    return summary


def run_slurm(args, runs, meta, out, runs_dir, data_dir):
    script = args.sbatch_script
    if script is None:
        default = os.path.join(ROOT, "slurm", "scaling.sbatch")
        script = default if os.path.exists(default) else "wrap"
    if script == "wrap":
        script = None
    elif not os.path.exists(script):
        raise Failure(f"--sbatch-script {script}: no such file")
    else:
        script = os.path.abspath(script)
    lines = ["#!/usr/bin/env bash", "# lensgen scaling study: one sbatch job per run "
             f"(written by scripts/scaling.py, git {meta['git']})", "set -euo pipefail"]
    for i, run in enumerate(runs):
        cmd = sbatch_command(args, run, data_dir, runs_dir, script)
        if i > 0 and not args.slurm_parallel:
            cmd.insert(2, "--dependency=afterany:__PREV__")
        run["cmd"] = shlex.join(cmd).replace("__PREV__", "${j%d}" % (i - 1))
        lines.append(f'j{i}=$({run["cmd"]})')
        lines.append(f'j{i}=${{j{i}%%;*}}')
        lines.append(f'echo "{run["name"]} job ${{j{i}}}"')
    text = "\n".join(lines) + "\n"
    with open(os.path.join(out, "submit.sh"), "w") as f:
        f.write(text)
    if args.dry_run:
        print(text, end="")
        return None
    ids = {}
    prev_id = None
    for run in runs:
        cmd = sbatch_command(args, run, data_dir, runs_dir, script)
        if prev_id and not args.slurm_parallel:
            cmd.insert(2, f"--dependency=afterany:{prev_id}")
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            raise Failure(f"sbatch failed for {run['name']} (exit {p.returncode}):\n"
                          f"{shlex.join(cmd)}\n{p.stdout}{p.stderr}")
        prev_id = p.stdout.strip().split(";")[0]
        ids[run["name"]] = prev_id
        run["job_id"] = prev_id
        print(f"submitted {run['name']}: job {prev_id}", file=sys.stderr)
    meta["runs"] = runs
    save_meta(out, meta)
    if not args.wait:
        print(f"submitted {len(ids)} jobs; when they are done: "
              f"{sys.executable} {os.path.relpath(__file__)} --from-csv {out}")
        return None
    pending = set(ids.values())
    while pending:
        time.sleep(args.poll)
        q = subprocess.run(["squeue", "-h", "-o", "%i", "-j", ",".join(sorted(pending))],
                           capture_output=True, text=True)
        pending = set(q.stdout.split()) & pending if q.returncode == 0 else set()
    missing = [r["name"] for r in runs
               if not os.path.exists(os.path.join(data_dir, r["name"] + ".timing.csv"))]
    if missing:
        raise Failure("no timing CSV for " + ", ".join(missing) + f" (see {runs_dir}/*.slurm.out)")
    if not args.keep_h5:
        for r in runs:
            h5 = os.path.join(data_dir, r["name"] + ".h5")
            if os.path.exists(h5):
                os.remove(h5)
    if os.path.abspath(data_dir) != os.path.abspath(runs_dir):
        for r in runs:
            shutil.copyfile(os.path.join(data_dir, r["name"] + ".timing.csv"),
                            os.path.join(runs_dir, r["name"] + ".timing.csv"))
    return summary_from_dir(out, meta)


def int_list(text):
    try:
        v = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of integers: {text!r}")
    if not v or min(v) < 1:
        raise argparse.ArgumentTypeError(f"need positive integers: {text!r}")
    return sorted(set(v))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 epilog="See the module docstring (head -70 scripts/scaling.py) "
                                        "and "
                                        "docs/scaling.md.",
)
    ap.add_argument("--deck", default=os.path.join(ROOT, "input", "bench.deck"),
                    help="default input/bench.deck")
    ap.add_argument("--n", type=int, default=40960,
                    help="N of the strong series (default 40960: 80 batches of 512, so that "
                         "up to 16 ranks get equal whole batches)")
    ap.add_argument("--n-per-rank", type=int, default=10240,
                    help="N per rank of the weak series (default 10240: 20 batches of 512)")
    ap.add_argument("--ranks", type=int_list, default=[1, 2, 4],
                    help="rank counts, e.g. 1,2,4,8 (default 1,2,4)")
    ap.add_argument("--threads", type=int, default=1, help="OpenMP threads per rank (default 1)")
    ap.add_argument("--repeats", type=int, default=3,
                    help="runs per point; the plots use the median (default 3)")
    ap.add_argument("--warmup", type=int, default=1,
                    help="untimed runs of the first point before the study (default 1; "
                         "local runs only)")
    ap.add_argument("--modes", default="strong,weak",
                    help="strong, weak or strong,weak (default)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="deck override passed to every run (repeatable)")
    ap.add_argument("--no-write", action="store_true", help="lensgen --no-write: compute only")
    ap.add_argument("--out", help="results folder (default out/scaling; with --from-csv: "
                                  "that folder)")
    ap.add_argument("--data-dir", help="where the datasets are written (default <out>/runs)")
    ap.add_argument("--keep-h5", action="store_true", help="keep the datasets")
    ap.add_argument("--png-dir", help="folder of the PNGs (default: --out)")
    ap.add_argument("--png-prefix", default="scaling",
                    help="PNG names: PREFIX_strong.png, PREFIX_weak.png, PREFIX_phases.png "
                         "(default scaling)")
    ap.add_argument("--lensgen", default=os.path.join(ROOT, "build", "lensgen"),
                    help="the binary (default build/lensgen)")
    ap.add_argument("--mpirun", default="mpirun", help="MPI launcher (default mpirun)")
    ap.add_argument("--mpi-args", default="",
                    help="extra mpirun flags, one string, given with '=': "
                         "--mpi-args=\"--bind-to none\"")
    ap.add_argument("--cores", type=int, help="physical cores for the oversubscription note "
                                              "(default: this machine's; none with --slurm)")
    ap.add_argument("--timeout", type=float, default=None, help="seconds per local run")
    ap.add_argument("--dry-run", action="store_true", help="print the commands, run nothing")
    ap.add_argument("--from-csv", metavar="DIR", nargs="+",
                    help="re-plot only: DIR is a previous --out (or a slurm/make_scaling.sh "
                         "SCALING_OUTDIR, or its timing_csv.list); several are merged, e.g. a "
                         "strong and a weak series. Output to --out (default: the first DIR)")
    ap.add_argument("--slurm", action="store_true", help="submit with sbatch instead of mpirun")
    ap.add_argument("--sbatch-script", help="job script (default slurm/scaling.sbatch if it "
                                            "exists, else 'wrap')")
    ap.add_argument("--sbatch-args", default="",
                    help="extra sbatch flags, one string, given with '=': "
                         "--sbatch-args=\"-p compute --time=00:10:00 --exclusive\"")
    ap.add_argument("--slurm-parallel", action="store_true", help="do not chain the jobs")
    ap.add_argument("--wait", action="store_true", help="with --slurm: wait, then summarise")
    ap.add_argument("--poll", type=float, default=10.0, help="squeue poll interval (default 10 s)")
    ap.add_argument("--quiet", action="store_true", help="no per-run progress lines")
    args = ap.parse_args(argv)

    try:
        if args.from_csv:
            srcs = args.from_csv
            first = srcs[0] if os.path.isdir(srcs[0]) else os.path.dirname(os.path.abspath(srcs[0]))
            out = args.out or first
            os.makedirs(out, exist_ok=True)
            meta = next((load_meta(d) for d in srcs if os.path.isdir(d)
                         and os.path.exists(os.path.join(d, "meta.json"))), {})
            if not meta:  # e.g. slurm/make_scaling.sh output: only the timing CSVs are known
                meta = {"git": f"unknown (no meta.json; now {git_revision()})",
                        "host": "machine unknown (no meta.json)", "cpu": "?",
                        "physical_cores": None, "deck": "?", "launcher": "?"}
            if args.cores is not None:
                meta["physical_cores"] = args.cores
            summary = summary_from_dir(srcs, meta)
            meta.setdefault("repeats", max(s["repeat"] for s in summary) + 1)
            meta.setdefault("threads", summary[0]["threads"])
            if "write" not in meta:
                meta["write"] = any(s["write"] for s in summary)
            report(summary, meta, out, args.png_dir or out, args.png_prefix)
            return 0

        args.modes = [m.strip() for m in args.modes.split(",") if m.strip()]
        bad = [m for m in args.modes if m not in ("strong", "weak")]
        if bad or not args.modes:
            ap.error(f"--modes: strong and/or weak, not {args.modes}")
        for name in ("n", "n_per_rank", "threads", "repeats"):
            if getattr(args, name) < 1:
                ap.error(f"--{name.replace('_', '-')} must be >= 1")
        for s in args.set:
            key = s.split("=", 1)[0].strip()
            if "=" not in s:
                ap.error(f"--set {s}: expected KEY=VALUE")
            if key in ("n_samples", "output.file"):
                ap.error(f"--set {key}: set by scaling.py (use --n / --n-per-rank / --data-dir)")
        if not os.path.exists(args.deck):
            ap.error(f"--deck {args.deck}: no such file")
        args.lensgen = os.path.abspath(args.lensgen)
        if not args.dry_run and not args.slurm and not os.access(args.lensgen, os.X_OK):
            ap.error(f"--lensgen {args.lensgen}: not an executable (build it: cmake --preset "
                     "release && cmake --build --preset release)")

        out = os.path.abspath(args.out or os.path.join(ROOT, "out", "scaling"))
        runs_dir = os.path.join(out, "runs")
        data_dir = os.path.abspath(args.data_dir) if args.data_dir else runs_dir
        os.makedirs(runs_dir, exist_ok=True)
        os.makedirs(data_dir, exist_ok=True)
        if not args.dry_run:  # a new study: old timing CSVs would mix into the summary
            for d in {runs_dir, data_dir}:
                for fn in os.listdir(d):
                    if RUN_RE.match(fn):
                        os.remove(os.path.join(d, fn))
        cores = args.cores if args.cores is not None else (None if args.slurm
                                                            else physical_cores())
        deck = os.path.relpath(os.path.abspath(args.deck), ROOT)
        if deck.startswith(".."):
            deck = os.path.abspath(args.deck)
        meta = {"git": git_revision(), "lensgen_version": lensgen_version(args.lensgen),
                "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
                "host": socket.gethostname(), "cpu": cpu_model(),
                "physical_cores": cores, "logical_cpus": os.cpu_count(),
                "launcher": "slurm" if args.slurm else "mpirun",
                "deck": deck, "n": args.n, "n_per_rank": args.n_per_rank, "ranks": args.ranks,
                "threads": args.threads, "repeats": args.repeats, "warmup": args.warmup,
                "modes": args.modes,
                "sets": args.set, "write": not args.no_write, "data_dir": data_dir,
                "command": shlex.join([sys.executable] + sys.argv),
                "load_before": round(os.getloadavg()[0], 2), "runs": []}
        if args.slurm:
            meta["host"] = "SLURM"
            meta["cpu"] = "compute nodes (see runs/*.slurm.out)"
        runs = plan(args)
        if args.dry_run:
            print(f"# {len(runs)} runs; results would go to {out}", file=sys.stderr)
        if args.slurm:
            summary = run_slurm(args, runs, meta, out, runs_dir, data_dir)
        else:
            summary = run_local(args, runs, meta, out, runs_dir, data_dir)
        if args.dry_run or summary is None:
            return 0
        meta["load_after"] = round(os.getloadavg()[0], 2)
        meta["study_wall_s"] = round(sum(r.get("wall_s") or 0 for r in runs), 1)
        save_meta(out, meta)
        report(summary, meta, out, args.png_dir or out, args.png_prefix)
        return 0
    except Failure as e:
        print(f"scaling.py: {e}", file=sys.stderr)
        return 1
    except subprocess.TimeoutExpired as e:
        print(f"scaling.py: run timed out after {e.timeout} s: {shlex.join(e.cmd)}",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
