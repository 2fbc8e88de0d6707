"""The checks of a lensgen Python package against the program (used by test_library.py on the
build tree's library and by test_package.py on the package `pip install ./python` built):

- decks(): the library's samples are the program's file, bitwise, for index ranges that cross
  the program's batch boundaries: input/default.deck (every profile, noise, augmentation),
  substructure.deck (subhalos, SIDM, WDM), lensed_images.deck (images, clumps, a lensed quasar)
  and lensed_gw.deck (wave optics); the maps, every scalar /params column and every per-sample
  array (images/*, params/src_clump_*, subhalos/*, wave/*) the file holds.
- dataset(): lensgen.Dataset's splits partition the samples, deterministic; an epoch visits its
  split once, a new order per epoch, the same order when asked again; minibatches hold the
  file's rows; labels may name per-sample arrays.
- bad_override(): one message naming the key and the allowed range; bad arguments (a negative
  or fractional index, a zero batch size, an index past a file's end, a library path that does
  not load) raise errors that name them.
- torch_example(): python/examples/pytorch.py (see there)."""
import os

import h5py
import numpy as np

from lgtest import SRC, bitwise_equal, expect, finish, run, workdir

CASES = [("default.deck", ["n_samples=48", "batch_size=16"], 5, 30),
         ("substructure.deck", ["n_samples=24", "batch_size=7", "subhalos.m_min=1e8"], 3, 20),
         ("lensed_images.deck", ["n_samples=24", "batch_size=7", "map.npix=32",
                                 "imaging.supersample=1"], 2, 20),
         ("lensed_gw.deck", ["n_samples=24", "batch_size=5"], 1, 21)]


def _file_arrays(f):
    """Every per-sample dataset in a group of the file (one row per sample) but the maps and the
    scalar /params columns."""
    out, n = {}, f["params/z_l"].shape[0]

    def visit(name, obj):
        if (isinstance(obj, h5py.Dataset) and "/" in name and obj.shape[:1] == (n,)
                and not name.startswith(("maps/", "provenance/")) and name != "wave/frequency"
                and not (name.startswith("params/") and obj.ndim == 1)):
            out[name] = obj
    f.visititems(visit)
    return out


def decks(lensgen, wd):
    for deck, sets, first, count in CASES:
        path = os.path.join(SRC, "input", deck)
        out = os.path.join(wd, deck + ".h5")
        run(2, path, out, *sets)
        with lensgen.Generator(path, sets) as g:
            maps, labels = g.batch(first, count)
            names, labs, arrs = g.map_names, g.label_names, g.array_names
        with h5py.File(out, "r") as f:
            file_maps = {k: f["maps"][k][first:first + count] for k in f["maps"]}
            file_par = {k: f["params"][k][first:first + count] for k in f["params"]
                        if f["params"][k].ndim == 1}
            file_arr = {k: v[first:first + count] for k, v in _file_arrays(f).items()}
        expect(sorted(names) == sorted(file_maps) and sorted(labs) == sorted(file_par) and
               sorted(arrs) == sorted(file_arr),
               f"{deck}: the library's maps {names}, {len(labs)} labels and arrays {arrs} are "
               f"the file's")
        bad = [k for k in names if not bitwise_equal(maps[k], file_maps[k])]
        bad += [k for k in labs + arrs
                if not bitwise_equal(labels[k], file_par.get(k, file_arr.get(k)).astype(np.float64))]
        expect(not bad, f"{deck}: samples [{first}, {first + count}) bitwise the file's (program "
               f"batches of {sets[1].split('=')[1]} on 2 ranks): maps, labels, {len(arrs)} "
               f"arrays; differ: {bad}")


