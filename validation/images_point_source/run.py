#!/usr/bin/env python3
"""Validation case `images_point_source`: lensgen's point-source images (/images), the
Einstein ring of an aligned extended source, and the detector noise of image_noisy, against
closed forms (numpy and h5py only). run.py writes its decks into the work directory.

1. Point source behind an SIS (`sis` run: N_PS samples, lens centre, sigma_v, z_l, z_s and the
   source position drawn; source.point_source = true, ps_mag 20, the extended source at mag 40
   so that it adds < 1e-8 of the flux; no PSF). With the source at distance beta from the lens
   centre, along the unit vector u, and theta_E from /params:
     beta < theta_E: two images, at centre + (beta + theta_E) u (minimum, arrives first) and
                     centre + (beta - theta_E) u (saddle), mu = 1 + theta_E/beta and
                     1 - theta_E/beta, sum |mu| = 2 theta_E/beta; the second arrives
                     dt = D_dt/(2c) ((beta + theta_E)^2 - (beta - theta_E)^2) = 2 D_dt beta
                     theta_E / c later (days; D_dt = /params/d_dt in Mpc, angles in rad)
     beta > theta_E: exactly one image, at centre + (beta + theta_E) u, mu = 1 + theta_E/beta
   Checks (relative, tolerance TOL_PS = 1e-6: the Newton solve stops at |beta(theta) - beta|
   < 1e-8", which after its quadratic convergence leaves ~1e-12): image count (exact; apart,
   `n_images_saddle_near_centre`, the samples whose saddle image lies within R_NEAR = 0.25"
   (2.5 pixels) of the lens centre, where lensgen's triangle search is weakest), positions
   (|dtheta|/theta_E), mu, dt, sum |mu|, NaN padding beyond n; /params/d_dt = (1 + z_l) D_l
   D_s/D_ls from a separate 200-point Gauss-Legendre distance integral here (1e-9); the map:
   its total = 10^(-0.4 (ps_mag - ZP)) sum |mu| and its first moment = that rate sum |mu_k|
   theta_k (the cloud-in-cell deposit keeps both; 1e-6 of rate sum |mu| and of that times
   theta_E).
2. Einstein ring (`ring` run: one sample, SIS, round exponential source at the lens centre,
   beta = 0; imaging.supersample 4). The azimuthal mean of the image about the lens centre
   (bins of half a pixel, the peak refined by a parabola through its neighbours) peaks at
   theta_E within one pixel (TOL_RING = 1 pixel; the brief of issue 12); the image equals a
   NumPy ray shooting of the same lens and source by the documented rule (4 x 4 sub-pixel cell
   centres, SIS deflection, exact b_n, mean times the pixel area) to 1e-5 of the peak (float32
   storage 6e-8); the source map sums to 10^(-0.4 (mag - ZP)) to 1e-3 (the exponential's
   central cusp sampled by 4 x 4 sub-pixel centres of r_e/6: -2.3e-4, the same in NumPy with
   the same rule; light beyond the map e^(-b 40) ~ 0); /params src_amp matches the total for
   the exact b_n (1e-10).
3. Detector (`detector` runs: N_DET samples of one fixed lens and source, 32 x 32, gaussian PSF,
   maps image and image_noisy, normalise none). Per pixel and sample d = image_noisy - image
   and the model variance V(S) = [(S + B) t + r^2 + g^2/12]/t^2, S the pixel's image rate,
   B = 10^(-0.4 (sky_mag - ZP)) d^2 (docs/physics.md 13.2). With u = d/sqrt(V) over all
   pixel-samples, and in three bins of the expected count lambda = (S + B) t (< 10, the
   inversion sampler; 10-100; > 100, Hormann's PTRS): mean(u) = 0 within 4 standard errors
   (1/sqrt(N)), mean(u^2) = 1 within 4 (sqrt((mean(u^4) - mean(u^2)^2)/N)). Run A: gain 2.5,
   read noise 3, sky subtracted; run B: gain 0, sky kept: mean(d) = B (checked as mean(d - B)),
   variance without the g^2/12 term. Power (asserted): in run A the variance without the
   g^2/12 term would be off by more than 4 standard errors.
Found at git eee86c1 (the check `sis/n_images_saddle_near_centre` failed; fixed since by Newton
starts on rings around each lens centre, src/point_images.c): lensgen missed the
saddle image of an SIS double near the lens centre: none nearer than ~1.2 grid steps (step =
pixel/2) is found, and between 1.2 and 2.5-3 steps some are missed, depending on where the
image falls on the grid (0.1" pixels, theta_E 1.06": missed up to 0.125" from the centre), i.e.
beta/theta_E > ~0.9: 5 of the 27 two-image samples here (|mu| 0.017 to 0.090); ~20 % of the
doubles of sources spread uniformly over the source plane. The triangle search maps each grid
triangle's corners to the source plane and asks whether the straight-edged triangle holds
beta; near the singular centre a triangle spans a wide angle, its corners land near the circle
|beta| = theta_E and the chords between them pass inside the point (a NumPy replica of the
search finds no triangle for the saddle image 0.10" from the centre), so Newton's method is
never started there.
Check values are the error in units of the tolerance's measure (standard errors for the
detector: tolerance 4).
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
import lgval  # noqa: E402

CASE = "images_point_source"
ZP = 25.0
C_M_S = 299792458.0
MPC_M = 3.0856775814913673e22
ARCSEC = math.pi / 648000.0
DAY_S = 86400.0

N_PS = 48
R_NEAR = 0.25               # arcsec: a saddle image nearer the lens centre is counted apart
TOL_PS = 1e-6
TOL_DDT = 1e-9
TOL_FLUX = 1e-6
TOL_RING_MAP = 1e-5
TOL_SRC_FLUX = 1e-3
TOL_AMP = 1e-10
N_DET = 400
TOL_SE = 4.0

COMMON = """
[cosmology]
H0 = 70.0
Omega_m = 0.3

