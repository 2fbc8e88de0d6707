#!/usr/bin/env bash
# What a deck implies is said before a run and measured after it: --check-deck shows the noise
# sigma actually used (before and after smoothing) and says when noise.sigma is ignored, and
# the columns written; a run prints S/N quantiles and warns when noise dominates most samples;
# output.params selects columns, and a bad column name is a deck error naming file:line;
# zscore and minmax of near-flat maps (off-map Sersic lenses) stay finite.
. "$(dirname "$0")/common.sh"

lg_split 1 --check-deck "$SRC/input/quick.deck" --set noise.sigma_from=shape_noise \
   --set noise.sigma_e=0.3 --set noise.n_gal=40
# pixel 8"/32 = 0.25" = 1/240': sigma = 0.3 / sqrt(2 * 40 / 57600) = 8.05
if [ "$RC" -eq 0 ] && grep -q "white sigma per pixel 8.05 from shape noise" "$WORK/out" \
   && grep -q "noise.sigma = 0.05 is not used" "$WORK/out" \
   && grep -q "sigma per pixel after it" "$WORK/out" && grep -q "^# /params columns: " "$WORK/out"; then
    pass "--check-deck: sigma from shape noise (8.05), noise.sigma ignored, sigma after smoothing"
else fail "--check-deck noise notes (exit $RC)"; fi

lg_split 1 --check-deck "$SRC/input/quick.deck" --set noise.smooth_fwhm=0
if [ "$RC" -eq 0 ] && grep -q "white sigma per pixel 0.05 (noise.sigma)" "$WORK/out" \
   && ! grep -q "sigma per pixel after it" "$WORK/out"; then
    pass "--check-deck: sigma from noise.sigma, no smoothing line without smoothing"
else fail "--check-deck without smoothing (exit $RC)"; fi

# a hopeless noise level: the run still succeeds but warns, and prints the S/N quantiles
lg_split 2 "$SRC/input/quick.deck" --force --set "output.file=$WORK/noisy.h5" --set noise.sigma=50
if [ "$RC" -eq 0 ] && grep -q "^signal-to-noise: matched filter " "$WORK/out" \
   && grep -q "warning: noise dominates most samples" "$WORK/err"; then
    pass "noise sigma 50: S/N quantiles printed and the noise-dominates warning given"
else fail "noise-dominates warning (exit $RC)"; fi
lg_split 2 "$SRC/input/quick.deck" --force --set "output.file=$WORK/clean.h5"
if [ "$RC" -eq 0 ] && grep -q "^signal-to-noise: " "$WORK/out" \
   && ! grep -q "noise dominates" "$WORK/err"; then
    pass "quick.deck as shipped: S/N printed, no warning"
else fail "no warning expected (exit $RC)"; fi

# output.params: an explicit list, all, and a bad name
lg 2 "$SRC/input/quick.deck" --force --set "output.file=$WORK/list.h5" --set "output.params=theta_E, z_l,profile" --quiet
cols=$(h5ls "$WORK/list.h5/params" 2>/dev/null | awk '{print $1}' | sort | tr '\n' ' ')
if [ "$RC" -eq 0 ] && [ "$cols" = "profile theta_E z_l " ]; then pass "output.params list writes exactly those columns"
else fail "output.params list: got '$cols' (exit $RC)"; fi
lg 1 "$SRC/input/quick.deck" --force --set "output.file=$WORK/all.h5" --set output.params=all --quiet
n_all=$(h5ls "$WORK/all.h5/params" 2>/dev/null | wc -l)
lg 1 "$SRC/input/quick.deck" --force --set "output.file=$WORK/app.h5" --quiet
n_app=$(h5ls "$WORK/app.h5/params" 2>/dev/null | wc -l)
if [ "$n_all" -ge 39 ] && [ "$n_app" -lt "$n_all" ] && [ "$n_app" -ge 15 ]; then
    pass "output.params = all writes $n_all columns, applicable $n_app"
else fail "all ($n_all) vs applicable ($n_app) columns"; fi
printf 'n_samples = 10\n[output]\nparams = theta_E, mass200\n' >"$WORK/bad.deck"
lg 2 --check-deck "$WORK/bad.deck"
if [ "$RC" -eq 2 ] && grep -q "bad.deck:3: key 'output.params': 'mass200' is not a /params column" "$WORK/out"; then
    pass "a bad output.params name is a deck error with file:line"
else fail "bad output.params name (exit $RC)"; fi

# normalisation of near-flat maps: off-map Sersic lenses (noise none) give maps whose peaks span
# 0 to 1e-6, tiny ones near 1e-38 among them; zscore and minmax stay finite, flat maps are zeros
cat >"$WORK/offmap.deck" <<'EOF'
n_samples = 2000
[map]
npix = 32
half_width = 2
[lens]
profile = sersic
center_x = uniform(2.2, 3)
[sersic]
r_e = uniform(0.05, 0.3)
n = uniform(0.5, 0.7)
[noise]
type = none
EOF
for method in zscore minmax; do
    lg 2 "$WORK/offmap.deck" --force --quiet --set "output.file=$WORK/offmap.h5" \
       --set normalise.method=$method
    check=$("$LENSGEN_PYTHON" - "$WORK/offmap.h5" <<'EOF'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1]) as f:
    kn, scale = f["maps/kappa_noisy"][()], f["params/norm_scale"][()]
    peak = f["maps/kappa"][()].max(axis=(1, 2))
flat = scale == 0
ok = np.isfinite(kn).all() and (kn[flat] == 0).all() and (peak < 1e-30).sum() > 0 and flat.sum() > 0
print("ok" if ok else "bad", f"{flat.sum()} flat, {(peak < 1e-30).sum()} peaks below 1e-30,",
      f"max |v| {np.abs(kn).max():.3g}")
EOF
)
    if [ "$RC" -eq 0 ] && [ "${check%% *}" = ok ]; then pass "off-map Sersic, $method: finite ($check)"
    else fail "off-map Sersic, $method (exit $RC): $check"; fi
done
finish
