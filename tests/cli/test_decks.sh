#!/usr/bin/env bash
# Every deck shipped in input/ validates; overrides reach the resolved configuration;
# --help and --version work.
. "$(dirname "$0")/common.sh"

for deck in "$SRC"/input/*.deck; do
    lg 1 --check-deck "$deck"
    if [ "$RC" -eq 0 ] && grep -q "deck OK" "$WORK/out"; then pass "$deck validates"
    else fail "--check-deck $deck (exit $RC)"; fi
done

lg 1 --check-deck "$SRC/input/quick.deck" --set noise.sigma=0.02 --set n_samples=500 \
   --set "lens.profile=choice(sis: 1, nfw: 3)"
if [ "$RC" -eq 0 ] && grep -qx "noise.sigma = 0.02" "$WORK/out" && grep -qx "n_samples = 500" "$WORK/out" \
   && grep -qx "lens.profile = choice(sis: 0.25, nfw: 0.75)" "$WORK/out"; then
    pass "--set overrides the deck"
else fail "--set overrides"; fi

# a distribution given on the command line; weights normalised
lg 2 --check-deck "$SRC/input/quick.deck" --set "lens.z_l=normal(0.5, 0.1, 0.2, 0.9)"
if [ "$RC" -eq 0 ] && grep -qx "lens.z_l = normal(0.5, 0.1, 0.2, 0.9)" "$WORK/out"; then
    pass "--set with a truncated normal, on 2 ranks"
else fail "--set with a distribution"; fi

# benchmark mode: every sample computed, no dataset, the timing CSV still written
lg 2 "$SRC/input/quick.deck" --no-write --set "output.file=$WORK/nw.h5"
if [ "$RC" -eq 0 ] && [ ! -e "$WORK/nw.h5" ] && [ ! -e "$WORK/nw.h5.tmp" ] \
   && [ "$(wc -l <"$WORK/nw.timing.csv")" -eq 3 ] && grep -q "samples: 200 in" "$WORK/out" \
   && grep -qx "output: none (--no-write: no dataset written; the timing CSV is $WORK/nw.timing.csv)" "$WORK/out" \
   && grep -qx "timing: $WORK/nw.timing.csv" "$WORK/out"; then
    pass "--no-write computes 200 samples, writes only the timing CSV and says so"
else fail "--no-write (exit $RC)"; fi

lg 1 --help
if [ "$RC" -eq 0 ] && grep -q "Usage:" "$WORK/out" && grep -q -- "--check-deck" "$WORK/out"; then pass "--help"
else fail "--help"; fi
lg 1 --version
if [ "$RC" -eq 0 ] && grep -qE "^lensgen [0-9]+\.[0-9]+\.[0-9]+ \(git " "$WORK/out"; then pass "--version"
else fail "--version"; fi
finish
