"""Helpers for the end-to-end tests: run lensgen under MPI, compare HDF5 files, report checks.
CTest sets LENSGEN_BIN, LENSGEN_SOURCE_DIR and the launcher (LENSGEN_MPIEXEC,
LENSGEN_MPIEXEC_NUMPROC_FLAG, LENSGEN_MPI_FLAGS, LENSGEN_MPIEXEC_POSTFLAGS) and
LENSGEN_TEST_RANKS, the most ranks the test declared (cmake/LensgenMpiTest.cmake).

A test calls workdir() for its scratch folders, expect() for each check (given the child's
CompletedProcess or text, a failed check prints it), and finish() at the end: on success the
folders are removed; on a failure, or any other exit (an exception, run() failing), they are
kept and their paths printed."""
import atexit
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np

SRC = os.environ["LENSGEN_SOURCE_DIR"]
QUICK = os.path.join(SRC, "input", "quick.deck")
FAILURES = []
WORKDIRS = []
OUTPUT_TAIL = 6000  # characters of each stream a failed check prints


def workdir():
    """A new temporary folder, removed by finish() when every check passed (kept otherwise)."""
    d = tempfile.mkdtemp(prefix="lensgen-e2e.")
    WORKDIRS.append(d)
    return d


@atexit.register
def _keep_workdirs():
    for d in WORKDIRS:
        if os.path.isdir(d):
            print(f"work directory kept for inspection: {d}")


def _remove_workdirs():
    for d in WORKDIRS:
        shutil.rmtree(d, ignore_errors=True)
    WORKDIRS.clear()


def mpi_launcher(n_ranks):
    """The launcher and its flags for n_ranks ranks (the program and its arguments follow,
    after mpi_postflags()). More ranks than the test declared to CTest is a harness error."""
    declared = int(os.environ.get("LENSGEN_TEST_RANKS", "0") or 0)
    if declared and n_ranks > declared:
        raise SystemExit(f"test harness: {n_ranks} ranks asked for, but the test declares "
                         f"RANKS {declared} (its PROCESSORS) in CMake: raise it there")
    return [os.environ["LENSGEN_MPIEXEC"], os.environ.get("LENSGEN_MPIEXEC_NUMPROC_FLAG") or "-n",
            str(n_ranks)] + shlex.split(os.environ.get("LENSGEN_MPI_FLAGS", ""))


def mpi_postflags():
    return shlex.split(os.environ.get("LENSGEN_MPIEXEC_POSTFLAGS", ""))


def lensgen_cmd(n_ranks, *args):
    """The command line running lensgen with args on n_ranks ranks."""
    return mpi_launcher(n_ranks) + [os.environ["LENSGEN_BIN"]] + mpi_postflags() + list(args)


def rank_env(threads=1, **extra):
    """The environment for the ranks (they inherit the launcher's): OMP_NUM_THREADS and extra."""
    return dict(os.environ, OMP_NUM_THREADS=str(threads), **extra)


def run(n_ranks, deck, output, *sets, threads=1, extra=(), check=True, background=False,
        force=True):
    """Run lensgen on n_ranks with --set overrides; return the CompletedProcess (or, with
    background=True, the running Popen)."""
    args = [deck] + (["--force"] if force else []) + ["--set", f"output.file={output}"]
    for s in sets:
        args += ["--set", s]
    cmd = lensgen_cmd(n_ranks, *args, *extra)
    env = rank_env(threads)
    if background:
        return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=env)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=240, env=env)
    if check and p.returncode != 0:
        print(p.stdout, p.stderr, sep="\n")
        raise SystemExit(f"lensgen failed ({p.returncode}): {' '.join(cmd)}")
    return p


def _tail(text):
    text = text or ""
    if len(text) <= OUTPUT_TAIL:
        return text
    return f"[... first {len(text) - OUTPUT_TAIL} characters left out ...]\n" + text[-OUTPUT_TAIL:]


