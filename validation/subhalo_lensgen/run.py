#!/usr/bin/env python3
"""Validation case `subhalo_lensgen`: the subhalo populations lensgen writes (input/substructure.deck,
/params and /subhalos) against the analytic laws of docs/physics.md section 16, from the output
file alone:

1. Mass function shape: the pooled CDM masses against the truncated power law dN/dm ~ m^-1.9 on
   [m_min, m_max] (Kolmogorov-Smirnov: sqrt(n) D below 1.95, p > 0.001).
2. Normalisation: the CDM counts against N_exp = sigma_sub f_host pi R_max^2 int (m/m_p)^alpha
   dm/m_p, with f_host = 10^(0.88 log10(M200/1e13) + 1.7 log10(z_l + 0.5)) and R_max =
   /params/sub_r_max D_l (flat LambdaCDM distances integrated here): (sum n - sum N_exp) /
   sqrt(sum N_exp) within 4 (Poisson).
3. Projected mass: sum of /params/sub_m_total over the CDM samples against sum N_exp <m>, its
   Poisson standard deviation sqrt(sum N_exp <m^2>): within 4.
4. WDM: the WDM samples' counts in 8 mass bins against the CDM expectation times Lovell
   (2020)'s (1 + (4.2 m_hm/m)^2.5)^-0.2 with each sample's m_hm: chi^2 per bin below
   1 + 4 sqrt(2/8); and fewer subhalos than CDM below the half-mode mass.
5. A plot of dN/dlog10 m per class (cdm, wdm, sidm) with the analytic curves:
   subhalo_lensgen_mass_functions.png in the work directory.
6. Data quality: the CDM and WDM classes differ in the maps themselves. One statistic, the
   number of local maxima above 0.003 in the map minus its Gaussian smoothing (sigma 3 pixels;
   kappa_noisy first smoothed by 0.7 pixels), classifies CDM against WDM by a threshold at the
   midpoint of the class means: balanced accuracy >= 0.70 on kappa (measured 0.77) and >= 0.55
   on kappa_noisy at the deck's noise (measured 0.60-0.61; chance 0.5).
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
import lgval  # noqa: E402

DECK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "input",
                    "substructure.deck")
ALPHA, M_MIN, M_MAX, M_P = -1.9, 1e7, 1e10, 1e8
C_KM_S = 299792.458


def d_a_mpc(z, h0=70.0, om=0.3):
    """Angular-diameter distance of flat LambdaCDM (Mpc), by Gauss-Legendre quadrature."""
    e = lambda zz: 1.0 / np.sqrt(om * (1 + zz) ** 3 + 1 - om)
    return C_KM_S / h0 * lgval.integrate(e, 0.0, z) / (1 + z)


def powerlaw_int(lo, hi, alpha=ALPHA):
    b = alpha + 1
    return ((hi / M_P) ** b - (lo / M_P) ** b) / b


def gauss_smooth(maps, sigma):
    """Periodic Gaussian smoothing (sigma in pixels) of [N, n, n] maps by FFT."""
    k = np.fft.fftfreq(maps.shape[-1])
    g = np.exp(-2 * (np.pi * sigma) ** 2 * (k[:, None] ** 2 + k[None, :] ** 2))
    return np.real(np.fft.ifft2(np.fft.fft2(maps) * g))


def peak_counts(maps, pre, thr=0.003):
    """Local maxima above thr of each map minus its 3-pixel smoothing (after smoothing by pre)."""
    x = gauss_smooth(maps, pre) if pre > 0 else maps
    r = x - gauss_smooth(x, 3.0)
    n = r.shape[-1]
    c = r[:, 1:-1, 1:-1]
    higher = np.ones_like(c, dtype=bool)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            if dx or dy:
                higher &= c > r[:, 1 + dy:n - 1 + dy, 1 + dx:n - 1 + dx]
    return ((c > thr) & higher).sum(axis=(1, 2))


def main():
    args = lgval.parse_args("subhalo_lensgen")
    case = lgval.Case("subhalo_lensgen", args)
    sets = ["subhalos.sigma_sub=0.03", "augment.rot90=false", "augment.flip=false",
            "batch_size=64", "noise.type=gaussian", "map.supersample=2"]
    maps, p, _ = case.run_maps(DECK, sets, maps=("kappa", "kappa_noisy"), n_samples=1500,
                               tag="pop")
    import h5py
    with h5py.File(os.path.join(args.workdir, "pop.h5"), "r") as f:
        mass = f["subhalos/mass"][()].astype(np.float64)
        names = [x.decode() if isinstance(x, bytes) else str(x)
                 for x in f["params/dm_model"].attrs["names"]]
    dm = p["dm_model"]
    cdm, wdm, sidm = (dm == names.index(k) for k in ("cdm", "wdm", "sidm"))
    case.check("no sample capped", float(np.sum(p["sub_capped"])), 0.0)

    # 1. shape
    m = np.sort(mass[cdm][np.isfinite(mass[cdm])])
    b = ALPHA + 1
    cdf = ((m / M_MIN) ** b - 1) / ((M_MAX / M_MIN) ** b - 1)
    n = m.size
    d = max(np.max(np.arange(1, n + 1) / n - cdf), np.max(cdf - np.arange(n) / n))
    print(f"  {n} CDM subhalos: KS D = {d:.4g}, sqrt(n) D = {math.sqrt(n) * d:.3f}")
    case.check("mass function shape (sqrt(n) KS D)", math.sqrt(n) * d, 1.95)

    # 2. normalisation
    kpc_per_arcsec = np.array([d_a_mpc(z) * 1e3 * math.pi / 648000 for z in p["z_l"]])
    r_kpc = p["sub_r_max"] * kpc_per_arcsec
    f_host = 10 ** (0.88 * np.log10(p["sub_host_m200"] / 1e13) + 1.7 * np.log10(p["z_l"] + 0.5))
    n_exp = p["sigma_sub"] * f_host * math.pi * r_kpc ** 2 * powerlaw_int(M_MIN, M_MAX)
    got, want = p["n_sub"][cdm].sum(), n_exp[cdm].sum()
    print(f"  CDM counts: {got} drawn, {want:.1f} expected")
    case.check("CDM count (standard deviations)", abs(got - want) / math.sqrt(want), 4.0)

    # 3. projected mass: <m> and <m^2> of the truncated power law
    mean_m = powerlaw_int(M_MIN, M_MAX, ALPHA + 1) * M_P / powerlaw_int(M_MIN, M_MAX)
    mean_m2 = powerlaw_int(M_MIN, M_MAX, ALPHA + 2) * M_P ** 2 / powerlaw_int(M_MIN, M_MAX)
    got_m, want_m = p["sub_m_total"][cdm].sum(), want * mean_m
    sd = math.sqrt(want * mean_m2)
    print(f"  CDM subhalo mass: {got_m:.5g} Msun, expected {want_m:.5g} +- {sd:.3g}")
    case.check("CDM subhalo mass (standard deviations)", abs(got_m - want_m) / sd, 4.0)

    # 4. WDM thinning per bin
    edges = np.logspace(7, 10, 9)
    mm = np.logspace(7, 10, 3001)
    ratio = lambda mhm: (1 + (4.2 * mhm / mm) ** 2.5) ** -0.2
    dens = (mm / M_P) ** ALPHA / M_P / powerlaw_int(M_MIN, M_MAX)
    exp_w = np.zeros(len(edges) - 1)
    exp_c = np.zeros(len(edges) - 1)
    for i in np.flatnonzero(wdm):
        w = n_exp[i] * dens * ratio(p["m_hm"][i])
        c = n_exp[i] * dens
        for j in range(len(edges) - 1):
            s = (mm >= edges[j]) & (mm <= edges[j + 1])
            exp_w[j] += np.trapz(w[s], mm[s])
            exp_c[j] += np.trapz(c[s], mm[s])
    obs_w = np.histogram(mass[wdm][np.isfinite(mass[wdm])], edges)[0]
    chi2 = np.sum((obs_w - exp_w) ** 2 / exp_w)
    print(f"  WDM counts per bin {obs_w.tolist()}, expected {np.round(exp_w, 1).tolist()}, "
          f"chi^2 = {chi2:.2f} for 8 bins")
    case.check("WDM/CDM ratio (chi^2 per bin)", chi2 / 8, 1 + 4 * math.sqrt(2 / 8))
    case.check("WDM suppressed in the lightest bin (observed / CDM expectation)",
               obs_w[0] / exp_c[0], 0.8)

    # 6. the classes in the maps
    for name, pre, tol in (("kappa", 0.0, 0.70), ("kappa_noisy", 0.7, 0.55)):
        n_peaks = peak_counts(maps[name], pre)
        c, w = n_peaks[cdm], n_peaks[wdm]
        cut = 0.5 * (c.mean() + w.mean())
        acc = 0.5 * ((c > cut).mean() + (w <= cut).mean())
        print(f"  {name}: small-scale peaks per map cdm {c.mean():.1f}, wdm {w.mean():.1f}, "
              f"sidm {n_peaks[sidm].mean():.1f}; CDM vs WDM balanced accuracy {acc:.3f}")
        case.check(f"CDM vs WDM from {name} (1 - balanced accuracy)", 1 - acc, 1 - tol)

    # 5. plot
    plt = lgval.plt()
    fig, ax = plt.subplots(figsize=(6, 4.2))
    centres = np.sqrt(edges[1:] * edges[:-1])
    dlog = np.log10(edges[1:] / edges[:-1])
    for sel, name, col in ((cdm, "cdm", "k"), (wdm, "wdm", "C1"), (sidm, "sidm", "C2")):
        h = np.histogram(mass[sel][np.isfinite(mass[sel])], edges)[0]
        ax.errorbar(centres, h / dlog / sel.sum(), yerr=np.sqrt(h) / dlog / sel.sum(), fmt="o",
                    color=col, label=f"lensgen {name} ({sel.sum()} samples)")
    ax.step(centres, exp_c / dlog / wdm.sum(), where="mid", color="k", alpha=0.5,
            label="analytic CDM (WDM samples' hosts)")
    ax.step(centres, exp_w / dlog / wdm.sum(), where="mid", color="C1", alpha=0.7,
            label="analytic WDM (Lovell 2020)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("subhalo M200 [Msun]")
    ax.set_ylabel("dN / dlog10 m per sample")
    ax.set_title(f"substructure.deck subhalo mass functions (git {lgval.git_revision()})",
                 fontsize=9)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(case.png("subhalo_lensgen_mass_functions"), dpi=120)
    case.finish()


if __name__ == "__main__":
    main()
