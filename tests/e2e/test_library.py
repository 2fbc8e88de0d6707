"""liblensgen and the Python Generator (src/lensgen.h, python/lensgen): the samples the library
fills are the samples the program writes, bitwise, for index ranges that cross the program's
batch boundaries: input/default.deck (every profile, noise, augmentation) and
input/substructure.deck (subhalos, SIDM cores, WDM thinning); maps and every scalar /params
column the file holds; a bad override gives one message naming the key and the allowed range.
lensgen.Dataset on the default deck's file: the three splits partition the samples (80/10/10),
the same for a second instance; an epoch visits its split once, a new order per epoch and the
same order when asked again; every minibatch holds the file's rows."""
import os
import subprocess
import sys

import h5py
import numpy as np

from lgtest import SRC, bitwise_equal, expect, finish, run, skip, workdir

os.environ.setdefault("LENSGEN_LIBRARY",
                      os.path.join(os.path.dirname(os.environ["LENSGEN_BIN"]), "liblensgen.so"))
# an ASan build's library cannot load into an uninstrumented Python (ASan must come first); its
# code runs under ASan in tests/unit/test_library.c
if "libasan" in subprocess.run(["ldd", os.environ["LENSGEN_LIBRARY"]], capture_output=True,
                               text=True).stdout:
    skip("the library is built with AddressSanitizer (tests/unit/test_library.c covers it)")
sys.path.insert(0, os.path.join(SRC, "python"))
import lensgen  # noqa: E402

wd = workdir()
CASES = [("default.deck", ["n_samples=48", "batch_size=16"], 5, 30),
         ("substructure.deck", ["n_samples=24", "batch_size=7", "subhalos.m_min=1e8"], 3, 20)]
for deck, sets, first, count in CASES:
    path = os.path.join(SRC, "input", deck)
    out = os.path.join(wd, deck + ".h5")
    run(2, path, out, *sets)
    with lensgen.Generator(path, sets) as g:
        maps, labels = g.batch(first, count)
        names, labs = g.map_names, g.label_names
    with h5py.File(out, "r") as f:
        file_maps = {k: f["maps"][k][first:first + count] for k in f["maps"]}
        file_par = {k: f["params"][k][first:first + count] for k in f["params"]
                    if f["params"][k].ndim == 1}
    expect(sorted(names) == sorted(file_maps) and sorted(labs) == sorted(file_par),
           f"{deck}: the library's maps {names} and {len(labs)} labels are the file's")
    bad = [k for k in names if not bitwise_equal(maps[k], file_maps[k])]
    bad += [k for k in labs if not bitwise_equal(labels[k], file_par[k].astype(np.float64))]
    expect(not bad, f"{deck}: samples [{first}, {first + count}) bitwise the file's "
           f"(program batches of {sets[1].split('=')[1]} on 2 ranks); differ: {bad}")

# Dataset
out = os.path.join(wd, "default.deck.h5")
with h5py.File(out, "r") as f:
    kappa, z_l = f["maps/kappa"][()], f["params/z_l"][()]
sets = {s: lensgen.Dataset(out, s, labels=["z_l"]) for s in lensgen.Dataset.SPLITS}
idx = [sets[s].indices for s in lensgen.Dataset.SPLITS]
allidx = np.sort(np.concatenate(idx))
expect(np.array_equal(allidx, np.arange(48)) and [len(i) for i in idx] == [38, 5, 5] and
       np.array_equal(lensgen.Dataset(out, "val").indices, idx[1]),
       f"Dataset: splits partition the 48 samples {[len(i) for i in idx]}, deterministic")
tr = sets["train"]
seen = [np.concatenate([b[1]["z_l"] for b in tr.batches(8, epoch=e)]) for e in (0, 1, 0)]
where = {float(v): i for i, v in enumerate(z_l)}  # z_l is drawn: one value per sample
rows = all(np.array_equal(m["kappa"], kappa[[where[float(v)] for v in p["z_l"]]])
           for m, p in tr.batches(8, epoch=2))
expect(np.array_equal(np.sort(seen[0]), np.sort(z_l[tr.indices])) and
       not np.array_equal(seen[0], seen[1]) and np.array_equal(seen[0], seen[2]) and rows,
       "Dataset: an epoch visits the split once, a new order per epoch, repeatable; "
       "minibatches hold the file's rows")

try:
    lensgen.Generator(os.path.join(SRC, "input", "default.deck"), {"map.npix": 3})
    expect(False, "a bad override raises LensgenError")
except lensgen.LensgenError as e:
    msg = str(e)
    expect("map.npix" in msg and "allowed [4, 8192]" in msg and len(msg.splitlines()) == 1,
           f"a bad override: one message naming the key and the range: {msg}")
finish()
