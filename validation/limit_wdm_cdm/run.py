#!/usr/bin/env python3
"""Validation case `limit_wdm_cdm`: warm dark matter with a very heavy particle is CDM.

1. Limit. halos.deck (6 samples: NFW, elliptical NFW and composite galaxies, drawn masses,
   redshifts, centres, ellipticities, Duffy et al. 2008 concentrations with scatter) is run as
   dm_model = cdm and as dm_model = wdm with m_x = 1e6 keV (half-mode mass ~1e-10 Msun): every
   map (kappa, alpha, gamma, psi, mu; 1/mu compared) and the halo parameters (c, kappa_s,
   theta_s) must agree to 1e-6 (in practice bit for bit: same seed, same random streams).
2. The formulas (not a limit, an independent transcription): with m_x = 1 keV the half-mode
   mass /params/m_hm equals Schneider et al. 2012 eqs. 7-8 (docs/physics.md §3.8) evaluated here with
   lensgen's constants, and /params/c equals Bose et al. 2016 c_CDM (1 + 60 M_hm/M200)^-0.17,
   also with the redshift factor (1 + z)^(0.026 z - 0.04) (wdm.z_factor = true).
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
import lgval  # noqa: E402

HERE = lgval.case_dir(__file__)
TOL_LIMIT = 1e-6
TOL_FORMULA = 1e-9

# lensgen's constants (README "Conventions")
G_SI = 6.67430e-11
MSUN_KG = 1.988409870698051e30
MPC_M = 3.0856775814913673e22


def m_half_mode(m_x_kev, H0=70.0, omega_m=0.3, omega_b=0.049, g_x=1.5):
    """Schneider et al. 2012 (MNRAS 424, 684) eqs. 7-8 after Viel et al. 2005; Msun."""
    h = H0 / 100.0
    omega_x = omega_m - omega_b
    lam_fs = (0.049 * m_x_kev ** -1.11 * (omega_x / 0.25) ** 0.11 * (h / 0.7) ** 1.22 *
              (1.5 / g_x) ** 0.29) / h  # Mpc
    mu = 1.12
    lam_hm = 2.0 * math.pi * lam_fs * (2.0 ** (mu / 5.0) - 1.0) ** (-1.0 / (2.0 * mu))
    H0_si = H0 * 1e3 / MPC_M
    rho_crit0 = 3.0 * H0_si ** 2 / (8.0 * math.pi * G_SI) * MPC_M ** 3 / MSUN_KG  # Msun/Mpc^3
    return 4.0 * math.pi / 3.0 * omega_m * rho_crit0 * (lam_hm / 2.0) ** 3


def main():
    args = lgval.parse_args("limit_wdm_cdm")
    case = lgval.Case("limit_wdm_cdm", args)
    deck = os.path.join(HERE, "halos.deck")
    n = 6
    mc, pc, _ = case.run_maps(deck, ("lens.dm_model=cdm",), n_samples=n, tag="cdm")
    mw, pw, _ = case.run_maps(deck, ("lens.dm_model=wdm", "wdm.m_x=1e6"), n_samples=n,
                              tag="wdm")
    panels = []
    for k in lgval.ALL_MAPS:
        a, b = mw[k], mc[k]
        if k == "mu":
            a, b = 1.0 / a, 1.0 / b
        emax = 0.0
        for i in range(n):
            e, ei = lgval.map_error(a[i], b[i])
            emax = max(emax, ei)
            if i == 0:
                panels.append((f"{k}: |wdm - cdm| rel., sample 0 (max {ei:.2g})", e, {}))
        case.check(f"map_{k if k != 'mu' else 'inv_mu'}", emax, TOL_LIMIT)
    for k in ("c", "kappa_s", "theta_s"):
        e = np.max(np.abs(pw[k] - pc[k]) / np.abs(pc[k]))
        case.check(f"param_{k}", e, TOL_LIMIT)
    n_equal = sum(int(np.array_equal(mw[k], mc[k])) for k in lgval.ALL_MAPS)
    print(f"  {n_equal}/{len(lgval.ALL_MAPS)} map datasets bitwise identical; "
          f"max m_hm drawn = {np.nanmax(pw['m_hm']):.3g} Msun")
    panels.insert(0, ("kappa cdm, sample 0 (log10)", np.log10(mc["kappa"][0]), {}))
    panels.insert(1, ("kappa wdm (m_x = 1e6 keV), sample 0 (log10)",
                      np.log10(mw["kappa"][0]), {}))
    lgval.plot_maps(case.png("limit_wdm_cdm_maps"),
                    "WDM (m_x = 1e6 keV) vs CDM, same seed", panels, ncols=3)

    # 2. the formulas at m_x = 1 keV
    worst_m, worst_c = 0.0, 0.0
    rows = []
    for zf in ("false", "true"):
        _, p, _ = case.run_maps(deck, ("lens.dm_model=wdm", "wdm.m_x=1.0",
                                       f"wdm.z_factor={zf}", "map.npix=4"),
                                maps=("kappa",), n_samples=n, tag=f"wdm1kev_{zf}")
        for i in range(n):
            mhm = m_half_mode(1.0)
            worst_m = max(worst_m, abs(p["m_hm"][i] / mhm - 1.0))
            c_ref = p["c_cdm"][i] * (1.0 + 60.0 * mhm / p["m200"][i]) ** -0.17
            if zf == "true":
                z = p["z_l"][i]
                c_ref *= (1.0 + z) ** (0.026 * z - 0.04)
            worst_c = max(worst_c, abs(p["c"][i] / c_ref - 1.0))
            rows.append((p["m200"][i], p["c_cdm"][i], p["c"][i], c_ref, zf))
    print(f"  M_hm(1 keV): lensgen {p['m_hm'][0]:.10g} Msun, Schneider+2012 here "
          f"{m_half_mode(1.0):.10g} Msun")
    case.check("m_hm_schneider2012", worst_m, TOL_FORMULA)
    case.check("c_bose2016", worst_c, TOL_FORMULA)

    plt = lgval.plt()
    fig, ax = plt.subplots(figsize=(6, 4.3))
    rows = np.array([(r[0], r[2] / r[1], r[3] / r[1]) for r in rows if r[4] == "false"])
    mm = np.geomspace(1e8, 1e15, 200)
    ax.semilogx(mm, (1.0 + 60.0 * m_half_mode(1.0) / mm) ** -0.17, "k-",
                label="Bose+2016, M_hm from Schneider+2012 (this script)")
    ax.semilogx(rows[:, 0], rows[:, 1], "o", mfc="none", label="lensgen c/c_CDM (m_x = 1 keV)")
    ax.set_xlabel("M200 (Msun)")
    ax.set_ylabel("c_WDM / c_CDM")
    ax.legend(fontsize=8)
    ax.set_title(f"WDM concentration suppression (git {lgval.git_revision()})", fontsize=9)
    fig.tight_layout()
    fig.savefig(case.png("limit_wdm_cdm_concentration"), dpi=90)
    plt.close(fig)
    case.finish()


if __name__ == "__main__":
    main()
