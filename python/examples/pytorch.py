"""lensgen in a PyTorch training loop, in a few lines (PyTorch is not a lensgen dependency).

    OnTheFly(deck, batch_size):  an IterableDataset of batches generated as they are needed
        (lensgen.Generator): never repeating; each DataLoader worker makes its own share.
    FromFile(path, split):       a map-style Dataset over a lensgen file (lensgen.Dataset):
        deterministic train/val/test splits; each worker opens the file itself.

    loader = torch.utils.data.DataLoader(OnTheFly("input/default.deck", 64), batch_size=None,
                                         num_workers=4)
    for x, y in loader:          # x: [64, 1, npix, npix] float32, y: [64, label columns]
        ...
    loader = torch.utils.data.DataLoader(FromFile("out/default.h5", "train"), batch_size=64,
                                         shuffle=True, num_workers=4)
"""
import os

import numpy as np
import torch
from torch.utils.data import Dataset, IterableDataset, get_worker_info

import lensgen


def _columns(labels, names, n):
    """The named labels side by side as [n, columns] float64: a scalar label is one column, a
    per-sample array ("images/x") its width."""
    return np.concatenate([np.asarray(labels[k], np.float64).reshape(n, -1) for k in names],
                          axis=1)


class OnTheFly(IterableDataset):
    """Batches start, start + batch_size, ... of a deck; worker w of n makes batches w, w + n, ...
    so the workers together make every batch once (in an order that depends on their speed)."""

    def __init__(self, deck, batch_size, overrides=None, map_name="kappa", labels=("theta_E",),
                 start=0, n_batches=None):
        self.deck, self.batch_size, self.overrides = deck, batch_size, overrides
        self.map_name, self.labels, self.start, self.n_batches = map_name, labels, start, n_batches

    def __iter__(self):
        info = get_worker_info()
        worker, n_workers = (info.id, info.num_workers) if info else (0, 1)
        gen = lensgen.Generator(self.deck, self.overrides)  # one per worker process
        b = worker
        while self.n_batches is None or b < self.n_batches:
            maps, labels = gen.batch(self.start + b * self.batch_size, self.batch_size)
            x = torch.from_numpy(maps[self.map_name][:, None])
            y = torch.from_numpy(_columns(labels, self.labels, self.batch_size))
            yield x, y
            b += n_workers


class FromFile(Dataset):
    """Samples of one split of a lensgen file: (map [1, npix, npix], labels [n_labels])."""

    def __init__(self, path, split="train", map_name="kappa", labels=("theta_E",)):
        self.path, self.split, self.map_name, self.labels = path, split, map_name, list(labels)
        self._ds, self._pid = None, None
        self._len = len(self._open())

    def _open(self):
        if self._pid != os.getpid():  # a new worker process: its own HDF5 handle
            self._ds = lensgen.Dataset(self.path, self.split, maps=[self.map_name],
                                       labels=self.labels)
            self._pid = os.getpid()
        return self._ds

    def __getstate__(self):  # to a spawned worker: without the open file
        return dict(self.__dict__, _ds=None, _pid=None)

    def __len__(self):
        return self._len

    def __getitem__(self, i):
        maps, labels = self._open()[i]
        x = torch.from_numpy(np.ascontiguousarray(maps[self.map_name][None]))
        y = torch.from_numpy(_columns(labels, self.labels, 1)[0])
        return x, y
