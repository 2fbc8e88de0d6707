"""I/O tuning keys: chunked maps (whole maps per chunk), gzip and shuffle written collectively
by 1 and 3 ranks read back bitwise equal to the contiguous layout, with the layout h5py reports;
the alignment key moves large datasets onto multiples of it in the file."""
import os

import h5py

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
finish()
