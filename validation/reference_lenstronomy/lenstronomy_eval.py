#!/usr/bin/env python3
"""Evaluates lenstronomy models for run.py; runs in the validation venv (lenstronomy pinned).

    lenstronomy_eval.py IN.json OUT.npz

IN.json: {"jobs": [{"name", "model", "kwargs", "x", "y", "potential": bool}, ...],
          "cosmo": {"H0", "Om0", "z_l", "z_s", "m200", "c", "sigma_v"} or null}
OUT.npz: NAME_kappa, NAME_alpha_x, NAME_alpha_y, NAME_gamma1, NAME_gamma2 (and NAME_psi) per
job; with cosmo: Rs_angle, alpha_Rs (nfw_physical2angle), sigma_crit_arcsec2
(sigma_crit_angle), theta_E_sis (sis_sigma_v2theta_E), version.
"""
import json
import sys

import numpy as np


class _TwoRedshiftADD:
    """An astropy cosmology whose angular_diameter_distance also takes (z1, z2): lenstronomy
    1.14.2's Background.d_xy calls it so (as its own CosmoInterp allows), which astropy's FLRW
    does not accept; (z1, z2) is astropy's angular_diameter_distance_z1z2."""

    def __init__(self, cosmo):
        self._cosmo = cosmo

    def __getattr__(self, name):
        return getattr(self._cosmo, name)

    def angular_diameter_distance(self, z1, z2=None):
        if z2 is None:
            return self._cosmo.angular_diameter_distance(z1)
        return self._cosmo.angular_diameter_distance_z1z2(z1, z2)


def main():
    import lenstronomy
    from lenstronomy.LensModel.lens_model import LensModel
    spec = json.load(open(sys.argv[1]))
    out = {"version": np.array(lenstronomy.__version__)}
    for job in spec["jobs"]:
        lm = LensModel([job["model"]])
        kw = [job["kwargs"]]
        x = np.asarray(job["x"], dtype=np.float64)
        y = np.asarray(job["y"], dtype=np.float64)
        n = job["name"]
        ax, ay = lm.alpha(x, y, kw)
        fxx, fxy, fyx, fyy = lm.hessian(x, y, kw)
        out[f"{n}_kappa"] = np.asarray(lm.kappa(x, y, kw), dtype=np.float64)
        out[f"{n}_alpha_x"] = np.asarray(ax, dtype=np.float64)
        out[f"{n}_alpha_y"] = np.asarray(ay, dtype=np.float64)
        out[f"{n}_gamma1"] = 0.5 * (np.asarray(fxx) - np.asarray(fyy))
        out[f"{n}_gamma2"] = 0.5 * (np.asarray(fxy) + np.asarray(fyx))
        if job.get("potential"):
            out[f"{n}_psi"] = np.asarray(lm.potential(x, y, kw), dtype=np.float64)
    c = spec.get("cosmo")
    if c:
        from astropy.cosmology import FlatLambdaCDM
        from lenstronomy.Cosmo.lens_cosmo import LensCosmo
        cosmo = _TwoRedshiftADD(FlatLambdaCDM(H0=c["H0"], Om0=c["Om0"], Tcmb0=0.0))
        lc = LensCosmo(z_lens=c["z_l"], z_source=c["z_s"], cosmo=cosmo)
        rs, ars = lc.nfw_physical2angle(M=c["m200"], c=c["c"])
        out["Rs_angle"] = np.array(rs)
        out["alpha_Rs"] = np.array(ars)
        out["sigma_crit_arcsec2"] = np.array(lc.sigma_crit_angle)
        out["theta_E_sis"] = np.array(lc.sis_sigma_v2theta_E(c["sigma_v"]))
        out["D_l"] = np.array(lc.dd)
        out["D_s"] = np.array(lc.ds)
        out["D_ls"] = np.array(lc.dds)
    np.savez(sys.argv[2], **out)


if __name__ == "__main__":
    main()
