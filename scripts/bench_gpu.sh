#!/usr/bin/env bash
# bench_gpu.sh BUILD LOGDIR: the CUDA backend's figures on one device (docs/benchmarks.md):
#  1. the kappa stage in Gpix/s (build/lensgen_bench_gpu_kappa: 64x64 batches, one 4096^2 map);
#  2. input/bench.deck end to end with --no-write, 1 rank: cuda against cpu (all cores), samples/s;
#  3. with writing: cuda synced against dd conv=fdatasync of the same bytes, in the same run.
# Run by scripts/gpu-check.sh; writes LOGDIR/bench-gpu.log and a CSV.
set -uo pipefail
cd "$(dirname "$0")/.."
B=${1:?usage: bench_gpu.sh BUILD LOGDIR}
LOG=${2:?usage: bench_gpu.sh BUILD LOGDIR}
mkdir -p "$LOG" out
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
N_NOWRITE=${BENCH_GPU_N:-500000}
N_WRITE=${BENCH_GPU_N_WRITE:-100000}
OUTF=${BENCH_GPU_FILE:-out/bench_gpu.h5}
status=0
now() { date +%s.%N; }
calc() { awk "BEGIN { print $1 }"; } # (awk: bc may be missing on a bare image)
lens() { # backend n extra... -> seconds
    local t0 t1
    t0=$(now)
    mpirun -np 1 --oversubscribe -x OMP_NUM_THREADS="$(nproc)" "$B/lensgen" input/bench.deck \
        --quiet --force --backend "$1" --set "n_samples=$2" --set "output.file=$OUTF" "${@:3}" \
        >/dev/null || status=1
    [ -f "$OUTF" ] && sync -f "$OUTF"
    t1=$(now)
    calc "$t1 - $t0"
}
{
    echo "== kappa stage"
    "$B/lensgen_bench_gpu_kappa" || status=1
    echo "== end to end, --no-write, 1 rank, N=$N_NOWRITE"
    for backend in cuda cpu cuda; do
        t=$(lens "$backend" "$N_NOWRITE" --no-write)
        printf '%s --no-write: %.2f s, %.0f samples/s\n' "$backend" "$t" "$(calc "$N_NOWRITE / $t")"
    done
    echo "== with writing, N=$N_WRITE, synced; dd conv=fdatasync of the same bytes"
    for rep in 1 2 3; do
        t=$(lens cuda "$N_WRITE")
        bytes=$(stat -c %s "$OUTF" 2>/dev/null || echo 0)
        rm -f "$OUTF"
        t0=$(now)
        dd if=/dev/zero of=out/dd.bin bs=8M count=$(((bytes + 8388607) / 8388608)) conv=fdatasync 2>/dev/null
        tdd=$(calc "$(now) - $t0")
        rm -f out/dd.bin
        printf 'round %d: cuda %.2f s (%.2f GB/s), dd %.2f s (%.2f GB/s), fraction of dd %.2f\n' \
            "$rep" "$t" "$(calc "$bytes / $t / 1e9")" "$tdd" \
            "$(calc "$bytes / $tdd / 1e9")" "$(calc "$tdd / $t")"
    done
    echo "bench-gpu: status $status"
    exit "$status"
} 2>&1 | tee "$LOG/bench-gpu.log"
exit "${PIPESTATUS[0]}"
