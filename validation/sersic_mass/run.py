#!/usr/bin/env python3
"""Validation case `sersic_mass`: the mass on a Sersic map equals sersic.m_star.

sersic.deck (n = 4, q = 0.7, m_star = 1e11 Msun, normalisation = stellar_mass, centred on the
map centre) is mapped on four nested grids, each 16 or 32 of its parent's pixels across the
child's box, so the cusp is resolved (pixel 1.2e-4 r_e at the centre) and the map reaches
128 r_e (mass beyond: ~3e-5):

  level  half_width   npix   pixel
  0      128 r_e      1024   0.25 r_e
  1        8 r_e       512   0.031 r_e
  2      0.5 r_e       512   0.0020 r_e
  3    0.031 r_e       512   0.00012 r_e

Mass = sum over levels of kappa x pixel area x Sigma_crit (/params/sigma_crit), each level
without the pixels inside the next level's box. Checks (n = 4 with q = 0.7, and n = 1 with the
same ellipticity):
  map_mass      |M_map / m_star - 1|                     tolerance 1e-3
  analytic_mass |2 pi n r_e^2 kappa_e e^b b^-2n Gamma(2n) Sigma_crit / m_star - 1| with
                /params/sersic_kappa_e and b_n = lgval.gammainc_p_inv(2n, 1/2) (the
                normalisation's closed form; no factor q: the product-average ellipse
                R_ell < R has area pi R^2)
                                                          tolerance 1e-9
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
import lgval  # noqa: E402

HERE = lgval.case_dir(__file__)
TOL_MAP = 1e-3
TOL_ANALYTIC = 1e-9
LEVELS = ((128.0, 1024), (8.0, 512), (0.5, 512), (0.03125, 512))  # (half_width / r_e, npix)


def main():
    args = lgval.parse_args("sersic_mass")
    case = lgval.Case("sersic_mass", args)
    deck = os.path.join(HERE, "sersic.deck")
    plt = lgval.plt()
    fig, axs = plt.subplots(1, 3, figsize=(15, 4.3))
    for j, n_s in enumerate((4.0, 1.0)):
        sets = (f"sersic.n={n_s}",)
        par = case.params(deck, sets)
        re, sc = float(par["sersic_r_e"]), float(par["sigma_crit"])
        m_star, ke = float(par["sersic_m_star"]), float(par["sersic_kappa_e"])
        contrib, imgs = [], []
        for lv, (hw_re, npix) in enumerate(LEVELS):
            hw = hw_re * re
            m, _, attrs = case.run_maps(deck, sets + (f"map.half_width={hw!r}",
                                                      f"map.npix={npix}"),
                                        maps=("kappa",), tag=f"n{n_s:g}_level{lv}")
            k = m["kappa"][0]
            X, Y = lgval.map_grid(m, attrs)
            d = 2.0 * hw / npix
            keep = np.ones_like(k, dtype=bool)
            if lv + 1 < len(LEVELS):
                hin = LEVELS[lv + 1][0] * re
                keep = ~((np.abs(X) < hin) & (np.abs(Y) < hin))
                # the child box must sit on this level's pixel edges
                assert abs(hin / d - round(hin / d)) < 1e-9, "nested boxes misaligned"
            contrib.append(float(np.sum(k[keep], dtype=np.float64)) * d * d * sc)
            if lv < 2:
                imgs.append((k, hw))
        m_map = sum(contrib)
        case.check(f"n{n_s:g}/map_mass", abs(m_map / m_star - 1.0), TOL_MAP)
        b = lgval.gammainc_p_inv(2.0 * n_s, 0.5)
        m_an = (2.0 * math.pi * n_s * re * re * ke *
                math.exp(b - 2.0 * n_s * math.log(b) + math.lgamma(2.0 * n_s)) * sc)
        case.check(f"n{n_s:g}/analytic_mass", abs(m_an / m_star - 1.0), TOL_ANALYTIC)
        print(f"  n = {n_s:g}: map mass {m_map:.8g} Msun (levels "
              f"{', '.join(f'{c / m_star:.4g}' for c in contrib)} of m_star), "
              f"m_star {m_star:.8g}")
        ax = axs[j]
        ax.bar(range(len(contrib)), np.array(contrib) / m_star, color="C0",
               label="lensgen map, per level")
        ax.axhline(1.0, color="k", ls="--", label="sersic.m_star")
        ax.bar([len(contrib)], [m_map / m_star], color="C1",
               label=f"sum: {m_map / m_star:.6f} m_star")
        ax.set_xticks(range(len(contrib) + 1))
        ax.set_xticklabels([f"L{i}" for i in range(len(contrib))] + ["total"])
        ax.set_ylabel("mass / m_star")
        ax.set_title(f"n = {n_s:g}, q = 0.7: |M/m_star - 1| = {abs(m_map / m_star - 1):.2g} "
                     f"(tol {TOL_MAP:g})", fontsize=9)
        ax.legend(fontsize=8)
        if j == 0:
            k1, hw1 = imgs[1]
            im = axs[2].imshow(np.log10(k1), origin="lower", extent=(-hw1, hw1, -hw1, hw1))
            fig.colorbar(im, ax=axs[2], fraction=0.046)
            h2 = LEVELS[2][0] * re
            axs[2].plot([-h2, h2, h2, -h2, -h2], [-h2, -h2, h2, h2, -h2], "w-", lw=0.8)
            axs[2].set_title("log10 kappa, level 1 (n = 4), level-2 box", fontsize=9)
            axs[2].set_xlabel("x (arcsec)")
    case.save_figure(fig, "sersic_mass", "validation sersic_mass")
    case.finish()


if __name__ == "__main__":
    main()
