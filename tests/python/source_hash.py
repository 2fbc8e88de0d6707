"""source_hash.py ROOT: one hash of what `pip install ./python` builds from (CMake files, src/,
gpu/, cmake/, python/, input/): scripts/setup-python-package.sh stamps the venv with it and
test_package.py skips a venv built from other sources."""
import hashlib
import os
import sys


def source_hash(root):
    h = hashlib.sha256()
    paths = [os.path.join(root, "CMakeLists.txt")]
    for top in ("src", "gpu", "cmake", "python", "input"):
        for d, dirs, files in os.walk(os.path.join(root, top)):
            dirs[:] = sorted(x for x in dirs if x != "__pycache__")
            paths += [os.path.join(d, f) for f in files]
    for p in sorted(paths):
        with open(p, "rb") as f:
            h.update(os.path.relpath(p, root).encode() + b"\0" + f.read() + b"\0")
    return h.hexdigest()


if __name__ == "__main__":
    print(source_hash(sys.argv[1]))
