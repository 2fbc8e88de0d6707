#!/usr/bin/env bash
# test.sh: the README's second command. Installs what is missing, builds with warnings as
# errors (ci preset) and runs the whole test suite with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci -j "$(nproc)"
ctest --preset ci "$@"
