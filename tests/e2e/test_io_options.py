"""I/O tuning keys: chunked maps (whole maps per chunk), gzip and shuffle written collectively
by 1 and 3 ranks read back bitwise equal to the contiguous layout, with the layout h5py reports;
the alignment key moves large datasets onto multiples of it in the file; output.dtype = float16
stores the float32 maps rounded to IEEE half; map rows written with O_DIRECT (output.direct_io)
are bitwise those written through the page cache, and the run says which way they went."""
import os

import h5py
import numpy as np

from lgtest import QUICK, bitwise_equal, data_items, expect, finish, run, workdir

wd = workdir()
plain = os.path.join(wd, "plain.h5")
p = run(2, QUICK, plain)
ref = data_items(plain)


def direct_supported(directory):
    """Whether this file system takes O_DIRECT (tmpfs does not)."""
    probe = os.path.join(directory, "direct.probe")
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_DIRECT))
        return True
    except OSError:
        return False
    finally:
        if os.path.exists(probe):
            os.remove(probe)


# quick.deck: 32x32 float32 maps, 4 KiB each: direct where the file system allows
way = "with O_DIRECT" if direct_supported(wd) else "through the page cache"
expect(f"output: {plain} (maps written {way})" in p.stdout, f"default run: maps written {way}", p)
for n in (1, 3):
    path = os.path.join(wd, f"cached{n}.h5")
    p = run(n, QUICK, path, "output.direct_io=false", "batch_size=24")
    expect("(maps written through the page cache)" in p.stdout,
           f"{n} rank(s), output.direct_io = false: through the page cache")
    got = data_items(path)
    expect(all(bitwise_equal(ref[k], got[k]) for k in ref),
           f"{n} rank(s): page-cache writes give the same data as direct ones")
# rows of 48x48 float32 (9 KiB) are not a multiple of 4 KiB: the page cache, automatically
odd = os.path.join(wd, "odd.h5")
p = run(2, QUICK, odd, "map.npix=48")
expect("(maps written through the page cache)" in p.stdout, "npix 48: through the page cache", p)
for n in (1, 3):
    path = os.path.join(wd, f"gzip{n}.h5")
    run(n, QUICK, path, "output.chunk_samples=8", "output.compression=1", "output.shuffle=true",
        "batch_size=24")
    with h5py.File(path, "r") as f:
        d = f["maps/kappa"]
        expect(d.chunks == (8, 32, 32) and d.compression == "gzip" and d.shuffle,
               f"{n} rank(s): chunks of 8 maps, gzip, shuffle")
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
