"""liblensgen and the Python package from the source tree (python/lensgen on the build tree's
liblensgen.so): the checks of library_checks.py (the library's samples, labels and arrays are
the program's file, bitwise, on four decks; Dataset; a bad override). test_package.py runs the
same checks on the package `pip install ./python` builds."""
import os
import subprocess
import sys

from lgtest import SRC, skip

os.environ.setdefault("LENSGEN_LIBRARY",
                      os.path.join(os.path.dirname(os.environ["LENSGEN_BIN"]), "liblensgen.so"))
# an ASan build's library cannot load into an uninstrumented Python (ASan must come first); its
# code runs under ASan in tests/unit/test_library*.c
if "libasan" in subprocess.run(["ldd", os.environ["LENSGEN_LIBRARY"]], capture_output=True,
                               text=True).stdout:
    skip("the library is built with AddressSanitizer (tests/unit/test_library.c covers it)")
sys.path.insert(0, os.path.join(SRC, "python"))
import lensgen  # noqa: E402
import library_checks  # noqa: E402

library_checks.run_all(lensgen)
