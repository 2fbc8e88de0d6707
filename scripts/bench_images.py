#!/usr/bin/env python3
"""bench_images.py: lensed images per second per core, lensgen against lenstronomy's ImageModel
on the same configuration, measured in the same run (docs/benchmarks.md).

Configuration: input/lensed_images.deck with an SIE lens only, no quasar, 64 x 64 pixels of
0.128"; Sersic source without clumps (as lenstronomy's); with and without supersampling (3 x 3)
and a Gaussian PSF of FWHM 0.15".
lensgen runs at --ranks ranks with --no-write (compute only, images included); lenstronomy
(ImageModel: SIE + SERSIC_ELLIPSE, GAUSSIAN PSF, the same supersampling factor) in the Python of
--venv, one core, on the same number of parameter sets drawn alike. Prints a Markdown table of
medians over --repeats interleaved rounds."""
import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

LENSTRONOMY = r'''
import sys, time
import numpy as np
from lenstronomy.Data.imaging_data import ImageData
from lenstronomy.Data.psf import PSF
from lenstronomy.LensModel.lens_model import LensModel
from lenstronomy.LightModel.light_model import LightModel
from lenstronomy.ImSim.image_model import ImageModel
n, ss, psf_on = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
pix, npix = 0.128, 64
data = ImageData(image_data=np.zeros((npix, npix)), ra_at_xy_0=-(npix - 1) / 2 * pix,
                 dec_at_xy_0=-(npix - 1) / 2 * pix, transform_pix2angle=np.eye(2) * pix)
psf = PSF(psf_type="GAUSSIAN", fwhm=0.15, truncation=5) if psf_on else PSF(psf_type="NONE")
model = ImageModel(data, psf, lens_model_class=LensModel(["SIE"]),
                   source_model_class=LightModel(["SERSIC_ELLIPSE"]),
                   kwargs_numerics={"supersampling_factor": ss,
                                    "supersampling_convolution": False})
rng = np.random.default_rng(1)
t0 = time.time()
for i in range(n):
    kl = [{"theta_E": rng.uniform(0.5, 2.0), "e1": rng.uniform(-0.2, 0.2),
           "e2": rng.uniform(-0.2, 0.2), "center_x": 0.0, "center_y": 0.0}]
    ks = [{"amp": 1.0, "R_sersic": rng.uniform(0.05, 0.35), "n_sersic": rng.uniform(0.7, 3.0),
           "e1": rng.uniform(-0.3, 0.3), "e2": rng.uniform(-0.3, 0.3),
           "center_x": rng.uniform(-0.4, 0.4), "center_y": rng.uniform(-0.4, 0.4)}]
    model.image(kwargs_lens=kl, kwargs_source=ks)
print(time.time() - t0)
'''


def lensgen(build, ranks, n, ss, psf, as_shipped=False):
    flags = ["--oversubscribe"] + (["--allow-run-as-root"] if os.geteuid() == 0 else [])
    sets = ["lens.profile=sie", "source.point_source=false", "source.n_clumps=0",
            "output.maps=image",
            f"imaging.supersample={ss}", f"imaging.psf={'gaussian' if psf else 'none'}",
            "imaging.psf_fwhm=0.15"]
    if as_shipped:  # the deck itself: SIE or composite, clumps, quasar, HST preset, detector
        sets = []
    sets += [f"n_samples={n}", "backend=cpu",
             "output.file=" + os.path.join(ROOT, "out", "bench_images.h5")]
    cmd = ["mpirun", "-np", str(ranks)] + flags + ["-x", "OMP_NUM_THREADS=1",
                                                   os.path.join(build, "lensgen"),
                                                   os.path.join(ROOT, "input",
                                                                "lensed_images.deck"),
                                                   "--quiet", "--force", "--no-write"]
    for s in sets:
        cmd += ["--set", s]
    t0 = time.time()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.time() - t0


def lenstronomy(python, n, ss, psf):
    out = subprocess.run([python, "-c", LENSTRONOMY, str(n), str(ss), str(int(psf))],
                         check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--venv", default=os.path.join(ROOT, ".venv", "validation"))
    ap.add_argument("--ranks", type=int, default=2)
    ap.add_argument("--n", type=int, default=2000, help="lensgen images per run")
    ap.add_argument("--n-ref", type=int, default=300, help="lenstronomy images per run")
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    python = os.path.join(a.venv, "bin", "python")
    if not os.path.exists(python):
        sys.exit(f"no venv at {a.venv}: bash scripts/setup-validation-venv.sh")
    os.makedirs(os.path.join(ROOT, "out"), exist_ok=True)
    cases = [(1, False), (3, False), (1, True), (3, True)]
    res = {c: ([], []) for c in cases}
    for _ in range(a.repeats):
        for c in cases:
            res[c][0].append(lensgen(a.build, a.ranks, a.n, *c))
            res[c][1].append(lenstronomy(python, a.n_ref, *c))
    print(f"SIE + Sersic, 64x64, lensgen {a.ranks} ranks x 1 thread (--no-write, {a.n} images), "
          f"lenstronomy 1 core ({a.n_ref} images); medians of {a.repeats}\n")
    print("| supersample | PSF | lensgen images/s | per core | lenstronomy images/s (1 core) "
          "| per core ratio |")
    print("|---|---|---|---|---|---|")
    shipped = statistics.median(lensgen(a.build, a.ranks, a.n // 10, 3, True, True)
                                for _ in range(a.repeats))
    for ss, psf in cases:
        tl = statistics.median(res[(ss, psf)][0])
        tr = statistics.median(res[(ss, psf)][1])
        rate, ref = a.n / tl, a.n_ref / tr
        label = "gaussian 0.15 arcsec" if psf else "none"
        print(f"| {ss}x{ss} | {label} | {rate:,.0f} | "
              f"{rate / a.ranks:,.0f} | {ref:,.0f} | {rate / a.ranks / ref:.1f}x |")
    print(f"\ninput/lensed_images.deck as shipped (SIE 3 : composite 1, clumps, quasar, HST "
          f"preset PSF and detector, 3x3; {a.n // 10} images, median of {a.repeats}): "
          f"{a.n // 10 / shipped:,.0f} images/s at {a.ranks} ranks, "
          f"{a.n // 10 / shipped / a.ranks:,.0f} per core (lensgen only: lenstronomy has no "
          "such configuration here)")
    print("\nAll runs (s): " + "; ".join(
        f"ss{c[0]} psf{int(c[1])}: lensgen {', '.join(f'{t:.2f}' for t in res[c][0])}, "
        f"lenstronomy {', '.join(f'{t:.2f}' for t in res[c][1])}" for c in cases))


if __name__ == "__main__":
    main()
