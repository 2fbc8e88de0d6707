"""Resume after interruption (issue 5): a run stopped by SIGTERM (as at a SLURM time limit)
finishes its batch, checkpoints and exits 3 with a message; a run killed by SIGKILL leaves the
file and its completion record; --resume (even on another number of ranks) computes only the
missing batches and the final maps and params are bitwise identical to an uninterrupted run.
A damaged file is detected and recomputed, a record from another deck is refused; --resume
with no earlier run starts one, of a finished run does nothing (exit 0), and a plain rerun
over an interrupted run refuses to discard it."""
import os
import signal
import subprocess
import time

from lgtest import QUICK, bitwise_equal, data_items, expect, finish, run, workdir

SETS = ["n_samples=6000", "batch_size=48", "map.npix=48", "output.checkpoint_s=0",
        "map.supersample=1"]  # pixel centres: the resume logic, not the maps, is tested here
wd = workdir()
ref = os.path.join(wd, "ref.h5")
run(2, QUICK, ref, *SETS)
ref_data = data_items(ref)


def rank_pids(tag):
    """pids of the lensgen rank processes whose command line mentions tag (not mpirun)."""
    pids = []
    for p in os.listdir("/proc"):
        try:
            if p.isdigit() and open(f"/proc/{p}/comm").read().strip() == "lensgen" and \
                    tag in open(f"/proc/{p}/cmdline").read():
                pids.append(int(p))
        except OSError:
            pass
    return pids


def batches_done(record):
    try:
        for line in open(record):
            if line.startswith("batches_done "):
                return int(line.split()[1])
    except OSError:
        pass
    return -1


def stop_after(p, out, sig, after_batches, poll_s):
    """Send sig to the ranks writing out once its record lists after_batches batches (or the
    run ended, or 60 s passed); return the run as a CompletedProcess."""
    deadline = time.time() + 60
    while batches_done(out + ".progress") < after_batches and p.poll() is None \
            and time.time() < deadline:
        time.sleep(poll_s)
    for pid in rank_pids(out):
        os.kill(pid, sig)
    stdout, stderr = p.communicate(timeout=60)
    return subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr)


def interrupted_run(name, sig, after_batches):
    """Run out = NAME.h5 on 2 ranks, stopped by sig after after_batches batches; return (out,
    the stopped run as a CompletedProcess)."""
    out = os.path.join(wd, name + ".h5")
    return out, stop_after(run(2, QUICK, out, *SETS, background=True), out, sig, after_batches,
                           0.02)


