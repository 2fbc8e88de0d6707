#!/usr/bin/env bash
# mpirun.sh NP ARGS...: mpirun with the flags this machine needs (root, more ranks than cores),
# and a clean stop on SIGTERM or SIGINT (Ctrl-C, kill, a batch system): Open MPI's mpirun
# answers those by exiting 1 and killing the ranks 1 s later, whatever they were doing; this
# wrapper hands mpirun SIGUSR1 instead, which it forwards to the ranks, so lensgen checkpoints
# and every rank exits 3 ("stopped, resume with --resume"), as mpirun then does
# (docs/platform.md, signals).
np=$1
shift
flags=(--oversubscribe)
if [ "$(id -u)" -eq 0 ]; then
    flags+=(--allow-run-as-root)
fi
set -m # mpirun in a process group of its own: a Ctrl-C reaches this script, not mpirun
mpirun -np "$np" "${flags[@]}" "$@" &
pid=$!
trap 'kill -USR1 "$pid" 2>/dev/null' TERM INT
while true; do
    wait "$pid"
    status=$?
    # wait returns early (status > 128) when a trapped signal arrives: wait again for mpirun
    kill -0 "$pid" 2>/dev/null || exit "$status"
done
