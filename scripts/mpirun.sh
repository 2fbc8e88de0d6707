#!/usr/bin/env bash
# mpirun.sh NP ARGS...: mpirun with the flags this machine needs (root, more ranks than cores).
np=$1
shift
flags=(--oversubscribe)
if [ "$(id -u)" -eq 0 ]; then
    flags+=(--allow-run-as-root)
fi
exec mpirun -np "$np" "${flags[@]}" "$@"
