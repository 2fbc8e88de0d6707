#!/usr/bin/env bash
# gpu-check.sh [--setup-only] [--print-env] [LOGDIR]: everything a lent GPU machine should check, in ONE call
# (the machine is lent for minutes and starts bare). Run there through the device tool with
# `carry: [".gpudeps"]` (made here by `bash scripts/gpu-deps.sh`):
#
#   1. deps        unpack .gpudeps/*.deb with `dpkg -x` into PREFIX (default /opt/lensgen-deps;
#                  never into /: bookworm packages unpacked over an Ubuntu / can break it), fix
#                  what dpkg's maintainer scripts would have done (alternatives links
#                  mpicc/mpirun/mpiexec/h5pcc, /usr paths in h5pcc and *.pc files, absolute
#                  symlinks) and point PATH, LD_LIBRARY_PATH, CPATH, LIBRARY_PATH,
#                  PKG_CONFIG_PATH, CMAKE_PREFIX_PATH and OPAL_PREFIX there. An "extra" package
#                  of the manifest (a dependency, not lensgen's own stack) is skipped when the
#                  machine already has each of its sonames. Without .gpudeps the machine's
#                  own packages are used.
#   2. configure   CMake with CUDA (-DLENSGEN_CUDA=ON, architectures $CUDA_ARCHS, default 90)
#   3. build       everything (tests included)
#   4. libs        ldd of every built program: no "not found"
#   5. mpirun      lensgen on 2 ranks, input/default.deck with n_samples=64
#   6. gpu_tests   ctest -L gpu (the CUDA kernels against the CPU); a skipped test (exit 77,
#                  no usable GPU) FAILS this step
#   7. unit_tests  ctest -L unit (the quick CPU suite)
#   8. gpu_compare scripts/gpu-compare.sh BUILD LOGDIR, when that script exists
#   9. gpu_bench   scripts/bench_gpu.sh BUILD LOGDIR, when that script exists
#
# --setup-only (or LENSGEN_GPU_SETUP_ONLY=1): steps 1-5 and 7 only, for testing the set-up on
# a machine without a GPU (docs/platform.md, "GPU machine check").
# --print-env: print the exports of the unpacked prefix, for more commands in the same call:
#   bash scripts/gpu-check.sh --setup-only && eval "$(bash scripts/gpu-check.sh --print-env)"
# LOGDIR: default $OUT (the device tool's folder that comes back), else ./gpu-check-logs. It
# gets gpu-check.log (every step's output, in order) and summary.txt; the device tool returns at
# most 8 files, so when the scripts of steps 8-9 leave more there, all but those two are packed
# into logs.tar.gz.
# Each step runs under `timeout`; the whole run stays within LENSGEN_GPU_BUDGET_S seconds
# (default 450): a step that would start later is reported as skipped. Exit status 0 only when
# every step that ran passed. Knobs (environment): CUDA_ARCHS, JOBS, LENSGEN_DEPS_PREFIX,
# LENSGEN_GPU_BUILD (build folder, default build-gpu), LENSGEN_CUDA (default ON),
# LENSGEN_GPU_BUDGET_S, T_CONFIGURE, T_BUILD, T_MPIRUN, T_GPU, T_UNIT, T_COMPARE, T_BENCH
# (per-step limits in seconds).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SETUP_ONLY=${LENSGEN_GPU_SETUP_ONLY:-0}
PRINT_ENV=0
LOG=${OUT:-gpu-check-logs}
for a in "$@"; do
    case $a in
    --setup-only) SETUP_ONLY=1 ;;
    --print-env) PRINT_ENV=1 ;;
    -h | --help) sed -n '2,/^set -uo/{/^set -uo/d; s/^# \{0,1\}//; p}' "$0"; exit 0 ;;
    -*) echo "gpu-check.sh: unknown option $a" >&2; exit 2 ;;
    *) LOG=$a ;;
    esac
done
PREFIX=${LENSGEN_DEPS_PREFIX:-/opt/lensgen-deps}
# not root (the device tool runs commands as root on the H200 machines): a prefix in /tmp
if [ -z "${LENSGEN_DEPS_PREFIX:-}" ] && ! { mkdir -p /opt 2>/dev/null && [ -w /opt ]; }; then
    PREFIX=${TMPDIR:-/tmp}/lensgen-deps
