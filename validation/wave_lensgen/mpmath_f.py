"""mpmath_f.py: the reference F(w, y) of validation/wave_lensgen, in multiple precision, run by
run.py with the venv's python (validation/requirements.txt pins mpmath):

    python -I mpmath_f.py IN.json OUT.json

IN.json: {"point_mass": [[w, y], ...], "sis": [[w, y], ...]}; OUT.json the same keys with
[[re F, im F], ...]. The point mass by its closed form with mpmath.hyp1f1 (Takahashi & Nakamura
2003), the SIS by its series summed in high precision, both from
validation/wave_optics/reference_values.py, each value at two precisions that must agree to
1e-20 (reference_values.checked)."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "wave_optics"))
import mpmath as mp  # noqa: E402
import reference_values as rv  # noqa: E402


def main():
    jobs = json.load(open(sys.argv[1]))
    out = {"mpmath": mp.__version__}
    for name, fn in (("point_mass", rv.point_mass_f), ("sis", rv.sis_f)):
        vals = []
        for w, y in jobs.get(name, []):
            dps = rv.sis_dps(w, y) if name == "sis" else (40, 60)
            f = rv.checked(fn, w, y, dps=dps)
            vals.append([float(f.real), float(f.imag)])
        out[name] = vals
    json.dump(out, open(sys.argv[2], "w"))


if __name__ == "__main__":
    main()
