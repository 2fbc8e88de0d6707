#!/usr/bin/env bash
# Bad input: each error class gives one file:line message naming key, value and what is
# allowed, with control characters escaped; every rank of `mpirun -np 4` exits 2 within
# seconds; no output file.
. "$(dirname "$0")/common.sh"

# bad_path NAME DECK_PATH EXPECTED_REGEX [extra args]: run the deck at DECK_PATH on 4 ranks
bad_path() {
    local name=$1 deck=$2 expect=$3
    shift 3
    rm -f "$WORK/out.h5" "$WORK/out.h5.tmp"
    local t0=$SECONDS
    lg 4 "$deck" --set "output.file=$WORK/out.h5" "$@"
    local took=$((SECONDS - t0))
    if [ "$RC" -eq 124 ]; then fail "$name: hung (killed after 60 s)"; return; fi
    if [ "$RC" -ne 2 ]; then fail "$name: exit status $RC, not 2"; return; fi
    if [ "$took" -gt 20 ]; then fail "$name: took $took s"; return; fi
    if ! grep -qE "$expect" "$WORK/out"; then fail "$name: message does not match /$expect/"; return; fi
    if grep -q $'[\r\x1b]' "$WORK/out"; then fail "$name: a raw CR or ESC in the messages"; return; fi
    if [ -e "$WORK/out.h5" ] || [ -e "$WORK/out.h5.tmp" ]; then fail "$name: left an output file"; return; fi
    pass "$name (exit $RC, ${took}s): $(grep -E "$expect" "$WORK/out" | head -1)"
}

# bad NAME DECK_TEXT EXPECTED_REGEX [extra args]: write the deck, run it on 4 ranks
bad() {
    local name=$1 text=$2 expect=$3
    shift 3
    printf '%s\n' "$text" >"$WORK/$name.deck"
    bad_path "$name" "$WORK/$name.deck" "$expect" "$@"
}

D="$WORK"
bad psf_pixel_no_file $'n_samples = 10\n[imaging]\npsf = pixel\n[output]\nmaps = image' \
    "^$D/psf_pixel_no_file.deck:3: key 'imaging.psf': value 'pixel' needs imaging.psf_file; allowed: the path of a .npy or text kernel file$"
bad unknown_key $'n_samples = 10\n[noise]\nsigam = 0.1' \
    "^$D/unknown_key.deck:3: unknown key 'noise.sigam'; did you mean 'noise.sigma'\?"
bad wrong_section $'n_samples = 10\n[map]\nsigma = 0.1' \
    "^$D/wrong_section.deck:3: unknown key 'map.sigma'; did you mean 'noise.sigma'\?"
bad duplicate $'n_samples = 10\n[map]\nnpix = 32\n\nnpix = 64' \
    "^$D/duplicate.deck:5: duplicate key 'map.npix' \(first set at line 3\)"
bad malformed_value $'n_samples = 10\n[map]\nhalf_width = five' \
    "^$D/malformed_value.deck:3: key 'map.half_width': value 'five' is not a number"
bad not_integer $'n_samples = 10.5' \
    "^$D/not_integer.deck:1: key 'n_samples': value '10.5' is not an integer"
bad out_of_range $'n_samples = 10\n[map]\nnpix = 3' \
    "^$D/out_of_range.deck:3: key 'map.npix': value '3' is out of range; allowed \[4, 8192\]"
bad dist_range $'n_samples = 10\n[lens]\nz_l = uniform(0.1, 30)' \
    "^$D/dist_range.deck:3: key 'lens.z_l': 'uniform\(0.1, 30\)' can draw values outside the allowed range \[0.001, 10\]"
bad unbounded_normal $'n_samples = 10\n[nfw]\nm200 = normal(1e14, 1e13)' \
    "^$D/unbounded_normal.deck:3: key 'nfw.m200': .*give bounds: normal\(mu, sigma, lo, hi\)"
bad bad_enum $'n_samples = 10\n[noise]\ntype = gauss' \
    "^$D/bad_enum.deck:3: key 'noise.type': value 'gauss' is not allowed; allowed: none\|gaussian\|poisson"
bad bad_choice $'n_samples = 10\n[lens]\nprofile = choice(nfw: 1, sies: 2)' \
    "^$D/bad_choice.deck:3: key 'lens.profile': .*'sies' is not one of point_mass\|sis\|nfw\|nfw_ell\|sie\|sersic\|composite"
