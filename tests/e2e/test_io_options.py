"""I/O tuning keys: chunked maps (whole maps per chunk), gzip and shuffle written collectively
by 1 and 3 ranks read back bitwise equal to the contiguous layout, with the layout h5py reports;
the alignment key moves large datasets onto multiples of it in the file; output.dtype = float16
stores the float32 maps rounded to IEEE half."""
import os

import h5py
import numpy as np

from lgtest import QUICK, bitwise_equal, data_items, expect, finish, run, workdir

wd = workdir()
plain = os.path.join(wd, "plain.h5")
run(2, QUICK, plain)
ref = data_items(plain)
for n in (1, 3):
    path = os.path.join(wd, f"gzip{n}.h5")
    run(n, QUICK, path, "output.chunk_samples=16", "output.compression=1", "output.shuffle=true",
        "batch_size=24")
    with h5py.File(path, "r") as f:
        d = f["maps/kappa"]
        expect(d.chunks == (16, 32, 32) and d.compression == "gzip" and d.shuffle,
               f"{n} rank(s): chunks of 16 maps, gzip, shuffle")
    got = data_items(path)
    expect(all(bitwise_equal(ref[k], got[k]) for k in ref), f"{n} rank(s): same data as contiguous")
    expect(os.path.getsize(path) < os.path.getsize(plain), "compressed file is smaller")

aligned = os.path.join(wd, "aligned.h5")
run(2, QUICK, aligned, "output.alignment_kib=64")
with h5py.File(aligned, "r") as f:
    offset = f["maps/kappa"].id.get_offset()
    expect(offset % (64 * 1024) == 0, f"/maps/kappa at offset {offset}, a multiple of 64 KiB")

# output.dtype = float16: h5py reads numpy float16, each value the float32 map rounded to nearest
# (ties to even, as numpy's astype does), at any rank count; the params are unchanged
for n in (1, 3):
    half = os.path.join(wd, f"half{n}.h5")
    run(n, QUICK, half, "output.dtype=float16", "batch_size=24")
    got = data_items(half)
    same = all(got[k].dtype == np.float16 and
               bitwise_equal(got[k], ref[k].astype(np.float16)) for k in ref if k.startswith("maps/"))
    expect(same, f"{n} rank(s): float16 maps = the float32 maps rounded to nearest even")
    expect(all(bitwise_equal(ref[k], got[k]) for k in ref if k.startswith("params/")),
           f"{n} rank(s): params unchanged by output.dtype")
    expect(os.path.getsize(half) < 0.6 * os.path.getsize(plain), "float16 file about half the size")
finish()
