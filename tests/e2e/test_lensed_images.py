"""Lensed images end to end (README "Lensed images"):
(a) the same deck at 1 rank (batch 24) and 3 ranks (batch 5): every map, /params column and
    /images array bitwise equal (the quasar's images, the PSF, counts and read noise depend on
    the sample index alone);
(b) the quasar's images in the file solve the lens equation of the SIE written in /params: an
    SIE's images of a source inside its caustic number 2 or 4, every |mu| > 0, dt >= 0 rising;
    and the fermat map (days) at the pixels nearest two images differs by their dt (the surface
    is stationary at an image: second order in the half-pixel offset);
(c) an unusable PSF kernel file is a deck error: exit 2, one message naming the key and file;
(d) the CUDA backend (emulated device) writes the same images, bitwise (they are computed on
    the host, the device only moves them);
(e) output.derived = fft: with one ray per pixel, each image pixel is the source's Sersic
    (written out here from /params) at theta - alpha, alpha the FFT deflection maps in the same
    file; the CUDA backend's images (from a host kappa map) are the CPU backend's bits."""
import math
import os

import h5py
import numpy as np

from lgtest import expect, finish, run, workdir

wd = workdir()
deck = os.path.join(wd, "images.deck")
with open(deck, "w") as f:
    f.write("""n_samples = 24
seed = 77
backend = cpu
[map]
npix = 32
half_width = 2.4
[lens]
profile = sie
e1 = uniform(-0.2, 0.2)
e2 = uniform(-0.2, 0.2)
[sis]
sigma_v = uniform(220, 300)
[source]
mag = uniform(21, 23)
r_e = uniform(0.05, 0.3)
center_x = uniform(-0.15, 0.15)
center_y = uniform(-0.15, 0.15)
point_source = true
ps_mag = 21
[imaging]
supersample = 2
psf = moffat
psf_fwhm = 0.3
psf_beta = 3.5
[augment]
rot90 = true
flip = true
[normalise]
method = minmax
[output]
maps = kappa, image, image_noisy, source, fermat
""")


def items(path):
    with h5py.File(path, "r") as f:
        out = {}
        for g in (g for g in ("maps", "params", "images") if g in f):
            for k in f[g]:
                out[f"{g}/{k}"] = f[g][k][()]
        return out


one, three = os.path.join(wd, "one.h5"), os.path.join(wd, "three.h5")
run(1, deck, one, "batch_size=24")
run(3, deck, three, "batch_size=5")
a, b = items(one), items(three)
expect(sorted(a) == sorted(b) and "images/x" in a and "maps/image_noisy" in a,
       f"(a) the same datasets ({len(a)}), /images among them")
for k in sorted(a):
    expect(a[k].tobytes() == b[k].tobytes(), f"(a) {k}: bitwise equal at 1 and 3 ranks")

n = a["images/n"]
expect(set(np.unique(n)) <= {2, 4} and n.min() >= 2,
       f"(b) an SIE's images of a source near its centre: 2 or 4 ({sorted(set(n.tolist()))})")
for i in range(len(n)):
    k = int(n[i])
    mu, dt = a["images/mu"][i], a["images/dt"][i]
    ok = (np.all(np.isfinite(mu[:k])) and np.all(np.abs(mu[:k]) > 0) and dt[0] == 0.0 and
          np.all(np.diff(dt[:k]) >= 0) and np.all(np.isnan(a["images/x"][i][k:])))
    if not ok or i in (0, len(n) - 1):
        expect(ok, f"(b) sample {i}: {k} images, mu {np.round(mu[:k], 3).tolist()}, "
                   f"dt {np.round(dt[:k], 3).tolist()} days, NaN beyond n")

half = 2.4
pix = 2 * half / 32
worst = 0.0
for i in range(len(n)):
    k = int(n[i])
    fm = a["maps/fermat"][i]
    vals = []
    for j in range(k):
        ix = int(np.clip(np.floor((a["images/x"][i][j] + half) / pix), 0, 31))
        iy = int(np.clip(np.floor((a["images/y"][i][j] + half) / pix), 0, 31))
        vals.append(fm[iy, ix])
    rng = float(np.nanmax(a["images/dt"][i][:k])) or 1.0
    worst = max(worst, max(abs((vals[j] - vals[0]) - a["images/dt"][i][j]) / rng
                           for j in range(k)))
