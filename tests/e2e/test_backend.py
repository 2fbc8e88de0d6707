"""Backends (deck key `backend`, option --backend) at 2 ranks:
(a) backend cuda where no rank has a usable device: every rank exits 2 within seconds, one
    message naming the key (deck or option), the value, the rank, its host and why; no file;
(b) auto without a device: the CPU, one notice (none under --quiet), /timing, the timing CSV
    and /provenance say cpu;
(c) LENSGEN_CUDA_EMULATE=1, --backend cuda: each rank logs its device (both local ranks on
    device 0: "sharing"), /timing and /provenance name it, and the data equal those of
    --backend cpu: sampled /params columns bitwise, maps within 1e-5 of their peak (mu through
    1/mu); and the cuda file at 1 rank is bitwise the one at 2 ranks;
(d) LENSGEN_CUDA_EMULATE=2: local ranks 0 and 1 bind to devices 0 and 1;
and --backend over the deck's key, and --resume of a finished file on another backend (the
config hash leaves the backend out).

Without emulation the ranks see no device even in a CUDA build on a machine with a GPU
(CUDA_VISIBLE_DEVICES is emptied), so (a) and (b) hold everywhere."""
import csv
import os
import re
import subprocess
import time

import h5py
import numpy as np

from lgtest import QUICK, expect, finish, lensgen_cmd, workdir

wd = workdir()
N = 48
SETS = [f"n_samples={N}", "batch_size=8",
        "output.maps=kappa,kappa_noisy,alpha_x,alpha_y,gamma1,gamma2,psi,mu"]
DEVICE_LINE = re.compile(
    r"^lensgen: rank (\d+) on (\S+) \(local rank (\d+)\): cuda device (\d+) of (\d+) '([^']*)' "
    r"PCI (\S+?)(, sharing it with (\d+) other rank\(s\) of this node)?$", re.M)
NOTICE = "lensgen: backend auto:"


class Timeout:
    """What a run killed by its timeout looks like to expect()."""
    def __init__(self, cmd, e):
        self.args, self.returncode = cmd, 124
        self.stdout = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        self.stderr = e.stderr.decode() if isinstance(e.stderr, bytes) else (e.stderr or "")


def lg(output, *args, emulate=None, sets=(), force=True, timeout=120, ranks=2):
    """lensgen on `ranks` ranks of quick.deck (SETS, then sets); emulate: LENSGEN_CUDA_EMULATE, or
    None for no device at all. Returns (the process, seconds)."""
    env = dict(os.environ, OMP_NUM_THREADS="1")
    env.pop("LENSGEN_CUDA_EMULATE", None)
    if emulate is None:
        env["CUDA_VISIBLE_DEVICES"] = ""
    else:
        env["LENSGEN_CUDA_EMULATE"] = str(emulate)
    a = [QUICK, "--set", f"output.file={output}"] + (["--force"] if force else [])
    for s in list(SETS) + list(sets):
        a += ["--set", s]
    cmd = lensgen_cmd(ranks, *a, *args)
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired as e:
        p = Timeout(cmd, e)
    return p, time.monotonic() - t0


def device_lines(p):
    return {int(m.group(1)): m for m in DEVICE_LINE.finditer(p.stderr)}


def strs(v):
    return [x.decode() if isinstance(x, bytes) else str(x) for x in v]


def csv_rows(h5path):
    with open(h5path[:-3] + ".timing.csv", newline="") as f:
        return list(csv.DictReader(f))


def backends_in_file(path):
    with h5py.File(path, "r") as f:
        t, pv = f["timing"].attrs, f["provenance"].attrs
        return (strs(t["backend_per_rank"]), strs(t["device_per_rank"]), str(pv["backend"]),
                strs(pv["devices"]), int(pv["cuda_runtime_version"]),
                int(pv["cuda_driver_version"]), str(f["provenance/parameters"].attrs["backend"]))


# ---- (a) backend cuda, no device: exit 2 on every rank, at once, one message ----------------
out = os.path.join(wd, "nodev.h5")
for how, args, sets, key in (
        ("--backend cuda", ["--backend", "cuda"], (), r"lensgen: --backend cuda"),
        ("--set backend=cuda", [], ("backend=cuda",), re.escape(QUICK) + r": backend = cuda"),
        ("--backend=cuda over the deck's cpu", ["--backend=cuda"], ("backend=cpu",),
         r"lensgen: --backend cuda")):
    p, took = lg(out, *args, sets=sets, timeout=60)
    use = "--backend" if key.startswith("lensgen") else "backend ="
    msg = re.compile(r"^" + key + r" but 2 of 2 ranks have no usable CUDA device; rank 0 \(host "
                     r"\S+\): \S.*; use " + re.escape(use) + r" auto or cpu$", re.M)
    expect(p.returncode == 2 and took < 20, f"(a) {how} without a device: exit 2 in {took:.1f} s "
           f"(status {p.returncode}; at most 20 s)", p)
    expect(len(msg.findall(p.stderr)) == 1 and "no usable CUDA device" in p.stderr,
           f"(a) {how}: one message naming the key, the value, the rank, its host and why", p)
    expect(not os.path.exists(out) and not os.path.exists(out + ".tmp"),
           f"(a) {how}: no output file left")