bad bad_map_list $'n_samples = 10\n[output]\nmaps = kappa, alpha' \
    "^$D/bad_map_list.deck:3: key 'output.maps': 'alpha' is not one of kappa\|kappa_noisy\|alpha_x"
bad missing_required $'[map]\nnpix = 32' \
    "^$D/missing_required.deck:1: missing required key 'n_samples'; add e.g. 'n_samples = 1000'"
bad same_section_hint $'n_samples = 10\n[nfw]\nmass = 1e12' \
    "^$D/same_section_hint.deck:3: unknown key 'nfw.mass'; did you mean 'nfw.m200'\?"
bad same_section_override $'n_samples = 10' \
    "^command line \(--set #2\): unknown key 'nfw.mass'; did you mean 'nfw.m200'\?" \
    --set nfw.mass=1e12
# the list of sections is every section of the schema (those of --print-reference), in order
lg 1 --print-reference
sections=$(grep -E '^\[[a-z_0-9]+\]$' "$WORK/out" | tr '\n' ' ' | sed 's/ $//')
[ "$(wc -w <<<"$sections")" -ge 14 ] || fail "--print-reference lists only $(wc -w <<<"$sections") sections"
bad unknown_section $'n_samples = 10\n[nosie]\nsigma = 1' \
    "^$D/unknown_section.deck:2: unknown section \[nosie\]; sections: ${sections//[/\\[}$"
bad no_equals $'n_samples = 10\n[map]\nnpix 32' \
    "^$D/no_equals.deck:3: expected 'key = value', got 'npix 32'"
bad redshift_order $'n_samples = 10\n[lens]\nz_l = uniform(0.5, 1.5)\nz_s = uniform(1.0, 2.0)' \
    "^$D/redshift_order.deck:4: lens.z_s can be 1 but lens.z_l can be 1.5; every source must lie behind its lens"
bad chunk_span $'n_samples = 100\nbatch_size = 24\n[output]\nchunk_samples = 16' \
    "^$D/chunk_span.deck:4: key 'output.chunk_samples': value 16 does not divide batch_size = 24, so chunks would span batches"
bad bad_override $'n_samples = 10' \
    "^command line \(--set #2\): key 'noise.sigma': value '-1' is out of range; allowed \[0, 1000\]" \
    --set noise.sigma=-1
bad unknown_override $'n_samples = 10' \
    "^command line \(--set #2\): unknown key 'noise.sgma'; did you mean 'noise.sigma'\?" \
    --set noise.sgma=1

# the backend key, in the deck, with --set, and as --backend (its own option): the key and
# the allowed values named
bad bad_backend $'n_samples = 10\nbackend = gpu' \
    "^$D/bad_backend.deck:2: key 'backend': value 'gpu' is not allowed; allowed: auto\|cpu\|cuda$"
bad bad_backend_set $'n_samples = 10' \
    "^command line \(--set #2\): key 'backend': value 'bogus' is not allowed; allowed: auto\|cpu\|cuda$" \
    --set backend=bogus
bad_path bad_backend_option "$SRC/input/quick.deck" \
    "^lensgen: --backend \(the deck key 'backend'\): value 'bogus' is not allowed; allowed: auto\|cpu\|cuda$" \
    --backend bogus
bad_path bad_backend_option_eq "$SRC/input/quick.deck" \
    "^lensgen: --backend \(the deck key 'backend'\): value 'CUDA' is not allowed; allowed: auto\|cpu\|cuda$" \
    --backend=CUDA
bad_path backend_option_no_value "$SRC/input/quick.deck" \
    "^lensgen: --backend needs a value; allowed: auto\|cpu\|cuda$" --backend

# choice weights: each finite and > 0, their sum finite (1e308 + 1e308 overflows)
bad huge_weights $'n_samples = 10\n[lens]\nprofile = choice(nfw: 1e308, sis: 1e308)' \
    "^$D/huge_weights.deck:3: key 'lens.profile': 'choice\(nfw: 1e308, sis: 1e308\)': the weights sum to more than 1.8e308; allowed: weights in \[2.2e-308, 1.8e308\]"
