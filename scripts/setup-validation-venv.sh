#!/usr/bin/env bash
# setup-validation-venv.sh: the install step of the validation cases that need Python packages
# Debian does not ship (today validation/reference_lenstronomy: lenstronomy and its
# dependencies). Creates a venv WITHOUT system site packages (so nothing of the machine's own
# Python, e.g. Debian's python3-astropy or python3-coverage, can be imported by it) and installs
# exactly the pins of validation/requirements.txt into it from PyPI:
#
#     bash scripts/setup-validation-venv.sh [VENV]     # default: .venv/validation
#
# Idempotent: a venv installed from the same requirements.txt (its sha256 in
# VENV/lensgen-requirements.sha256) is kept; any other is removed and built again. CTest passes
# the same path to the cases (CMake cache variable LENSGEN_VALIDATION_VENV, default
# .venv/validation in the source tree); a case whose venv is missing or stale is skipped (exit
# 77) and names this command. .ci/run calls it; no test installs anything.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${1:-$root/.venv/validation}
req=$root/validation/requirements.txt
stamp=$venv/lensgen-requirements.sha256
want=$(sha256sum "$req" | cut -d' ' -f1)

if [[ -x $venv/bin/python && -f $stamp && $(cat "$stamp") == "$want" ]]; then
    echo "validation venv $venv: up to date with validation/requirements.txt"
    exit 0
fi
py=/usr/bin/python3
[[ -x $py ]] || py=$(command -v python3)
if ! "$py" -c 'import ensurepip' 2>/dev/null; then
    echo "setup-validation-venv: $py has no venv/ensurepip (Debian: apt-get install python3-venv)" >&2
    exit 1
fi

echo "validation venv $venv: creating (no system site packages), installing validation/requirements.txt"
rm -rf "$venv"
"$py" -m venv "$venv"
# --no-deps: only what requirements.txt pins; `pip check` then fails if a dependency is missing.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --require-virtualenv \
    --no-deps -r "$req"
"$venv/bin/python" -m pip check
"$venv/bin/python" -I -c 'import sys, lenstronomy, astropy, numba
assert not any("dist-packages" in p for p in sys.path), sys.path
print("  lenstronomy", lenstronomy.__version__, "astropy", astropy.__version__, "numba", numba.__version__)'
echo "$want" >"$stamp"
echo "validation venv $venv: ready"