[noise]
type = none

[normalise]
method = none
"""

DECK_SIS = f"""# validation/images_point_source (run.py): point source behind an SIS
n_samples = {N_PS}
seed = 4242

[map]
npix = 72
half_width = 3.6

[lens]
profile = sis
z_l = uniform(0.3, 0.7)
z_s = uniform(1.2, 2.5)
center_x = uniform(-0.1, 0.1)
center_y = uniform(-0.1, 0.1)

[sis]
sigma_v = uniform(200.0, 280.0)

[source]
mag = 40.0
r_e = 0.1
center_x = uniform(-1.25, 1.25)
center_y = uniform(-1.25, 1.25)
point_source = true
ps_mag = 20.0

[imaging]
supersample = 1
zero_point = {ZP}
psf = none

[output]
file = out/images_point_source_sis.h5
maps = image
params = all
""" + COMMON

RING_CX, RING_CY = 0.05, -0.03
DECK_RING = f"""# validation/images_point_source (run.py): Einstein ring, source behind the SIS
n_samples = 1
seed = 5

[map]
npix = 128
half_width = 2.56

[lens]
profile = sis
z_l = 0.5
z_s = 2.0
center_x = {RING_CX}
center_y = {RING_CY}

[sis]
sigma_v = 240.0

[source]
mag = 20.0
r_e = 0.06
n = 1.0
e1 = 0.0
e2 = 0.0
center_x = {RING_CX}
center_y = {RING_CY}

[imaging]
supersample = 4
zero_point = {ZP}
psf = none

[output]
file = out/images_point_source_ring.h5
maps = image, source
params = all
""" + COMMON

DET_T, DET_SKY, DET_RN = 20.0, 21.5, 3.0
DECK_DET = f"""# validation/images_point_source (run.py): detector noise, one lens and source
n_samples = {N_DET}
seed = 99

[map]
npix = 32
half_width = 1.6

[lens]
profile = sie
z_l = 0.5
z_s = 2.0
e1 = 0.1
e2 = -0.05

[sis]
sigma_v = 230.0

[source]
mag = 20.5
r_e = 0.15
n = 1.5
e1 = 0.1
center_x = 0.08
center_y = 0.05

[imaging]
supersample = 2
zero_point = {ZP}
psf = gaussian
psf_fwhm = 0.15
exposure_s = {DET_T}
sky_mag = {DET_SKY}
read_noise = {DET_RN}
gain = 2.5
subtract_sky = true

