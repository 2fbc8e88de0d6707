#!/usr/bin/env bash
# gpu-check.sh [LOGDIR]: everything a GPU machine should check, in one call (a lent GPU machine
# has minutes, not hours). Builds with CUDA (no dependency installs: they come with the image
# or the carried build), runs the GPU tests (kernels vs CPU: Philox bitwise, Gaussian field,
# kappa of every profile) and the CPU suite's quick subset, and writes logs to LOGDIR (default
# $OUT, else ./gpu-check-logs). Issue 4 adds the GPU dataset comparison and benchmark here.
# The lent GPU machines' image has CUDA and CMake but (as far as its package list shows) not
# Open MPI, parallel HDF5, FFTW, GSL, Random123 or cmocka, and it cannot download: carry them,
# e.g. as Debian packages unpacked with `dpkg -x` into a prefix (.gpudeps/ is unpacked below
# when present), and check the image's package list first.
set -uo pipefail
cd "$(dirname "$0")/.."
LOG=${1:-${OUT:-gpu-check-logs}}
mkdir -p "$LOG"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
status=0
if compgen -G ".gpudeps/*.deb" >/dev/null; then
    for f in .gpudeps/*.deb; do dpkg -x "$f" /; done
    ldconfig
fi
(
    echo "== $(date -u +%FT%TZ) $(git describe --always --dirty 2>/dev/null)"
    nvidia-smi --query-gpu=name,pci.bus_id,driver_version,memory.total --format=csv || true
    cmake -S . -B build-gpu -DCMAKE_BUILD_TYPE=Release -DLENSGEN_CUDA=ON \
        -DCMAKE_CUDA_ARCHITECTURES="${CUDA_ARCHS:-80;90}" >/dev/null &&
        cmake --build build-gpu -j "$(nproc)" || exit 1
    echo "== GPU tests"
    ctest --test-dir build-gpu -L gpu --output-on-failure || status=1
    echo "== CPU quick tests"
    ctest --test-dir build-gpu -L unit -j "$(nproc)" || status=1
    exit "$status"
) 2>&1 | tee "$LOG/gpu-check.log"
exit "${PIPESTATUS[0]}"