# ---- (b) auto, no device: the CPU with one notice ---------------------------------------------
auto = os.path.join(wd, "auto.h5")
p, _ = lg(auto, "--backend", "auto")
notices = [line for line in p.stderr.splitlines() if line.startswith(NOTICE)]
expect(p.returncode == 0, "(b) --backend auto without a device runs", p)
expect(len(notices) == 1 and "no usable CUDA device" in notices[0]
       and notices[0].endswith("computing on the CPU"),
       f"(b) one notice: {notices[0] if notices else '(none)'}", p)
expect(not device_lines(p), "(b) no device line", p)
expect("backend: cpu on 2 rank(s): 0-1" in p.stdout, "(b) the timing table names the backend", p)
if p.returncode == 0:
    b, d, pb, pd, rt, dv, key = backends_in_file(auto)
    expect(b == ["cpu", "cpu"] and d == ["", ""], f"(b) /timing: backends {b}, devices {d}")
    expect(pb == "cpu" and pd == ["", ""] and rt == 0 and dv == 0 and key == "auto",
           f"(b) /provenance: backend {pb}, devices {pd}, CUDA runtime {rt} driver {dv}, "
           f"parameters/backend {key}")
    rows = csv_rows(auto)
    expect([(r["rank"], r["backend"], r["device"]) for r in rows] ==
           [("0", "cpu", ""), ("1", "cpu", "")], "(b) timing CSV: backend cpu, device empty")

# the default (auto, from the deck) under --quiet: no notice
p, _ = lg(os.path.join(wd, "quiet.h5"), "--quiet", "--no-write")
expect(p.returncode == 0 and NOTICE not in p.stderr, "(b) --quiet: no notice", p)

# --backend over the deck's key: cpu wins over backend = cuda (no device, yet it runs)
over = os.path.join(wd, "over.h5")
p, _ = lg(over, "--backend", "cpu", "--no-write", sets=("backend=cuda",))
expect(p.returncode == 0 and NOTICE not in p.stderr and
       [r["backend"] for r in csv_rows(over)] == ["cpu", "cpu"],
       "--backend cpu over backend = cuda: runs on the CPU, no notice", p)

# ---- (c) one emulated device shared by both ranks, against the CPU ----------------------------
cpu, cuda = os.path.join(wd, "cpu.h5"), os.path.join(wd, "cuda.h5")
pc, _ = lg(cpu, "--backend", "cpu", emulate=1)  # the device is there, but not asked for
expect(pc.returncode == 0 and not device_lines(pc) and NOTICE not in pc.stderr,
       "(c) --backend cpu with a device: runs, no device line, no notice", pc)
p, _ = lg(cuda, "--backend", "cuda", emulate=1)
expect(p.returncode == 0 and NOTICE not in p.stderr, "(c) --backend cuda, 1 emulated device: runs",
       p)
lines = device_lines(p)
expect(sorted(lines) == [0, 1] and len(DEVICE_LINE.findall(p.stderr)) == 2,
       "(c) one device line per rank", p)
name = "emulated CUDA device 0 (host)"
for r, m in sorted(lines.items()):
    expect(m.group(3) == str(r) and m.group(4) == "0" and m.group(5) == "1" and m.group(6) == name
           and m.group(9) == "1", f"(c) rank {r}: local rank {r}, device 0 of 1 '{name}', "
           f"shared with the other rank: {m.group(0)}")
expect(f"backend: cuda '{name}' on 2 rank(s): 0-1" in p.stdout,
       "(c) the timing table names the device", p)
