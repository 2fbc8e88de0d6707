"""The Python package as a user installs it: `pip install ./python` into a fresh venv without
system site packages (scripts/setup-python-package.sh, the install step; this test installs
nothing and is skipped, exit 77, without that venv or when it was built from other sources).
In the venv: lensgen is the installed package with its own liblensgen.so (no LENSGEN_LIBRARY,
not the source tree), its decks are there, and the checks of library_checks.py pass: the
package's samples, labels and arrays are the program's file bitwise on four decks, Dataset,
a bad override, the PyTorch example."""
import os
import subprocess
import sys

from lgtest import SRC, expect, skip

venv = os.environ.get("LENSGEN_PACKAGE_VENV") or os.path.join(SRC, ".venv", "package")
if os.environ.get("LENSGEN_IN_PACKAGE_VENV") != "1":
    sys.path.insert(0, os.path.join(SRC, "tests", "python"))
    from source_hash import source_hash
    py = os.path.join(venv, "bin", "python")
    stamp = os.path.join(venv, "lensgen-source.sha256")
    setup = "bash scripts/setup-python-package.sh"
    if not os.access(py, os.X_OK):
        skip(f"no package venv {venv}: {setup}")
    if not os.path.exists(stamp) or open(stamp).read().strip() != source_hash(SRC):
        skip(f"the package venv {venv} was built from other sources: {setup}")
    if "libasan" in subprocess.run(["ldd", os.environ["LENSGEN_BIN"]], capture_output=True,
                                   text=True).stdout:
        skip("the program is an ASan build: its file is not the release package's build")
    env = {k: v for k, v in os.environ.items() if k not in ("LENSGEN_LIBRARY", "PYTHONPATH")}
    env["LENSGEN_IN_PACKAGE_VENV"] = "1"
    os.execve(py, [py, os.path.abspath(__file__)], env)

import lensgen  # noqa: E402  (the venv's)
import library_checks  # noqa: E402

pkg = os.path.dirname(os.path.abspath(lensgen.__file__))
with lensgen.Generator(os.path.join(SRC, "input", "quick.deck")) as g:
    lib = g._lib._name
expect(pkg.startswith(os.path.realpath(venv)) or pkg.startswith(venv),
       f"lensgen imported from the venv ({pkg}), not the source tree")
expect(os.path.dirname(os.path.abspath(lib)) == pkg and os.path.exists(lib),
       f"the package loads its own library ({lib})")
d = lensgen.decks()
expect({"default", "substructure", "lensed_images"} <= set(d) and
       all(p.startswith(pkg) for p in d.values()),
       f"lensgen.decks(): the shipped decks in the package ({sorted(d)})")
library_checks.run_all(lensgen)