def dataset(lensgen, wd):
    out = os.path.join(wd, "default.deck.h5")
    with h5py.File(out, "r") as f:
        kappa, z_l = f["maps/kappa"][()], f["params/z_l"][()]
    sets = {s: lensgen.Dataset(out, s, labels=["z_l"]) for s in lensgen.Dataset.SPLITS}
    idx = [sets[s].indices for s in lensgen.Dataset.SPLITS]
    allidx = np.sort(np.concatenate(idx))
    expect(np.array_equal(allidx, np.arange(48)) and [len(i) for i in idx] == [38, 5, 5] and
           np.array_equal(lensgen.Dataset(out, "val").indices, idx[1]),
           f"Dataset: splits partition the 48 samples {[len(i) for i in idx]}, deterministic")
    tr = sets["train"]
    seen = [np.concatenate([b[1]["z_l"] for b in tr.batches(8, epoch=e)]) for e in (0, 1, 0)]
    where = {float(v): i for i, v in enumerate(z_l)}  # z_l is drawn: one value per sample
    rows = all(np.array_equal(m["kappa"], kappa[[where[float(v)] for v in p["z_l"]]])
               for m, p in tr.batches(8, epoch=2))
    expect(np.array_equal(np.sort(seen[0]), np.sort(z_l[tr.indices])) and
           not np.array_equal(seen[0], seen[1]) and np.array_equal(seen[0], seen[2]) and rows,
           "Dataset: an epoch visits the split once, a new order per epoch, repeatable; "
           "minibatches hold the file's rows")
    img = os.path.join(wd, "lensed_images.deck.h5")
    ds = lensgen.Dataset(img, "test", labels=["theta_E", "images/x"])
    m, p = ds.read(ds.indices[::-1])
    with h5py.File(img, "r") as f:
        want = f["images/x"][()][ds.indices[::-1]]
    expect(p["images/x"].shape == (len(ds), 5) and bitwise_equal(p["images/x"], want),
           "Dataset: a per-sample array as a label (images/x), rows in the order asked")


def _error_of(call):
    try:
        call()
    except (ValueError, IndexError, OSError) as e:
        return f"{type(e).__name__}: {e}"
    return "no error"


def bad_override(lensgen, wd):
    try:
        lensgen.Generator(os.path.join(SRC, "input", "default.deck"), {"map.npix": 3})
        expect(False, "a bad override raises LensgenError")
    except lensgen.LensgenError as e:
        msg = str(e)
        expect("map.npix" in msg and "allowed [4, 8192]" in msg and len(msg.splitlines()) == 1
               and "override (#1)" in msg and "command line" not in msg,
               f"a bad override: one message naming the override, key and range: {msg}")
    g = lensgen.Generator(os.path.join(SRC, "input", "quick.deck"))
    errs = [_error_of(lambda: g.batch(-1, 4)), _error_of(lambda: g.batch(0.5, 2)),
            _error_of(lambda: g.batch(0, -5)), _error_of(lambda: next(g.stream(0)))]
    expect(all(e.startswith("ValueError") for e in errs) and "first = -1" in errs[0] and
           "first = 0.5" in errs[1] and "count = -5" in errs[2] and "batch_size 0" in errs[3],
           f"bad indices name the argument: {errs}")
    g.close()
    ds = lensgen.Dataset(os.path.join(wd, "default.deck.h5"), "train", labels=["z_l"])
    m, p = ds.read([7, 3, 7])
    _, q = ds.read([3, 7])
    e = _error_of(lambda: ds.read([0, 48]))
    expect(np.array_equal(p["z_l"], q["z_l"][[1, 0, 1]]) and m["kappa"].shape[0] == 3 and
           e.startswith("IndexError") and "0..47" in e,
           f"Dataset.read: repeated indices in the order asked; past the end: {e}")
    e = _error_of(lambda: lensgen.load_library("/nonexistent/liblensgen.so"))
    expect(e.startswith("OSError") and "/nonexistent/liblensgen.so cannot be loaded" in e,
           f"a library path that does not load is named, no fall-back: {e}")