fi
BUILD=${LENSGEN_GPU_BUILD:-build-gpu}
CUDA_ARCHS=${CUDA_ARCHS:-90}
# nproc obeys OMP_NUM_THREADS, which an image may set to 1
NCPU=$(env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc)
JOBS=${JOBS:-$NCPU}
BUDGET=${LENSGEN_GPU_BUDGET_S:-450}
MA=x86_64-linux-gnu
T0=$(date +%s)
TMPD=$(mktemp -d)
trap 'rm -rf "$TMPD"' EXIT

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# Only local ranks: Open MPI must not insist on finding ssh/rsh (not on the image).
export OMPI_MCA_plm_rsh_agent=${OMPI_MCA_plm_rsh_agent:-false}
# Ranks copy shared-memory messages through a buffer instead of reading each other's memory
# (CMA, process_vm_readv): sandboxes such as gVisor and containers without ptrace refuse
# that, and the check's runs move little data between ranks.
export OMPI_MCA_btl_vader_single_copy_mechanism=${OMPI_MCA_btl_vader_single_copy_mechanism:-none}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
ENV_VARS=(PATH LD_LIBRARY_PATH CPATH LIBRARY_PATH PKG_CONFIG_PATH CMAKE_PREFIX_PATH OPAL_PREFIX
          OPAL_SYSCONFDIR PMIX_PREFIX PMIX_EXEC_PREFIX PMIX_LIBDIR PMIX_INCLUDEDIR
          PMIX_DATAROOTDIR PMIX_DATADIR PMIX_SYSCONFDIR PMIX_PKGDATADIR PMIX_PKGLIBDIR
          PMIX_MCA_mca_base_component_path OMPI_ALLOW_RUN_AS_ROOT OMPI_ALLOW_RUN_AS_ROOT_CONFIRM
          OMPI_MCA_plm_rsh_agent OMPI_MCA_btl_vader_single_copy_mechanism)

say() { echo "$*" | tee -a "$MAINLOG"; }

# ---- steps: name, status, seconds --------------------------------------------------------
NAMES=() STATES=() SECS=()
failed=0
record() { NAMES+=("$1"); STATES+=("$2"); SECS+=("$3"); }
remaining() { echo $((BUDGET - ($(date +%s) - T0))); }

# step NAME LIMIT CMD...: run CMD under timeout (LIMIT, cut to the time left), output into the
# main log; on failure the last lines also go to stdout (the device tool returns stdout's tail).
step() {
    local name=$1 limit=$2
    shift 2
    local left
    left=$(remaining)
    if [ "$left" -lt 15 ]; then
        say "== $name: skipped, ${left}s left of the ${BUDGET}s budget"
        record "$name" "skipped(time)" 0
        failed=1
        return 1
    fi
    [ "$limit" -le "$left" ] || limit=$left
    say "== $name (limit ${limit}s): $*"
    local t=$(date +%s) rc
    timeout -k 10 "$limit" "$@" >"$TMPD/$name.out" 2>&1
    rc=$?
    cat "$TMPD/$name.out" >>"$MAINLOG"
    local dt=$(($(date +%s) - t)) state=ok
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        state="TIMEOUT(${limit}s)"
    elif [ "$rc" -ne 0 ]; then
        state="FAIL(rc=$rc)"
    else
        # a script that ends by printing "...: status N" with N > 0 failed, whatever it exits
        # with (a `{ ...; echo status; } | tee` group exits with echo's 0)
        local said
        said=$(grep -v '^[[:space:]]*$' "$TMPD/$name.out" | tail -n 1 |
               sed -n 's/.*status \([1-9][0-9]*\)[[:space:]]*$/\1/p')
        [ -z "$said" ] || state="FAIL(says status $said)"
    fi
    if [ "$state" != ok ]; then
        failed=1
        echo "---- last lines of $name:"
        tail -n 40 "$TMPD/$name.out"
    fi
    say "== $name: $state, ${dt}s"
    record "$name" "$state" "$dt"
    [ "$state" = ok ]
}

