"""Bitwise reproducibility: maps and params are identical for 1, 2, 3 and 4 ranks, for any
batch_size, any OMP_NUM_THREADS and the static or dynamic schedule (every random number is
keyed by the sample index)."""
import os

from lgtest import QUICK, bitwise_equal, data_items, expect, finish, run, workdir

wd = workdir()
ref_path = os.path.join(wd, "ref.h5")
run(1, QUICK, ref_path, "batch_size=200")
ref = data_items(ref_path)

cases = [(2, 16, 1, "static"), (3, 16, 1, "static"), (4, 16, 1, "static"), (1, 1, 1, "static"),
         (3, 7, 1, "static"), (2, 64, 2, "static"), (1, 13, 2, "static"), (4, 5, 2, "static"),
         (2, 16, 1, "dynamic"), (3, 7, 1, "dynamic"), (4, 3, 1, "dynamic"), (1, 9, 2, "dynamic")]
for n, batch, threads, schedule in cases:
    path = os.path.join(wd, f"np{n}_b{batch}_t{threads}_{schedule}.h5")
    run(n, QUICK, path, f"batch_size={batch}", f"schedule={schedule}", threads=threads)
    got = data_items(path)
    same = [k for k in ref if bitwise_equal(ref[k], got[k])]
    expect(len(same) == len(ref),
           f"{n} rank(s), batch_size {batch}, {threads} thread(s), {schedule}: {len(same)}/"
           f"{len(ref)} datasets bitwise identical" + ("" if len(same) == len(ref) else
                                                      f" (differ: {sorted(set(ref) - set(same))})"))

# Poisson noise and no smoothing take other code paths: check them across ranks too
for noise in ("poisson", "none"):
    a, b = os.path.join(wd, f"{noise}1.h5"), os.path.join(wd, f"{noise}3.h5")
    run(1, QUICK, a, f"noise.type={noise}", "normalise.method=zscore")
    run(3, QUICK, b, f"noise.type={noise}", "normalise.method=zscore", "batch_size=9")
    da, db = data_items(a), data_items(b)
    expect(all(bitwise_equal(da[k], db[k]) for k in da), f"noise {noise}: 1 vs 3 ranks identical")

# and a different seed gives a different dataset (the check above can fail)
other = os.path.join(wd, "seed.h5")
run(2, QUICK, other, "seed=43")
expect(not bitwise_equal(ref["maps/kappa"], data_items(other)["maps/kappa"]),
       "another seed gives other maps")
finish()
