#!/usr/bin/env bash
# A key set in the deck or with --set that no sample can use is a warning on stderr (rank 0
# only; the run goes on and exits 0) naming file:line, the key and why; keys some sample uses,
# and the shipped decks, give none.
. "$(dirname "$0")/common.sh"

# warns NAME DECK_TEXT EXPECTED_LINE [extra args]: --check-deck on 2 ranks prints exactly the
# one warning line EXPECTED_LINE (a fixed string) on stderr and exits 0
warns() {
    local name=$1 text=$2 expect=$3
    shift 3
    printf '%s\n' "$text" >"$WORK/$name.deck"
    lg_split 2 --check-deck "$WORK/$name.deck" "$@"
    local n
    n=$(grep -c "warning:" "$WORK/err")
    if [ "$RC" -ne 0 ]; then fail "$name: exit status $RC"
    elif ! grep -q "deck OK" "$WORK/out"; then fail "$name: no 'deck OK'"
    elif ! grep -qxF "$expect" "$WORK/err"; then fail "$name: no line '$expect'"
    elif [ "$n" -ne 1 ]; then fail "$name: $n warnings, expected 1"
    else pass "$name: $expect"; fi
}

# quiet NAME DECK_TEXT [extra args]: --check-deck exits 0 without a warning
quiet() {
    local name=$1 text=$2
    shift 2
    printf '%s\n' "$text" >"$WORK/$name.deck"
    lg 2 --check-deck "$WORK/$name.deck" "$@"
    if [ "$RC" -eq 0 ] && ! grep -q "warning:" "$WORK/out"; then pass "$name: no warning"
    else fail "$name: exit $RC or a warning"; fi
}

D=$WORK
warns profile $'n_samples = 10\n[lens]\nprofile = composite\n\n[sis]\nsigma_v = 200' \
    "$D/profile.deck:6: warning: sis.sigma_v is set but no sample can use it: lens.profile draws only composite"
warns override $'n_samples = 10\n[lens]\nprofile = choice(sis: 1, nfw: 2)' \
    "command line (--set #2): warning: point_mass.mass is set but no sample can use it: lens.profile draws only sis, nfw" \
    --set n_samples=20 --set point_mass.mass=1e11
warns dm_model $'n_samples = 10\n[sidm]\nf_core = 0.5' \
    "$D/dm_model.deck:3: warning: sidm.f_core is set but no sample can use it: lens.dm_model draws only cdm"
warns c_model $'n_samples = 10\n[nfw]\nc = 7' \
    "$D/c_model.deck:3: warning: nfw.c is set but no sample can use it: nfw.c_model is duffy08"
warns two_reasons $'n_samples = 10\n[noise]\ntype = poisson\nsigma_e = 0.3' \
    "$D/two_reasons.deck:4: warning: noise.sigma_e is set but no sample can use it: noise.type is poisson and noise.sigma_from is value"
warns no_images $'n_samples = 10\n[source]\nmag = 22' \
    "$D/no_images.deck:3: warning: source.mag is set but no sample can use it: output.maps has no image map (image, image_noisy, source, fermat)"
warns no_clumps $'n_samples = 10\n[source]\nclump_sigma = 0.1\n[output]\nmaps = image' \
    "$D/no_clumps.deck:3: warning: source.clump_sigma is set but no sample can use it: source.n_clumps draws no clump (it is below 0.5)"
warns psf_beta $'n_samples = 10\n[imaging]\npsf = gaussian\npsf_fwhm = 0.2\npsf_beta = 3\n[output]\nmaps = image' \
    "$D/psf_beta.deck:5: warning: imaging.psf_beta is set but no sample can use it: imaging.psf is gaussian"
warns no_detector $'n_samples = 10\n[imaging]\nexposure_s = 100\n[output]\nmaps = image' \
    "$D/no_detector.deck:3: warning: imaging.exposure_s is set but no sample can use it: output.maps has no image_noisy (the detector's keys)"
warns small_source $'n_samples = 10\n[map]\nnpix = 32\nhalf_width = 1.6\n[source]\nr_e = uniform(0.04, 0.3)\n[imaging]\nsupersample = 2\n[output]\nmaps = image' \
    "$D/small_source.deck:6: warning: source.r_e can be 0.04\", below two ray spacings (pixel / imaging.supersample = 0.05\"): such a source is point-sampled and its flux can be off by tens of per cent; raise imaging.supersample or the smallest r_e"
quiet source_centre_for_wave $'n_samples = 10\n[lens]\nprofile = sis\n[sis]\nsigma_v = 5\n[source]\ncenter_x = 0.0001\n[output]\nwave = true'
quiet used_by_one_profile $'n_samples = 10\n[lens]\nprofile = choice(composite: 9, sis: 1)\n[sis]\nsigma_v = 200'
quiet used_by_one_model $'n_samples = 10\n[lens]\ndm_model = choice(cdm, sidm)\n[sidm]\nf_core = 0.5'
quiet default_deck_keys_unset $'n_samples = 10\n[lens]\nprofile = sis'

# a run with an unused key: one warning (rank 0 only, on 3 ranks), exit 0, the dataset written
printf 'n_samples = 6\nbatch_size = 2\n[map]\nnpix = 8\n[sis]\nsigma_v = 200\n' >"$WORK/run.deck"
lg_split 3 "$WORK/run.deck" --quiet --set "output.file=$WORK/run.h5"
if [ "$RC" -eq 0 ] && [ -s "$WORK/run.h5" ] && [ "$(grep -c "warning:" "$WORK/err")" -eq 1 ] \
   && grep -qxF "$WORK/run.deck:6: warning: sis.sigma_v is set but no sample can use it: lens.profile draws only nfw" "$WORK/err"; then
    pass "a run on 3 ranks warns once and writes its dataset"
else fail "run with an unused key (exit $RC)"; fi

# the shipped decks set no key their samples cannot use. input/reference.deck is left out: it is
# --print-reference's output and sets every key, most of which its nfw-only defaults do not use.
for deck in "$SRC"/input/*.deck; do
    [ "$(basename "$deck")" = reference.deck ] && continue
    lg 1 --check-deck "$deck"
    if [ "$RC" -eq 0 ] && ! grep -q "warning:" "$WORK/out"; then pass "$deck: no warning"
    else fail "$deck warns (exit $RC)"; fi
done
finish