def _stub_torch():
    """The few names python/examples/pytorch.py uses, for a machine without PyTorch: tensors are
    the NumPy arrays themselves, workers are what the test says (_worker)."""
    import types
    torch = types.ModuleType("torch")
    data = types.ModuleType("torch.utils.data")
    torch.from_numpy = lambda a: a
    data.Dataset = type("Dataset", (), {})
    data.IterableDataset = type("IterableDataset", (), {})
    data._worker = None
    data.get_worker_info = lambda: data._worker
    torch.utils = types.ModuleType("torch.utils")
    torch.utils.data = data
    return torch, data


def torch_example(lensgen, wd):
    """python/examples/pytorch.py: OnTheFly's workers share out the stream's batches (each once),
    which are the Generator's; FromFile's items are the split's samples; with real PyTorch (when
    importable) through torch.utils.data.DataLoader with two worker processes."""
    import importlib.util
    import pickle
    import sys
    try:
        import torch
        real = True
    except ImportError:
        torch, data = _stub_torch()
        sys.modules.update({"torch": torch, "torch.utils": torch.utils, "torch.utils.data": data})
        real = False
    spec = importlib.util.spec_from_file_location(
        "lensgen_pytorch_example", os.path.join(SRC, "python", "examples", "pytorch.py"))
    ex = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = ex  # (pickle finds its classes by module name)
    spec.loader.exec_module(ex)
    deck, sets = os.path.join(SRC, "input", "default.deck"), ["n_samples=48", "batch_size=16"]
    with lensgen.Generator(deck, sets) as g:
        maps, labels = g.batch(0, 48)
    stream = ex.OnTheFly(deck, 8, sets, labels=("theta_E", "z_l"), n_batches=6)
    if real:
        loader = torch.utils.data.DataLoader(stream, batch_size=None, num_workers=2)
        got = [(x.numpy(), y.numpy()) for x, y in loader]
    else:
        got = []
        for w in range(2):
            data._worker = type("Info", (), {"id": w, "num_workers": 2})()
            got += list(stream)
        data._worker = None
    z = np.concatenate([y[:, 1] for _, y in got])
    order = np.argsort(z)
    want_z = labels["z_l"][:48]
    expect(len(got) == 6 and bitwise_equal(np.sort(z), np.sort(want_z)) and
           all(x.shape == (8, 1, g.npix, g.npix) for x, _ in got) and
           bitwise_equal(np.concatenate([x[:, 0] for x, _ in got])[order],
                         maps["kappa"][np.argsort(want_z)]),
           f"pytorch example ({'PyTorch ' + torch.__version__ if real else 'no PyTorch: stub'}): "
           f"2 workers of OnTheFly made the 6 batches once each, the Generator's samples")
    out = os.path.join(wd, "default.deck.h5")
    ff = pickle.loads(pickle.dumps(ex.FromFile(out, "val", labels=("theta_E",))))
    ds = lensgen.Dataset(out, "val", labels=["theta_E"])
    items = [ff[i] for i in range(len(ff))]
    expect(len(ff) == 5 and all(np.array_equal(np.asarray(x)[0], ds[i][0]["kappa"]) and
                                float(np.asarray(y)[0]) == ds[i][1]["theta_E"]
                                for i, (x, y) in enumerate(items)),
           "pytorch example: FromFile (pickled, as to a worker) holds the val split's samples")
    img = os.path.join(wd, "lensed_images.deck.h5")
    fa = ex.FromFile(img, "train", map_name="image", labels=("theta_E", "images/x"))
    dsa = lensgen.Dataset(img, "train", labels=["theta_E", "images/x"])
    y = np.asarray(fa[2][1])
    expect(y.shape == (6,) and y[0] == dsa[2][1]["theta_E"] and
           bitwise_equal(y[1:], dsa[2][1]["images/x"].astype(np.float64)),
           "pytorch example: a per-sample array label (images/x) adds its width of columns")


def run_all(lensgen):
    """Every check above, in a work directory of its own, then the test's verdict."""
    wd = workdir()
    decks(lensgen, wd)
    dataset(lensgen, wd)
    bad_override(lensgen, wd)
    torch_example(lensgen, wd)
    finish()
