"""The maps lensgen writes agree with an independent float64 NumPy implementation of the NFW
and elliptical-NFW closed forms (scripts/numpy_baseline.py --check), for parameters drawn by
lensgen itself (also after augmentation, whose parameters must describe the rotated maps):
kappa at pixel centres (map.supersample = 1) to 1e-5 relative (the float32 bound in the
README), and Sigma_crit,
kappa_s, theta_s (64-point Gauss-Legendre vs a trapezoid table) to 1e-8."""
import os
import subprocess
import sys

from lgtest import QUICK, SRC, expect, finish, run, workdir

wd = workdir()
out = os.path.join(wd, "nfw.h5")
run(2, QUICK, out, "n_samples=600", "lens.profile=choice(nfw, nfw_ell)",
    "lens.e1=uniform(-0.6, 0.6)", "lens.e2=uniform(-0.6, 0.6)", "map.npix=48",
    "map.supersample=1")
p = subprocess.run([sys.executable, os.path.join(SRC, "scripts", "numpy_baseline.py"), "--check",
                    out, "--tol", "1e-5"], capture_output=True, text=True, timeout=200)
print(p.stdout, p.stderr)
expect(p.returncode == 0, "kappa within 1e-5 of the NumPy float64 closed form", p)
for line in (p.stdout + p.stderr).splitlines():
    if "/params/" in line and "max rel diff" in line:
        err = float(line.rsplit(" ", 1)[1])
        expect(err < 1e-8, line.strip())

# with rotations and flips the stored parameters must still describe the stored maps
aug = os.path.join(wd, "aug.h5")
run(2, QUICK, aug, "n_samples=300", "lens.profile=choice(nfw, nfw_ell)",
    "lens.e1=uniform(-0.6, 0.6)", "lens.e2=uniform(-0.6, 0.6)", "map.npix=48",
    "augment.rot90=true", "augment.flip=true", "map.supersample=1")
p = subprocess.run([sys.executable, os.path.join(SRC, "scripts", "numpy_baseline.py"), "--check",
                    aug, "--tol", "1e-5"], capture_output=True, text=True, timeout=200)
print(p.stdout[-600:], p.stderr[-600:])
expect(p.returncode == 0, "augmented maps match the NumPy closed form for the augmented params", p)
finish()
