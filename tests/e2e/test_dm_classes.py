"""input/dm_classes.deck: three balanced classes (label counts within 4 sigma of N/3), labels
consistent with the halo parameters: WDM halos have c = c_cdm (1 + 60 M_hm/M200)^-0.17 < c_cdm
and a half-mode mass from their particle mass; SIDM halos have a core f_core r_s, CDM none;
the composite's bulge and disk carry the deck's stellar masses (kappa_e > 0)."""
import os

import h5py
import numpy as np

from lgtest import SRC, class_names, expect, finish, run, workdir

wd = workdir()
out = os.path.join(wd, "dm.h5")
N = 600
run(2, os.path.join(SRC, "input", "dm_classes.deck"), out, f"n_samples={N}", "map.npix=32")
with h5py.File(out, "r") as f:
    p = {k: f["params/" + k][()] for k in f["params"]}
    names = class_names(f["params/dm_model"])
expect(names == ["none", "cdm", "wdm", "sidm"], "dm_model names")
counts = np.bincount(p["dm_model"], minlength=4)
sigma = np.sqrt(N * (1 / 3) * (2 / 3))
expect(counts[0] == 0 and all(abs(c - N / 3) < 4 * sigma for c in counts[1:]),
       f"balanced classes {counts[1:]} (N/3 = {N / 3:.0f} +- {sigma:.0f})")
wdm, sidm, cdm = p["dm_model"] == 2, p["dm_model"] == 3, p["dm_model"] == 1
supp = (1 + 60 * p["m_hm"][wdm] / p["m200"][wdm]) ** -0.17
expect(np.allclose(p["c"][wdm], p["c_cdm"][wdm] * supp, rtol=1e-12) and (supp < 1).all(),
       "WDM: c = c_cdm (1 + 60 M_hm/M200)^-0.17")
# M_hm scales as m_x^(-3 x 1.11) at fixed cosmology (Schneider et al. 2012)
ratio = p["m_hm"][wdm] * p["m_x"][wdm] ** 3.33
expect(np.allclose(ratio, ratio[0], rtol=1e-10), "M_hm proportional to m_x^-3.33")
expect(np.allclose(p["theta_core"][sidm], p["f_core"][sidm] * p["theta_s"][sidm], rtol=1e-12)
       and np.isnan(p["theta_core"][~sidm]).all(), "SIDM: theta_core = f_core theta_s, else NaN")
expect(np.allclose(p["c"][cdm], p["c_cdm"][cdm]) and np.isnan(p["m_hm"][~wdm]).all(),
       "CDM: no suppression, no half-mode mass")
expect((p["sersic_kappa_e"] > 0).all() and (p["disk_kappa_e"] > 0).all(),
       "bulge and disk normalised from their stellar masses")
finish()
