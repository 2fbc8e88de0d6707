#!/usr/bin/env python3
"""Validation case `limit_composite_sum`: a composite galaxy is the sum of its parts.

composite.deck (Sersic bulge + exponential disk + elliptical NFW halo) is run as it is and as
its three parts alone, with the same deck and overrides:
  bulge: lens.profile = sersic (the [sersic] keys);
  disk:  lens.profile = sersic, sersic.n = 1 and sersic.r_e/m_star/e1/e2 = the [disk] keys;
  halo:  lens.profile = nfw_ell (lens.e1/e2, [nfw], [sidm]);
for dm_model = cdm and sidm. kappa, alpha_x, alpha_y, gamma1, gamma2 and psi are additive:
  - probe (double) at 45 points: |composite - sum| / sum of |parts|, tolerance 1e-12;
  - analytic float32 maps: same measure per pixel, tolerance 1e-6 (a few float32 roundings);
  - 1/mu of the composite against (1 - kappa)^2 - gamma^2 of the summed maps, relative to
    (1 - kappa)^2 + gamma^2, tolerance 1e-6.
The parts' /params (kappa_e, kappa_s, theta_s) also equal the composite's.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
import lgval  # noqa: E402

HERE = lgval.case_dir(__file__)
TOL_PROBE = 1e-12
TOL_MAPS = 1e-6
LINEAR = ("kappa", "alpha_x", "alpha_y", "gamma1", "gamma2", "psi")


def deck_values(path):
    """key = value pairs of a deck (section.key), comments stripped."""
    out, sec = {}, ""
    for line in open(path):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("["):
            sec = line.strip("[]") + "."
        elif "=" in line:
            k, v = (t.strip() for t in line.split("=", 1))
            out[sec + k] = v
    return out


def main():
    args = lgval.parse_args("limit_composite_sum")
    case = lgval.Case("limit_composite_sum", args)
    deck = os.path.join(HERE, "composite.deck")
    dv = deck_values(deck)
    parts = {
        "bulge": ("lens.profile=sersic",),
        "disk": ("lens.profile=sersic", "sersic.n=1", f"sersic.r_e={dv['disk.r_e']}",
                 f"sersic.m_star={dv['disk.m_star']}", f"sersic.e1={dv['disk.e1']}",
                 f"sersic.e2={dv['disk.e2']}"),
        "halo": ("lens.profile=nfw_ell",),
    }
    for dm in ("cdm", "sidm"):
        dms = (f"lens.dm_model={dm}",)
        pc = case.params(deck, dms)
        cx, cy = float(pc["center_x"]), float(pc["center_y"])
        x, y, _ = lgval.ring_points(cx, cy, 0.02, 20.0, n_radii=9, n_angles=5)
        comp = case.probe(deck, x, y, dms)
        probes = {n: case.probe(deck, x, y, dms + s) for n, s in parts.items()}
        worst = 0.0
        for k in LINEAR:
            tot = sum(p[k] for p in probes.values())
            den = sum(np.abs(p[k]) for p in probes.values())
            worst = max(worst, np.max(np.abs(comp[k] - tot) / den))
        case.check(f"{dm}/probe_sum", worst, TOL_PROBE)

        # parameters of the parts
        pp = {n: case.params(deck, dms + s) for n, s in parts.items()}
        perr = max(abs(pp["bulge"]["sersic_kappa_e"] / pc["sersic_kappa_e"] - 1.0),
                   abs(pp["disk"]["sersic_kappa_e"] / pc["disk_kappa_e"] - 1.0)
                   if "disk_kappa_e" in pc else 0.0,
                   abs(pp["halo"]["kappa_s"] / pc["kappa_s"] - 1.0),
                   abs(pp["halo"]["theta_s"] / pc["theta_s"] - 1.0))
        case.check(f"{dm}/params", perr, 1e-12)

        mc, _, _ = case.run_maps(deck, dms, tag=f"composite_{dm}")
        mp = {n: case.run_maps(deck, dms + s, tag=f"{n}_{dm}")[0] for n, s in parts.items()}
        panels = []
        for k in LINEAR:
            tot = sum(m[k][0] for m in mp.values())
            den = sum(np.abs(m[k][0]) for m in mp.values())
            e = np.abs(mc[k][0] - tot) / np.maximum(den, 1e-30)
            case.check(f"{dm}/map_{k}", np.max(e), TOL_MAPS)
            panels.append((f"{k}: |composite - sum| / sum|parts| (max {np.max(e):.2g})", e, {}))
        ks = sum(m["kappa"][0] for m in mp.values())
        g1 = sum(m["gamma1"][0] for m in mp.values())
        g2 = sum(m["gamma2"][0] for m in mp.values())
        det = (1.0 - ks) ** 2 - g1 ** 2 - g2 ** 2
        e = np.abs(1.0 / mc["mu"][0] - det) / ((1.0 - ks) ** 2 + g1 ** 2 + g2 ** 2)
        case.check(f"{dm}/map_inv_mu", np.max(e), TOL_MAPS)
        panels.insert(0, ("composite kappa (log10)", np.log10(mc["kappa"][0]), {}))
        for n in parts:
            panels.insert(1, (f"{n} kappa (log10)", np.log10(mp[n]["kappa"][0]), {}))
        panels.append((f"1/mu: composite vs parts (max {np.max(e):.2g})", e, {}))
        lgval.plot_maps(case.png(f"limit_composite_sum_{dm}"),
                        f"composite = bulge + disk + halo ({dm})", panels, ncols=4)
    case.finish()


if __name__ == "__main__":
    main()
