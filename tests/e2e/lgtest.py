"""Helpers for the end-to-end tests: run lensgen under mpirun, compare HDF5 files.
CTest sets LENSGEN_BIN, LENSGEN_MPIEXEC, LENSGEN_MPI_FLAGS and LENSGEN_SOURCE_DIR."""
import os
import shlex
import subprocess
import sys
import tempfile

import h5py
import numpy as np

SRC = os.environ["LENSGEN_SOURCE_DIR"]
QUICK = os.path.join(SRC, "input", "quick.deck")
FAILURES = []


def workdir():
    return tempfile.mkdtemp(prefix="lensgen-e2e.")


def run(n_ranks, deck, output, *sets, threads=1, extra=(), check=True, background=False,
        force=True):
    """Run lensgen on n_ranks with --set overrides; return the CompletedProcess (or, with
    background=True, the running Popen)."""
    cmd = [os.environ["LENSGEN_MPIEXEC"], "-np", str(n_ranks)]
    cmd += shlex.split(os.environ.get("LENSGEN_MPI_FLAGS", ""))
    cmd += ["-x", f"OMP_NUM_THREADS={threads}", os.environ["LENSGEN_BIN"], deck]
    cmd += (["--force"] if force else []) + ["--set", f"output.file={output}"]
    for s in sets:
        cmd += ["--set", s]
    cmd += list(extra)
    if background:
        return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=240)
    if check and p.returncode != 0:
        print(p.stdout, p.stderr, sep="\n")
        raise SystemExit(f"lensgen failed ({p.returncode}): {' '.join(cmd)}")
    return p


def expect(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        FAILURES.append(what)


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


def finish():
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed")
        sys.exit(1)
    print("all checks passed")
