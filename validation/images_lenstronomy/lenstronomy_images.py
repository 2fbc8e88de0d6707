#!/usr/bin/env python3
"""Renders lensed and unlensed images with lenstronomy for run.py; runs in the validation venv
(lenstronomy pinned, validation/requirements.txt).

    lenstronomy_images.py IN.json OUT.npz

IN.json: {"npix", "half_width", "supersample",
          "samples": [{"lens": SIE kwargs (theta_E, e1, e2, center_x, center_y),
                       "source": {"amp", "r_e", "n", "b_n" (lensgen's exact root), "e1", "e2",
                                  "center_x", "center_y"}}, ...],
          "psfs": {NAME: null (no PSF) or a 2-D kernel (odd, unit sum), ...},
          "points": optional [{"lens": SIE kwargs, "beta": [x, y]}, ...] (solve_points)}
OUT.npz: image_NAME_I (the lensed image of sample I with PSF NAME) and source_I (the source
without lens, no PSF), in e-/s per pixel, [iy][ix] with y up; image_none_unmapped_I (PSF none,
lensgen's amp and r_e given as they are, with lenstronomy's b_n); bn_lenstronomy_I, R_sersic_I,
amp_I (the SERSIC_ELLIPSE parameters used); pt_* (solve_points); version.

lensgen's Sersic uses the exact b_n (root of P(2n, b) = 1/2), lenstronomy's SERSIC_ELLIPSE
b' = 1.9992 n - 0.3271 (SersicUtil.b_n). The profile amp exp(-b [(R/r_e)^(1/n) - 1]) is the same
function of R as amp' exp(-b' [(R/R')^(1/n) - 1]) exactly when
    R' = r_e (b'/b)^n   and   amp' = amp exp(b - b')
(match the coefficient of R^(1/n) and the value at R = 0), so lensgen's source is given to
lenstronomy in these parameters and the two codes render the very same surface brightness.
"""
import json
import sys

import numpy as np


def main():
    import lenstronomy
    from lenstronomy.Data.pixel_grid import PixelGrid
    from lenstronomy.Data.psf import PSF
    from lenstronomy.ImSim.image_model import ImageModel
    from lenstronomy.LensModel.lens_model import LensModel
    from lenstronomy.LensModel.Profiles.sersic_utils import SersicUtil
    from lenstronomy.LightModel.light_model import LightModel

    spec = json.load(open(sys.argv[1]))
    n, hw, ss = int(spec["npix"]), float(spec["half_width"]), int(spec["supersample"])
    d = 2.0 * hw / n
    x0 = -hw + 0.5 * d  # centre of pixel 0, as lensgen's x_i = -hw + (i + 0.5) d
    grid = PixelGrid(nx=n, ny=n, transform_pix2angle=np.array([[d, 0.0], [0.0, d]]),
                     ra_at_xy_0=x0, dec_at_xy_0=x0)
    # supersampling_factor k: k x k sub-pixel cell centres (util.make_subgrid), averaged
    # (image_util.re_size), times the pixel area (Numerics.re_size_convolve); the PSF is applied
    # to the pixel-scale image (supersampling_convolution False), as in lensgen.
    numerics = dict(supersampling_factor=ss, supersampling_convolution=False,
                    compute_mode="regular")
    lens = LensModel(["SIE"])
    light = LightModel(["SERSIC_ELLIPSE"])
    out = {"version": np.array(lenstronomy.__version__)}
    models = {}
    for name, kern in spec["psfs"].items():
        if kern is None:
            psf = PSF(psf_type="NONE")
        else:
            psf = PSF(psf_type="PIXEL", kernel_point_source=np.asarray(kern, dtype=np.float64))
        models[name] = ImageModel(grid, psf, lens_model_class=lens, source_model_class=light,
                                  kwargs_numerics=numerics)
    for i, s in enumerate(spec["samples"]):
        src = s["source"]
        bn_l = float(SersicUtil.b_n(src["n"]))
        r_l = src["r_e"] * (bn_l / src["b_n"]) ** src["n"]
        amp_l = src["amp"] * np.exp(src["b_n"] - bn_l)
        kw_src = [dict(amp=amp_l, R_sersic=r_l, n_sersic=src["n"], e1=src["e1"], e2=src["e2"],
                       center_x=src["center_x"], center_y=src["center_y"])]
        kw_lens = [dict(s["lens"])]
        for name, im in models.items():
            out[f"image_{name}_{i}"] = np.asarray(im.image(kwargs_lens=kw_lens,
                                                           kwargs_source=kw_src),
                                                  dtype=np.float64)
        first = next(iter(models.values()))
        out[f"source_{i}"] = np.asarray(first.source_surface_brightness(
            kw_src, kwargs_lens=None, unconvolved=True, de_lensed=True), dtype=np.float64)
        # the same source with lensgen's (amp, r_e) unmapped (lenstronomy's b_n): what the
        # mapping corrects, reported by run.py
        kw_raw = [dict(kw_src[0], amp=src["amp"], R_sersic=src["r_e"])]
        out[f"image_none_unmapped_{i}"] = np.asarray(
            models["none"].image(kwargs_lens=kw_lens, kwargs_source=kw_raw), dtype=np.float64)
        out[f"bn_lenstronomy_{i}"] = np.array(bn_l)
        out[f"R_sersic_{i}"] = np.array(r_l)
        out[f"amp_{i}"] = np.array(amp_l)
    if spec.get("points"):
        solve_points(spec, out)
    np.savez(sys.argv[2], **out)


