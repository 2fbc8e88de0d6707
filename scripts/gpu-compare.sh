#!/usr/bin/env bash
# gpu-compare.sh BUILD LOGDIR: the same deck written with --backend cpu and --backend cuda
# (maps within the float32 bound, /params bitwise but the map statistics), analytic and FFT
# derived maps, and --backend cuda at 1 and 2 ranks sharing the device (identical files).
# Run by scripts/gpu-check.sh on a machine with a GPU; LENSGEN_CUDA_EMULATE=1 runs it anywhere.
set -uo pipefail
cd "$(dirname "$0")/.."
B=${1:?usage: gpu-compare.sh BUILD LOGDIR}
LOG=${2:?usage: gpu-compare.sh BUILD LOGDIR}
mkdir -p "$LOG"
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
PY=${PYTHON:-python3}
N=${GPU_COMPARE_N:-3000}
status=0
run() { # ranks backend output [--set ...]
    local np=$1 backend=$2 out=$3
    shift 3
    mpirun -np "$np" --oversubscribe "$B/lensgen" input/default.deck --backend "$backend" \
        --force --set "n_samples=$N" --set "output.file=$out" \
        --set "output.maps=kappa,kappa_noisy,alpha_x,alpha_y,gamma1,gamma2,psi,mu" "$@" ||
        { echo "FAIL: lensgen -np $np --backend $backend $*"; status=1; }
}
check() { # what, compare_outputs.py arguments
    local what=$1
    shift
    echo "== $what"
    "$PY" scripts/compare_outputs.py "$@" || status=1
}
{
    run 1 cpu "$D/cpu.h5"
    run 1 cuda "$D/cuda.h5"
    run 2 cuda "$D/cuda2.h5"
    run 1 cpu "$D/cpu_fft.h5" --set output.derived=fft
    run 1 cuda "$D/cuda_fft.h5" --set output.derived=fft
    check "cpu vs cuda (analytic derived maps)" "$D/cpu.h5" "$D/cuda.h5"
    check "cpu vs cuda (FFT derived maps)" "$D/cpu_fft.h5" "$D/cuda_fft.h5"
    check "cuda at 1 and 2 ranks sharing a device" --identical "$D/cuda.h5" "$D/cuda2.h5"
    echo "gpu-compare: status $status"
    exit "$status"
} 2>&1 | tee "$LOG/gpu-compare.log"
exit "${PIPESTATUS[0]}"
