"""More ranks than samples: ranks with nothing to do join the collective writes with empty
selections; every sample is written exactly once and equals the single-rank result."""
import os

import numpy as np

from lgtest import QUICK, bitwise_equal, data_items, expect, finish, run, workdir

wd = workdir()
for n_samples in (1, 2, 3, 5):
    one = os.path.join(wd, f"n{n_samples}_np1.h5")
    four = os.path.join(wd, f"n{n_samples}_np4.h5")
    run(1, QUICK, one, f"n_samples={n_samples}")
    p = run(4, QUICK, four, f"n_samples={n_samples}", "batch_size=2")
    a, b = data_items(one), data_items(four)
    expect(b["maps/kappa"].shape[0] == n_samples, f"N={n_samples} on 4 ranks: {n_samples} maps")
    expect(all(bitwise_equal(a[k], b[k]) for k in a),
           f"N={n_samples} on 4 ranks equals 1 rank, bitwise")
    # every map was written: a never-written map would hold zeros (no fill value is stored)
    expect(bool((np.abs(b["maps/kappa"]).sum(axis=(1, 2)) > 0).all()), "no unwritten map")
finish()