# ---- 1. dependencies from .gpudeps --------------------------------------------------------
unpack_deb() { # dpkg -x, or ar + tar where dpkg is missing
    if command -v dpkg-deb >/dev/null; then
        dpkg-deb -x "$1" "$2"
    else
        local d
        d=$(mktemp -d)
        (cd "$d" && ar x "$ROOT/$1") && tar -xf "$d"/data.tar.* -C "$2"
        local rc=$?
        rm -rf "$d"
        return $rc
    fi
}

setup_deps() {
    local debs=(.gpudeps/*.deb)
    if [ ! -e "${debs[0]}" ]; then
        echo "no .gpudeps/*.deb: using the machine's own packages (bash scripts/gpu-deps.sh" \
             "here, then carry .gpudeps)"
        return 0
    fi
    if [ -f .gpudeps/SHA256SUMS ]; then
        (cd .gpudeps && sha256sum --quiet -c SHA256SUMS) || { echo "checksums differ"; return 1; }
    fi
    # a prefix of an earlier call on a warm machine is replaced, anything else is refused
    if [ -e "$PREFIX" ] && [ ! -e "$PREFIX/.lensgen-deps" ]; then
        echo "$PREFIX exists and is not a lensgen-deps prefix: set LENSGEN_DEPS_PREFIX"
        return 1
    fi
    rm -rf "$PREFIX" && mkdir -p "$PREFIX" && touch "$PREFIX/.lensgen-deps" || return 1
    # sonames the machine has already (ldconfig's cache)
    local have=" $(ldconfig -p 2>/dev/null | awk 'NR > 1 { printf "%s ", $1 }') "
    declare -A role=() sonames=()
    if [ -f .gpudeps/MANIFEST.tsv ]; then
        local p v r b s f
        while IFS=$'\t' read -r p v r b s f; do
            [ "${p:0:1}" = "#" ] && continue
            role[$f]=$r sonames[$f]=$s
        done <.gpudeps/MANIFEST.tsv
    fi
    local deb n=0 skipped=()
    for deb in "${debs[@]}"; do
        local base=${deb##*/}
        if [ "${role[$base]:-}" = extra ] && [ "${sonames[$base]:--}" != - ]; then
            local all=1 so
            for so in ${sonames[$base]//,/ }; do
                [[ $have == *" $so "* ]] || { all=0; break; }
            done
            if [ $all = 1 ]; then
                skipped+=("${base%%_*}")
                continue
            fi
        fi
        unpack_deb "$deb" "$PREFIX" || { echo "cannot unpack $deb"; return 1; }
        n=$((n + 1))
    done
    echo "unpacked $n packages into $PREFIX; the machine has these already: ${skipped[*]:-none}"
    local U=$PREFIX/usr L=$PREFIX/usr/lib/$MA
    # absolute symlinks (none in the current bundle) point into the prefix where it has the target
    local l t
    while IFS= read -r -d '' l; do
        t=$(readlink "$l")
        if [ -e "$PREFIX$t" ] || [ -L "$PREFIX$t" ]; then ln -sfn "$PREFIX$t" "$l"; fi
    done < <(find "$PREFIX" -type l -lname '/*' -print0)
    # the links update-alternatives would make
    local a
    for a in mpicc mpicxx mpirun mpiexec h5pcc; do
        [ -e "$U/bin/$a.openmpi" ] && ln -sfn "$a.openmpi" "$U/bin/$a"
    done
    [ -e "$L/pkgconfig/hdf5-openmpi.pc" ] && ln -sfn hdf5-openmpi.pc "$L/pkgconfig/hdf5.pc"
    [ -e "$L/pkgconfig/ompi-c.pc" ] && ln -sfn ompi-c.pc "$L/pkgconfig/mpi-c.pc"
    [ -e "$L/pkgconfig/ompi.pc" ] && ln -sfn ompi.pc "$L/pkgconfig/mpi.pc"
    # Open MPI's psm MTL loads libpsm_infinipath.so.1, an alternatives link in /usr/lib/libpsm1
    [ -e "$U/lib/libpsm1/libpsm_infinipath.so.1.16" ] &&
        ln -sfn libpsm_infinipath.so.1.16 "$U/lib/libpsm1/libpsm_infinipath.so.1"
    # /usr in scripts, pkg-config files and PMIx's component path -> the prefix
    local txt=("$U/bin/h5pcc.openmpi" "$U/bin/gsl-config" "$L/pmix2/share/pmix-mca-params.conf")
    mapfile -t -O ${#txt[@]} txt < <(find "$PREFIX" -name '*.pc' -type f)
    for f in "${txt[@]}"; do
        [ -f "$f" ] || continue
        sed -i -E "s#(^|[[:space:]=\"':]|-I|-L)/usr/#\\1$U/#g; s#^prefix=(\"?)/usr\\1\$#prefix=\\1$U\\1#" "$f"
    done
    # -l names that h5pcc passes (crypto, curl, sz, z): CMake's FindHDF5 resolves each to a file,
    # and they come from -dev packages not carried: link libX.so to the library the prefix or
    # the machine has
    local name found
    for name in $(sed -n 's/^H5BLD_LIBS="\(.*\)"/\1/p' "$U/bin/h5pcc.openmpi" | grep -o -- '-l[^ ]*'); do
        name=${name#-l}
        case $name in dl | m | pthread | rt) continue ;; esac
        if ls "$L/lib$name.so" /usr/lib/$MA/lib$name.so /lib/$MA/lib$name.so \
            /usr/lib64/lib$name.so >/dev/null 2>&1; then continue; fi
        found=$(ls "$L"/lib"$name".so.* "$PREFIX"/lib/$MA/lib"$name".so.* 2>/dev/null | head -n 1)
        [ -n "$found" ] || found=$(ldconfig -p | awk -v n="lib$name.so." \
            'index($1, n) == 1 && $2 ~ /x86-64/ { print $NF; exit }')
        if [ -n "$found" ]; then
            ln -sfn "$found" "$L/lib$name.so"
            echo "dev link lib$name.so -> $found"
        else
            echo "warning: no lib$name for h5pcc's -l$name"
        fi
    done
    return 0
}

deps_env() { # after setup_deps, in this shell
    [ -e "$PREFIX/.lensgen-deps" ] || return 0
    local U=$PREFIX/usr
    export PATH=$U/bin:$PATH
    export LD_LIBRARY_PATH=$U/lib/$MA:$U/lib/$MA/openmpi/lib:$U/lib/$MA/hdf5/openmpi:$PREFIX/lib/$MA:$U/lib/libpsm1${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    export CPATH=$U/include${CPATH:+:$CPATH}
    export LIBRARY_PATH=$U/lib/$MA${LIBRARY_PATH:+:$LIBRARY_PATH}
    export PKG_CONFIG_PATH=$U/lib/$MA/pkgconfig:$U/share/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
    export CMAKE_PREFIX_PATH=$U${CMAKE_PREFIX_PATH:+:$CMAKE_PREFIX_PATH}
    # Open MPI relocated: its libraries, help texts, wrapper data and MCA components are found
    # from OPAL_PREFIX; its sysconfdir (/etc/openmpi on Debian) is not under the prefix.
    export OPAL_PREFIX=$U OPAL_SYSCONFDIR=$PREFIX/etc/openmpi
    # PMIx (Open MPI's launcher uses it), configured with prefix /usr/lib/<arch>/pmix2 and
    # absolute directories: each one relocated
    local pm=$U/lib/$MA/pmix2
    export PMIX_PREFIX=$pm PMIX_EXEC_PREFIX=$pm PMIX_LIBDIR=$pm/lib PMIX_INCLUDEDIR=$pm/include \
           PMIX_DATAROOTDIR=$pm/share PMIX_DATADIR=$pm/share PMIX_SYSCONFDIR=$pm/share \
           PMIX_PKGDATADIR=$pm/share/pmix PMIX_PKGLIBDIR=$pm/lib/pmix \
           PMIX_MCA_mca_base_component_path=$pm/lib/pmix
}

cuda_env() { # libcudart.so of the toolkit, for the programs linked with it, where ldconfig lacks it
    ldconfig -p 2>/dev/null | grep -q 'libcudart\.so' && return 0
    local d
    for d in "$(dirname "$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)")"/../targets/x86_64-linux/lib \
             /usr/local/cuda/lib64; do
        if compgen -G "$d/libcudart.so.*" >/dev/null; then
            d=$(cd "$d" && pwd)
            case ":${LD_LIBRARY_PATH:-}:" in *":$d:"*) ;; *)
                export LD_LIBRARY_PATH=${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$d
                echo "libcudart: $d added to LD_LIBRARY_PATH" ;;
            esac
            return 0
        fi
    done
}

# --print-env: the environment of an unpacked prefix, for commands after this script in the
# same call: eval "$(bash scripts/gpu-check.sh --print-env)"
if [ "$PRINT_ENV" = 1 ]; then
    [ -e "$PREFIX/.lensgen-deps" ] || echo "gpu-check.sh: $PREFIX not unpacked yet" >&2
    deps_env
    cuda_env >/dev/null
    for v in "${ENV_VARS[@]}"; do
        [ -n "${!v:-}" ] && printf 'export %s=%q\n' "$v" "${!v}"
    done
    exit 0
fi

mkdir -p "$LOG"
LOG=$(cd "$LOG" && pwd)
MAINLOG=$LOG/gpu-check.log
: >"$MAINLOG"
{
    echo "== $(date -u +%FT%TZ) lensgen $(git describe --always --dirty 2>/dev/null || echo '(no git)')" \
         "on $(hostname), $NCPU cores; setup-only=$SETUP_ONLY; budget ${BUDGET}s"
    grep -s PRETTY_NAME /etc/os-release
    if command -v nvidia-smi >/dev/null; then
        nvidia-smi --query-gpu=name,pci.bus_id,driver_version,memory.total --format=csv 2>&1
    else
        echo "nvidia-smi: not found"
    fi
    command -v nvcc >/dev/null && nvcc --version | tail -n 1
    for t in cmake ninja gcc python3 pkg-config; do
        printf '%-10s %s\n' "$t" "$(command -v $t || echo missing)"
    done
} 2>&1 | tee -a "$MAINLOG"

# which pkg-config: the machine's, else the carried one (found on PATH after deps_env)
PKGCONF=$(command -v pkg-config || true)
t=$(date +%s)
say "== deps: unpack .gpudeps into $PREFIX"
setup_deps >"$TMPD/deps.out" 2>&1
rc=$?
cat "$TMPD/deps.out" | tee -a "$MAINLOG"
record deps "$([ $rc = 0 ] && echo ok || echo "FAIL(rc=$rc)")" $(($(date +%s) - t))
if [ $rc -ne 0 ]; then
    failed=1
else
    deps_env
fi
[ -n "$PKGCONF" ] || PKGCONF=$(command -v pkg-config || true)
cuda_env >"$TMPD/cuda.out"
[ -s "$TMPD/cuda.out" ] && say "$(cat "$TMPD/cuda.out")"

# python3 for the drivers: one that imports numpy and h5py (the image's venv one, else /usr/bin)
PY=
for c in "$(command -v python3 || true)" /usr/bin/python3; do
    [ -x "$c" ] && "$c" -c 'import numpy, h5py' 2>/dev/null && { PY=$c; break; }
done
say "python3 with numpy and h5py: ${PY:-none}"

CM=(-S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DLENSGEN_CUDA="${LENSGEN_CUDA:-ON}"
    -DCMAKE_CUDA_ARCHITECTURES="$CUDA_ARCHS")
command -v ninja >/dev/null && [ ! -f "$BUILD/Makefile" ] && CM+=(-G Ninja)
[ -n "$PKGCONF" ] && CM+=(-DPKG_CONFIG_EXECUTABLE="$PKGCONF")
[ -n "$PY" ] && CM+=(-DLENSGEN_PYTHON="$PY")
if [ -e "$PREFIX/.lensgen-deps" ]; then
    CM+=(-DMPI_C_COMPILER="$PREFIX/usr/bin/mpicc" -DMPIEXEC_EXECUTABLE="$PREFIX/usr/bin/mpiexec"
         -DHDF5_C_COMPILER_EXECUTABLE="$PREFIX/usr/bin/h5pcc")
fi
[ $failed = 0 ] &&
    step configure "${T_CONFIGURE:-120}" cmake "${CM[@]}" &&
    step build "${T_BUILD:-300}" cmake --build "$BUILD" -j "$JOBS"
built=$([ -x "$BUILD/lensgen" ] && echo 1 || echo 0)

check_libs() { # every ELF program of the build finds its libraries
    local f bad=0
    while IFS= read -r -d '' f; do
        head -c 4 "$f" | grep -q ELF || continue
        if ldd "$f" | grep 'not found'; then echo "  in $f"; bad=1; fi
    done < <(find "$BUILD" -maxdepth 3 -type f -perm -u+x ! -name '*.sh' -print0)
    ldd "$BUILD/lensgen"
    return $bad
}

mpirun_smoke() {
    local d
    d=$(mktemp -d)
    mpiexec -n 2 --oversubscribe "$BUILD/lensgen" input/default.deck --set n_samples=64 \
        --set output.file="$d/smoke.h5" --force || return 1
    ls -l "$d"
    if [ -n "$PY" ]; then
        "$PY" -c 'import h5py, sys; f = h5py.File(sys.argv[1], "r"); k = f["maps/kappa"]
print("maps/kappa", k.shape, k.dtype); assert k.shape[0] == 64' "$d/smoke.h5" || return 1
    fi
    rm -rf "$d"
}

if [ "$built" = 1 ]; then
    export -f check_libs mpirun_smoke
    export BUILD PY
    step libs 60 bash -c check_libs
    step mpirun "${T_MPIRUN:-60}" bash -c mpirun_smoke
    if [ "$SETUP_ONLY" != 1 ]; then
        # --no-tests=error: a build without the GPU test is a failure here; a skipped test too
        step gpu_tests "${T_GPU:-120}" bash -c "ctest --test-dir '$BUILD' -L gpu --no-tests=error \
            --output-on-failure -V | tee '$TMPD/gpu_ctest.txt'; rc=\${PIPESTATUS[0]};
            if grep -Eq 'Skipped|Not Run' '$TMPD/gpu_ctest.txt'; then
                echo 'gpu-check: a GPU test was SKIPPED: no usable GPU?'; exit 77; fi; exit \$rc"
    fi
    step unit_tests "${T_UNIT:-180}" ctest --test-dir "$BUILD" -L unit -j "$JOBS" --no-tests=error \
        --output-on-failure
    if [ "$SETUP_ONLY" != 1 ]; then
        for s in gpu_compare:scripts/gpu-compare.sh:"${T_COMPARE:-150}" \
                 gpu_bench:scripts/bench_gpu.sh:"${T_BENCH:-120}"; do
            IFS=: read -r name script limit <<<"$s"
            if [ -f "$script" ]; then
                step "$name" "$limit" bash "$script" "$BUILD" "$LOG"
            else
                say "== $name: $script absent, not run"
                record "$name" "absent" 0
            fi
        done
    fi
fi

# the device tool returns at most 8 files: pack the rest
mapfile -t extra < <(cd "$LOG" && find . -type f ! -name gpu-check.log ! -name summary.txt \
                     ! -name logs.tar.gz | sed 's#^\./##')
if [ ${#extra[@]} -gt 6 ]; then
    (cd "$LOG" && tar -czf logs.tar.gz --remove-files -- "${extra[@]}") &&
        say "packed ${#extra[@]} files of $LOG into logs.tar.gz"
    find "$LOG" -mindepth 1 -type d -empty -delete
fi

{
    echo
    printf '%-12s %-20s %6s\n' step status seconds
    for i in "${!NAMES[@]}"; do
        printf '%-12s %-20s %6s\n' "${NAMES[$i]}" "${STATES[$i]}" "${SECS[$i]}"
    done
    printf '%-12s %-20s %6s\n' total "$([ $failed = 0 ] && echo ok || echo FAILED)" \
        $(($(date +%s) - T0))
} | tee "$LOG/summary.txt" | tee -a "$MAINLOG"
exit $failed
