"""The maps lensgen writes agree with an independent float64 NumPy implementation of the NFW
and elliptical-NFW closed forms (scripts/numpy_baseline.py --check), for parameters drawn by
lensgen itself: kappa to 1e-5 relative (the float32 bound in the README), and Sigma_crit,
kappa_s, theta_s (64-point Gauss-Legendre vs a trapezoid table) to 1e-8."""
import os
import subprocess
import sys

from lgtest import QUICK, SRC, expect, finish, run, workdir

wd = workdir()
out = os.path.join(wd, "nfw.h5")
run(2, QUICK, out, "n_samples=600", "lens.profile=choice(nfw, nfw_ell)",
    "lens.e1=uniform(-0.6, 0.6)", "lens.e2=uniform(-0.6, 0.6)", "map.npix=48")
p = subprocess.run([sys.executable, os.path.join(SRC, "scripts", "numpy_baseline.py"), "--check",
                    out, "--tol", "1e-5"], capture_output=True, text=True, timeout=200)
print(p.stdout, p.stderr)
expect(p.returncode == 0, "kappa within 1e-5 of the NumPy float64 closed form")
for line in (p.stdout + p.stderr).splitlines():
    if "/params/" in line and "max rel diff" in line:
        err = float(line.rsplit(" ", 1)[1])
        expect(err < 1e-8, line.strip())
finish()
