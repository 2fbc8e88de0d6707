#!/usr/bin/env bash
# run-default.sh: the README's first command. Installs what is missing, builds build/lensgen
# (release preset) and runs input/default.deck on 2 MPI ranks: the dataset goes to
# out/default.h5, the timing table to stdout and out/default.timing.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
bash scripts/mpirun.sh 2 build/lensgen input/default.deck --force "$@"
