"""A full disk (issue 10, items 2 and 6): on a small tmpfs a run that outgrows it fails with a
message naming the cause, on every rank, within seconds, and keeps OUTPUT.tmp and
OUTPUT.progress; after space is freed (the tmpfs grown), the same command with --resume
completes the dataset bitwise equal to one written on a roomy disk. Needs root (mount); exit 77
(skipped) where tmpfs cannot be mounted."""
import os
import subprocess
import sys
import tempfile

from lgtest import QUICK, bitwise_equal, data_items, expect, finish, run, workdir

wd = workdir()
SETS = ["n_samples=4000", "batch_size=64", "map.supersample=1", "output.checkpoint_s=0",
        "output.maps=kappa,kappa_noisy"]  # 32x32 float32 maps: 8 KiB a sample, ~33 MB in all
ref = os.path.join(wd, "ref.h5")
run(2, QUICK, ref, *SETS)
ref_data = data_items(ref)

mnt = tempfile.mkdtemp(prefix="lensgen-tmpfs.")
if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", mnt],
                  capture_output=True).returncode != 0:
    print("cannot mount a tmpfs here (needs root): skipped")
    sys.exit(77)
try:
    out = os.path.join(mnt, "full.h5")
    p = run(2, QUICK, out, *SETS, check=False)
    kept = os.path.exists(out + ".tmp") and os.path.exists(out + ".progress")
    if p.returncode != 1 or not kept:
        print(p.stdout, p.stderr)
    expect(p.returncode == 1 and kept and "--resume" in p.stderr and not os.path.exists(out),
           f"disk full: exit {p.returncode} (1), OUTPUT.tmp and .progress kept, says --resume")
    subprocess.run(["mount", "-o", "remount,size=64m", mnt], check=True)
    p = run(2, QUICK, out, *SETS, extra=["--resume"], check=False)
    same = p.returncode == 0 and all(bitwise_equal(ref_data[k], v)
                                     for k, v in data_items(out).items())
    if not same:
        print(p.stdout, p.stderr)
    expect(same, "space freed, --resume completes it bitwise equal to the roomy run")
finally:
    subprocess.run(["umount", mnt])
    os.rmdir(mnt)
finish()