[output]
file = out/images_point_source_det.h5
maps = image, image_noisy
params = all
""" + COMMON


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def run(case, deck, maps, tag, n_samples, sets=()):
    import h5py
    m, p, _ = case.run_maps(deck, list(sets), maps=maps, tag=tag, n_samples=n_samples)
    imgs = {}
    with h5py.File(os.path.join(case.args.workdir, f"{tag}.h5"), "r") as f:
        if "images" in f:
            imgs = {k: f["images"][k][...] for k in f["images"]}
    return m, p, imgs


def comoving(z, om=0.3, h0=70.0, n_gl=200):
    """D_C (Mpc), flat LambdaCDM: c/H0 int_0^z dz'/E(z'), n_gl-point Gauss-Legendre."""
    t, w = np.polynomial.legendre.leggauss(n_gl)
    zz = 0.5 * z * (t + 1.0)
    e = np.sqrt(om * (1.0 + zz) ** 3 + 1.0 - om)
    return C_M_S / 1e3 / h0 * 0.5 * z * float(np.sum(w / e))


def d_dt(z_l, z_s):
    dcl, dcs = comoving(z_l), comoving(z_s)
    d_l, d_s, d_ls = dcl / (1 + z_l), dcs / (1 + z_s), (dcs - dcl) / (1 + z_s)
    return (1 + z_l) * d_l * d_s / d_ls


def sersic_total(amp, r_e, n, b):
    return amp * 2.0 * math.pi * n * r_e * r_e * math.exp(b + math.lgamma(2 * n) -
                                                          2 * n * math.log(b))


# ---- 1. point source -------------------------------------------------------------------------
def point_source(case, deck):
    m, p, im = run(case, deck, ("image",), "sis", N_PS)
    npix = m["image"].shape[-1]
    X, Y = lgval.grid(npix, 3.6)
    rate = 10.0 ** (-0.4 * (20.0 - ZP))
    err = dict(n=0.0, n_near=0.0, pos=0.0, mu=0.0, dt=0.0, summu=0.0, pad=0.0, d_dt=0.0,
               flux=0.0, moment=0.0)
    n_two = n_one = 0
    rows = []
    for i in range(N_PS):
        te = float(p["theta_E"][i])
        cx, cy = float(p["center_x"][i]), float(p["center_y"][i])
        bx, by = float(p["src_x"][i]) - cx, float(p["src_y"][i]) - cy
        beta = math.hypot(bx, by)
        ux, uy = bx / beta, by / beta
        n = int(im["n"][i])
        if beta < te:
            n_two += 1
            want = [(beta + te, 1 + te / beta), (beta - te, 1 - te / beta)]
            dt2 = float(p["d_dt"][i]) * MPC_M / C_M_S * 2 * beta * te * ARCSEC ** 2 / DAY_S
            want_dt = [0.0, dt2]
        else:
            n_one += 1
            want = [(beta + te, 1 + te / beta)]
            want_dt = [0.0]
        k = len(want)
        near = k == 2 and te - beta < R_NEAR
        key = "n_near" if near else "n"
        err[key] = max(err[key], abs(n - k))
        rows.append((beta / te, n, k, te - beta))
        if n != k:
            print(f"  sample {i}: beta/theta_E {beta / te:.4f}: {n} images, expected {k} (the "
                  f"saddle image {te - beta:.4f}\" from the lens centre, mu {1 - te / beta:.4f})")
            continue
        for j, (s, mu) in enumerate(want):
            ex, ey = cx + s * ux, cy + s * uy
            err["pos"] = max(err["pos"], math.hypot(im["x"][i, j] - ex, im["y"][i, j] - ey) / te)
            err["mu"] = max(err["mu"], abs(im["mu"][i, j] / mu - 1.0))
            if want_dt[j] == 0.0:
                err["dt"] = max(err["dt"], abs(im["dt"][i, j]) / max(want_dt[-1], 1.0))
            else:
                err["dt"] = max(err["dt"], abs(im["dt"][i, j] / want_dt[j] - 1.0))
        summu = float(np.sum(np.abs(im["mu"][i, :n])))
        want_sum = 2 * te / beta if k == 2 else 1 + te / beta
        err["summu"] = max(err["summu"], abs(summu / want_sum - 1.0))
        pad = [im[c][i, n:] for c in ("x", "y", "mu", "dt")]
        err["pad"] = max(err["pad"], 0.0 if all(np.all(np.isnan(v)) for v in pad) else 1.0)
        err["d_dt"] = max(err["d_dt"], abs(float(p["d_dt"][i]) /
                                           d_dt(float(p["z_l"][i]), float(p["z_s"][i])) - 1.0))
        img = m["image"][i]
        tot = rate * sum(abs(mu) for _, mu in want)
        err["flux"] = max(err["flux"], abs(float(np.sum(img)) / tot - 1.0))
        mx = rate * sum(abs(mu) * (cx + s * ux) for s, mu in want)
        my = rate * sum(abs(mu) * (cy + s * uy) for s, mu in want)
        err["moment"] = max(err["moment"], math.hypot(float(np.sum(img * X)) - mx,
                                                      float(np.sum(img * Y)) - my) / (tot * te))
    print(f"  SIS point source: {N_PS} samples, {n_two} with beta < theta_E (2 images), "
          f"{n_one} with beta > theta_E (1 image); beta/theta_E from "
          f"{min(r[0] for r in rows):.3f} to {max(r[0] for r in rows):.3f}")
    if n_two < 5 or n_one < 5:
        sys.exit(f"case {CASE}: the deck drew too few samples of one kind ({n_two}, {n_one})")
    n_near = sum(1 for r in rows if r[2] == 2 and r[3] < R_NEAR)
    print(f"  {n_near} of the two-image samples have the saddle image within {R_NEAR}\" "
          f"({R_NEAR / 0.1:g} pixels) of the lens centre")
    case.check("sis/n_images", err["n"], 0)
    case.check("sis/n_images_saddle_near_centre", err["n_near"], 0)
    case.check("sis/positions", err["pos"], TOL_PS)
    case.check("sis/mu", err["mu"], TOL_PS)
    case.check("sis/dt", err["dt"], TOL_PS)
    case.check("sis/sum_abs_mu", err["summu"], TOL_PS)
    case.check("sis/nan_padding", err["pad"], 0)
    case.check("sis/d_dt", err["d_dt"], TOL_DDT)
    case.check("sis/map_flux", err["flux"], TOL_FLUX)
    case.check("sis/map_first_moment", err["moment"], TOL_FLUX)
    return m, p, im, rows


# ---- 2. Einstein ring ------------------------------------------------------------------------
def ring(case, deck):
    m, p, _ = run(case, deck, ("image", "source"), "ring", 1)
    img, src = m["image"][0], m["source"][0]
    npix, hw = img.shape[-1], 2.56
    d = 2 * hw / npix
    te = float(p["theta_E"][0])
    X, Y = lgval.grid(npix, hw)
    r = np.hypot(X - RING_CX, Y - RING_CY)
    w = 0.5 * d
    idx = (r / w).astype(int)
    nb = int(hw / w)
    sums = np.bincount(idx.ravel(), img.ravel(), minlength=nb + 2)[:nb]
    cnt = np.bincount(idx.ravel(), minlength=nb + 2)[:nb]
    prof = np.where(cnt > 0, sums / np.maximum(cnt, 1), 0.0)
    centres = (np.arange(nb) + 0.5) * w
    k = int(np.argmax(prof))
    y0, y1, y2 = prof[k - 1], prof[k], prof[k + 1]
    r_peak = centres[k] + 0.5 * w * (y0 - y2) / (y0 - 2 * y1 + y2)
    off = abs(r_peak - te) / d
    print(f"  ring: theta_E {te:.5f}\", azimuthal profile peaks at {r_peak:.5f}\" "
          f"({off:.3f} pixel off)")
    case.check("ring/peak_radius_pixels", off, 1.0)

    # NumPy ray shooting by the documented rule
    n_s, r_e, amp = float(p["src_n"][0]), float(p["src_r_e"][0]), float(p["src_amp"][0])
    b = lgval.gammainc_p_inv(2 * n_s, 0.5)
    ss = 4
    off_s = ((np.arange(ss) + 0.5) / ss - 0.5) * d
    acc = np.zeros_like(img)
    acc_src = np.zeros_like(img)
    for oy in off_s:
        for ox in off_s:
            x, y = X + ox - RING_CX, Y + oy - RING_CY
            rr = np.hypot(x, y)
            bx, by = x - te * x / rr, y - te * y / rr
            acc += amp * np.exp(-b * ((np.hypot(bx - float(p["src_x"][0]) + RING_CX,
                                                by - float(p["src_y"][0]) + RING_CY) / r_e)
                                      ** (1 / n_s) - 1))
            acc_src += amp * np.exp(-b * ((np.hypot(X + ox - float(p["src_x"][0]),
                                                    Y + oy - float(p["src_y"][0])) / r_e)
                                          ** (1 / n_s) - 1))
    ref = acc / ss ** 2 * d * d
    ref_src = acc_src / ss ** 2 * d * d
    e_map = float(np.max(np.abs(img - ref)) / np.max(ref))
    e_src_map = float(np.max(np.abs(src - ref_src)) / np.max(ref_src))
    case.check("ring/image_vs_numpy_ray_shooting", e_map, TOL_RING_MAP)
    case.check("ring/source_vs_numpy", e_src_map, TOL_RING_MAP)
    rate = 10.0 ** (-0.4 * (float(p["src_mag"][0]) - ZP))
    e_flux = abs(float(np.sum(src)) / rate - 1.0)
    print(f"  source map total / 10^(-0.4 (mag - ZP)) - 1: lensgen "
          f"{float(np.sum(src)) / rate - 1:.3g}, the same sub-pixel rule in NumPy "
          f"{float(np.sum(ref_src)) / rate - 1:.3g}")
    case.check("ring/source_flux", e_flux, TOL_SRC_FLUX)
    case.check("ring/src_amp", abs(sersic_total(amp, r_e, n_s, b) / rate - 1.0), TOL_AMP)
    return img, te, centres, prof, r_peak, (img - ref) / np.max(ref)


# ---- 3. detector -----------------------------------------------------------------------------
def detector(case, deck, tag, sets, gain, subtract):
    m, p, _ = run(case, deck, ("image", "image_noisy"), tag, N_DET, sets)
    img, noisy = m["image"], m["image_noisy"]
    if not np.all(img == img[0]):
        sys.exit(f"case {CASE}: the detector samples' images differ (fixed parameters)")
    S = img[0]
    pix = 2 * 1.6 / S.shape[-1]
    B = 10.0 ** (-0.4 * (DET_SKY - ZP)) * pix * pix
    V = ((S + B) * DET_T + DET_RN ** 2 + gain ** 2 / 12.0) / DET_T ** 2
    d = noisy - S[None] - (0.0 if subtract else B)
    u = d / np.sqrt(V)[None]
    lam = np.broadcast_to((S + B) * DET_T, u.shape)
    out = {}
    for name, sel in (("all", np.ones(u.shape, bool)), ("lambda<10", lam < 10),
                      ("lambda10-100", (lam >= 10) & (lam < 100)), ("lambda>100", lam >= 100)):
        v = u[sel]
        N = v.size
        m1, m2, m4 = float(v.mean()), float(np.mean(v ** 2)), float(np.mean(v ** 4))
        z_mean = abs(m1) * math.sqrt(N)
        z_var = abs(m2 - 1.0) / math.sqrt((m4 - m2 * m2) / N)
        print(f"  detector {tag} [{name}]: {N} pixel-samples, mean(u) {m1:+.5f} "
              f"({z_mean:.2f} SE), mean(u^2) {m2:.5f} ({z_var:.2f} SE)")
        if N < 1000:
            sys.exit(f"case {CASE}: bin {name} of {tag} has only {N} pixel-samples")
        case.check(f"{tag}/mean_{name}_SE", z_mean, TOL_SE)
        case.check(f"{tag}/variance_{name}_SE", z_var, TOL_SE)
        out[name] = (m1, m2)
    if gain > 0:  # power: without the digitisation term g^2/12
        V0 = ((S + B) * DET_T + DET_RN ** 2) / DET_T ** 2
        v = (d / np.sqrt(V0)[None]).ravel()
        m2, m4 = float(np.mean(v ** 2)), float(np.mean(v ** 4))
        z0 = abs(m2 - 1.0) / math.sqrt((m4 - m2 * m2) / v.size)
        print(f"  detector {tag}: without g^2/12 mean(u^2) would be {m2:.5f} ({z0:.1f} SE)")
        case.check(f"{tag}/power_gain_term", TOL_SE / z0, 1.0)
    return S, d, u, lam, V, B


def main():
    args = lgval.parse_args(CASE)
    case = lgval.Case(CASE, args)
    w = args.workdir
    _, _, _, rows = point_source(case, write(os.path.join(w, "sis.deck"), DECK_SIS))
    ring_img, te, centres, prof, r_peak, ring_res = ring(
        case, write(os.path.join(w, "ring.deck"), DECK_RING))
    deck_det = write(os.path.join(w, "detector.deck"), DECK_DET)
    S, dA, uA, lamA, VA, B = detector(case, deck_det, "detector_A", (), 2.5, True)
    _, dB, uB, _, _, _ = detector(case, deck_det, "detector_B",
                                  ("imaging.gain=0", "imaging.subtract_sky=false"), 0.0, False)

    plt = lgval.plt()
    fig, axs = plt.subplots(2, 3, figsize=(15, 8.5))
    ax = axs[0][0]
    rr = np.array([r[0] for r in rows])
    ax.scatter(rr, [r[1] for r in rows], marker="o", facecolors="none", edgecolors="C0",
               label="lensgen /images/n")
    ax.scatter(rr, [r[2] for r in rows], marker="x", color="C3", label="expected")
    ax.axvline(1.0, color="k", lw=0.5)
    ax.set_xlabel("beta / theta_E")
    ax.set_ylabel("number of images")
    ax.set_title("SIS point source: image count", fontsize=9)
    ax.legend(fontsize=8)
    ax = axs[0][1]
    hw = 2.56
    ax.imshow(ring_img, origin="lower", extent=[-hw, hw, -hw, hw])
    t = np.linspace(0, 2 * np.pi, 200)
    ax.plot(RING_CX + te * np.cos(t), RING_CY + te * np.sin(t), "w--", lw=0.7,
            label="theta_E")
    ax.set_title("Einstein ring (beta = 0)", fontsize=9)
    ax.legend(fontsize=8)
    ax = axs[0][2]
    ax.plot(centres, prof, ".-")
    ax.axvline(te, color="k", ls="--", label=f"theta_E {te:.4f}\"")
    ax.axvline(r_peak, color="r", ls=":", label=f"peak {r_peak:.4f}\"")
    ax.set_xlim(te - 0.5, te + 0.5)
    ax.set_xlabel("r (arcsec)")
    ax.set_ylabel("azimuthal mean (e-/s per pixel)")
    ax.set_title(f"ring profile; map vs NumPy ray shooting max {np.max(np.abs(ring_res)):.2g}"
                 " of peak", fontsize=9)
    ax.legend(fontsize=8)
    for ax, u, title in ((axs[1][0], uA, "A: gain 2.5, sky subtracted"),
                         (axs[1][1], uB, "B: gain 0, sky kept")):
        ax.hist(u.ravel(), bins=120, density=True, histtype="step", label="(noisy - image)/sqrt(V)")
        x = np.linspace(-5, 5, 400)
        ax.plot(x, np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi), "k--", lw=0.8, label="N(0, 1)")
        ax.set_title(f"detector {title}", fontsize=9)
        ax.legend(fontsize=8)
    ax = axs[1][2]
    lam = lamA[0].ravel()
    o = np.argsort(lam)
    ax.loglog(lam[o], (VA.ravel() * DET_T ** 2)[o], "k-", label="model (S+B)t + r^2 + g^2/12")
    ax.loglog(lam, (np.var(dA, axis=0) * DET_T ** 2).ravel(), ".", ms=3,
              label=f"measured over {N_DET} samples (A)")
    ax.set_xlabel("lambda = (S + B) t (e-)")
    ax.set_ylabel("variance (e-^2)")
    ax.set_title("detector variance per pixel", fontsize=9)
    ax.legend(fontsize=8)
    case.save_figure(fig, CASE, "point-source images, Einstein ring, detector noise")
    case.finish()


if __name__ == "__main__":
    main()
