"""lensgen.Dataset: a lensgen output file as training data: deterministic splits, a new order
every epoch, chosen maps and label columns, minibatches read with sorted indices (h5py)."""
import numpy as np


class Dataset:
    """Samples of one split of a lensgen file.

    split: "train", "val" or "test"; fractions: their shares (summing to 1). The partition is a
    fixed random permutation of the sample indices (split_seed), the same for every instance and
    machine, so the splits never overlap. maps: the /maps datasets to read (default: all);
    labels: /params columns (default: all 1-D ones), or per-sample arrays by their path, as
    Generator names them ("images/x", "params/src_clump_x", "subhalos/mass", "wave/F_abs").

    Open it in the process that reads it (a DataLoader worker: see python/examples/pytorch.py):
    an HDF5 file handle does not survive a fork."""

    SPLITS = ("train", "val", "test")

    def __init__(self, path, split="train", fractions=(0.8, 0.1, 0.1), maps=None, labels=None,
                 split_seed=0):
        import h5py
        if split not in self.SPLITS:
            raise ValueError(f"split '{split}' is not one of {', '.join(self.SPLITS)}")
        if len(fractions) != 3 or min(fractions) < 0 or abs(sum(fractions) - 1) > 1e-9:
            raise ValueError(f"fractions {tuple(fractions)}: three shares >= 0 summing to 1")
        self._f = h5py.File(path, "r")
        n = self.n_file = self._f["params/z_l"].shape[0]
        self.map_names = list(maps) if maps is not None else list(self._f["maps"])
        self.label_names = list(labels) if labels is not None else [
            k for k in self._f["params"] if self._f["params"][k].ndim == 1]
        for k in self.map_names:
            if k not in self._f["maps"]:
                raise ValueError(f"map '{k}' is not in {path}; there: {list(self._f['maps'])}")
        for k in self.label_names:
            if self._label_path(k) not in self._f:
                raise ValueError(f"label '{k}' is not a /params column or a per-sample array "
                                 f"of {path}")
        perm = np.random.default_rng(split_seed).permutation(n)
        cut = np.round(np.cumsum(fractions) * n).astype(int)
        lo = {"train": 0, "val": cut[0], "test": cut[1]}[split]
        hi = {"train": cut[0], "val": cut[1], "test": n}[split]
        self.indices = np.sort(perm[lo:hi])

    @staticmethod
    def _label_path(name):
        return name if "/" in name else "params/" + name

    def __len__(self):
        return len(self.indices)

    def read(self, idx):
        """The samples at file indices idx, in that order (repeats allowed): ({map: [k, npix,
        npix]}, {label: [k] or [k, width]}), in the file's types. HDF5 reads them in increasing
        order, each once."""
        idx = np.asarray(idx, dtype=np.int64).reshape(-1)
        if idx.size and (idx.min() < 0 or idx.max() >= self.n_file):
            raise IndexError(f"sample indices {idx.min()}..{idx.max()}: the file holds "
                             f"0..{self.n_file - 1}")
        s, back = np.unique(idx, return_inverse=True)
        maps = {k: self._f["maps"][k][s][back] for k in self.map_names}
        labels = {k: self._f[self._label_path(k)][s][back] for k in self.label_names}
        return maps, labels

    def __getitem__(self, i):
        m, p = self.read([self.indices[i]])
        return {k: v[0] for k, v in m.items()}, {k: v[0] for k, v in p.items()}

    def batches(self, batch_size, epoch=0, shuffle=True, seed=0):
        """Minibatches of one epoch: a new order for every (seed, epoch), the same one each time
        it is asked for; the last batch may be smaller."""
        order = self.indices
        if shuffle:
            order = np.random.default_rng([seed, epoch]).permutation(self.indices)
        for b in range(0, len(order), batch_size):
            yield self.read(order[b:b + batch_size])

    def close(self):
        self._f.close()
