"""lgval: shared helpers of the lensgen validation cases (validation/<case>/run.py).

Every case runner is invoked as

    python3 run.py --lensgen PATH/TO/lensgen --workdir DIR [case options]

(`ctest -L validation` passes both; by hand the defaults are ../../build/lensgen and
/tmp/lensgen-validation/<case>). A runner runs lensgen (maps, written to HDF5) and/or
`lensgen probe` (double precision at points), compares with the reference, asserts its tolerance,
writes a PNG plot into the work dir, and prints one line per check:

    case NAME: max error X (tolerance T) PASS|FAIL

then exits non-zero if any check failed.
"""
import argparse
import hashlib
import csv
import io
import math
import os
import shlex
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
VALIDATION_DIR = os.path.dirname(HERE)
SOURCE_DIR = os.path.dirname(VALIDATION_DIR)

PROBE_FIELDS = ("x", "y", "kappa", "alpha_x", "alpha_y", "gamma1", "gamma2", "psi", "mu")
ALL_MAPS = ("kappa", "alpha_x", "alpha_y", "gamma1", "gamma2", "psi", "mu")


def parse_args(case, extra=None):
    p = argparse.ArgumentParser(description=f"lensgen validation case {case}")
    p.add_argument("--lensgen", default=os.environ.get(
        "LENSGEN_BIN", os.path.join(SOURCE_DIR, "build", "lensgen")),
        help="the lensgen binary (default: $LENSGEN_BIN or build/lensgen)")
    p.add_argument("--workdir", default=os.path.join("/tmp", "lensgen-validation", case),
                   help="where HDF5 files and plots go")
    p.add_argument("--mpiexec", default=os.environ.get("LENSGEN_VALIDATION_MPIEXEC", ""),
                   help="launcher prefix for map runs, e.g. 'mpirun -np 1 --oversubscribe "
                        "--allow-run-as-root' (default: run lensgen directly, an MPI singleton)")
    if extra:
        extra(p)
    a = p.parse_args()
    a.lensgen = os.path.abspath(a.lensgen)
    os.makedirs(a.workdir, exist_ok=True)
    return a


