#!/usr/bin/env bash
# input/reference.deck is exactly what --print-reference prints (the documentation cannot
# drift from the schema), documents every key, and is itself a valid deck.
. "$(dirname "$0")/common.sh"

lg 1 --print-reference
cp "$WORK/out" "$WORK/ref.deck"
if [ "$RC" -eq 0 ] && diff -u "$SRC/input/reference.deck" "$WORK/ref.deck" >"$WORK/diff"; then
    pass "input/reference.deck matches --print-reference"
else
    cat "$WORK/diff"
    fail "input/reference.deck is stale: regenerate with build/lensgen --print-reference > input/reference.deck"
fi

# every key printed by --check-deck (the schema) appears in the reference with type and default
# (stdout only: the reference sets keys its defaults do not use, which warns on stderr)
lg_split 1 --check-deck "$WORK/ref.deck"
if [ "$RC" -ne 0 ]; then fail "the reference deck does not validate"; fi
grep " = " "$WORK/out" | sed 's/ = .*//' >"$WORK/keys"
n=0
while read -r key; do
    n=$((n + 1))
    short=${key#*.}
    if ! grep -q "^$short = " "$WORK/ref.deck"; then fail "key $key missing from the reference"; fi
done <"$WORK/keys"
if [ "$n" -ge 25 ] && [ "$(grep -c '^# type: ' "$WORK/ref.deck")" -eq "$n" ]; then
    pass "$n keys documented, each with type/range/default"
else fail "reference documents $(grep -c '^# type: ' "$WORK/ref.deck") of $n keys"; fi
# the README's deck reference documents every key too
missing_readme=0
while read -r key; do
    grep -q "| \`$key\` |" "$SRC/README.md" || { echo "README lacks $key"; missing_readme=1; }
done <"$WORK/keys"
if [ "$missing_readme" -eq 0 ]; then pass "README documents every key"
else fail "README deck reference is missing keys"; fi
finish
