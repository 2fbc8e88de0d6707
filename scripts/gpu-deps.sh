#!/usr/bin/env bash
# gpu-deps.sh [DIR]: fetch, on a Debian 12 (bookworm) machine with apt, the Debian packages that
# lensgen needs to build and run on a bare GPU machine, into DIR (default .gpudeps/, ignored by
# git). scripts/gpu-check.sh unpacks them there with `dpkg -x` into a prefix (never into /).
# The lent GPU machines (Ubuntu 24.04 with CUDA, CMake, ninja, gcc, python3) have no Open MPI,
# parallel HDF5, FFTW, GSL, Random123, xxHash headers or cmocka, and cannot download anything:
# the device tool carries this folder (`carry: [".gpudeps"]`, 64 MiB with the working tree).
#
# What is fetched (`apt-get download`, no install, nothing changes on this machine):
#   - DEV: the -dev packages lensgen compiles against (headers, .so links, pkg-config files,
#     the mpicc and h5pcc wrappers), taken WITHOUT their Depends (those pull compilers,
#     Fortran and a chain of other -dev packages that compiling lensgen does not use);
#   - CORE: the runtime libraries and programs (Open MPI with mpirun, parallel HDF5, FFTW
#     single precision, GSL, xxHash, cmocka, pkgconf) and the closure of their Depends and
#     Pre-Depends, computed with apt-cache (first installable alternative of each |-group),
#   - minus what any Ubuntu 24.04 image with a compiler surely has (IMAGE_HAS below: glibc,
#     libstdc++, zlib, OpenSSL, GnuTLS, systemd's libraries, ...; read off a debootstrapped
#     noble minbase + build-essential + python3) and what lensgen never loads (NOT_NEEDED).
#   Dependencies outside the named roots are marked "extra" in the manifest: gpu-check.sh
#   skips an extra package when the machine already has every shared library (soname) in it,
#   so the image's newer copy is used and nothing of the image is shadowed.
# Writes DIR/*.deb, DIR/MANIFEST.tsv (package, version, role, bytes, sonames, file) and
# DIR/SHA256SUMS; removes older .debs there. Needs apt-get, apt-cache, dpkg-deb, objdump.
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=${1:-.gpudeps}

if ! grep -qs '^VERSION_CODENAME=bookworm' /etc/os-release; then
    echo "gpu-deps.sh: run this on Debian 12 (bookworm): the packages must match" \
         "what gpu-check.sh expects" >&2
    exit 2
fi
for t in apt-get apt-cache dpkg-deb objdump; do
    command -v "$t" >/dev/null || { echo "gpu-deps.sh: $t not found" >&2; exit 2; }
done

# -dev packages: their own files only.
DEV=(libopenmpi-dev libhdf5-openmpi-dev libfftw3-dev libgsl-dev librandom123-dev
     libxxhash-dev libcmocka-dev)
# runtime roots: always unpacked (core), with the closure of their dependencies (extra).
# openmpi-common holds Open MPI's help texts, wrapper data and openmpi-mca-params.conf;
# PMIx, hwloc and libevent are core too: Open MPI 4.1.4 loads its own components against
# them, so they must be the versions it was built with, not an image's;
# pkgconf: CMake's pkg_check_modules (fftw3f) needs a pkg-config, the image may have none.
CORE=(openmpi-bin openmpi-common libopenmpi3 libpmix2 libhwloc15 libevent-core-2.1-7
      libevent-pthreads-2.1-7 libhdf5-openmpi-103-1 libfftw3-single3 libgsl27 libgslcblas0
      libxxhash0 libcmocka0 pkgconf pkgconf-bin libpkgconf3)
# Packages lensgen never loads, and what they alone pull in:
#   libhwloc-plugins  optional hwloc plugins (X11, NVML, OpenCL; pulls libX11, libxml2 and
#                     the 10 MB libicu72); hwloc runs without them
#   openssh-client    mpirun starts only local ranks there (gpu-check.sh sets
#                     OMPI_MCA_plm_rsh_agent so Open MPI does not look for ssh)
#   debconf, adduser, passwd, libpam*: maintainer-script machinery, unused by dpkg -x
NOT_NEEDED=(libhwloc-plugins openssh-client debconf adduser passwd libpam0g libpam-modules
            libpam-modules-bin libpam-runtime)
