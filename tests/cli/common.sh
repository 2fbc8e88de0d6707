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

# lg_split NP ARGS...: like lg, but stdout alone in $WORK/out and stderr in $WORK/err (mpirun
# forwards the two streams separately, so merged they can interleave)
lg_split() {
    local np=$1
    shift
    # shellcheck disable=SC2086
    timeout 60 "$LENSGEN_MPIEXEC" -np "$np" $LENSGEN_MPI_FLAGS "$LENSGEN_BIN" "$@" >"$WORK/out" 2>"$WORK/err"
    RC=$?
}

fail() {
    echo "FAIL: $*"
    echo "---- output ----"
    cat "$WORK/out"
    if [ -s "$WORK/err" ]; then echo "---- stderr (lg_split) ----"; cat "$WORK/err"; fi
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