n_batches = 6000 // 48
for sig, after in ((signal.SIGTERM, 1), (signal.SIGTERM, n_batches // 2),
                   (signal.SIGKILL, 3), (signal.SIGKILL, n_batches // 3)):
    name = f"{signal.Signals(sig).name.lower()}_{after}"
    out, stopped = interrupted_run(name, sig, after)
    done = batches_done(out + ".progress")
    rc = stopped.returncode
    expect(rc != 0 and not os.path.exists(out) and os.path.exists(out + ".tmp"),
           f"{name}: exit {rc}, no final file, the partial file kept ({done}/{n_batches} batches "
           f"recorded)", stopped)
    if sig == signal.SIGTERM:
        expect("continue with the same command plus --resume" in stopped.stderr,
               f"{name}: says how to resume", stopped)
    p = run(3, QUICK, out, *SETS, extra=["--resume"], check=False)
    expect(p.returncode == 0 and "resuming" in p.stderr, f"{name}: --resume on 3 ranks succeeds",
           p)
    if p.returncode == 0:
        got = data_items(out)
        same = all(bitwise_equal(ref_data[k], got[k]) for k in ref_data)
        expect(same, f"{name}: resumed dataset bitwise identical to the uninterrupted one", p)
        expect(not os.path.exists(out + ".progress") and not os.path.exists(out + ".tmp"),
               f"{name}: record and temporary file removed", p)

# time-based checkpoints: the ranks' clocks differ, yet they must agree when to checkpoint (a
# rank checkpointing alone would deadlock); lgtest's timeout turns a hang into a failure
for n in (2, 3):
    p = run(n, QUICK, os.path.join(wd, f"often{n}.h5"), "n_samples=6000",
            "output.checkpoint_s=0.02", check=False)
    expect(p.returncode == 0, f"{n} ranks, a checkpoint every 0.02 s: finishes", p)

# a damaged file (its superblock overwritten) is not trusted: everything is recomputed
out, _ = interrupted_run("damaged", signal.SIGKILL, 2)
with open(out + ".tmp", "r+b") as f:
    f.write(b"\0" * 512)
p = run(2, QUICK, out, *SETS, extra=["--resume"], check=False)
expect(p.returncode == 0 and "damaged" in p.stderr and "recomputing all 6000 samples" in p.stderr,
       "damaged file detected and recomputed, with a message", p)
if p.returncode == 0:
    got = data_items(out)
    expect(all(bitwise_equal(ref_data[k], got[k]) for k in ref_data), "recomputed file identical",
           p)

# a record of another deck is refused; so is --resume without any record
out, _ = interrupted_run("otherdeck", signal.SIGKILL, 2)
p = run(2, QUICK, out, *SETS, "noise.sigma=0.07", extra=["--resume"], check=False)
expect(p.returncode == 2 and "written for another deck" in p.stderr, "another deck refused (exit 2)",
       p)

# bytes of a batch the record calls done, damaged after the kill: --resume finds them by their
# checksum, computes that batch again, and the dataset is bitwise the uninterrupted one
import h5py  # noqa: E402
out, _ = interrupted_run("damaged_rows", signal.SIGKILL, 4)
with h5py.File(out + ".tmp", "r") as f:
    offset = f["maps/kappa"].id.get_offset()
    row = f["maps/kappa"].dtype.itemsize * f["maps/kappa"].shape[1] * f["maps/kappa"].shape[2]
with open(out + ".tmp", "r+b") as f:
    f.seek(offset + 50 * row + 100)  # sample 50: in batch 1, which the record lists as done
    f.write(b"\x7f" * 64)
p = run(2, QUICK, out, *SETS, extra=["--resume"], check=False)
same = p.returncode == 0 and all(bitwise_equal(ref_data[k], v) for k, v in data_items(out).items())
expect(same and "1 batch(es)" in p.stderr and "differ from their checksums" in p.stderr,
       "a damaged done batch is found by its checksum and recomputed: bitwise identical", p)

# chunked and compressed layouts: chunks never span batches, so a kill at any moment resumes
for layout in (["output.chunk_samples=16"],
               ["output.chunk_samples=48", "output.compression=1", "output.shuffle=true"]):
    name = "chunk" + layout[0].split("=")[1] + ("gz" if len(layout) > 1 else "")
    for after in (2, n_batches // 2):
        out = os.path.join(wd, f"{name}_{after}.h5")
        stop_after(run(2, QUICK, out, *SETS, *layout, background=True), out, signal.SIGKILL,
                   after, 0.01)
        p = run(2, QUICK, out, *SETS, *layout, extra=["--resume"], check=False)
        same = p.returncode == 0 and all(bitwise_equal(ref_data[k], v)
                                         for k, v in data_items(out).items())
        expect(same, f"{name}: killed after {after} batches, resumed bitwise identical", p)

# --resume in every submission of a requeued job (issue 10): no earlier run -> a fresh run
never = os.path.join(wd, "never.h5")
p = run(2, QUICK, never, *SETS, extra=["--resume"], check=False)
expect(p.returncode == 0 and "no earlier run" in p.stderr and os.path.exists(never),
       "--resume without an earlier run: a fresh run, with a notice", p)
if p.returncode == 0:
    got = data_items(never)
    expect(all(bitwise_equal(ref_data[k], got[k]) for k in ref_data), "fresh run identical", p)
# ... a finished run -> exit 0, file untouched; the same under another deck -> exit 2
before = (os.stat(never).st_mtime_ns, os.path.getsize(never))
p = run(2, QUICK, never, *SETS, extra=["--resume"], check=False)
expect(p.returncode == 0 and "is complete; nothing to do" in p.stderr and
       (os.stat(never).st_mtime_ns, os.path.getsize(never)) == before and
       not os.path.exists(never + ".tmp"), "--resume of a finished run: exit 0, file untouched",
       p)
p = run(2, QUICK, never, *SETS, "seed=99", extra=["--resume"], check=False)
expect(p.returncode == 2 and "another deck" in p.stderr and
       (os.stat(never).st_mtime_ns, os.path.getsize(never)) == before,
       "--resume of a finished run of another deck: exit 2, file untouched", p)
# a plain rerun over an interrupted run refuses instead of discarding it
out, _ = interrupted_run("rerun", signal.SIGKILL, 3)
p = run(2, QUICK, out, *SETS, check=False, force=False)
expect(p.returncode == 2 and "continue it with --resume" in p.stderr and
       os.path.exists(out + ".progress"), "plain rerun over an interrupted run: exit 2, kept", p)
p = run(2, QUICK, out, *SETS, extra=["--resume"], check=False)
expect(p.returncode == 0 and bitwise_equal(ref_data["maps/kappa"], data_items(out)["maps/kappa"]),
       "then --resume completes it", p)
finish()