# What an Ubuntu 24.04 image with gcc and python3 surely has, under bookworm's names (noble
# names with the t64 suffix dropped; same sonames): the packages of `debootstrap
# --variant=minbase noble` + build-essential + python3, those that a bookworm closure can
# reach. gcc-12-base is bookworm's libgcc-s1's documentation package.
IMAGE_HAS=(libc6 libgcc-s1 gcc-12-base gcc-13-base libstdc++6 zlib1g libcrypt1 libselinux1
           libpcre2-8-0 libbz2-1.0 liblzma5 libzstd1 liblz4-1 libaudit1 libaudit-common
           libcap-ng0 libcap2 libdb5.3 libsemanage2 libsemanage-common libsepol2 libmd0
           libtinfo6 libncursesw6 libssl3 libudev1 libsystemd0 libcom-err2 libffi8
           libp11-kit0 libtasn1-6 libgnutls30 libnettle8 libhogweed6 libgmp10 libidn2-0
           libunistring5 libuuid1 libblkid1 libmount1 libsmartcols1 libatomic1 libgomp1
           libquadmath0 libgcrypt20 libgpg-error0 libacl1 libattr1 libexpat1 libsqlite3-0
           libreadline8 libseccomp2 libjansson4 libmpfr6 libmpc3 libisl23 libcc1-0
           libgdbm6 libgdbm-compat4 perl perl-base dpkg init-system-helpers
           tar coreutils bash dash sed grep gzip xz-utils findutils diffutils mawk
           debianutils base-files base-passwd util-linux login mount procps libproc2-0
           sensible-utils sysvinit-utils libc-bin ncurses-base ncurses-bin
           readline-common tzdata media-types netbase ca-certificates openssl
           python3 python3-minimal libpython3-stdlib gcc cpp g++ make binutils libc6-dev
           libc-dev-bin linux-libc-dev libcrypt-dev)

in_list() { local x=$1; shift; local y; for y in "$@"; do [ "$x" = "$y" ] && return 0; done; return 1; }

# apt lists present? (apt-cache show fails on a machine whose lists were never fetched)
if ! apt-cache show libopenmpi3 >/dev/null 2>&1; then
    echo "gpu-deps.sh: apt lists missing, running apt-get update" >&2
    apt-get update -qq
fi

# One line per dependency group of $1 (Depends and Pre-Depends): the candidates in order, a
# virtual package replaced by the packages that provide it.
dep_groups() {
    apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
        --no-enhances "$1" | awk '
        NR == 1 { next }
        /^ [ |](Pre)?Depends: / {
            orwith = ($0 ~ /^ \|/)
            name = $2
            if (!cont && line != "") { print line; line = "" }
            if (name ~ /^</) { virt = 1 } else { virt = 0; line = line " " name }
            cont = orwith
            next
        }
        /^    / { if (virt) line = line " " $1; next }
        /^ / { virt = 0; next }
        END { if (line != "") print line }'
}

declare -A ROLE=()
queue=()
for p in "${DEV[@]}"; do ROLE[$p]=dev; done
for p in "${CORE[@]}"; do ROLE[$p]=core; queue+=("$p"); done
while [ ${#queue[@]} -gt 0 ]; do
    p=${queue[0]}; queue=("${queue[@]:1}")
    while read -r -a alts; do
        [ ${#alts[@]} -gt 0 ] || continue
        pick=
        for a in "${alts[@]}"; do       # a group already satisfied needs nothing new
            a=${a%%:*}
            if [ -n "${ROLE[$a]:-}" ] || in_list "$a" "${IMAGE_HAS[@]}" "${NOT_NEEDED[@]}"; then
                pick=-; break
            fi
        done
        [ -z "$pick" ] || continue
        for a in "${alts[@]}"; do
            a=${a%%:*}
            if apt-cache show --no-all-versions "$a" >/dev/null 2>&1; then pick=$a; break; fi
        done
        if [ -z "$pick" ]; then
            echo "gpu-deps.sh: no installable candidate for '${alts[*]}' (needed by $p)" >&2
            exit 1
        fi
        ROLE[$pick]=extra
        queue+=("$pick")
    done < <(dep_groups "$p")
done

mkdir -p "$DEST"
mapfile -t PKGS < <(printf '%s\n' "${!ROLE[@]}" | sort)
echo "gpu-deps.sh: ${#PKGS[@]} packages: ${PKGS[*]}"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
(cd "$stage" && apt-get download -qq "${PKGS[@]}") 2> >(grep -v 'unsandboxed as root' >&2)

rm -f "$DEST"/*.deb
tmpx=$stage/x
{
    printf '# package\tversion\trole\tbytes\tsonames\tfile\n'
    for p in "${PKGS[@]}"; do
        f=$(cd "$stage" && ls "${p}"_*.deb)
        v=$(dpkg-deb -f "$stage/$f" Version)
        # sonames of the shared libraries it holds (what gpu-check.sh compares with the image)
        rm -rf "$tmpx"; mkdir -p "$tmpx"; dpkg-deb -x "$stage/$f" "$tmpx"
        sonames=$(find "$tmpx" -type f -name 'lib*.so*' -print0 |
                  xargs -0 -r objdump -p 2>/dev/null | awk '$1 == "SONAME" { print $2 }' |
                  sort -u | paste -sd, -)
        mv "$stage/$f" "$DEST/"
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$p" "$v" "${ROLE[$p]}" "$(stat -c %s "$DEST/$f")" \
            "${sonames:--}" "$f"
    done
} > "$DEST/MANIFEST.tsv"
(cd "$DEST" && sha256sum -- *.deb > SHA256SUMS)
echo "gpu-deps.sh: $DEST: ${#PKGS[@]} packages, $(du -sh --apparent-size "$DEST" | cut -f1)" \
     "(manifest $DEST/MANIFEST.tsv)"
