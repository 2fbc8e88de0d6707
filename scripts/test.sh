#!/usr/bin/env bash
# test.sh: the README's second command. Installs what is missing, builds with warnings as
# errors (ci preset) and runs the whole test suite with CTest (the slurm label needs a local
# Slurm, scripts/local-slurm.sh, and is skipped without one).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-deps.sh
bash scripts/setup-validation-venv.sh # pinned, isolated packages of the validation cases
bash scripts/setup-python-package.sh  # pip install ./python into a fresh venv (python_package)
cmake --preset ci >/dev/null
cmake --build --preset ci -j "$(nproc)"
ctest --preset ci "$@"
