#!/usr/bin/env bash
# setup-python-package.sh: the install step of the Python package's test (tests/python/
# test_package.py, ctest python_package): a fresh venv WITHOUT system site packages, NumPy and
# h5py from PyPI, then the package as a user installs it from the repository:
#
#     bash scripts/setup-python-package.sh [VENV]     # default: .venv/package
#     (that is: python3 -m venv VENV && VENV/bin/pip install ./python h5py)
#
# `pip install ./python` builds liblensgen with scikit-build-core (python/pyproject.toml) into
# the package. Idempotent: a venv built from the same sources (their hash in
# VENV/lensgen-source.sha256, tests/python/source_hash.py) is kept. .ci/run and scripts/test.sh
# call it; the test itself installs nothing (skipped, exit 77, without the venv).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${1:-$root/.venv/package}
py=/usr/bin/python3
[[ -x $py ]] || py=$(command -v python3)
want=$("$py" "$root/tests/python/source_hash.py" "$root")
stamp=$venv/lensgen-source.sha256
if [[ -x $venv/bin/python && -f $stamp && $(cat "$stamp") == "$want" ]]; then
    echo "python package venv $venv: up to date with the sources"
    exit 0
fi
rm -rf "$venv"
"$py" -m venv "$venv"
"$venv/bin/pip" install -q --upgrade pip
"$venv/bin/pip" install -q h5py numpy
"$venv/bin/pip" install -q "$root/python"
echo "$want" >"$stamp"
echo "python package venv $venv: $("$venv/bin/pip" show lensgen | sed -n "s/^Version: /lensgen /p") installed"
