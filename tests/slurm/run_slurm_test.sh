#!/bin/bash
# The slurm/ batch scripts on a real Slurm: the private one-node Slurm of scripts/local-slurm.sh
# (munged, slurmctld, slurmd on 127.0.0.1, two fake GPUs), which an install step starts (.ci/run:
# `bash scripts/local-slurm.sh install && bash scripts/local-slurm.sh start`); this test installs
# nothing and starts no daemon. Jobs are submitted with sbatch, checked, and any of them still
# queued cancelled on every exit.
#
#   bash tests/slurm/run_slurm_test.sh LENSGEN_BINARY SOURCE_DIR WORK_DIR
#
# Exits 77 (CTest: skipped), saying which command sets it up, when Slurm is not installed or the
# local Slurm is not running. Its job logs and outputs live in WORK_DIR (reset at the start). The
# Slurm is found in LENSGEN_SLURM_DIR (default /tmp/lensgen-slurm, as scripts/local-slurm.sh);
# a system /etc/slurm is never read (SLURM_CONF). LENSGEN_SLURM_JOB_WAIT (default 120 s) bounds
# the wait for the jobs.
set -uo pipefail

t_start=$(date +%s)
say() { printf '[slurm-test %3ds] %s\n' "$(($(date +%s) - t_start))" "$*"; }
skip() {
    say "SKIPPED: $*"
    exit 77
}
fatal() {
    say "FAILED: $*"
    exit 1
}