if p.returncode == 0 and pc.returncode == 0:
    b, d, pb, pd, rt, dv, key = backends_in_file(cuda)
    expect(b == ["cuda", "cuda"] and d == [name, name], f"(c) /timing: backends {b}, devices {d}")
    expect(pb == "cuda" and pd == [name, name] and rt == 0 and dv == 0 and key == "cuda",
           f"(c) /provenance: backend {pb}, devices {pd}, CUDA runtime {rt} driver {dv} "
           f"(0: emulated), parameters/backend {key}")
    expect([(r["backend"], r["device"]) for r in csv_rows(cuda)] == [("cuda", name)] * 2,
           "(c) timing CSV: backend cuda and the device on each rank")
    # the data: sampled parameters bitwise, maps within the float32 bound (README "Backends")
    with h5py.File(cpu, "r") as fa, h5py.File(cuda, "r") as fb:
        expect(sorted(fa["params"]) == sorted(fb["params"]) and
               sorted(fa["maps"]) == sorted(fb["maps"]), "(c) the same datasets")
        for col in sorted(fa["params"]):
            if col.startswith(("snr_", "norm_")) or col not in fb["params"]:
                continue  # computed from the maps: within their bound, not bitwise
            x, y = fa["params"][col][()], fb["params"][col][()]
            expect(x.dtype == y.dtype and x.tobytes() == y.tobytes(),
                   f"(c) /params/{col}: bitwise equal")
        for m in sorted(fa["maps"]):
            if m not in fb["maps"]:
                continue
            x, y = fa["maps"][m][()], fb["maps"][m][()]
            bits = x.view(f"u{x.itemsize}") == y.view(f"u{y.itemsize}")
            if m == "mu":  # mu diverges on critical curves; 1/mu is the smooth determinant
                with np.errstate(divide="ignore"):
                    x, y = 1.0 / x.astype(np.float64), 1.0 / y.astype(np.float64)
            fx = np.isfinite(x)
            same_nonfinite = (np.array_equal(fx, np.isfinite(y)) and
                              np.array_equal(np.isnan(x), np.isnan(y)) and
                              np.array_equal(x[np.isinf(x)], y[np.isinf(y)]))
            scale = float(np.abs(x[fx]).max()) if fx.any() else 1.0
            diff = float(np.abs(x[fx].astype(np.float64) - y[fx].astype(np.float64)).max()) \
                if fx.any() and same_nonfinite else float("inf")
            expect(x.shape == y.shape and same_nonfinite and diff <= 1e-5 * scale,
                   f"(c) /maps/{m}{' (1/mu)' if m == 'mu' else ''}: max |cuda - cpu| = {diff:.3g} <= "
                   f"1e-5 x peak {scale:.3g}; "
                   f"{100.0 * bits.mean():.2f} % of the values bitwise equal")

# the cuda file at 1 rank: bitwise the one at 2 ranks (samples depend on their index alone)
one = os.path.join(wd, "cuda1.h5")
p, _ = lg(one, "--backend", "cuda", emulate=1, ranks=1)
expect(p.returncode == 0, "(c) --backend cuda at 1 rank: runs", p)
with h5py.File(one, "r") as fa, h5py.File(cuda, "r") as fb:
    for g in ("maps", "params"):
        for k in sorted(fa[g]):
            expect(fa[g][k][()].tobytes() == fb[g][k][()].tobytes(),
                   f"(c) /{g}/{k}: bitwise equal at 1 and 2 ranks on the emulated device")

# --resume of the finished cuda file on the CPU: the same deck (nothing to do); another seed is
# another deck (the check can fail)
p, _ = lg(cuda, "--resume", "--backend", "cpu", force=False)
expect(p.returncode == 0 and "is complete; nothing to do" in p.stderr,
       "--resume --backend cpu of a file made with --backend cuda: the same deck, nothing to do", p)
p, _ = lg(cuda, "--resume", "--backend", "cpu", sets=("seed=7",), force=False)
expect(p.returncode == 2 and "another deck" in p.stderr, "--resume with another seed: exit 2", p)

# ---- (d) two emulated devices: local ranks 0 and 1 on devices 0 and 1 -------------------------
two = os.path.join(wd, "two.h5")
p, _ = lg(two, "--no-write", emulate=2)  # the deck's default, auto
lines = device_lines(p)
expect(p.returncode == 0 and NOTICE not in p.stderr and sorted(lines) == [0, 1],
       "(d) auto with 2 emulated devices: a device line per rank, no notice", p)
for r, m in sorted(lines.items()):
    loc = int(m.group(3))
    expect(m.group(4) == str(loc) and m.group(5) == "2" and
           m.group(6) == f"emulated CUDA device {loc} (host)" and m.group(8) is None,
           f"(d) rank {r}: local rank {loc} on device {loc} of 2, not shared: {m.group(0)}")
expect(sorted(int(m.group(3)) for m in lines.values()) == [0, 1], "(d) local ranks 0 and 1", p)
if p.returncode == 0:
    devs = sorted(r["device"] for r in csv_rows(two))
    expect(devs == ["emulated CUDA device 0 (host)", "emulated CUDA device 1 (host)"],
           f"(d) timing CSV: one rank on each device ({devs})")

# --quiet: no device lines
p, _ = lg(os.path.join(wd, "q2.h5"), "--quiet", "--no-write", "--backend", "cuda", emulate=2)
expect(p.returncode == 0 and not DEVICE_LINE.search(p.stderr), "--quiet: no device lines", p)
finish()
