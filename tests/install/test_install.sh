#!/usr/bin/env bash
# test_install.sh BUILD_DIR SOURCE_DIR: `cmake --install` into a temporary prefix (no root), then
# a program outside the tree built against it four ways: find_package(lensgen) with the shared
# and the static library, pkg-config with each; run on an installed deck, all four print the
# same samples. The README's C example builds and runs against the prefix. The installed
# lensgen and Python package are checked.
set -euo pipefail
build=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log"
for f in bin/lensgen include/lensgen.h lib*/liblensgen.a share/lensgen/input/default.deck \
         share/lensgen/python/lensgen/__init__.py share/doc/lensgen/README.md; do
    compgen -G "$prefix/$f" >/dev/null || { echo "FAIL: $f not installed"; exit 1; }
done
lib=$(dirname "$(find "$prefix" -name 'liblensgen.so' | head -1)")
[ -n "$lib" ] || { echo "FAIL: liblensgen.so not installed"; exit 1; }
deck=$prefix/share/lensgen/input/quick.deck
mkdir "$tmp/cm"
cp "$src/tests/install/consumer.c" "$tmp/cm/"
cp "$src/tests/install/CMakeLists.txt.in" "$tmp/cm/CMakeLists.txt"
cmake -S "$tmp/cm" -B "$tmp/cm/build" -DCMAKE_PREFIX_PATH="$prefix" >"$tmp/cm.log"
cmake --build "$tmp/cm/build" >>"$tmp/cm.log"
out=$(LD_LIBRARY_PATH="$lib" "$tmp/cm/build/consumer" "$deck")
echo "find_package: $out"
[[ $out == "npix 16 maps "*" status 0 "* ]] || { echo "FAIL: find_package consumer"; exit 1; }
if ldd "$tmp/cm/build/consumer_static" | grep -q liblensgen; then
    echo "FAIL: the static consumer needs liblensgen.so"; exit 1
fi
out_static=$("$tmp/cm/build/consumer_static" "$deck")
echo "find_package, static: $out_static"
[[ $out_static == "$out" ]] || { echo "FAIL: static and shared consumers differ"; exit 1; }
pc=$(PKG_CONFIG_PATH="$lib/pkgconfig" pkg-config --cflags --libs lensgen)
# shellcheck disable=SC2086
cc -o "$tmp/pc_consumer" "$src/tests/install/consumer.c" $pc
out=$(LD_LIBRARY_PATH="$lib" "$tmp/pc_consumer" "$deck")
echo "pkg-config ($pc): $out"
[[ $out == "npix 16 maps "*" status 0 "* ]] || { echo "FAIL: pkg-config consumer"; exit 1; }
pcs=$(PKG_CONFIG_PATH="$lib/pkgconfig" pkg-config --cflags --libs lensgen-static)
# shellcheck disable=SC2086
cc -o "$tmp/pc_static" "$src/tests/install/consumer.c" $pcs
if ldd "$tmp/pc_static" | grep -q liblensgen; then
    echo "FAIL: the pkg-config lensgen-static consumer needs liblensgen.so"; exit 1
fi
out_pcs=$("$tmp/pc_static" "$deck")
echo "pkg-config lensgen-static ($pcs): $out_pcs"
[[ $out_pcs == "$out" ]] || { echo "FAIL: pkg-config lensgen-static consumer differs"; exit 1; }
# the README's C example, as printed there, against the installed prefix
sed -n '/^\/\* samples.c:/,/^```/p' "$src/README.md" | sed '$d' >"$tmp/samples.c"
# shellcheck disable=SC2086
cc -std=c17 -Wall -Wextra -Werror -o "$tmp/samples" "$tmp/samples.c" $pc -Wl,-rpath,"$lib"
out_readme=$("$tmp/samples" "$prefix/share/lensgen/input/default.deck")
echo "README example: $out_readme"
[[ $out_readme == "kappa of sample 1000: "* ]] || { echo "FAIL: the README's C example"; exit 1; }
LENSGEN_LIBRARY=$lib/liblensgen.so PYTHONPATH=$prefix/share/lensgen/python /usr/bin/python3 -c "
import lensgen
g = lensgen.Generator('$deck', {'map.npix': 16})
m, p = g.batch(0, 2)
assert m['kappa'].shape == (2, 16, 16), m['kappa'].shape
print('python: ok', sorted(m))"
"$prefix/bin/lensgen" --version
echo "ok: installed to a temporary prefix and used from outside the tree"
