"""A failure on one rank never hangs the others (issue 9, item 4): with failure injection
(LENSGEN_FAULT=POINT:RANK, builds with LENSGEN_FAULTS, src/fault.h) each point that can fail on
one rank -- batch allocation, file creation, a backend stage, a batch write, a checkpoint sync,
the final close -- is made to fail on rank 1 of 3; every rank must then exit non-zero within seconds (mpirun
returns only when all have), the failing rank naming the injected failure, and no final output
file may appear. Exit 77 (skipped) for a build without failure injection."""
import os
import subprocess
import time

from lgtest import QUICK, expect, finish, lensgen_cmd, rank_env, skip, workdir

wd = workdir()


def run_fault(point, rank=1, n_ranks=3):
    """Run with the failure injected at point on rank; return (CompletedProcess or None on a
    timeout, seconds, output path)."""
    out = os.path.join(wd, f"{point}.h5")
    cmd = lensgen_cmd(n_ranks, QUICK, "--force", "--set", f"output.file={out}",
                      "--set", "n_samples=600", "--set", "output.checkpoint_s=0")
    t0 = time.time()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60,
                           env=rank_env(LENSGEN_FAULT=f"{point}:{rank}"))
    except subprocess.TimeoutExpired as e:
        return subprocess.CompletedProcess(cmd, None, e.stdout or "", e.stderr or ""), 60.0, out
    return p, time.time() - t0, out


p, secs, _ = run_fault("alloc")
if p.returncode == 0 and "injected failure" not in p.stdout + p.stderr:
    skip("this build has no failure injection (configure with -DLENSGEN_FAULTS=ON)")

for point in ("alloc", "create", "compute", "write", "sync", "close"):
    p, secs, out = run_fault(point)
    if p.returncode is None:
        expect(False, f"{point} on rank 1 of 3: every rank exits (timed out after 60 s: a hang)",
               p)
        continue
    ok = (p.returncode != 0 and f"rank 1: injected failure at '{point}'" in p.stdout + p.stderr
          and secs < 30)
    expect(ok, f"{point} on rank 1 of 3: all ranks exit {p.returncode} in {secs:.1f} s, the "
           "failure named", p)
    expect(not os.path.exists(out), f"{point}: no final output file", p)
finish()
