"""A failure on one rank never hangs the others (issue 9, item 4): with failure injection
(LENSGEN_FAULT=POINT:RANK, builds with LENSGEN_FAULTS, src/fault.h) each point that can fail on
one rank -- batch allocation, file creation, a backend stage, a batch write, a checkpoint sync,
the final close -- is made to fail on rank 1 of 3; every rank must then exit non-zero within seconds (mpirun
returns only when all have), the failing rank naming the injected failure, and no final output
file may appear. Exit 77 (skipped) for a build without failure injection."""
import os
import shlex
import subprocess
import sys
import time

from lgtest import QUICK, expect, finish, workdir

wd = workdir()


def run_fault(point, rank=1, n_ranks=3):
    out = os.path.join(wd, f"{point}.h5")
    cmd = [os.environ["LENSGEN_MPIEXEC"], "-np", str(n_ranks)]
    cmd += shlex.split(os.environ.get("LENSGEN_MPI_FLAGS", ""))
    cmd += ["-x", f"LENSGEN_FAULT={point}:{rank}", "-x", "OMP_NUM_THREADS=1",
            os.environ["LENSGEN_BIN"], QUICK, "--force", "--set", f"output.file={out}",
            "--set", "n_samples=600", "--set", "output.checkpoint_s=0"]
    t0 = time.time()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return None, 60.0, "", out
    return p.returncode, time.time() - t0, p.stdout + p.stderr, out


rc, secs, text, _ = run_fault("alloc")
if rc == 0 and "injected failure" not in text:
    print("this build has no failure injection (configure with -DLENSGEN_FAULTS=ON)")
    sys.exit(77)

for point in ("alloc", "create", "compute", "write", "sync", "close"):
    rc, secs, text, out = run_fault(point)
    if rc is None:
        expect(False, f"{point} on rank 1 of 3: every rank exits (timed out after 60 s: a hang)")
        continue
    ok = rc != 0 and f"rank 1: injected failure at '{point}'" in text and secs < 30
    if not ok:
        print(text)
    expect(ok, f"{point} on rank 1 of 3: all ranks exit {rc} in {secs:.1f} s, the failure named")
    expect(not os.path.exists(out), f"{point}: no final output file")
finish()
