"""scripts/inspect.py reads a lensgen file: prints layout, provenance, statistics and timing,
saves a PNG grid with --png, and refuses a file that is not lensgen output with exit 1."""
import os
import subprocess
import sys

import h5py

from lgtest import QUICK, SRC, expect, finish, run, workdir

wd = workdir()
out = os.path.join(wd, "q.h5")
run(2, QUICK, out, "n_samples=40")
png = os.path.join(wd, "grid.png")
script = os.path.join(SRC, "scripts", "inspect.py")
p = subprocess.run([sys.executable, script, out, "--png", png, "--n", "3"], capture_output=True,
                   text=True, timeout=120)
print(p.stdout[-3000:], p.stderr[-2000:])
expect(p.returncode == 0, "inspect.py exits 0")
for word in ("/maps/kappa_noisy", "git", "n_ranks", "nfw", "total"):
    expect(word in p.stdout, f"output mentions {word}")
expect(os.path.exists(png) and open(png, "rb").read(8) == b"\x89PNG\r\n\x1a\n", "PNG written")

other = os.path.join(wd, "other.h5")
with h5py.File(other, "w") as f:
    f["x"] = [1, 2, 3]
for bad in (other, os.path.join(wd, "missing.h5")):
    p = subprocess.run([sys.executable, script, bad], capture_output=True, text=True, timeout=60)
    expect(p.returncode == 1 and p.stderr.strip() != "", f"{os.path.basename(bad)}: exit 1 with a message")
finish()
