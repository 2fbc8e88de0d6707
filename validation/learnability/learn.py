#!/usr/bin/env python3
"""Learnability check of a lensgen deck (issue 8, item 8).

Generates N samples of DECK with lensgen (in a temporary directory, removed afterwards), then fits
simple models with NumPy only, on features computed from the NOISY map /maps/kappa_noisy alone:

  * regression of log10 of each --target column (e.g. m200, theta_E) by closed-form ridge
    regression, the ridge strength chosen on a validation split; samples whose label is not
    finite (the column does not apply to that lens, e.g. m200 of an SIS) are left out of that
    regression and the summary says how many were used;
  * classification of the --classify column (e.g. profile, dm_model) by multinomial logistic
    regression trained with plain full-batch gradient descent (and, for comparison, a
    least-squares one-vs-rest classifier); the L2 strength, the number of iterations and which of
    the two classifiers is reported are chosen on the validation split.

Samples are split in file order: the first --train-frac for training, the next --val-frac for
choosing hyper-parameters, the rest held back. Every figure reported (R^2, accuracy, per-class
accuracy, confusion matrix) is on the held-back samples; the final models are refitted on
training + validation samples with the chosen hyper-parameters. Chance level = the largest class
fraction among the held-back samples.

Features (per map, no label used; see features()): radial profiles (annular means) around the
brightest pixel of the lightly smoothed map and around the centre of mass of its positive part,
their asinh (~log for strong signal), cumulative aperture means, the m = 2 (quadrupole) amplitude
of each annulus, the map's moments and quantiles, a robust noise estimate, and the 8x8
block-averaged map. They are computed on the stored values, so a per-sample normalisation that
throws away the amplitude (minmax, zscore) shows up as lower learnability: --compare-normalise
none,minmax,zscore reruns the deck with each normalise.method and reports each one's figures.

Exit status: 0 every threshold met, 1 a threshold missed, 2 bad usage or lensgen failed.
"""
import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

# ---------------------------------------------------------------------------------------------
# running lensgen


def die(msg):
    """Usage or input error: exit status 2 (1 is reserved for a missed threshold)."""
    print(msg, file=sys.stderr)
    sys.exit(2)


def default_mpiexec():
    """Launcher prefix: $LENSGEN_MPIEXEC $LENSGEN_MPI_FLAGS (as tests/ uses), else mpirun."""
    exe = os.environ.get("LENSGEN_MPIEXEC") or shutil.which("mpirun") or "mpirun"
    flags = os.environ.get("LENSGEN_MPI_FLAGS")
    if flags is None:
        flags = "--oversubscribe" + (" --allow-run-as-root" if os.geteuid() == 0 else "")
    return f"{exe} {flags}".strip()


