# common.sh: launch helpers for the command-line tests (sourced). CTest sets LENSGEN_BIN,
# LENSGEN_MPIEXEC, LENSGEN_MPI_FLAGS and LENSGEN_SOURCE_DIR.
set -u
: "${LENSGEN_BIN:?run through ctest}"
SRC=${LENSGEN_SOURCE_DIR}
WORK=$(mktemp -d /tmp/lensgen-cli.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
FAILS=0

# lg NP ARGS...: run lensgen on NP ranks; stdout+stderr in $WORK/out, status in $RC
lg() {
    local np=$1
    shift
    # shellcheck disable=SC2086
    timeout 60 "$LENSGEN_MPIEXEC" -np "$np" $LENSGEN_MPI_FLAGS "$LENSGEN_BIN" "$@" >"$WORK/out" 2>&1
    RC=$?
}

fail() {
    echo "FAIL: $*"
    echo "---- output ----"
    cat "$WORK/out"
    echo "----------------"
    FAILS=$((FAILS + 1))
}

pass() { echo "ok: $*"; }

finish() {
    if [ "$FAILS" -ne 0 ]; then
        echo "$FAILS check(s) failed"
        exit 1
    fi
    echo "all checks passed"
}
