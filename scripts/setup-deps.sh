#!/usr/bin/env bash
# setup-deps.sh: install what lensgen needs on Debian 12 (idempotent: installs only what is
# missing). Used by the README commands and by CI.
set -euo pipefail

PKGS=(build-essential cmake pkg-config git
      libopenmpi-dev openmpi-bin libhdf5-openmpi-dev hdf5-tools
      libfftw3-dev librandom123-dev libcmocka-dev libgsl-dev libxxhash-dev
      python3 python3-venv python3-numpy python3-h5py python3-matplotlib python3-scipy)

missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
echo "lensgen: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