def run_lensgen(args, workdir, sets, tag):
    """Generate args.n samples of args.deck with the overrides SETS; return the HDF5 path."""
    out = os.path.join(workdir, f"{tag}.h5")
    # the rank-count flag and the flags after the program as CTest gives them
    # (cmake/LensgenMpiTest.cmake), else Open MPI's -np
    np_flag = os.environ.get("LENSGEN_MPIEXEC_NUMPROC_FLAG") or "-np"
    post = shlex.split(os.environ.get("LENSGEN_MPIEXEC_POSTFLAGS", ""))
    cmd = shlex.split(args.mpiexec) + [np_flag, str(args.np), args.lensgen, *post, args.deck,
                                       "--force", "--quiet"]
    allsets = [f"n_samples={args.n}", f"output.file={out}"] + list(sets)
    for s in allsets:
        cmd += ["--set", s]
    env = dict(os.environ)
    env.setdefault("OMP_NUM_THREADS", "1")
    env.setdefault("OMPI_ALLOW_RUN_AS_ROOT", "1")
    env.setdefault("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
    t0 = time.time()
    r = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0 or not os.path.exists(out):
        sys.stderr.write(r.stdout)
        sys.stderr.write(f"learn: lensgen failed (exit {r.returncode}): {shlex.join(cmd)}\n")
        sys.exit(2)
    if args.verbose:
        print(f"  lensgen {tag}: {time.time() - t0:.1f} s: {shlex.join(cmd)}", flush=True)
    return out


def load(path, columns, mapname="kappa_noisy"):
    """The maps (float32) and the requested /params columns (+ class names, map attributes)."""
    import h5py
    with h5py.File(path, "r") as f:
        if f"maps/{mapname}" not in f:
            die(f"learn: {path} has no /maps/{mapname}")
        maps = np.asarray(f[f"maps/{mapname}"][...], dtype=np.float32)
        attrs = dict(f[f"maps/{mapname}"].attrs)
        params, names = {}, {}
        for c in columns:
            if f"params/{c}" not in f:
                die(f"learn: {path} has no /params/{c} "
                         f"(has: {', '.join(sorted(f['params'].keys()))})")
            d = f[f"params/{c}"]
            params[c] = np.asarray(d[...])
            if "names" in d.attrs:                # "a,b,c" or an array of strings
                nm = np.atleast_1d(d.attrs["names"]).ravel().tolist()
                nm = [v.decode() if isinstance(v, bytes) else str(v) for v in nm]
                names[c] = [v.strip() for v in ",".join(nm).split(",")]
    return maps, params, names, attrs


# ---------------------------------------------------------------------------------------------
# features from the map alone

RADIAL_EDGES = (0.0, 1.0, 2.0, 3.0, 4.0, 5.5, 7.0, 9.0, 11.5, 14.5, 18.0, 22.5, 28.0, 35.0)
QUANTILES = (0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99)


def gaussian_smooth(maps, fwhm_px):
    """Periodic Gaussian smoothing of every map (real FFT); fwhm in pixels."""
    if fwhm_px <= 0:
        return maps.copy()
    ny, nx = maps.shape[-2:]
    s = fwhm_px / 2.3548200450309493
    ky = np.fft.fftfreq(ny)[:, None]
    kx = np.fft.rfftfreq(nx)[None, :]
    g = np.exp(-2.0 * (np.pi * s) ** 2 * (ky ** 2 + kx ** 2))
    return np.fft.irfft2(np.fft.rfft2(maps) * g, s=(ny, nx))


def radial_features(maps, cy, cx, edges, quadrupole=True):
    """Annular means, cumulative aperture means and m=2 amplitudes around the integer pixel
    (cy, cx) of each map: one lookup table of (annulus, cos 2phi, sin 2phi) over all offsets,
    cut out per sample, then bincounts."""
    ns, ny, nx = maps.shape
    nb = len(edges) - 1
    oy, ox = np.mgrid[-(ny - 1):ny, -(nx - 1):nx].astype(np.float64)
    r = np.hypot(oy, ox)
    tb = np.digitize(r, edges[1:-1])
    tb = np.where(r >= edges[-1], nb, tb)              # outside the last annulus: dropped
    phi2 = 2.0 * np.arctan2(oy, ox)
    tc, ts = np.cos(phi2), np.sin(phi2)
    # offsets of pixel (iy, ix) from the centre: iy - cy in -(ny-1)..ny-1 -> row iy - cy + ny - 1
    rows = (np.arange(ny)[None, :] - cy[:, None] + ny - 1)[:, :, None]
    cols = (np.arange(nx)[None, :] - cx[:, None] + nx - 1)[:, None, :]
    b = tb[rows, cols]
    idx = (np.arange(ns)[:, None, None] * (nb + 1) + b).ravel()
    m = maps.ravel().astype(np.float64)
    L = ns * (nb + 1)
    cnt = np.bincount(idx, minlength=L).reshape(ns, nb + 1)[:, :nb]
    tot = np.bincount(idx, weights=m, minlength=L).reshape(ns, nb + 1)[:, :nb]
    with np.errstate(invalid="ignore", divide="ignore"):
        prof = tot / cnt                                   # NaN where an annulus is off the map
        ccnt = np.cumsum(cnt, axis=1)
        cum = np.cumsum(tot, axis=1) / np.where(ccnt > 0, ccnt, np.nan)
        if not quadrupole:
            return prof, cum, None
        c2 = np.bincount(idx, weights=m * tc[rows, cols].ravel(), minlength=L).reshape(ns, -1)
        s2 = np.bincount(idx, weights=m * ts[rows, cols].ravel(), minlength=L).reshape(ns, -1)
        quad = np.hypot(c2[:, :nb], s2[:, :nb]) / cnt
    return prof, cum, quad


def features(maps, smooth_fwhm_px=2.0, block=8):
    """Feature matrix (n_samples, n_features) and feature names, from the maps alone."""
    ns, ny, nx = maps.shape
    sm = gaussian_smooth(maps, smooth_fwhm_px)
    flat = maps.reshape(ns, -1)
    sflat = sm.reshape(ns, -1)
    # centre 1: brightest pixel of the smoothed map
    ip = np.argmax(sflat, axis=1)
    py, px = ip // nx, ip % nx
    # centre 2: centre of mass of the smoothed map above its mean (nearest pixel)
    w = np.clip(sm - sflat.mean(axis=1)[:, None, None], 0.0, None)
    wsum = w.sum(axis=(1, 2))
    wsum = np.where(wsum > 0, wsum, 1.0)
    my = (w.sum(axis=2) @ np.arange(ny)) / wsum
    mx = (w.sum(axis=1) @ np.arange(nx)) / wsum
    my = np.clip(np.rint(my), 0, ny - 1).astype(int)
    mx = np.clip(np.rint(mx), 0, nx - 1).astype(int)
    del w, sm
    edges = np.array(RADIAL_EDGES)
    cols, names = [], []

    def add(a, label):
        a = np.asarray(a, dtype=np.float64)
        if a.ndim == 1:
            a = a[:, None]
        cols.append(a)
        names.extend(f"{label}{i}" if a.shape[1] > 1 else label for i in range(a.shape[1]))

    for tag, (cy, cx) in (("peak", (py, px)), ("com", (my, mx))):
        prof, cum, quad = radial_features(maps, cy, cx, edges, quadrupole=(tag == "peak"))
        add(prof, f"{tag}_prof")
        add(cum, f"{tag}_cum")
        if quad is not None:
            add(quad, f"{tag}_m2")
    add(sflat.max(axis=1), "smooth_max")
    add(np.hypot(py - my, px - mx), "peak_com_dist")
    add(np.hypot(py - (ny - 1) / 2, px - (nx - 1) / 2), "peak_offset")
    # moments and quantiles of the pixel values
    mean = flat.mean(axis=1)
    std = flat.std(axis=1)
    z = (flat - mean[:, None]) / np.where(std > 0, std, 1.0)[:, None]
    z2 = z * z
    add(mean, "mean")
    add(std, "std")
    add((z2 * z).mean(axis=1), "skew")
    add((z2 * z2).mean(axis=1), "kurt")
    del z, z2
    npx = flat.shape[1]
    kth = sorted({int(round(q * (npx - 1))) for q in QUANTILES})
    part = np.partition(flat, kth, axis=1)
    add(part[:, kth], "q")
    add(flat.max(axis=1), "max")
    add(flat.min(axis=1), "min")
    # robust noise estimate: MAD of horizontal pixel differences / sqrt(2) (every other row)
    dif = np.diff(maps[:, ::2, :], axis=2).reshape(ns, -1)
    dif = np.abs(dif - np.median(dif, axis=1)[:, None])
    add(1.4826 * np.median(dif, axis=1) / np.sqrt(2.0), "noise")
    del dif
    if block and ny % block == 0 and nx % block == 0:
        coarse = maps.reshape(ns, block, ny // block, block, nx // block).mean(axis=(2, 4))
        add(coarse.reshape(ns, -1), "coarse")
    X = np.concatenate(cols, axis=1)
    return X, names


def add_asinh(X, names, train):
    """asinh(profile / s) of the radial-profile columns, s = training median of |noise|: log-like
    for strong signal, linear near the noise. s is one number for all samples (not per map)."""
    inoise = names.index("noise")
    s = np.median(np.abs(X[train, inoise]))
    s = s if s > 0 else 1.0
    sel = [i for i, n in enumerate(names) if "_prof" in n or "_cum" in n or n == "smooth_max"]
    A = np.arcsinh(X[:, sel] / s)
    return np.concatenate([X, A], axis=1), names + [f"asinh_{names[i]}" for i in sel]


class Standardiser:
    """Fill NaN with the training mean, subtract the training mean, divide by the training std."""

    def __init__(self, X):
        self.mu = np.nanmean(X, axis=0)
        self.mu = np.where(np.isfinite(self.mu), self.mu, 0.0)
        Xf = np.where(np.isfinite(X), X, self.mu)
        sd = Xf.std(axis=0)
        self.sd = np.where(sd > 1e-12 * (np.abs(self.mu) + 1e-300), sd, np.inf)

    def __call__(self, X):
        Xf = np.where(np.isfinite(X), X, self.mu)
        return (Xf - self.mu) / self.sd                  # constant columns -> 0


# ---------------------------------------------------------------------------------------------
# models


class Ridge:
    """Closed-form ridge regression on standardised X (intercept not penalised) for many ridge
    strengths at once: one eigen-decomposition of the centred Gram matrix, then
    w(lam) = V (E + lam n)^-1 V^T Xc^T y. Y may have several columns."""

    def __init__(self, X, Y):
        self.xm = X.mean(axis=0)
        self.ym = Y.mean(axis=0)
        Xc = X - self.xm
        self.n = len(X)
        self.E, self.V = np.linalg.eigh(Xc.T @ Xc)
        self.E = np.clip(self.E, 0.0, None)
        self.VtXty = self.V.T @ (Xc.T @ (Y - self.ym))

    def coef(self, lam):
        d = 1.0 / (self.E + lam * self.n)
        d = d[:, None] if self.VtXty.ndim == 2 else d
        w = self.V @ (d * self.VtXty)
        return w, self.ym - self.xm @ w


def r2(y, p):
    ss = ((y - y.mean()) ** 2).sum()
    return 1.0 - ((y - p) ** 2).sum() / ss if ss > 0 else float("nan")


LAMBDAS = tuple(10.0 ** e for e in np.arange(-6, 3.01, 0.5))


def regress(X, y, tr, va, te):
    """Choose lambda on (tr -> va), refit on tr+va, report R^2 on te."""
    st = Standardiser(X[tr])
    Xtr, Xva = st(X[tr]), st(X[va])
    rg = Ridge(Xtr, y[tr])
    scores = []
    for lam in LAMBDAS:
        w, b = rg.coef(lam)
        scores.append(r2(y[va], Xva @ w + b))
    k = int(np.nanargmax(scores))
    trva = np.concatenate([tr, va])
    st = Standardiser(X[trva])
    w, b = Ridge(st(X[trva]), y[trva]).coef(LAMBDAS[k])
    p = st(X[te]) @ w + b
    return {"r2": float(r2(y[te], p)), "lambda": LAMBDAS[k], "r2_val": float(scores[k]),
            "rmse": float(np.sqrt(np.mean((y[te] - p) ** 2))), "y_std": float(y[te].std()),
            "n_train": int(len(tr)), "n_val": int(len(va)), "n_test": int(len(te))}


class Whitener:
    """Standardise, then rotate onto the principal axes and scale to unit variance (components
    with a variance below 1e-9 of the largest dropped). Plain gradient descent on the logistic
    loss then converges in tens of steps with a fixed step (data Hessian <= 1/2 I). `ev` (the
    variances of the kept components) lets the ridge penalty be the one on standardised weights:
    |W_std|^2 = sum_j |W_j|^2 / ev_j."""

    def __init__(self, X):
        self.st = Standardiser(X)
        Z = self.st(X)
        self.mu = Z.mean(axis=0)
        ev, V = np.linalg.eigh(np.cov(Z - self.mu, rowvar=False))
        keep = ev > 1e-9 * ev.max()
        self.ev = ev[keep]
        self.P = V[:, keep] / np.sqrt(self.ev)

    def __call__(self, X):
        return (self.st(X) - self.mu) @ self.P


def softmax(Z):
    Z = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def logistic_gd(X, Y, pen, n_iter, lr=2.0, X_val=None, y_val=None, every=10, patience=60):
    """Multinomial logistic regression by full-batch gradient descent with a fixed step on
    mean cross-entropy + 1/2 sum_j pen_j |W_j|^2 (bias not penalised); Y one-hot. The penalty is
    applied as the exact proximal step W_j <- W_j / (1 + lr pen_j) after each gradient step on
    the cross-entropy, so a large pen_j cannot destabilise it; on whitened features the
    cross-entropy's Hessian is <= 1/2 I, so the step 2 < 2/L is stable. With a validation set,
    records (iteration, validation log-loss, validation accuracy) every `every` steps and stops
    once the log-loss has not improved for `patience` steps. Returns (W, b, history)."""
    n, d = X.shape
    k = Y.shape[1]
    W = np.zeros((d, k))
    b = np.log(Y.mean(axis=0) + 1e-12)
    shrink = 1.0 / (1.0 + lr * np.asarray(pen, dtype=np.float64))[:, None]
    hist, best, best_it = [], np.inf, 0
    for it in range(1, n_iter + 1):
        G = softmax(X @ W + b) - Y
        W = (W - lr * (X.T @ G) / n) * shrink
        b -= lr * G.mean(axis=0)
        if X_val is not None and (it % every == 0 or it == n_iter):
            Pv = softmax(X_val @ W + b)
            ll = float(-np.mean(np.log(Pv[np.arange(len(y_val)), y_val] + 1e-300)))
            hist.append((it, ll, float(np.mean(Pv.argmax(axis=1) == y_val))))
            if ll < best:
                best, best_it = ll, it
            elif it - best_it >= patience:
                break
    return W, b, hist


LOGIT_LAMBDAS = (1e-4, 1e-3, 1e-2, 1e-1)      # ridge on the standardised weights
LOGIT_ITERS = 400


def classify(X, y, tr, va, te, classes):
    """Logistic (GD) and least-squares one-vs-rest; choose by validation; report on te."""
    k = len(classes)
    Yoh = np.eye(k)[y]
    out = {}
    # --- multinomial logistic regression, plain gradient descent on whitened features
    wh = Whitener(X[tr])
    Xtr, Xva = wh(X[tr]), wh(X[va])
    best = None
    for lam in LOGIT_LAMBDAS:
        _, _, hist = logistic_gd(Xtr, Yoh[tr], lam / wh.ev, LOGIT_ITERS, X_val=Xva,
                                 y_val=y[va])
        for it, ll, acc in hist:
            if best is None or ll < best[2]:
                best = (lam, it, ll, acc)
    lam, n_it = best[0], best[1]
    trva = np.concatenate([tr, va])
    wh = Whitener(X[trva])
    W, b, _ = logistic_gd(wh(X[trva]), Yoh[trva], lam / wh.ev, n_it)
    p_log = (wh(X[te]) @ W + b).argmax(axis=1)
    out["logistic"] = {"lambda": lam, "iterations": n_it, "val_logloss": best[2],
                       "val_accuracy": best[3],
                       "accuracy": float(np.mean(p_log == y[te]))}
    # --- least-squares one-vs-rest (ridge on +-1 targets), lambda on validation
    st = Standardiser(X[tr])
    T = 2.0 * Yoh - 1.0
    rg = Ridge(st(X[tr]), T[tr])
    Xva_s = st(X[va])
    accs = []
    for l2 in LAMBDAS:
        w, b0 = rg.coef(l2)
        accs.append(np.mean((Xva_s @ w + b0).argmax(axis=1) == y[va]))
    j = int(np.argmax(accs))
    st = Standardiser(X[trva])
    w, b0 = Ridge(st(X[trva]), T[trva]).coef(LAMBDAS[j])
    p_ls = (st(X[te]) @ w + b0).argmax(axis=1)
    out["lsq_ovr"] = {"lambda": LAMBDAS[j], "val_accuracy": float(accs[j]),
                      "accuracy": float(np.mean(p_ls == y[te]))}
    use = "logistic" if out["logistic"]["val_accuracy"] >= out["lsq_ovr"]["val_accuracy"] \
        else "lsq_ovr"
    pred = p_log if use == "logistic" else p_ls
    conf = np.zeros((k, k), dtype=int)
    np.add.at(conf, (y[te], pred), 1)
    counts = np.bincount(y[te], minlength=k)
    recall = [float(conf[i, i] / counts[i]) if counts[i] else None for i in range(k)]
    out.update({
        "model": use,
        "accuracy": float(np.mean(pred == y[te])),
        "balanced_accuracy": float(np.mean([r for r in recall if r is not None])),
        "chance": float(counts.max() / counts.sum()),
        "classes": list(classes),
        "class_fraction_test": [float(c / counts.sum()) for c in counts],
        "per_class_accuracy": recall,             # recall of each true class
        "confusion": conf.tolist(),            # rows: true class, columns: predicted class
        "n_train": int(len(tr)), "n_val": int(len(va)), "n_test": int(len(te)),
    })
    return out


def pairwise(X, y, tr, va, te, classes):
    """For each pair of classes, a least-squares binary classifier (ridge on +-1 targets, lambda
    on validation) trained and tested on the samples of those two classes only: accuracy on the
    held-back ones and its chance level (larger class fraction). Tells apart 'these two classes
    look alike' from 'the 3-class model mixes them up'."""
    out = []
    for a in range(len(classes)):
        for b in range(a + 1, len(classes)):
            sub = [np.asarray([i for i in part if y[i] in (a, b)], dtype=int)
                   for part in (tr, va, te)]
            if min(len(p) for p in sub) < 10:
                continue
            s_tr, s_va, s_te = sub
            t = np.where(y == a, 1.0, -1.0)
            st = Standardiser(X[s_tr])
            rg = Ridge(st(X[s_tr]), t[s_tr])
            Xva = st(X[s_va])
            accs = []
            for lam in LAMBDAS:
                w, b0 = rg.coef(lam)
                accs.append(np.mean(np.sign(Xva @ w + b0) == t[s_va]))
            j = int(np.argmax(accs))
            trva = np.concatenate([s_tr, s_va])
            st = Standardiser(X[trva])
            w, b0 = Ridge(st(X[trva]), t[trva]).coef(LAMBDAS[j])
            acc = float(np.mean(np.sign(st(X[s_te]) @ w + b0) == t[s_te]))
            frac = float(np.mean(t[s_te] > 0))
            out.append({"classes": [classes[a], classes[b]], "accuracy": acc,
                        "chance": max(frac, 1.0 - frac), "n_test": int(len(s_te))})
    return out


# ---------------------------------------------------------------------------------------------


def split(n, train_frac, val_frac):
    a = int(round(train_frac * n))
    b = int(round((train_frac + val_frac) * n))
    idx = np.arange(n)
    return idx[:a], idx[a:b], idx[b:]


def analyse(path, args):
    """Features of one HDF5 file, every regression and the classification."""
    targets = list(args.target) + list(args.report_target)
    cols = targets + ([args.classify] if args.classify else [])
    maps, params, names, attrs = load(path, cols, args.map)
    n = maps.shape[0]
    t0 = time.time()
    X, fnames = features(maps, args.smooth_fwhm)
    tr, va, te = split(n, args.train_frac, args.val_frac)
    X, fnames = add_asinh(X, fnames, tr)
    res = {"n_samples": n, "n_features": X.shape[1],
           "normalisation": str(attrs.get("normalisation", "?")),
           "noise_sigma": float(attrs["noise_sigma"]) if "noise_sigma" in attrs else None,
           "regression": {}, "classification": None}
    for t in targets:
        v = params[t].astype(np.float64)
        ok = np.isfinite(v)
        if not args.linear_target:
            ok &= v > 0
        sel = np.nonzero(ok)[0]
        rr = {"target": t if args.linear_target else f"log10 {t}",
              "asserted": t in args.target, "n_finite": int(len(sel)), "n_total": n}
        if len(sel) < 30:
            rr.update({"r2": float("nan"), "error": "fewer than 30 samples with a finite label"})
        else:
            y = v[sel] if args.linear_target else np.log10(v[sel])
            s_tr, s_va, s_te = split(len(sel), args.train_frac, args.val_frac)
            rr.update(regress(X[sel], y, s_tr, s_va, s_te))
        res["regression"][t] = rr
    if args.classify:
        lab = params[args.classify]
        if not np.issubdtype(lab.dtype, np.integer):
            die(f"learn: /params/{args.classify} is not an integer class label")
        present = np.unique(lab)
        nm = names.get(args.classify)
        classes = [nm[c] if nm and 0 <= c < len(nm) else str(c) for c in present]
        y = np.searchsorted(present, lab)
        if len(present) < 2:
            res["classification"] = {"error": "only one class present", "classes": classes}
        else:
            res["classification"] = classify(X, y, tr, va, te, classes)
            res["classification"]["label"] = args.classify
            if args.pairwise and len(present) > 2:
                res["classification"]["pairwise"] = pairwise(X, y, tr, va, te, classes)
    res["fit_seconds"] = time.time() - t0
    return res


def check(res, args):
    """Threshold verdicts of one analysis; returns (ok, list of summary pieces)."""
    ok, parts = True, []
    for t, rr in res["regression"].items():
        r = rr["r2"]
        used = "" if rr["n_finite"] == rr["n_total"] else \
            f", {rr['n_finite']}/{rr['n_total']} samples with finite {t}"
        if rr["asserted"]:
            ok &= bool(np.isfinite(r) and r >= args.min_r2)
            parts.append(f"{rr['target']} R^2={r:.3f} (min {args.min_r2:g}{used})")
        else:
            parts.append(f"{rr['target']} R^2={r:.3f} (reported only{used})")
    c = res["classification"]
    if c is not None:
        if "error" in c:
            ok = False
            parts.append(f"{args.classify}: {c['error']}")
        else:
            margin = c["accuracy"] - c["chance"]
            good = margin >= args.min_acc_over_chance
            ok &= bool(good)
            pc = " ".join(f"{n}={a:.2f}" for n, a in zip(c["classes"], c["per_class_accuracy"]))
            parts.append(f"{args.classify} acc={c['accuracy']:.3f} chance={c['chance']:.3f} "
                         f"({margin:+.3f}, min +{args.min_acc_over_chance:g}; per class {pc}; "
                         f"{c['model']})")
    return ok, parts


def print_details(res, label):
    for t, rr in res["regression"].items():
        if "lambda" in rr:
            print(f"  [{label}] {rr['target']}: R^2 test {rr['r2']:.4f} (val {rr['r2_val']:.4f}), "
                  f"rmse {rr['rmse']:.4f} dex of std {rr['y_std']:.4f}, ridge lambda "
                  f"{rr['lambda']:.3g}, train/val/test {rr['n_train']}/{rr['n_val']}/"
                  f"{rr['n_test']} of {rr['n_finite']} finite")
    c = res["classification"]
    if c and "confusion" in c:
        print(f"  [{label}] {c['label']}: accuracy {c['accuracy']:.4f} ({c['model']}; logistic "
              f"{c['logistic']['accuracy']:.4f} lambda {c['logistic']['lambda']:g} "
              f"{c['logistic']['iterations']} GD steps, least-squares OvR "
              f"{c['lsq_ovr']['accuracy']:.4f}), chance {c['chance']:.4f}")
        w = max(len(s) for s in c["classes"]) + 2
        print("  " + " " * (w + 8) + "predicted: " + "".join(f"{s:>{w}}" for s in c["classes"]))
        for i, s in enumerate(c["classes"]):
            row = "".join(f"{v:>{w}d}" for v in c["confusion"][i])
            print(f"  true {s:>{w}}  ({c['per_class_accuracy'][i]:.3f}){' ' * 11}{row}")
        print(f"  [{label}] balanced accuracy (mean per-class accuracy) "
              f"{c['balanced_accuracy']:.4f}, chance {1 / len(c['classes']):.4f}")
        for pw in c.get("pairwise", []):
            print(f"  [{label}] pair {pw['classes'][0]} vs {pw['classes'][1]}: accuracy "
                  f"{pw['accuracy']:.4f}, chance {pw['chance']:.4f} ({pw['n_test']} held back, "
                  f"least-squares)")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=__doc__[__doc__.index("\n") + 1:])
    p.add_argument("--lensgen", help="the lensgen binary (required unless --h5)")
    p.add_argument("--deck", required=True, help="the deck to generate (as shipped)")
    p.add_argument("--n", type=int, default=4000, help="samples to generate (default 4000)")
    p.add_argument("--np", type=int, default=2, help="MPI ranks (default 2)")
    p.add_argument("--target", action="append", default=[], metavar="COLUMN",
                   help="/params column to regress, log10 of it (repeatable), e.g. m200, theta_E")
    p.add_argument("--report-target", action="append", default=[], metavar="COLUMN",
                   help="like --target, but only reported, not asserted (repeatable)")
    p.add_argument("--classify", metavar="COLUMN",
                   help="/params integer class column, e.g. profile, dm_model")
    p.add_argument("--pairwise", action="store_true",
                   help="also a binary classifier for each pair of classes (reported only)")
    p.add_argument("--min-r2", type=float, default=0.8,
                   help="least R^2 on held-back samples, each --target (default 0.8)")
    p.add_argument("--min-acc-over-chance", type=float, default=0.25,
                   help="least accuracy - chance on held-back samples (default 0.25)")
    p.add_argument("--json", help="write every figure to this JSON file")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="extra lensgen deck override (repeatable); n_samples and output.file "
                        "are set by this script")
    p.add_argument("--compare-normalise", metavar="M1,M2,...",
                   help="also run with --set normalise.method=M for each M (e.g. "
                        "none,minmax,zscore) and report each one's figures (not asserted)")
    p.add_argument("--map", default="kappa_noisy",
                   help="the /maps dataset the features come from (default kappa_noisy; "
                        "kappa, the noise-free map, gives the ceiling of these models)")
    p.add_argument("--h5", help="analyse this existing file instead of running lensgen")
    p.add_argument("--mpiexec", default=None,
                   help="launcher prefix (default: $LENSGEN_MPIEXEC $LENSGEN_MPI_FLAGS, else "
                        "'mpirun --oversubscribe [--allow-run-as-root]'); then "
                        "$LENSGEN_MPIEXEC_NUMPROC_FLAG (else -np) and the rank count")
    p.add_argument("--train-frac", type=float, default=0.6)
    p.add_argument("--val-frac", type=float, default=0.2)
    p.add_argument("--smooth-fwhm", type=float, default=2.0,
                   help="FWHM (pixels) of the light smoothing used to find the peak (default 2)")
    p.add_argument("--linear-target", action="store_true", help="regress the column, not log10")
    p.add_argument("--keep", metavar="DIR", help="keep the HDF5 files in DIR (default: a "
                   "temporary directory, removed afterwards)")
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args()
    if not args.target and not args.report_target and not args.classify:
        p.error("give at least one --target, --report-target or --classify")
    if not (0 < args.train_frac and 0 < args.val_frac and args.train_frac + args.val_frac < 1):
        p.error("need 0 < train-frac, 0 < val-frac, train-frac + val-frac < 1")
    if args.mpiexec is None:
        args.mpiexec = default_mpiexec()
    if not args.h5:
        if not args.lensgen:
            p.error("--lensgen is required (unless --h5)")
        args.lensgen = os.path.abspath(args.lensgen)
        if not os.access(args.lensgen, os.X_OK):
            print(f"learn: lensgen binary not found: {args.lensgen}", file=sys.stderr)
            return 2
    deckname = os.path.basename(args.deck)
    t_start = time.time()
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        workdir = args.keep
    else:
        workdir = tempfile.mkdtemp(prefix="lensgen-learn-")
    try:
        runs = {}
        path = args.h5 or run_lensgen(args, workdir, args.set, "deck")
        runs["deck"] = analyse(path, args)
        print_details(runs["deck"], "deck" + (" " + " ".join(args.set) if args.set else ""))
        compare = {}
        if args.compare_normalise:
            for m in [s.strip() for s in args.compare_normalise.split(",") if s.strip()]:
                if m == runs["deck"]["normalisation"] and not args.h5:
                    compare[m] = runs["deck"]        # the deck's own method: same samples
                    continue
                pth = run_lensgen(args, workdir, args.set + [f"normalise.method={m}"], f"norm_{m}")
                compare[m] = analyse(pth, args)
                print_details(compare[m], f"normalise.method={m}")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    ok, parts = check(runs["deck"], args)
    if compare:
        cmp = []
        for m, r in compare.items():
            fig = [f"{rr['target']} R^2={rr['r2']:.3f}" for rr in r["regression"].values()]
            c = r["classification"]
            if c and "accuracy" in c:
                fig.append(f"{args.classify} acc={c['accuracy']:.3f}")
            cmp.append(f"{m}: " + ", ".join(fig))
        print("normalise comparison: " + "; ".join(cmp))
    sets = f" [{' '.join(args.set)}]" if args.set else ""
    if args.map != "kappa_noisy":
        sets += f" (features from /maps/{args.map})"
    summary = (f"learnability {deckname}{sets} (n={runs['deck']['n_samples']}, held back "
               f"{1 - args.train_frac - args.val_frac:.0%}, normalise="
               f"{runs['deck']['normalisation']}): " + "; ".join(parts) +
               f" -> {'PASS' if ok else 'FAIL'} ({time.time() - t_start:.0f} s)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"deck": args.deck, "sets": args.set, "map": args.map, "n": args.n,
                       "np": args.np, "train_frac": args.train_frac, "val_frac": args.val_frac,
                       "thresholds": {"min_r2": args.min_r2,
                                      "min_acc_over_chance": args.min_acc_over_chance},
                       "pass": bool(ok), "summary": summary, "result": runs["deck"],
                       "normalise_comparison": compare}, f, indent=1, default=float)
    print(summary, flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
