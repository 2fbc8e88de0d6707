#!/bin/bash
# Submit a strong or weak scaling series of lensgen runs, one Slurm job per rank count.
#
#   slurm/make_scaling.sh strong|weak [DECK]
#
#   SCALING_RANKS="1 2 4 8 16" SCALING_N=100000 slurm/make_scaling.sh strong input/default.deck
#   SCALING_N=20000 SCALING_CPUS_PER_TASK=4 SCALING_SBATCH_ARGS="--partition=cpu --exclusive" \
#       slurm/make_scaling.sh weak
#
# strong: every run computes SCALING_N samples in all; weak: SCALING_N samples per rank
# (n_samples = R x SCALING_N). Each run is slurm/scaling.sbatch on R tasks x T threads; when it
# succeeds it appends the path of its timing CSV (one row per rank) to SCALING_LIST, which
# `scripts/scaling.py` (or any reader) turns into speedup and efficiency.
#
# Environment (defaults in brackets):
#   SCALING_RANKS          rank counts                                   ["1 2 4 8"]
#   SCALING_N              samples in all (strong) or per rank (weak)    [20000 strong, 5000 weak]
#   SCALING_CPUS_PER_TASK  OpenMP threads per rank                       [1]
#   SCALING_OUTDIR         datasets, job logs, CSV list  [out/scaling/<mode>-<date>-<time>]
#   SCALING_LIST           the list of timing CSV paths                  [SCALING_OUTDIR/timing_csv.list]
#   SCALING_SERIAL         1: one run at a time (--dependency=singleton), so runs never share
#                          nodes or the file system; 0: all at once      [1]
#   SCALING_SBATCH_ARGS    more sbatch options: --partition, --account, --time, --exclusive
#   SCALING_SCRIPT         the batch script                               [slurm/scaling.sbatch]
#   LENSGEN_BIN            lensgen                                        [<repo>/build/lensgen]
#   LENSGEN_SET, LENSGEN_ARGS, LENSGEN_LAUNCHER, LENSGEN_MODULES: passed to every run (see
#                          slurm/README.md); e.g. LENSGEN_ARGS=--no-write to leave out the I/O.
#   DRY_RUN=1              print the sbatch commands, submit nothing
# Prints one line per job (job id, ranks, N) and writes them to SCALING_OUTDIR/jobs.txt.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
die() {
    printf 'make_scaling: error: %s\n' "$*" >&2
    exit 2
}

mode=${1:-}
case $mode in
strong) n=${SCALING_N:-20000} ;;
weak) n=${SCALING_N:-5000} ;;
*) die "usage: $0 strong|weak [DECK]   (environment: see the comment at the top)" ;;
esac
deck=${2:-${LENSGEN_DECK:-$repo/input/default.deck}}
[[ -r $deck ]] || die "deck '$deck' not readable"
deck=$(realpath "$deck")
[[ $n =~ ^[1-9][0-9]*$ ]] || die "SCALING_N='$n' is not a positive integer"
ranks=${SCALING_RANKS:-1 2 4 8}
cpt=${SCALING_CPUS_PER_TASK:-1}
outdir=$(realpath -m "${SCALING_OUTDIR:-out/scaling/$mode-$(date +%Y%m%d-%H%M%S)}")
list=$(realpath -m "${SCALING_LIST:-$outdir/timing_csv.list}")
script=${SCALING_SCRIPT:-$here/scaling.sbatch}
[[ -r $script ]] || die "batch script '$script' not found"
export LENSGEN_BIN=${LENSGEN_BIN:-${LENSGEN:-$repo/build/lensgen}}
dry=${DRY_RUN:-0}
[[ $dry == 1 ]] || command -v sbatch >/dev/null || die "sbatch not found (DRY_RUN=1 prints the commands)"

user_set=${LENSGEN_SET:-}
export LENSGEN_CSV_LIST=$list
if [[ $dry != 1 ]]; then
    mkdir -p "$outdir" "$(dirname "$list")"
    : >"$outdir/jobs.txt"
fi
echo "make_scaling: $mode series, ranks $ranks x $cpt thread(s), N = $n$([[ $mode == weak ]] && echo ' per rank'); out $outdir; list $list"

for r in $ranks; do
    [[ $r =~ ^[1-9][0-9]*$ ]] || die "SCALING_RANKS: '$r' is not a positive integer"
    total=$n
    [[ $mode == weak ]] && total=$((n * r))
    name=$mode-r$r-t$cpt-n$total
    # The series' own keys come last so that they win over LENSGEN_SET.
    export LENSGEN_SET="$user_set n_samples=$total output.file=$outdir/$name.h5"
    cmd=(sbatch --parsable --job-name="lensgen-$mode" --ntasks="$r" --cpus-per-task="$cpt"
        --output="$outdir/$name-%j.out")
    [[ ${SCALING_SERIAL:-1} == 1 ]] && cmd+=(--dependency=singleton)
    set -f
    # shellcheck disable=SC2206
    cmd+=(${SCALING_SBATCH_ARGS:-})
    set +f
    cmd+=("$script" "$deck")
    if [[ $dry == 1 ]]; then
        printf 'LENSGEN_SET=%q ' "$LENSGEN_SET"
        printf '%q ' "${cmd[@]}"
        echo
        continue
    fi
    id=$("${cmd[@]}") || die "sbatch failed for $name"
    id=${id%%;*}
    echo "$id $r $total $name" | tee -a "$outdir/jobs.txt"
done
