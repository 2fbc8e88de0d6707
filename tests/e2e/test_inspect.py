"""scripts/inspect.py reads a lensgen file: prints layout, provenance, statistics and timing,
saves a PNG grid with --png, and refuses a file that is not lensgen output with exit 1.
Also: the class columns /params/profile and /params/dm_model are counted by name, whether their
attribute 'names' is an array of strings (current files) or one comma-separated string (older
files); panel titles carry the profile and dark-matter labels; the noisy panels' colour range
is the 1st-99th percentile, so one hot pixel does not set it (--clip 0 gives the full range);
a file without /params/dm_model (a deck without halos) is described too."""
import os
import re
import shutil
import subprocess
import sys

import h5py
import numpy as np

from lgtest import QUICK, SRC, expect, finish, run, workdir

wd = workdir()
out = os.path.join(wd, "q.h5")
run(2, QUICK, out, "n_samples=40")
png = os.path.join(wd, "grid.png")
script = os.path.join(SRC, "scripts", "inspect.py")


def inspect(path, *args, timeout=120):
    p = subprocess.run([sys.executable, script, path, *args], capture_output=True, text=True,
                       timeout=timeout)
    print(f"--- inspect.py {os.path.basename(path)} {' '.join(args)}: exit {p.returncode}")
    print(p.stdout[-3000:], p.stderr[-2000:])
    return p


def names_of(ds):
    """The test's own reading of a 'names' attribute (array of strings or comma string)."""
    v = ds.attrs["names"]
    if isinstance(v, np.ndarray) and v.ndim == 1:
        return [x.decode() if isinstance(x, bytes) else str(x) for x in v]
    return (v.decode() if isinstance(v, bytes) else str(v)).split(",")


def expected(path):
    """What inspect.py must print: the count lines of each class column and each panel head."""
    counts, heads = [], []
    with h5py.File(path, "r") as f:
        cols = {c: (f["params/" + c][()], names_of(f["params/" + c]))
                for c in ("profile", "dm_model") if "params/" + c in f}
        for col, (v, names) in cols.items():
            vals, cnt = np.unique(v, return_counts=True)
            counts.append(f"  /params/{col}: {v.size} samples")
            counts += [f"    {names[a]:14s} {c:9d}  " for a, c in zip(vals, cnt)]
        for i in range(3):
            head = f"#{i} {cols['profile'][1][cols['profile'][0][i]]}"
            if "dm_model" in cols:
                dname = cols["dm_model"][1][cols["dm_model"][0][i]]
                if dname != "none":
                    head += f" / {dname}"
            heads.append(f"  panel {head};")
    return counts, heads


def check_labels(p, path, what):
    counts, heads = expected(path)
    missing = [c for c in counts if c not in p.stdout]
    expect(not missing, f"{what}: class counts by name for profile and dm_model {missing or ''}")
    panels = [l for l in p.stdout.splitlines() if l.startswith("  panel #")]
    for h in heads[:len(panels)]:
        expect(any(l.startswith(h) for l in panels), f"{what}: panel title starts {h.strip()!r}")
    return panels


def noisy_range(line):
    m = re.search(r"kappa_noisy colours \[([-+0-9.eE]+), ([-+0-9.eE]+)\]", line)
    return (float(m.group(1)), float(m.group(2))) if m else None


p = inspect(out, "--png", png, "--n", "3")
expect(p.returncode == 0, "inspect.py exits 0", p)
for word in ("/maps/kappa_noisy", "git", "n_ranks", "nfw", "total"):
    expect(word in p.stdout, f"output mentions {word}", p)
expect(os.path.exists(png) and open(png, "rb").read(8) == b"\x89PNG\r\n\x1a\n", "PNG written")
expect("/params/dm_model: 40 samples" in p.stdout, "dm_model counted like profile", p)
panels = check_labels(p, out, "lensgen's file")
expect(len(panels) == 3, "one panel line per sample")

# The other form of 'names' (array <-> comma string), a hot pixel in sample 0's noisy map.
alt = os.path.join(wd, "alt.h5")
shutil.copy(out, alt)
with h5py.File(alt, "r+") as f:
    was_array = {}
    for col in ("profile", "dm_model"):
        ds = f["params/" + col]
        names = names_of(ds)
        was_array[col] = isinstance(ds.attrs["names"], np.ndarray) and ds.attrs["names"].ndim == 1
        del ds.attrs["names"]
        if was_array[col]:
            ds.attrs["names"] = ",".join(names)
        else:
            ds.attrs.create("names", np.array(names, dtype=object), dtype=h5py.string_dtype())
    m = f["maps/kappa_noisy"]
    s0 = m[0]
    s0[3, 3] = 1000.0
    m[0] = s0
form = "comma string" if was_array["profile"] else "string array"
p = inspect(alt, "--png", png, "--n", "2")
expect(p.returncode == 0, f"names as {form}: exit 0", p)
panels = check_labels(p, alt, f"names as {form}")
r = noisy_range(panels[0]) if panels else None
expect(r is not None and r[1] < 10.0,
       f"hot pixel (1000) left out of sample 0's colour range {r} (1st-99th percentile)")
p = inspect(alt, "--png", png, "--n", "1", "--clip", "0")
panels = [l for l in p.stdout.splitlines() if l.startswith("  panel #")]
r = noisy_range(panels[0]) if panels else None
expect(p.returncode == 0 and r is not None and r[1] == 1000.0, f"--clip 0: full range {r}", p)
p = inspect(alt, "--clip", "50")
expect(p.returncode == 2 and "--clip must be" in p.stderr, "--clip 50 refused with a message", p)

# A file without /params/dm_model (output.params = applicable, no halo in the deck).
nodm = os.path.join(wd, "nodm.h5")
shutil.copy(out, nodm)
with h5py.File(nodm, "r+") as f:
    del f["params/dm_model"]
p = inspect(nodm, "--png", png, "--n", "3")
expect(p.returncode == 0 and "/params/dm_model:" not in p.stdout, "no dm_model column: exit 0", p)
panels = check_labels(p, nodm, "no dm_model column")
expect(panels and not any(" / " in l.split(";")[0] for l in panels), "no dm label without dm_model")

other = os.path.join(wd, "other.h5")
with h5py.File(other, "w") as f:
    f["x"] = [1, 2, 3]
for bad in (other, os.path.join(wd, "missing.h5")):
    p = subprocess.run([sys.executable, script, bad], capture_output=True, text=True, timeout=60)
    expect(p.returncode == 1 and p.stderr.strip() != "", f"{os.path.basename(bad)}: exit 1 with a message",
           p)
finish()