bad negative_weight $'n_samples = 10\n[lens]\nprofile = choice(nfw: 1, sis: -2)' \
    "^$D/negative_weight.deck:3: key 'lens.profile': .*the weight '-2' of 'sis' is not allowed; allowed: weights in"
# control characters echoed from the deck are escaped (CR as \r, ESC as \x1b)
bad cr_in_value $'n_samples = 10\n[noise]\ntype = gau\rss\x1b[2J' \
    "^$D/cr_in_value.deck:3: key 'noise.type': value 'gau\\\\rss\\\\x1b\\[2J' is not allowed"

# deck files that are not regular, too large, unreadable or not text: refused before reading
mkfifo "$WORK/fifo.deck"
bad_path fifo_deck "$WORK/fifo.deck" "^$D/fifo.deck: a FIFO, not a regular file; give a deck file"
mkdir "$WORK/dir.deck"
bad_path directory_deck "$WORK/dir.deck" "^$D/dir.deck: a directory, not a regular file"
bad_path dev_zero_deck /dev/zero "^/dev/zero: a character device, not a regular file"
head -c 1100000 /dev/zero | tr '\0' '#' >"$WORK/big.deck"
bad_path oversized_deck "$WORK/big.deck" \
    "^$D/big.deck: the deck is 1100000 bytes, larger than the limit of 1048576 bytes \(1 MiB\)"
bad_path read_error_deck /proc/self/mem "^/proc/self/mem: read error \(Input/output error\)"
printf 'n_samples = 10\n[map]\nnpix = 3\0\n' >"$WORK/nul.deck"
bad_path nul_deck "$WORK/nul.deck" "^$D/nul.deck:3: not a text file \(a NUL byte at offset 29\)"
bad_path missing_deck "$WORK/does-not-exist.deck" \
    "^$D/does-not-exist.deck: cannot open the deck file \(No such file or directory\)"

# unknown option
lg 2 --frobnicate "$SRC/input/quick.deck"
if [ "$RC" -eq 2 ] && grep -q "unknown option '--frobnicate'" "$WORK/out"; then pass "unknown option"
else fail "unknown option (exit $RC)"; fi

# an existing output is kept unless --force
printf 'keep me\n' >"$WORK/exists.h5"
lg 2 "$SRC/input/quick.deck" --set "output.file=$WORK/exists.h5" --set n_samples=4 --quiet
if [ "$RC" -ne 0 ] && grep -q "exists; use --force" "$WORK/out" && grep -q "keep me" "$WORK/exists.h5"; then
    pass "existing output kept without --force"
else fail "existing output (exit $RC)"; fi
lg 2 "$SRC/input/quick.deck" --set "output.file=$WORK/exists.h5" --set n_samples=4 --quiet --force
if [ "$RC" -eq 0 ] && ! grep -q "keep me" "$WORK/exists.h5"; then pass "--force overwrites"
else fail "--force (exit $RC)"; fi

# an output directory that cannot be created: a clear message, no hang, nothing left
printf 'x' >"$WORK/afile"
lg 3 "$SRC/input/quick.deck" --set "output.file=$WORK/afile/sub/out.h5" --quiet
if [ "$RC" -eq 2 ] && grep -q "is not a directory" "$WORK/out"; then pass "unwritable output path"
else fail "unwritable output path (exit $RC)"; fi

# non-regular outputs are refused before anything is computed, with or without --force
mkfifo "$WORK/fifo.h5"
for target in /dev/null "$WORK/fifo.h5" "$WORK"; do
    lg 2 "$SRC/input/quick.deck" --set "output.file=$target" --quiet --force
    if [ "$RC" -eq 2 ] && grep -q "output.file '$target'" "$WORK/out" && [ ! -e "$target.tmp" ]; then
        pass "output $target refused (exit 2)"
    else fail "output $target (exit $RC)"; fi
done

# more memory than the node has: refused before allocating, with a batch_size that fits
lg 2 "$SRC/input/quick.deck" --set "output.file=$WORK/mem.h5" --set map.npix=8192 \
    --set batch_size=4096 --set n_samples=8192 --quiet
if [ "$RC" -eq 2 ] && grep -q "lower batch_size to at most" "$WORK/out" && [ ! -e "$WORK/mem.h5.tmp" ]; then
    pass "memory beyond the node's refused (exit 2)"
else fail "memory estimate (exit $RC)"; fi
finish