[[ $# -eq 3 ]] || fatal "usage: $0 LENSGEN_BINARY SOURCE_DIR WORK_DIR"
bin=$(realpath "$1")
src=$(realpath "$2")
work=$(realpath -m "$3")
[[ -x $bin ]] || fatal "lensgen binary '$bin' not executable"
[[ -r $src/slurm/cpu.sbatch ]] || fatal "no $src/slurm/cpu.sbatch"

# ---- the local Slurm: set up by scripts/local-slurm.sh, or skipped -------------------------
export PATH=$PATH:/usr/sbin:/sbin
setup="bash $src/scripts/local-slurm.sh install && bash $src/scripts/local-slurm.sh start (as root)"
for c in sbatch squeue scontrol sinfo scancel srun; do
    command -v "$c" >/dev/null || skip "Slurm is not installed ($c missing); set it up with: $setup"
done
slurm_dir=$(realpath -m "${LENSGEN_SLURM_DIR:-/tmp/lensgen-slurm}")
local_slurm() { LENSGEN_SLURM_DIR=$slurm_dir bash "$src/scripts/local-slurm.sh" "$@"; }
local_slurm status >/dev/null 2>&1 ||
    skip "no local Slurm running in $slurm_dir; set it up with: $setup"
ncpu=$(nproc)
[[ $ncpu -ge 2 ]] || skip "needs 2 CPUs for the 2-task jobs (have $ncpu)"
# Only this Slurm: no variables of an enclosing job, its configuration for every client.
while read -r v; do unset "$v"; done < <(compgen -e | grep '^SLURM_')
export SLURM_CONF=$slurm_dir/slurm.conf
host=$(timeout 5 sinfo -h -o %n | head -n 1)
[[ -n $host ]] || fatal "sinfo names no node (SLURM_CONF=$SLURM_CONF)"

# One instance of this test at a time on this machine; bounded wait for the lock.
exec 9>/tmp/lensgen-slurm-test.lock
flock -w 60 9 || fatal "another run of this test holds /tmp/lensgen-slurm-test.lock for over 60 s"

# This test's jobs: those whose working directory is $work (also a killed earlier run's).
cancel_jobs() {
    local ids i
    for ((i = 0; i < 50; i++)); do
        ids=$(timeout 10 squeue -h -o '%A %Z' 2>/dev/null | awk -v w="$work" '$2 == w { print $1 }')
        [[ -z $ids ]] && return 0
        # shellcheck disable=SC2086
        timeout 10 scancel --quiet $ids 2>/dev/null
        sleep 0.2
    done
    say "warning: jobs $ids still queued"
}
show_logs() { local_slurm logs; }
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    cancel_jobs
    say "done (exit $rc)"
    exit "$rc"
}
cancel_jobs
rm -rf "$work"
mkdir -p "$work"/{jobs,out} || fatal "cannot create $work"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

local_slurm wait-idle || fatal "the local Slurm's node is not idle (above)"
say "local Slurm (SLURM_CONF=$SLURM_CONF), node $host idle: $(timeout 5 sinfo -h -o '%c CPUs, gres %G')"

# ---- jobs -----------------------------------------------------------------------------------
# Submitted from $work (the jobs' submit and working directory), lensgen given explicitly.
cd "$work" || fatal "cd $work"
export LENSGEN_BIN=$bin
deck=$src/input/quick.deck
list=$work/out/csv.list
declare -A job # test name -> job id
submit() { # name [ENV=VALUE...] -- sbatch arguments...
    local name=$1 id
    shift
    local envs=()
    while [[ $1 != -- ]]; do
        envs+=("$1")
        shift
    done
    shift
    if ! id=$(env "${envs[@]}" timeout 20 sbatch --parsable --output="$work/jobs/$name-%j.out" "$@" 2>"$work/jobs/$name.sbatch.err"); then
        cat "$work/jobs/$name.sbatch.err"
        fatal "sbatch for '$name' failed: ${envs[*]} sbatch $*"
    fi
    id=${id%%;*}
    job[$name]=$id
    say "submitted $name: job $id"
}
n=200
submit cpu_1x2 "LENSGEN_SET=n_samples=$n output.file=$work/out/cpu_1x2.h5" "LENSGEN_CSV_LIST=$list" -- \
    --ntasks=1 --cpus-per-task=2 "$src/slurm/cpu.sbatch" "$deck"
submit cpu_2x1 "LENSGEN_SET=n_samples=$n output.file=$work/out/cpu_2x1.h5" "LENSGEN_CSV_LIST=$list" -- \
    --ntasks=2 --cpus-per-task=1 "$src/slurm/cpu.sbatch" "$deck"
submit cpu_mpirun "LENSGEN_SET=n_samples=$n" LENSGEN_LAUNCHER=mpirun -- \
    --ntasks=2 --cpus-per-task=1 "$src/slurm/cpu.sbatch" "$deck" --set "output.file=$work/out/cpu_mpirun.h5"
submit gpu "LENSGEN_SET=n_samples=$n output.file=$work/out/gpu.h5" -- \
    --ntasks=2 --cpus-per-task=1 --gpus-per-task=1 "$src/slurm/gpu.sbatch" "$deck"
submit bad_deck "LENSGEN_SET=n_samples=0 output.file=$work/out/bad.h5" -- \
    --ntasks=2 --cpus-per-task=1 "$src/slurm/cpu.sbatch" "$deck"
submit array "LENSGEN_SET=n_samples=20 seed=%a" "LENSGEN_OUTDIR=$work/out/array" -- \
    --array=1-2 --ntasks=1 --cpus-per-task=1 --output="$work/jobs/array-%A_%a.out" "$src/slurm/cpu.sbatch" "$deck"
scaling_out=$work/out/scaling
say "submitting a strong scaling series (ranks 1 2, N 64) with slurm/make_scaling.sh"
if ! SCALING_RANKS="1 2" SCALING_N=64 SCALING_OUTDIR=$scaling_out LENSGEN_ARGS=--quiet \
    timeout 30 bash "$src/slurm/make_scaling.sh" strong "$deck" >"$work/jobs/make_scaling.out" 2>&1; then
    cat "$work/jobs/make_scaling.out"
    fatal "slurm/make_scaling.sh failed"
fi
while read -r id r _; do
    job[scaling_r$r]=$id
done <"$scaling_out/jobs.txt"

wait_s=${LENSGEN_SLURM_JOB_WAIT:-120}
say "waiting for ${#job[@]} jobs (at most $wait_s s)"
deadline=$(($(date +%s) + wait_s))
while :; do
    queued=$(timeout 10 squeue -h -o '%i %T %r' 2>/dev/null)
    [[ -z $queued ]] && break
    # A job that can never start fails the test now, not at the deadline.
    if grep -Eq ' PENDING (PartitionTimeLimit|PartitionNodeLimit|PartitionConfig|BadConstraints|DependencyNeverSatisfied|JobHeldAdmin|ReqNodeNotAvail)' <<<"$queued"; then
        echo "$queued"
        show_logs
        fatal "a job can never start (above: id state reason)"
    fi
    if (($(date +%s) >= deadline)); then
        echo "$queued"
        timeout 5 scontrol show node "$host"
        show_logs
        fatal "jobs still queued or running after $wait_s s (above: id state reason)"
    fi
    sleep 0.5
done
say "all jobs left the queue"

# ---- checks ---------------------------------------------------------------------------------
failures=0
fail() {
    say "FAIL: $*"
    failures=$((failures + 1))
}
log_of() {
    local f
    for f in "$work/jobs/$1"-*.out; do
        [[ -f $f ]] && echo "$f" && return
    done
}
show_log() {
    local f
    for f in "$work/jobs/$1"-*.out; do
        [[ -f $f ]] || continue
        echo "---- $f"
        cat "$f"
    done
}
# state NAME -> "JobState ExitCode" of the job (of every task for an array)
job_state() {
    timeout 10 scontrol -o show job "${job[$1]}" 2>/dev/null |
        sed -E 's/.*JobState=([A-Z_]+).* ExitCode=([0-9:]+).*/\1 \2/'
}
expect_state() { # name expected-state expected-exit
    local got
    got=$(job_state "$1" | sort -u)
    if [[ $got != "$2 $3" ]]; then
        fail "job $1 (${job[$1]}): state '$got', expected '$2 $3'"
        show_log "$1"
        return 1
    fi
}
expect_log() { # name regex what
    local f
    f=$(log_of "$1")
    if ! grep -Eq -- "$2" "$f" 2>/dev/null; then
        fail "job $1: its log ${f:-(none)} lacks $3 (/$2/)"
        show_log "$1"
        return 1
    fi
}
expect_csv() { # path ranks threads samples
    local rows
    if [[ ! -f $1 ]]; then
        fail "no timing CSV $1"
        return 1
    fi
    rows=$(awk -F, -v t="$3" 'NR == 1 { ok = ($1 == "rank" && $2 == "threads" && $3 == "samples") }
        NR > 1 { n++; s += $3; if ($2 != t) bad = 1 }
        END { print (ok && !bad) ? n " " s : "bad" }' "$1")
    [[ $rows == "$2 $4" ]] || fail "timing CSV $1: expected $2 rank row(s) of $3 thread(s), $4 samples in all; got '$rows'"
}

for name in cpu_1x2 cpu_2x1 cpu_mpirun gpu; do
    expect_state "$name" COMPLETED 0:0 || continue
    expect_log "$name" 'lensgen-slurm: run: .*--check-deck' "the deck check step"
    expect_log "$name" 'lensgen-slurm: lensgen exit status 0' "lensgen's exit status"
    expect_log "$name" '^phase +min \[s\]' "the timing table"
    expect_log "$name" "^samples: $n in " "the samples line of the timing report"
    expect_log "$name" "^timing: $work/out/$name\.timing\.csv" "the timing CSV path"
done
expect_log cpu_1x2 'lensgen-slurm: run: srun --mpi=pmix --ntasks=1 --cpus-per-task=2 --cpu-bind=cores ' "the srun command"
expect_log cpu_1x2 'OMP_NUM_THREADS=2 OMP_PLACES=cores OMP_PROC_BIND=close' "the OpenMP settings"
expect_log cpu_1x2 '^lensgen timing: 1 rank\(s\), 2 thread\(s\) on rank 0' "1 rank x 2 threads"
expect_csv "$work/out/cpu_1x2.timing.csv" 1 2 $n
expect_log cpu_2x1 '^lensgen timing: 2 rank\(s\), 1 thread\(s\) on rank 0' "2 ranks"
expect_csv "$work/out/cpu_2x1.timing.csv" 2 1 $n
expect_log cpu_mpirun 'lensgen-slurm: run: mpirun -np 2 --map-by slot:PE=1 --bind-to core ' "the mpirun command"
expect_log cpu_mpirun '^lensgen timing: 2 rank\(s\)' "2 ranks under mpirun"
expect_csv "$work/out/cpu_mpirun.timing.csv" 2 1 $n
expect_log gpu 'lensgen-slurm: run: srun .*--gpus-per-task=1 ' "srun --gpus-per-task=1"
expect_log gpu 'rank 0 on .*: CUDA_VISIBLE_DEVICES=0$' "rank 0 seeing GPU 0"
expect_log gpu 'rank 1 on .*: CUDA_VISIBLE_DEVICES=1$' "rank 1 seeing GPU 1"
# The CSV list holds exactly the runs given LENSGEN_CSV_LIST.
want=$(printf '%s\n' "$work/out/cpu_1x2.timing.csv" "$work/out/cpu_2x1.timing.csv")
[[ $(sort "$list" 2>/dev/null) == "$want" ]] || fail "LENSGEN_CSV_LIST $list: '$(cat "$list" 2>/dev/null)', expected the cpu_1x2 and cpu_2x1 CSVs"

# A bad deck: lensgen's exit status 2 is the job's, no output file.
if expect_state bad_deck FAILED 2:0; then
    expect_log bad_deck 'n_samples' "lensgen's message naming n_samples"
    expect_log bad_deck 'deck check failed \(exit 2\): nothing run' "the failed deck check"
fi
[[ -e $work/out/bad.h5 || -e $work/out/bad.h5.tmp ]] && fail "the failed job left $work/out/bad.h5*"

# Array: one dataset per task, named by LENSGEN_OUTDIR, seed = task id.
states=$(job_state array | tr '\n' ' ')
[[ $states == "COMPLETED 0:0 COMPLETED 0:0 " ]] || {
    fail "array job ${job[array]}: states '$states', expected two COMPLETED 0:0"
    show_log array
}
a1=$work/out/array/quick-${job[array]}_1.h5
a2=$work/out/array/quick-${job[array]}_2.h5

# Scaling: one CSV per run in the series' list, N fixed.
for r in 1 2; do
    expect_state scaling_r$r COMPLETED 0:0
done
slist=$scaling_out/timing_csv.list
if [[ $(wc -l <"$slist" 2>/dev/null) != 2 ]]; then
    fail "scaling list $slist: expected 2 lines, got '$(cat "$slist" 2>/dev/null)'"
else
    expect_csv "$scaling_out/strong-r1-t1-n64.timing.csv" 1 1 64
    expect_csv "$scaling_out/strong-r2-t1-n64.timing.csv" 2 1 64
fi

# The batch scripts share one body.
for f in gpu scaling; do
    diff <(sed -n '/^# ---- common body/,$p' "$src/slurm/cpu.sbatch") \
        <(sed -n '/^# ---- common body/,$p' "$src/slurm/$f.sbatch") >/dev/null ||
        fail "slurm/$f.sbatch: the common body differs from slurm/cpu.sbatch's"
done

# The datasets: /maps/kappa has N samples; the same for every rank count, launcher and script
# (bitwise); the array tasks' seeds 1 and 2.
py=/usr/bin/python3
if [[ -x $py ]] && $py -c 'import h5py, numpy' 2>/dev/null; then
    if ! $py - "$n" "$work/out" "$a1" "$a2" <<'EOF'; then
import sys, h5py, numpy as np
n, out, a1, a2 = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
bad = []
ref = None
for name in ("cpu_1x2", "cpu_2x1", "cpu_mpirun", "gpu"):
    path = f"{out}/{name}.h5"
    try:
        with h5py.File(path, "r") as f:
            k = f["maps/kappa"][...]
            nr = int(f["provenance"].attrs["n_ranks"])
    except Exception as e:
        bad.append(f"{path}: {e}")
        continue
    if k.shape != (n, 32, 32):
        bad.append(f"{path}: /maps/kappa shape {k.shape}, expected ({n}, 32, 32)")
    elif not np.isfinite(k).all() or not (k > 0).any():
        bad.append(f"{path}: /maps/kappa not finite or all zero")
    elif ref is None:
        ref = (path, k)
    elif not np.array_equal(k, ref[1]):
        bad.append(f"{path}: /maps/kappa differs from {ref[0]}")
    want = 1 if name == "cpu_1x2" else 2
    if nr != want:
        bad.append(f"{path}: provenance n_ranks {nr}, expected {want}")
seeds = []
for path in (a1, a2):
    try:
        with h5py.File(path, "r") as f:
            seeds.append((int(f["provenance"].attrs["seed"]), f["maps/kappa"][...]))
    except Exception as e:
        bad.append(f"{path}: {e}")
if len(seeds) == 2:
    if [s for s, _ in seeds] != [1, 2]:
        bad.append(f"array datasets: seeds {[s for s, _ in seeds]}, expected [1, 2]")
    if seeds[0][1].shape != (20, 32, 32) or np.array_equal(seeds[0][1], seeds[1][1]):
        bad.append("array datasets: wrong shape, or the two seeds gave the same maps")
for b in bad:
    print("dataset check:", b)
sys.exit(1 if bad else 0)
EOF
        fail "dataset checks (above)"
    fi
else
    say "note: no /usr/bin/python3 with h5py: checking the datasets with h5dump -H only"
    for name in cpu_1x2 cpu_2x1 cpu_mpirun gpu; do
        h5dump -H -d /maps/kappa "$work/out/$name.h5" 2>/dev/null | grep -q "( $n, 32, 32 )" ||
            fail "$work/out/$name.h5: /maps/kappa is not ($n, 32, 32)"
    done
    for f in "$a1" "$a2"; do
        [[ -f $f ]] || fail "array dataset $f missing"
    done
fi

if ((failures > 0)); then
    show_logs
    fatal "$failures check(s) failed; job logs in $work/jobs"
fi
say "PASSED: cpu.sbatch (1x2 srun, 2x1 srun, 2x1 mpirun), gpu.sbatch, a failing deck, an array, make_scaling.sh"