def solve_points(spec, out):
    """Point-source images of each {"lens": SIE kwargs, "beta": [x, y]} in spec["points"] by
    lenstronomy's analytical solver for SIE/EPL (epl_shear_solver.solve_lenseq_pemd, a
    semi-analytical 1-D root search in the polar angle), kept within the map square |x|, |y| <=
    half_width (lensgen's search region); mu from the Jacobian of lenstronomy's analytic
    deflection by 4th-order central differences (its own NIE/SIE hessian is a first-order
    forward difference, ~1e-4), and the Fermat potential 0.5 |theta - beta|^2 - psi.
    OUT: pt_x_I, pt_y_I, pt_mu_I, pt_fermat_I, pt_resid_I (the largest |beta(theta) - beta|
    of the images), pt_lg_resid_I (the same for lensgen's images, p["lensgen"])."""
    from lenstronomy.LensModel.lens_model import LensModel
    from lenstronomy.LensModel.Solver.lens_equation_solver import LensEquationSolver
    lm = LensModel(["SIE"])
    solver = LensEquationSolver(lm)
    hw = float(spec["half_width"])
    for i, p in enumerate(spec["points"]):
        kw = [dict(p["lens"])]
        bx, by = p["beta"]
        x, y = solver.image_position_from_source(bx, by, kw, solver="analytical")
        x, y = np.atleast_1d(np.asarray(x, dtype=np.float64)), np.atleast_1d(
            np.asarray(y, dtype=np.float64))
        keep = (np.abs(x) <= hw) & (np.abs(y) <= hw)
        x, y = x[keep], y[keep]
        r = np.hypot(x - kw[0]["center_x"], y - kw[0]["center_y"])
        h = np.minimum(1e-3, 0.01 * r)

        def d(fx, fy):  # d alpha / d(direction fx, fy): 4th-order central differences
            a = [lm.alpha(x + k * h * fx, y + k * h * fy, kw) for k in (-2, -1, 1, 2)]
            return [(a[0][c] - 8 * a[1][c] + 8 * a[2][c] - a[3][c]) / (12 * h) for c in (0, 1)]
        axx, ayx = d(1.0, 0.0)
        axy, ayy = d(0.0, 1.0)
        det = (1 - axx) * (1 - ayy) - axy * ayx
        sx, sy = lm.ray_shooting(x, y, kw)
        out[f"pt_x_{i}"] = x
        out[f"pt_y_{i}"] = y
        out[f"pt_mu_{i}"] = 1.0 / det
        out[f"pt_fermat_{i}"] = np.asarray(lm.fermat_potential(x, y, kw, x_source=bx,
                                                               y_source=by), dtype=np.float64)
        out[f"pt_resid_{i}"] = np.array(float(np.max(np.hypot(sx - bx, sy - by)))
                                        if x.size else 0.0)
        # lensgen's images through lenstronomy's ray shooting: do they solve its lens equation?
        lx, ly = (np.asarray(v, dtype=np.float64) for v in p.get("lensgen", [[], []]))
        gx, gy = lm.ray_shooting(lx, ly, kw) if lx.size else (lx, ly)
        out[f"pt_lg_resid_{i}"] = np.array(float(np.max(np.hypot(gx - bx, gy - by)))
                                           if lx.size else 0.0)


if __name__ == "__main__":
    main()
