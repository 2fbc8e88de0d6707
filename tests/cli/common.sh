# common.sh: launch helpers for the command-line tests (sourced). CTest sets LENSGEN_BIN,
# LENSGEN_SOURCE_DIR, the launcher (LENSGEN_MPIEXEC, LENSGEN_MPIEXEC_NUMPROC_FLAG,
# LENSGEN_MPI_FLAGS, LENSGEN_MPIEXEC_POSTFLAGS) and LENSGEN_TEST_RANKS, the most ranks the test
# declared (cmake/LensgenMpiTest.cmake). $WORK, the scratch folder, is removed when the script
# exits 0 and kept (its path printed) otherwise.
set -u
: "${LENSGEN_BIN:?run through ctest}"
SRC=${LENSGEN_SOURCE_DIR}
WORK=$(mktemp -d /tmp/lensgen-cli.XXXXXX)
leave() {
    local rc=$?
    if [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ]; then
        rm -rf "$WORK"
    else
        echo "work directory kept for inspection: $WORK"
    fi
    exit "$rc"
}
trap leave EXIT
FAILS=0

# check_ranks NP: more ranks than the test declared is a harness error (checked before lg and
# lg_split redirect their output, so that the message is seen)
check_ranks() {
    if [ "${LENSGEN_TEST_RANKS:-0}" -gt 0 ] && [ "$1" -gt "$LENSGEN_TEST_RANKS" ]; then
        echo "test harness: $1 ranks asked for, but the test declares RANKS $LENSGEN_TEST_RANKS (its PROCESSORS) in CMake"
        exit 1
    fi
}

# launch NP ARGS...: lensgen with ARGS on NP ranks (at most 60 s)
launch() {
    local np=$1
    shift
    # shellcheck disable=SC2086 # the flag lists are space-separated words
    timeout 60 "$LENSGEN_MPIEXEC" "${LENSGEN_MPIEXEC_NUMPROC_FLAG:--n}" "$np" ${LENSGEN_MPI_FLAGS:-} \
        "$LENSGEN_BIN" ${LENSGEN_MPIEXEC_POSTFLAGS:-} "$@"
}

# lg NP ARGS...: run lensgen on NP ranks; stdout+stderr in $WORK/out, status in $RC
lg() {
    check_ranks "$1"
    launch "$@" >"$WORK/out" 2>&1
    RC=$?
}

# lg_split NP ARGS...: like lg, but stdout alone in $WORK/out and stderr in $WORK/err (mpirun
# forwards the two streams separately, so merged they can interleave)
lg_split() {
    check_ranks "$1"
    launch "$@" >"$WORK/out" 2>"$WORK/err"
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