class Case:
    """Collects checks of one case and reports them."""

    def __init__(self, name, args):
        self.name = name
        self.args = args
        self.results = []
        self._n_runs = 0
        if not os.access(args.lensgen, os.X_OK):
            sys.exit(f"case {name}: lensgen binary not found: {args.lensgen}")

    # ---- running lensgen -------------------------------------------------------------------
    def _env(self):
        env = dict(os.environ)
        env.setdefault("OMP_NUM_THREADS", "2")
        # Open MPI singletons as root (the CI runs as root).
        env.setdefault("OMPI_ALLOW_RUN_AS_ROOT", "1")
        env.setdefault("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
        return env

    def run_maps(self, deck, sets=(), maps=ALL_MAPS, tag=None, n_samples=1):
        """Run lensgen on DECK with overrides; return (maps dict, params dict, attrs)."""
        import h5py
        self._n_runs += 1
        tag = tag or f"run{self._n_runs}"
        out = os.path.join(self.args.workdir, f"{tag}.h5")
        cmd = shlex.split(self.args.mpiexec) + [self.args.lensgen, deck, "--force", "--quiet"]
        # the analytic references are values at pixel centres: map.supersample = 1 (pixel
        # means are checked against exact pixel integrals in tests/unit/test_pixel_means.c)
        allsets = [f"output.file={out}", f"output.maps={','.join(maps)}",
                   f"n_samples={n_samples}", "noise.type=none", "normalise.method=none",
                   "map.supersample=1", "output.params=all"]
        allsets += list(sets)
        for s in allsets:
            cmd += ["--set", s]
        r = subprocess.run(cmd, capture_output=True, text=True, env=self._env())
        if r.returncode != 0:
            sys.exit(f"case {self.name}: lensgen failed ({r.returncode}):\n  "
                     f"{' '.join(shlex.quote(c) for c in cmd)}\n{r.stdout}{r.stderr}")
        with h5py.File(out, "r") as f:
            m = {k: f["maps"][k][...].astype(np.float64) for k in maps if k in f["maps"]}
            p = {}
            for k in f["params"]:
                d = f["params"][k]
                p[k] = d[...]
            attrs = dict(f["maps"]["kappa"].attrs) if "kappa" in f["maps"] else {}
        return m, p, attrs

    def params(self, deck, sets=()):
        """/params of sample 0 (a 4x4 map run)."""
        _, p, _ = self.run_maps(deck, list(sets) + ["map.npix=4"], maps=("kappa",),
                                tag="params")
        return {k: v[0] for k, v in p.items()}

    def probe(self, deck, x, y, sets=()):
        """Every quantity of sample 0 at points (x, y): dict of float64 arrays."""
        x = np.asarray(x, dtype=np.float64).ravel()
        y = np.asarray(y, dtype=np.float64).ravel()
        cols = {k: [] for k in PROBE_FIELDS}
        allpts = [f"{float(a)!r},{float(b)!r}" for a, b in zip(x, y)]
        # Batches of at most ~64 KB of arguments: an Open MPI singleton passes the command line
        # to its helper daemon in one string, and fails beyond 128 KB (MAX_ARG_STRLEN).
        batches, cur, size = [], [], 0
        for pt in allpts:
            if cur and size + len(pt) + 1 > 65536:
                batches.append(cur)
                cur, size = [], 0
            cur.append(pt)
            size += len(pt) + 1
        batches.append(cur)
        for pts in batches:
            cmd = [self.args.lensgen, "probe", deck] + pts
            for s in sets:
                cmd += ["--set", s]
            r = subprocess.run(cmd, capture_output=True, text=True, env=self._env())
            if r.returncode != 0:
                sys.exit(f"case {self.name}: lensgen probe failed ({r.returncode}):\n"
                         f"{r.stdout[-2000:]}{r.stderr[-2000:]}")
            rows = list(csv.reader(io.StringIO(r.stdout)))
            head = rows[0]
            if tuple(head) != PROBE_FIELDS:
                sys.exit(f"case {self.name}: unexpected probe header {head}")
            for row in rows[1:]:
                for k, v in zip(head, row):
                    cols[k].append(float(v))
        out = {k: np.array(v) for k, v in cols.items()}
        if out["x"].size != x.size:
            sys.exit(f"case {self.name}: probe returned {out['x'].size} rows for {x.size} "
                     "points")
        return out

    # ---- results ---------------------------------------------------------------------------
    def check(self, label, err, tol):
        """Record one check: err (a number, max over its points) against tol."""
        err = float(err)
        ok = bool(np.isfinite(err) and err <= tol)
        name = f"{self.name}/{label}" if label else self.name
        self.results.append((name, err, tol, ok))
        print(f"case {name}: max error {err:.3g} (tolerance {tol:.3g}) "
              f"{'PASS' if ok else 'FAIL'}", flush=True)
        return ok

    def finish(self):
        n_fail = sum(1 for r in self.results if not r[3])
        worst = max((r[1] / r[2] if r[2] > 0 else (0.0 if r[1] == 0 else math.inf)
                     for r in self.results), default=0.0)
        print(f"case {self.name}: {len(self.results) - n_fail} checks passed, {n_fail} failed "
              f"(worst error/tolerance {worst:.3g}); plots in {self.args.workdir}", flush=True)
        sys.exit(1 if n_fail else 0)

    def png(self, stem):
        return os.path.join(self.args.workdir, f"{stem}.png")

    def save_figure(self, fig, stem, title, dpi=90):
        """Title the figure with the git revision, save it as STEM.png, close it."""
        import matplotlib.pyplot as plt
        fig.suptitle(f"{title} (git {git_revision()})")
        fig.tight_layout()
        fig.savefig(self.png(stem), dpi=dpi)
        plt.close(fig)


def case_dir(file):
    return os.path.dirname(os.path.abspath(file))


def pixel_centres(npix, half_width):
    d = 2.0 * half_width / npix
    return -half_width + (np.arange(npix) + 0.5) * d


def grid(npix, half_width):
    c = pixel_centres(npix, half_width)
    return np.meshgrid(c, c, indexing="xy")  # X[iy, ix], Y[iy, ix]


def rel_err(a, b, floor=0.0):
    """|a - b| / max(|b|, floor), elementwise."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return np.abs(a - b) / np.maximum(np.abs(b), floor)


def git_revision():
    try:
        return subprocess.run(["git", "-C", SOURCE_DIR, "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True).stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def plt():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as pyplot
    return pyplot


def finite_floor(v, tiny=1e-300):
    return max(float(v), tiny)


# ---- finite differences on a 9-point stencil (4th order) ------------------------------------
# Offsets (in units of h): the centre, then +-h, +-2h along x, then along y.
_OFFS = np.array([(0, 0), (-2, 0), (-1, 0), (1, 0), (2, 0), (0, -2), (0, -1), (0, 1), (0, 2)],
                 dtype=np.float64)


def stencil_points(x0, y0, h):
    """Points of the 9-point stencil around each (x0, y0) with step h (arrays of equal size):
    returns x, y of shape [n, 9]."""
    x0 = np.asarray(x0, dtype=np.float64)[:, None]
    y0 = np.asarray(y0, dtype=np.float64)[:, None]
    h = np.asarray(h, dtype=np.float64)[:, None]
    return x0 + _OFFS[None, :, 0] * h, y0 + _OFFS[None, :, 1] * h


def _d1(fm2, fm1, fp1, fp2, h):
    return (fm2 - 8.0 * fm1 + 8.0 * fp1 - fp2) / (12.0 * h)


def _d2(fm2, fm1, f0, fp1, fp2, h):
    return (-fm2 + 16.0 * fm1 - 30.0 * f0 + 16.0 * fp1 - fp2) / (12.0 * h * h)


def stencil_derivatives(pr, n, h):
    """From probe output `pr` over stencil points (n x 9, as stencil_points), the 4th-order
    finite-difference derivatives at the centres: dict with J (the Jacobian of alpha,
    J[i][j] = d alpha_i / d x_j), grad_psi (2 components), lap_psi, and the centre values."""
    f = {k: pr[k].reshape(n, 9) for k in PROBE_FIELDS}
    h = np.asarray(h, dtype=np.float64)

    def dx(v):
        return _d1(v[:, 1], v[:, 2], v[:, 3], v[:, 4], h)

    def dy(v):
        return _d1(v[:, 5], v[:, 6], v[:, 7], v[:, 8], h)

    ax, ay, psi = f["alpha_x"], f["alpha_y"], f["psi"]
    out = {k: f[k][:, 0] for k in PROBE_FIELDS}
    out["J"] = ((dx(ax), dy(ax)), (dx(ay), dy(ay)))
    out["grad_psi"] = (dx(psi), dy(psi))
    out["lap_psi"] = (_d2(psi[:, 1], psi[:, 2], psi[:, 0], psi[:, 3], psi[:, 4], h) +
                      _d2(psi[:, 5], psi[:, 6], psi[:, 0], psi[:, 7], psi[:, 8], h))
    return out


def gauss_legendre(n):
    return np.polynomial.legendre.leggauss(n)


def radial_panels(R, n_panels=48, n_gl=16, r_min=0.0):
    """Nodes and weights for int_0^R f(r) dr on geometric panels [R 2^-(k+1), R 2^-k],
    k = 0..n_panels-1, n_gl-point Gauss-Legendre each (handles log, power-law and stretched-
    exponential behaviour at r -> 0; the part below R 2^-n_panels is neglected). With r_min,
    the last panel ends at r_min (int_r_min^R)."""
    t, w = gauss_legendre(n_gl)
    nodes, weights = [], []
    for k in range(n_panels):
        b = R * 2.0 ** (-k)
        a = max(0.5 * b, r_min)
        if b <= a:
            break
        nodes.append(0.5 * (b - a) * t + 0.5 * (b + a))
        weights.append(0.5 * (b - a) * w)
    return np.concatenate(nodes), np.concatenate(weights)


# ---- comparing two evaluations -----------------------------------------------------------------
def probe_errors(a, b, cx, cy):
    """Per-point relative differences of probe output `a` from the reference `b` (dicts of
    arrays), for a lens centred at (cx, cy). Scales: alpha |alpha_b|; kappa
    max(|kappa_b|, 0.01 |alpha_b|/r); gamma max(|gamma_b|, that); psi max(|psi_b|, |alpha_b| r);
    1/mu: inv_mu_scale."""
    r = np.hypot(b["x"] - cx, b["y"] - cy)
    amag = np.hypot(b["alpha_x"], b["alpha_y"])
    ks = np.maximum(np.abs(b["kappa"]), 1e-2 * amag / r)
    gmag = np.hypot(b["gamma1"], b["gamma2"])
    e = {}
    e["kappa"] = np.abs(a["kappa"] - b["kappa"]) / ks
    e["alpha"] = np.hypot(a["alpha_x"] - b["alpha_x"], a["alpha_y"] - b["alpha_y"]) / amag
    e["gamma"] = np.hypot(a["gamma1"] - b["gamma1"], a["gamma2"] - b["gamma2"]) / np.maximum(
        gmag, ks)
    e["psi"] = np.abs(a["psi"] - b["psi"]) / np.maximum(np.abs(b["psi"]), amag * r)
    e["mu"] = np.abs(1.0 / a["mu"] - 1.0 / b["mu"]) / inv_mu_scale(b["kappa"], gmag)
    return e


def inv_mu_scale(kappa, gmag):
    """Scale of 1/mu = (1 - kappa)^2 - gamma^2 errors: max((1 - kappa)^2 + gamma^2,
    kappa^2 + gamma^2). Relative errors eps in kappa and gamma change 1/mu by at most
    2 eps sqrt((1-kappa)^2 + gamma^2) sqrt(kappa^2 + gamma^2) <= 2 eps x this scale, which stays
    meaningful where 1/mu -> 0 (critical curves) or kappa -> 1."""
    return np.maximum((1.0 - kappa) ** 2 + gmag ** 2, kappa ** 2 + gmag ** 2)


def map_errors(ma, mb, X, Y, cx, cy, i=0):
    """probe_errors for sample i of two map sets (dicts of [N, npix, npix] arrays holding all of
    ALL_MAPS) on the pixel grid X, Y: per-pixel relative errors, shaped like the maps."""
    def as_probe(m):
        d = {k: m[k][i].ravel() for k in ALL_MAPS}
        d["x"], d["y"] = X.ravel(), Y.ravel()
        return d
    e = probe_errors(as_probe(ma), as_probe(mb), cx, cy)
    return {k: v.reshape(X.shape) for k, v in e.items()}


def map_error(a, b, floor=1e-3, mask=None):
    """Per-pixel |a - b| / max(|b|, floor max|b|) (over `mask` if given), and its maximum."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if mask is not None:
        scale = np.max(np.abs(b[mask]))
    else:
        scale = np.max(np.abs(b))
    e = np.abs(a - b) / np.maximum(np.abs(b), floor * scale)
    if mask is not None:
        e = np.where(mask, e, 0.0)
    return e, float(np.max(e))


def ring_points(cx, cy, r_lo, r_hi, n_radii=9, n_angles=7, phase=0.3):
    radii = np.geomspace(r_lo, r_hi, n_radii)
    ang = phase + 2.0 * np.pi * np.arange(n_angles) / n_angles
    rr, aa = np.meshgrid(radii, ang, indexing="ij")
    rr, aa = rr.ravel(), aa.ravel()
    return cx + rr * np.cos(aa), cy + rr * np.sin(aa), rr


def plot_probe_comparison(path, title, r, a, b, errs, tol, labels=("lensgen", "reference"),
                          xlabel="r (arcsec)"):
    """Three panels: kappa and |alpha| of a and b against r, and the residuals."""
    plt_ = plt()
    fig, axs = plt_.subplots(1, 3, figsize=(15, 4.3))
    o = np.argsort(r)
    for ax, key, name in ((axs[0], "kappa", "kappa"), (axs[1], "alpha", "|alpha| (arcsec)")):
        va = a["kappa"] if key == "kappa" else np.hypot(a["alpha_x"], a["alpha_y"])
        vb = b["kappa"] if key == "kappa" else np.hypot(b["alpha_x"], b["alpha_y"])
        ax.loglog(r[o], np.abs(vb[o]) + 1e-300, "k-", lw=1, label=labels[1])
        ax.loglog(r, np.abs(va), "o", mfc="none", ms=5, label=labels[0])
        ax.set_xlabel(xlabel)
        ax.set_ylabel(name)
        ax.legend(fontsize=8)
    ax = axs[2]
    for i, (k, e) in enumerate(errs.items()):
        ax.loglog(r, np.maximum(e, 1e-17), "os^vD<>p"[i % 8], ms=4, mfc="none", label=k)
    ax.axhline(tol, color="r", ls="--", label="tolerance")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("relative residual")
    ax.legend(fontsize=7, ncol=2)
    fig.suptitle(f"{title} (git {git_revision()})")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt_.close(fig)


def plot_maps(path, title, panels, ncols=3):
    """panels: list of (title, 2-D array, kwargs) drawn with imshow (origin lower)."""
    plt_ = plt()
    n = len(panels)
    nrows = (n + ncols - 1) // ncols
    fig, axs = plt_.subplots(nrows, ncols, figsize=(4.6 * ncols, 4.0 * nrows), squeeze=False)
    for ax in axs.ravel()[n:]:
        ax.axis("off")
    for ax, (t, img, kw) in zip(axs.ravel(), panels):
        kw = dict(kw or {})
        kw.setdefault("cmap", "viridis")
        im = ax.imshow(img, origin="lower", **kw)
        fig.colorbar(im, ax=ax, fraction=0.046)
        ax.set_title(t, fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle(f"{title} (git {git_revision()})")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt_.close(fig)


def map_grid(maps, attrs):
    """Pixel-centre coordinates X[iy, ix], Y[iy, ix] of the maps run_maps returned."""
    npix = next(iter(maps.values())).shape[-1]
    hw = float(np.ravel(attrs["half_width_arcsec"])[0])
    return grid(npix, hw)


# ---- special functions without SciPy (Debian's python3 here has numpy, h5py, matplotlib) ------
def gammainc_p(a, x):
    """Regularised lower incomplete gamma P(a, x), double precision: the series
    (Abramowitz & Stegun 6.5.29) for x < a + 1, else Lentz's continued fraction for Q
    (A&S 6.5.31; Numerical Recipes 6.2)."""
    if x <= 0.0:
        return 0.0
    lg = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1.0:
        term = 1.0 / a
        s = term
        ap = a
        for _ in range(100000):
            ap += 1.0
            term *= x / ap
            s += term
            if abs(term) < abs(s) * 1e-17:
                break
        return s * math.exp(lg)
    tiny = 1e-300
    b = x + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, 100000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        de = d * c
        h *= de
        if abs(de - 1.0) < 1e-17:
            break
    return 1.0 - math.exp(lg) * h


def gammainc_p_inv(a, p):
    """x with P(a, x) = p: bisection to bracket, then Newton (dP/dx = x^(a-1) e^-x / Gamma(a))."""
    lo, hi = 0.0, max(1.0, 2.0 * a + 10.0)
    while gammainc_p(a, hi) < p:
        hi *= 2.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if gammainc_p(a, mid) < p:
            lo = mid
        else:
            hi = mid
    x = 0.5 * (lo + hi)
    for _ in range(20):
        f = gammainc_p(a, x) - p
        dfdx = math.exp((a - 1.0) * math.log(x) - x - math.lgamma(a))
        dx = f / dfdx
        x -= dx
        if abs(dx) < 1e-16 * x:
            break
    return x


def integrate(f, a, b, n_panels=64, n_gl=20, geometric=False):
    """int_a^b f(t) dt by Gauss-Legendre panels (uniform, or geometric towards a = 0); f is
    vectorised over numpy arrays."""
    t, w = gauss_legendre(n_gl)
    if geometric:
        edges = np.concatenate(([0.0], b * 2.0 ** -np.arange(n_panels)[::-1]))
        edges[0] = 0.0 if a == 0.0 else a
    else:
        edges = np.linspace(a, b, n_panels + 1)
    lo, hi = edges[:-1, None], edges[1:, None]
    nodes = 0.5 * (hi - lo) * t[None, :] + 0.5 * (hi + lo)
    return float(np.sum(0.5 * (hi - lo) * w[None, :] * f(nodes)))


def add_venv_arg(p):
    """The --venv option of the cases that run lenstronomy or mpmath."""
    p.add_argument("--venv", default=None,
                   help="the venv of validation/requirements.txt (default: .venv/validation in "
                   "the source tree; created by scripts/setup-validation-venv.sh)")


def case_venv_python(case, args):
    """venv_python of --venv, or of the source tree's .venv/validation."""
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    return venv_python(case, os.path.abspath(args.venv or
                                             os.path.join(root, ".venv", "validation")))


def venv_python(case, venv):
    """The venv's python, when the venv is the one scripts/setup-validation-venv.sh builds from
    validation/requirements.txt (no system site packages, stamped with the file's sha256);
    otherwise skip (exit 77), naming the command that creates it. Nothing is installed here."""
    py = os.path.join(venv, "bin", "python")
    req = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "requirements.txt")
    with open(req, "rb") as f:
        want = hashlib.sha256(f.read()).hexdigest()
    try:
        with open(os.path.join(venv, "lensgen-requirements.sha256")) as f:
            have = f.read().strip()
    except OSError:
        have = None
    try:
        with open(os.path.join(venv, "pyvenv.cfg")) as f:
            isolated = "include-system-site-packages = false" in f.read()
    except OSError:
        isolated = False
    why = ("missing" if not os.path.exists(py) or have is None else
           "built from another validation/requirements.txt" if have != want else
           "not isolated (it sees the system site packages)" if not isolated else None)
    if why:
        print(f"case {case}: SKIP (the validation venv {venv} is {why}; create it with: "
              f"bash scripts/setup-validation-venv.sh {venv})")
        sys.exit(77)
    return py
