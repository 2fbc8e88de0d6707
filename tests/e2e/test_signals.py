"""Stopping a run (issue 10, item 4). SIGTERM and SIGINT sent to scripts/mpirun.sh (which hands
mpirun SIGUSR1, the signal Open MPI forwards without aborting) end in exit 3 with a checkpoint
in every trial, and --resume then completes the dataset bitwise equal to an uninterrupted run;
a SIGTERM to the ranks stops a run of large maps within seconds (the stop is checked between
samples, not only between batches)."""
import csv
import os
import signal
import subprocess
import time

from lgtest import QUICK, SRC, bitwise_equal, data_items, expect, finish, run, workdir

wd = workdir()
# runs of ~4 s whatever the build (a sanitizer build is ~10x slower), so every signal lands
# mid-run: a short calibration run sets n_samples; 4x4 sub-pixel samples make the maps costly
BASE = ["batch_size=64", "output.checkpoint_s=1000", "map.supersample=4"]
run(2, QUICK, os.path.join(wd, "calibrate.h5"), "n_samples=2000", *BASE)
with open(os.path.join(wd, "calibrate.timing.csv")) as f:  # lensgen's own clock: no start-up
    rows = list(csv.DictReader(f))
rate = 2000 / max(max(float(r["total_s"]) for r in rows), 0.05)
n = int(min(max(rate * 4.0, 1000), 30000)) // 64 * 64
SETS = [f"n_samples={n}"] + BASE
print(f"calibration: {rate:.0f} samples/s end to end: n_samples = {n}")
ref = os.path.join(wd, "ref.h5")
run(2, QUICK, ref, *SETS)
ref_kappa = data_items(ref)["maps/kappa"]


def wrapper_run(out, sets, sig, after_s):
    cmd = ["bash", os.path.join(SRC, "scripts", "mpirun.sh"), "2", "-x", "OMP_NUM_THREADS=1",
           os.environ["LENSGEN_BIN"], QUICK, "--force", "--quiet", "--set", f"output.file={out}"]
    for s in sets:
        cmd += ["--set", s]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 60
    while not os.path.exists(out + ".progress") and time.time() < deadline:
        time.sleep(0.02)
    time.sleep(after_s)
    p.send_signal(sig)
    text, _ = p.communicate(timeout=120)
    return p.returncode, text


for sig in (signal.SIGTERM, signal.SIGINT):
    for trial, after in enumerate((0.0, 0.5, 1.2)):
        out = os.path.join(wd, f"{sig.name}_{trial}.h5")
        rc, text = wrapper_run(out, SETS, sig, after)
        ok = rc == 3 and os.path.exists(out + ".progress") and not os.path.exists(out)
        if not ok:
            print(text)
        expect(ok, f"{sig.name} to mpirun.sh after {after} s: exit {rc} (3), checkpoint kept")
        p = run(2, QUICK, out, *SETS, extra=["--resume"], check=False)
        done = p.returncode == 0 and bitwise_equal(ref_kappa, data_items(out)["maps/kappa"])
        if not done:
            print(p.stdout, p.stderr)
        expect(done, f"{sig.name} trial {trial}: --resume completes it, bitwise as uninterrupted")
        for path in (out, out + ".tmp", out + ".progress"):
            if os.path.exists(path):
                os.remove(path)

# large maps, a batch of 16 of them: the stop does not wait for the batch
big = os.path.join(wd, "big.h5")
p = run(2, QUICK, big, "map.npix=1024", "batch_size=16", "n_samples=64", "noise.smooth_fwhm=0.3",
        background=True)
deadline = time.time() + 60
while not os.path.exists(big + ".progress") and time.time() < deadline:
    time.sleep(0.05)
time.sleep(1.0)
t0 = time.time()
for pid in [int(x) for x in os.listdir("/proc") if x.isdigit()]:
    try:
        if open(f"/proc/{pid}/comm").read().strip() == "lensgen" and \
                big in open(f"/proc/{pid}/cmdline").read():
            os.kill(pid, signal.SIGTERM)
    except OSError:
        pass
out_text, err_text = p.communicate(timeout=120)
secs = time.time() - t0
if p.returncode != 3:
    print(out_text, err_text)
expect(p.returncode == 3 and secs < 15, f"1024^2 maps, SIGTERM to the ranks: exit {p.returncode} "
       f"after {secs:.1f} s")
finish()
