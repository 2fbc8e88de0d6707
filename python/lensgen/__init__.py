"""lensgen from Python: samples of a deck generated in the training loop (Generator), through
liblensgen (src/lensgen.h) by ctypes. NumPy is the only dependency.

    import lensgen
    g = lensgen.Generator("input/default.deck", {"n_samples": 1000})
    maps, labels = g.batch(0, 64)       # maps["kappa"]: [64, npix, npix] float32
    for maps, labels in g.stream(64):   # samples 0, 64, 128, ... forever (any index is a sample)
        ...

The samples are exactly those `lensgen DECK` writes to its file (bitwise, same seed and build).
The library is found at $LENSGEN_LIBRARY, else next to this package, else by the loader.
"""
import ctypes
import os

import numpy as np

__all__ = ["Dataset", "Generator", "LensgenError", "load_library"]

_ERR = 8192


class LensgenError(RuntimeError):
    """A bad deck, override or argument (the message names the file:line, key and value)."""


def load_library(path=None):
    """The liblensgen shared library, its functions' types declared."""
    candidates = [path, os.environ.get("LENSGEN_LIBRARY"),
                  os.path.join(os.path.dirname(os.path.abspath(__file__)), "liblensgen.so"),
                  "liblensgen.so", "liblensgen.so.0"]
    last = None
    for c in candidates:
        if not c:
            continue
        try:
            lib = ctypes.CDLL(c)
            break
        except OSError as e:
            last = e
    else:
        raise OSError(f"liblensgen not found (set LENSGEN_LIBRARY to its path): {last}")
    P, I64, C = ctypes.c_void_p, ctypes.c_int64, ctypes.c_char_p
    sig = {
        "lensgen_open": (P, [C, ctypes.POINTER(C), ctypes.c_int, C, ctypes.c_size_t]),
        "lensgen_open_text": (P, [C, C, ctypes.POINTER(C), ctypes.c_int, C, ctypes.c_size_t]),
        "lensgen_close": (None, [P]),
        "lensgen_n_samples": (I64, [P]),
        "lensgen_npix": (ctypes.c_int, [P]),
        "lensgen_n_maps": (ctypes.c_int, [P]),
        "lensgen_map_name": (C, [P, ctypes.c_int]),
        "lensgen_n_params": (ctypes.c_int, [P]),
        "lensgen_param_name": (C, [P, ctypes.c_int]),
        "lensgen_fill": (ctypes.c_int, [P, I64, I64, P, P, C, ctypes.c_size_t]),
    }
    for name, (res, args) in sig.items():
        f = getattr(lib, name)
        f.restype, f.argtypes = res, args
    return lib


def _overrides(overrides):
    if overrides is None:
        return []
    if isinstance(overrides, dict):
        return [f"{k}={v}" for k, v in overrides.items()]
    return [str(o) for o in overrides]


class Generator:
    """Samples of a deck: `deck` is a path, or deck text (when it contains a newline);
    `overrides` a dict {"section.key": value} or a list of "section.key=value" strings, as
    `lensgen --set` takes them."""

    def __init__(self, deck, overrides=None, library=None):
        self._lib = load_library(library)
        ov = [o.encode() for o in _overrides(overrides)]
        arr = (ctypes.c_char_p * max(1, len(ov)))(*ov)
        err = ctypes.create_string_buffer(_ERR)
        if "\n" in str(deck):
            h = self._lib.lensgen_open_text(b"deck text", str(deck).encode(), arr, len(ov), err,
                                            _ERR)
        else:
            h = self._lib.lensgen_open(os.fspath(deck).encode(), arr, len(ov), err, _ERR)
        if not h:
            raise LensgenError(err.value.decode(errors="replace").strip())
        self._h = h
        self.npix = self._lib.lensgen_npix(h)
        self.n_samples = self._lib.lensgen_n_samples(h)
        self.map_names = [self._lib.lensgen_map_name(h, i).decode()
                          for i in range(self._lib.lensgen_n_maps(h))]
        self.label_names = [self._lib.lensgen_param_name(h, i).decode()
                            for i in range(self._lib.lensgen_n_params(h))]

    def close(self):
        if getattr(self, "_h", None):
            self._lib.lensgen_close(self._h)
            self._h = None

    def __del__(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def batch(self, first, count):
        """Samples [first, first + count): ({map name: [count, npix, npix] float32},
        {label name: [count] float64})."""
        if self._h is None:
            raise LensgenError("the generator is closed")
        n_maps, n_par = len(self.map_names), len(self.label_names)
        maps = np.empty((count, n_maps, self.npix, self.npix), np.float32)
        par = np.empty((count, n_par), np.float64)
        err = ctypes.create_string_buffer(_ERR)
        rc = self._lib.lensgen_fill(self._h, int(first), int(count),
                                    maps.ctypes.data_as(ctypes.c_void_p),
                                    par.ctypes.data_as(ctypes.c_void_p), err, _ERR)
        if rc != 0:
            raise LensgenError(err.value.decode(errors="replace").strip())
        return ({k: maps[:, i] for i, k in enumerate(self.map_names)},
                {k: par[:, i] for i, k in enumerate(self.label_names)})

    def sample(self, index):
        """Sample `index`: ({map name: [npix, npix]}, {label name: float})."""
        m, p = self.batch(index, 1)
        return {k: v[0] for k, v in m.items()}, {k: float(v[0]) for k, v in p.items()}

    def stream(self, batch_size, start=0):
        """Batches of batch_size from sample `start` on, without end (never repeating)."""
        i = int(start)
        while True:
            yield self.batch(i, batch_size)
            i += batch_size


from .dataset import Dataset  # noqa: E402  (h5py is imported when a Dataset is made)
