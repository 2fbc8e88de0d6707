#!/usr/bin/env python3
"""Subhalo mass functions, CDM and WDM, drawn by src/subhalo_population.c against the analytic
curves (docs/physics.md §16).

The masses come from the unit test, which pools 200 samples of a 1e13 Msun host at z_l = 0.5
(theta_E = 1 arcsec, sigma_sub = 0.01 / kpc^2, alpha = -1.9, m_hm = 1e8 Msun for WDM):

    LG_SUBHALO_DUMP=masses.txt build-ci/tests/test_subhalo_population
    /usr/bin/python3 validation/subhalo_mass_function/plot.py masses.txt [out.png]

Analytic: per sample dN/dlog10 m = N_exp pdf(m) m ln 10 with the truncated power-law pdf, and
the WDM curve times (1 + (4.2 m_hm / m)^2.5)^-0.2 (Lovell 2020, subhalo fit).
"""
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def read_dump(path):
    meta, cdm, wdm = {}, [], []
    with open(path) as f:
        for line in f:
            w = line.split()
            if w[0] == "#":
                meta = {w[i]: float(w[i + 1]) for i in range(1, len(w) - 1, 2)}
            elif w[0] == "cdm":
                cdm.append(float(w[1]))
            elif w[0] == "wdm":
                wdm.append(float(w[1]))
    return meta, np.array(cdm), np.array(wdm)


def wdm_ratio(m, m_hm):
    return (1.0 + (4.2 * m_hm / m) ** 2.5) ** -0.2


def main():
    path = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "mass_function.png")
    meta, cdm, wdm = read_dump(path)
    n_s, alpha = meta["n_samples"], meta["alpha"]
    m_min, m_max, m_hm, n_exp = meta["m_min"], meta["m_max"], meta["m_hm"], meta["n_expected"]

    edges = np.logspace(np.log10(m_min), np.log10(m_max), 21)
    dlog = np.diff(np.log10(edges))
    mid = np.sqrt(edges[1:] * edges[:-1])
    b = alpha + 1.0
    m = np.logspace(np.log10(m_min), np.log10(m_max), 400)
    pdf = b * m ** alpha / (m_max ** b - m_min ** b)
    curve = n_exp * pdf * m * np.log(10.0)

    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(6.0, 6.5), sharex=True,
                                  gridspec_kw={"height_ratios": [2.2, 1]})
    for name, data, col, factor in (("CDM", cdm, "C0", 1.0), ("WDM", wdm, "C3", wdm_ratio(m, m_hm))):
        n, _ = np.histogram(data, edges)
        ok = n > 0
        ax.errorbar(mid[ok], n[ok] / n_s / dlog[ok], yerr=np.sqrt(n[ok]) / n_s / dlog[ok],
                    fmt="o", ms=3.5, color=col, label=f"{name}: {len(data)} drawn")
        ax.plot(m, curve * factor, "-", color=col, lw=1.0, label=f"{name} analytic")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylabel(r"$dN/d\log_{10} m$ per sample")
    ax.set_title(rf"Subhalo mass function, $m_{{hm}}$ = {m_hm:.0e} $M_\odot$ for WDM", fontsize=10)
    ax.legend(fontsize=8)

    nc, _ = np.histogram(cdm, edges)
    nw, _ = np.histogram(wdm, edges)
    ok = nc > 0
    r = nw[ok] / nc[ok]
    # the survivors of a bin are binomial given its CDM count
    ax2.errorbar(mid[ok], r, yerr=np.sqrt(np.clip(r * (1 - r), 1e-12, None) / nc[ok]), fmt="o",
                 ms=3.5, color="k", label="WDM / CDM drawn")
    ax2.plot(m, wdm_ratio(m, m_hm), "-", color="C3", lw=1.0,
             label=r"$(1 + (4.2\, m_{hm}/m)^{2.5})^{-0.2}$")
    ax2.axvline(m_hm, color="0.6", ls=":", lw=0.8)
    ax2.set_xlabel(r"$m_{200}$ [$M_\odot$]")
    ax2.set_ylabel("ratio")
    ax2.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
