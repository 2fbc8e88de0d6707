"""lensgen from Python: samples of a deck generated in the training loop (Generator), through
liblensgen (src/lensgen.h) by ctypes. NumPy is the only dependency.

    import lensgen
    g = lensgen.Generator("input/default.deck", {"n_samples": 1000})
    maps, labels = g.batch(0, 64)       # maps["kappa"]: [64, npix, npix] float32
                                        # labels["theta_E"]: [64]; with a point source
                                        # (lensed_images.deck) labels["images/x"]: [64, 5]
    for maps, labels in g.stream(64):   # samples 0, 64, 128, ... forever (any index is a sample)
        ...

The samples are exactly those `lensgen DECK` writes to its file (bitwise, same seed, and a build
of the same revision, compiler and flags: Generator.version names them).
The library is found at $LENSGEN_LIBRARY, else next to this package, else by the loader.
"""
import ctypes
import os

import numpy as np

__all__ = ["Dataset", "Generator", "LensgenError", "decks", "load_library"]

_ERR = 8192


class LensgenError(RuntimeError):
    """A bad deck, override or argument (the message names the file:line, key and value)."""


def load_library(path=None):
    """The liblensgen shared library, its functions' types declared: `path`, else
    $LENSGEN_LIBRARY (either must load: no silent fall-back to another copy), else the one
    installed in this package, else the loader's search path."""
    chosen = path or os.environ.get("LENSGEN_LIBRARY")
    if chosen:
        try:
            lib = ctypes.CDLL(chosen)
        except OSError as e:
            what = "library=" if path else "LENSGEN_LIBRARY="
            raise OSError(f"{what}{chosen} cannot be loaded: {e}") from None
    else:
        last = None
        for c in (os.path.join(os.path.dirname(os.path.abspath(__file__)), "liblensgen.so"),
                  "liblensgen.so", "liblensgen.so.0"):
            try:
                lib = ctypes.CDLL(c)
                break
            except OSError as e:
                last = e
        else:
            raise OSError("liblensgen not found: install the package with `pip install ./python`"
                          f", or set LENSGEN_LIBRARY to a built liblensgen.so ({last})")
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
        "lensgen_fill_arrays": (ctypes.c_int, [P, I64, I64, P, P, ctypes.POINTER(P), C,
                                               ctypes.c_size_t]),
        "lensgen_version": (C, []),
        "lensgen_backend": (C, [P]),
        "lensgen_n_arrays": (ctypes.c_int, [P]),
        "lensgen_array_name": (C, [P, ctypes.c_int]),
        "lensgen_array_width": (ctypes.c_int, [P, ctypes.c_int]),
    }
    for name, (res, args) in sig.items():
        f = getattr(lib, name)
        f.restype, f.argtypes = res, args
    return lib


def decks():
    """The shipped decks of an installed package ({name: path}; `pip install ./python` puts
    them in the package); in a source tree, input/*.deck."""
    here = os.path.dirname(os.path.abspath(__file__))
    found = {}
    for d in (os.path.join(here, "decks"), os.path.join(here, "..", "..", "input")):
        if os.path.isdir(d):
            for f in sorted(os.listdir(d)):
                if f.endswith(".deck") and f != "reference.deck":
                    found.setdefault(f[:-5], os.path.normpath(os.path.join(d, f)))
    return found


def _index(name, value):
    """A sample index or count: an integer >= 0 (NumPy integers too), else a ValueError."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"{name} = {value!r}: allowed an integer >= 0")
    return int(value)


def _overrides(overrides):
    if overrides is None:
        return []
    if isinstance(overrides, dict):
        return [f"{k}={v}" for k, v in overrides.items()]
    return [str(o) for o in overrides]


class Generator:
    """Samples of a deck: `deck` is a path, or deck text (when it contains a newline);
    `overrides` a dict {"section.key": value} or a list of "section.key=value" strings, as
    `lensgen --set` takes them.

    Attributes: npix, n_samples (the deck's), map_names, label_names (the scalar /params
    columns), array_names and array_widths (per-sample arrays named by their path in the file:
    "images/x", "params/src_clump_x", "subhalos/mass", "wave/F_abs", ...), backend ("cpu" or
    "cuda": the deck's backend key), version.

    Threads: one Generator may be used from several threads (calls take turns); for parallel
    generation give each thread (or DataLoader worker) a Generator of its own."""

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
        n_arr = self._lib.lensgen_n_arrays(h)
        self.array_names = [self._lib.lensgen_array_name(h, i).decode() for i in range(n_arr)]
        self.array_widths = [self._lib.lensgen_array_width(h, i) for i in range(n_arr)]
        self.backend = self._lib.lensgen_backend(h).decode()
        self.version = self._lib.lensgen_version().decode()

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

    def batch(self, first, count, arrays=True):
        """Samples [first, first + count): ({map name: [count, npix, npix] float32},
        {label name: [count] float64, and with arrays, array name: [count, width] float64
        ([count] where the file's dataset is 1-D: width 1)}). As in the file, values a sample
        does not have are NaN. Every label is float64 here (the file keeps int and float32
        columns as such: lensgen.Dataset returns the file's types)."""
        if self._h is None:
            raise LensgenError("the generator is closed")
        first, count = _index("first", first), _index("count", count)
        n_maps, n_par = len(self.map_names), len(self.label_names)
        maps = np.empty((count, n_maps, self.npix, self.npix), np.float32)
        par = np.empty((count, n_par), np.float64)
        arr = [np.empty((count, w), np.float64) for w in self.array_widths] if arrays else []
        ptrs = (ctypes.c_void_p * max(1, len(arr)))(*[a.ctypes.data for a in arr])
        err = ctypes.create_string_buffer(_ERR)
        rc = self._lib.lensgen_fill_arrays(self._h, int(first), count,
                                           maps.ctypes.data_as(ctypes.c_void_p),
                                           par.ctypes.data_as(ctypes.c_void_p),
                                           ptrs if arr else None, err, _ERR)
        if rc != 0:
            raise LensgenError(err.value.decode(errors="replace").strip())
        labels = {k: par[:, i] for i, k in enumerate(self.label_names)}
        for name, a in zip(self.array_names, arr):
            labels[name] = a[:, 0] if a.shape[1] == 1 else a
        return {k: maps[:, i] for i, k in enumerate(self.map_names)}, labels

    def sample(self, index):
        """Sample `index`: ({map name: [npix, npix]}, {label name: float, array name: [width]})."""
        m, p = self.batch(index, 1)
        return ({k: v[0] for k, v in m.items()},
                {k: (float(v[0]) if v.ndim == 1 else v[0]) for k, v in p.items()})

    def stream(self, batch_size, start=0):
        """Batches of batch_size from sample `start` on, without end (never repeating)."""
        i, batch_size = _index("start", start), _index("batch_size", batch_size)
        if batch_size < 1:
            raise ValueError(f"batch_size {batch_size}: allowed >= 1")
        while True:
            yield self.batch(i, batch_size)
            i += batch_size


from .dataset import Dataset  # noqa: E402  (h5py is imported when a Dataset is made)
