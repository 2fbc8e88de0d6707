"""More ranks than samples: ranks with nothing to do join the collective writes with empty
selections; every sample is written exactly once and equals the single-rank result."""
import os

import numpy as np

from lgtest import QUICK, bitwise_equal, data_items, expect, finish, run, workdir

wd = workdir()
for n_samples, ranks in ((1, 4), (2, 4), (3, 4), (5, 4), (5, 8), (13, 8)):
    one = os.path.join(wd, f"n{n_samples}_np1.h5")
    many = os.path.join(wd, f"n{n_samples}_np{ranks}.h5")
    run(1, QUICK, one, f"n_samples={n_samples}")
    run(ranks, QUICK, many, f"n_samples={n_samples}", "batch_size=2")
    a, b = data_items(one), data_items(many)
    expect(b["maps/kappa"].shape[0] == n_samples, f"N={n_samples} on {ranks} ranks: {n_samples} maps")
    expect(all(bitwise_equal(a[k], b[k]) for k in a),
           f"N={n_samples} on {ranks} ranks equals 1 rank, bitwise")
    # every map was written: a never-written map would hold zeros (no fill value is stored)
    expect(bool((np.abs(b["maps/kappa"]).sum(axis=(1, 2)) > 0).all()), "no unwritten map")
finish()
