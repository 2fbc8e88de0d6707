#!/usr/bin/env bash
# fuzz.sh [SECONDS]: a bounded libFuzzer campaign over the deck reader (tests/fuzz/fuzz_deck.c).
# Builds the harness with clang -fsanitize=fuzzer,address,undefined in build-fuzz/ (its own
# small CMake project: the gcc build is not touched), seeds the corpus with input/*.deck,
# tests/fuzz/seeds/ (decks with --set options) and tests/fuzz/regressions/, gives it a
# dictionary of the deck's words, and fuzzes for SECONDS (default 120) with a 1 s limit per
# input and 2 GiB of memory. Exits non-zero on any crash,
# broken promise, leak or input slower than 1 s; the input is then in build-fuzz/artifacts/:
# fix the bug, and add the input to tests/fuzz/regressions/ (CTest fuzz_regressions replays it).
# The corpus grows in build-fuzz/corpus/ from run to run. CC=... picks another clang.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-120}
cc=${CC:-clang}
if ! command -v "$cc" >/dev/null; then
    echo "fuzz.sh: $cc not found (Debian: apt-get install clang libclang-rt-dev)" >&2
    exit 2
fi
if [ ! -e "$("$cc" -print-file-name=libclang_rt.fuzzer-"$(uname -m)".a)" ]; then
    echo "fuzz.sh: $cc has no libFuzzer runtime (Debian: apt-get install libclang-rt-dev)" >&2
    exit 2
fi

cmake -S tests/fuzz -B build-fuzz -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j "$(nproc)" >/dev/null

mkdir -p build-fuzz/corpus build-fuzz/artifacts
rm -rf build-fuzz/seeds
mkdir -p build-fuzz/seeds
cp input/*.deck build-fuzz/seeds/
find tests/fuzz/seeds tests/fuzz/regressions -maxdepth 1 -type f ! -name '.*' \
    -exec cp {} build-fuzz/seeds/ \;

# dictionary: sections, keys and names of input/reference.deck, and the value syntax
{
    grep -oE '^\[[a-z_0-9]+\]' input/reference.deck
    grep -oE '^[a-zA-Z_0-9]+ =' input/reference.deck | sed 's/ =$//'
    grep -oE 'one of [a-z_0-9|]+|list of [a-z_0-9|]+|choice\(name: weight, \.\.\.\) [a-z_0-9|]+' \
        input/reference.deck | sed -E 's/^.* //' | tr '|' '\n'
    printf '%s\n' ' = ' '#' 'uniform(' 'loguniform(' 'normal(' 'choice(' ', ' ': ' ')' \
        '1e308' '-1e308' '4.9e-324' '1e-320' 'nan' 'inf' '-0' '0x1p-1074' 'true' 'false'
} | sort -u | sed 's/\\/\\\\/g; s/"/\\"/g; s/.*/"&"/' >build-fuzz/deck.dict

log=build-fuzz/fuzz.log
echo "fuzz.sh: fuzzing the deck reader for $seconds s (log: $log)"
set +e
./build-fuzz/fuzz_deck -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 \
    -max_len=65536 -dict=build-fuzz/deck.dict -artifact_prefix=build-fuzz/artifacts/ \
    -print_final_stats=1 build-fuzz/corpus build-fuzz/seeds >"$log" 2>&1
status=$?
set -e
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" || true)
corpus=$(find build-fuzz/corpus -type f | wc -l)
cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || true)
if [ "$status" -ne 0 ]; then
    grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz_deck: broken promise|artifact_prefix|Test unit written)' \
        "$log" >&2 || tail -40 "$log" >&2
    echo "fuzz.sh: FAILED (exit $status) after ${runs:-?} inputs: a crash, broken promise, leak" \
         "or slow input; reproduce with ./build-fuzz/fuzz_deck FILE (build-fuzz/artifacts/)," \
         "then add FILE to tests/fuzz/regressions/" >&2
    exit 1
fi
echo "fuzz.sh: ${runs:-?} inputs in $seconds s ($cov, corpus $corpus inputs):" \
     "no crash, broken promise, leak or input slower than 1 s"