expect(worst < 0.05, f"(b) fermat map at the images' pixels: delays within {worst:.3g} of the "
                     "largest dt (bound 0.05)")

p = run(1, deck, os.path.join(wd, "bad.h5"), "imaging.psf=pixel",
        f"imaging.psf_file={wd}/missing_kernel.npy", check=False)
msg = p.stderr.strip()
expect(p.returncode == 2 and "imaging.psf_file" in msg and "missing_kernel.npy" in msg,
       f"(c) a missing PSF kernel file: exit 2, the key and the file named: {msg[:200]}", p)

os.environ["LENSGEN_CUDA_EMULATE"] = "1"
cuda = os.path.join(wd, "cuda.h5")
run(2, deck, cuda, "batch_size=7", extra=("--backend", "cuda"))
del os.environ["LENSGEN_CUDA_EMULATE"]
c = items(cuda)
for k in ("maps/image", "maps/image_noisy", "maps/source", "images/x", "images/mu",
          "images/dt", "params/image_norm_scale"):
    expect(c[k].tobytes() == a[k].tobytes(), f"(d) {k}: the CUDA backend's, bitwise")
def sersic_b(n):
    """b_n: P(2n, b) = 1/2 (regularised lower incomplete gamma, by its series), bisected."""
    def p(a, x):
        term = total = 1.0 / a
        for k in range(1, 400):
            term *= x / (a + k)
            total += term
        return total * math.exp(a * math.log(x) - x - math.lgamma(a))
    lo, hi = 1e-6, 50.0
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if p(2 * n, mid) < 0.5 else (lo, mid)
    return 0.5 * (lo + hi)


def sersic(par, i, x, y):
    """The source's surface brightness (README "Lensed images"), from its /params row."""
    e1, e2 = par["src_e1"][i], par["src_e2"][i]
    phi, e = 0.5 * math.atan2(e2, e1), math.hypot(e1, e2)
    q = (1 - e) / (1 + e)
    dx, dy = x - par["src_x"][i], y - par["src_y"][i]
    xp, yp = math.cos(phi) * dx + math.sin(phi) * dy, -math.sin(phi) * dx + math.cos(phi) * dy
    r = np.sqrt(q * xp**2 + yp**2 / q) / par["src_r_e"][i]
    n = par["src_n"][i]
    return par["src_amp"][i] * np.exp(-sersic_b(n) * (r ** (1 / n) - 1))


fft_sets = ("output.derived=fft", "imaging.psf=none", "source.point_source=false",
            "normalise.method=none", "imaging.supersample=1",
            "output.maps=kappa,alpha_x,alpha_y,image,source", "n_samples=6")
fft, fft_cuda = os.path.join(wd, "fft.h5"), os.path.join(wd, "fft_cuda.h5")
run(1, deck, fft, *fft_sets, "augment.rot90=false", "augment.flip=false")
os.environ["LENSGEN_CUDA_EMULATE"] = "1"
run(2, deck, fft_cuda, *fft_sets, "augment.rot90=false", "augment.flip=false",
    extra=("--backend", "cuda"))
del os.environ["LENSGEN_CUDA_EMULATE"]
e, ec = items(fft), items(fft_cuda)
expect(ec["maps/image"].tobytes() == e["maps/image"].tobytes(),
       "(e) fft rays: the CUDA backend's images, bitwise")
par = {k[7:]: v for k, v in e.items() if k.startswith("params/")}
centres = (np.arange(32) + 0.5) * pix - half
xs, ys = np.meshgrid(centres, centres)
worst_src = worst_img = 0.0
for i in range(len(e["maps/image"])):
    src = sersic(par, i, xs, ys) * pix * pix
    worst_src = max(worst_src, np.abs(e["maps/source"][i] - src).max() / src.max())
    ax, ay = e["maps/alpha_x"][i].astype(np.float64), e["maps/alpha_y"][i].astype(np.float64)
    img = sersic(par, i, xs - ax, ys - ay) * pix * pix
    worst_img = max(worst_img, np.abs(e["maps/image"][i] - img).max() / img.max())
expect(worst_src < 1e-4, f"(e) the source map is the Sersic of /params: within {worst_src:.2g} "
                         "of its peak (bound 1e-4)")
expect(worst_img < 1e-4, f"(e) fft rays (one per pixel) land at theta - alpha of the file's FFT "
                         f"alpha maps: image within {worst_img:.2g} of its peak (bound 1e-4)")
finish()