def child_output(child):
    """A child's output for a failure report: child is a CompletedProcess (or anything with
    args, returncode, stdout, stderr) or text."""
    if isinstance(child, str):
        return "---- output of the child ----\n" + _tail(child) + "\n----"
    cmd = child.args if isinstance(child.args, str) else " ".join(map(str, child.args))
    return (f"---- child: {cmd}\n---- exit status {child.returncode}\n---- stdout\n"
            f"{_tail(child.stdout)}\n---- stderr\n{_tail(child.stderr)}\n----")


def expect(cond, what, child=None):
    """One check. On failure with child given (a CompletedProcess, or the child's text), the
    child's stdout and stderr are printed under the FAIL line."""
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        FAILURES.append(what)
        if child is not None:
            print(child_output(child), flush=True)


def data_items(path):
    """Every dataset under /maps and /params as {name: array}."""
    out = {}
    with h5py.File(path, "r") as f:
        for group in ("maps", "params"):
            for name, d in f[group].items():
                out[f"{group}/{name}"] = d[()]
    return out


def class_names(dataset):
    """The attribute 'names' of /params/profile or /params/dm_model as a list of str."""
    return [x.decode() if isinstance(x, bytes) else str(x) for x in dataset.attrs["names"]]


def bitwise_equal(a, b):
    """Byte-for-byte equality of two arrays (NaN == NaN when the bits agree)."""
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def skip(why):
    """End the test as skipped (CTest SKIP_RETURN_CODE 77), its folders removed."""
    print(f"skipped: {why}")
    _remove_workdirs()
    sys.exit(77)


def finish():
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed")
        sys.exit(1)
    _remove_workdirs()
    print("all checks passed")


def batches_done(out):
    """Batches the completion record of output file `out` lists as done (-1: none yet)."""
    try:
        for line in open(out + ".progress"):
            if line.startswith("batches_done "):
                return int(line.split()[1])
    except OSError:
        pass
    return -1


def kill_after_batches(proc, out, n, timeout=60):
    """SIGKILL the ranks of the background run `proc` writing `out` once n batches are done (the
    ranks' PIDs, found by their command line: killing mpirun leaves them running). Returns the
    batches done; the partial file out + ".tmp" is then left for --resume."""
    import signal
    import time
    deadline = time.time() + timeout
    while batches_done(out) < n and proc.poll() is None and time.time() < deadline:
        time.sleep(0.01)
    for pid in os.listdir("/proc"):
        try:
            if pid.isdigit() and open(f"/proc/{pid}/comm").read().strip() == "lensgen" and \
                    out in open(f"/proc/{pid}/cmdline").read():
                os.kill(int(pid), signal.SIGKILL)
        except OSError:
            pass
    proc.communicate(timeout=timeout)
    return batches_done(out)


def damaged_resume(deck, sets, wd, dataset, byte, n_bytes, items, what):
    """The --resume check of a dataset: a reference run; the same run killed after 3 batches
    (kill_after_batches); n_bytes at `byte` of `dataset` in the partial file (a finished batch)
    overwritten; --resume must find the damage by its checksum and leave the file bitwise the
    reference's (items(path) -> {name: array}). Two expect() lines name `what`."""
    import h5py
    ref, out = os.path.join(wd, "ref.h5"), os.path.join(wd, "killed.h5")
    run(2, deck, ref, *sets)
    done = kill_after_batches(run(2, deck, out, *sets, background=True), out, 3)
    killed = os.path.exists(out + ".tmp") and not os.path.exists(out)
    expect(killed, f"(d) killed after {done} batches: the partial file kept")
    if not killed:
        return
    with h5py.File(out + ".tmp", "r") as f:
        offset = f[dataset].id.get_offset()
    with open(out + ".tmp", "r+b") as f:
        f.seek(offset + byte)
        f.write(b"\x7f" * n_bytes)
    r = run(2, deck, out, *sets, extra=["--resume"], check=False)
    same = r.returncode == 0 and all(bitwise_equal(v, items(out)[k])
                                     for k, v in items(ref).items())
    expect(same and "differ from their checksums" in r.stderr,
           f"(d) a damaged {what} row of a done batch is found by its checksum and recomputed: "
           "bitwise the uninterrupted run", r)

