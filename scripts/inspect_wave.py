"""inspect_wave.py: the /wave part of scripts/inspect.py (a lensgen file with output.wave; README
"Wave optics"). Not run on its own: inspect.py loads it by path and calls show(f, i, png):

  summary(f)              the grid, the range of |F|, the geometric-optics count, NaNs;
  sample(f, i)            one sample's F: frequency, w, |F|, arg F and the method per row;
  save_png(f, i, path)    |F| and arg F of sample i against frequency (geometric optics shaded).
"""
import numpy as np

# G M_sun / c^3 in seconds, from the constants of src/constants.h (docs/physics.md section 1.2)
GM_C3 = 6.67430e-11 * 1.988409870698051e30 / 299792458.0 ** 3


def _text(v):
    return v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)


def _profile(f, i):
    if "params/profile" not in f:
        return "?"
    names = [_text(x) for x in f["params/profile"].attrs.get("names", [])]
    p = int(f["params/profile"][i])
    return names[p] if 0 <= p < len(names) else f"profile {p}"


def summary(f):
    w = f["wave"]
    freq, ab, ng = w["frequency"][()], w["F_abs"], w["n_geometric"][()]
    n, nf = ab.shape
    a = ab[()]
    print("== wave optics (/wave) ==")
    print(f"  {n} samples x {nf} frequencies, {freq[0]:.6g} to {freq[-1]:.6g} Hz "
          f"({_text(w['frequency'].attrs.get('spacing', '?'))} spacing); F_abs, F_phase float64")
    fin = a[np.isfinite(a)]
    if fin.size:
        print(f"  |F| from {fin.min():.6g} to {fin.max():.6g}; NaN values: {a.size - fin.size} "
              "(NaN: geometric optics asked for at y = 0, where it has no limit)")
    print(f"  geometric optics (w > {w.attrs.get('w_max', 1000):g} or y > "
          f"{w.attrs.get('y_max', 10):g}): {int(ng.sum())} of {n * nf} values, "
          f"{int((ng == nf).sum())} samples entirely, {int((ng == 0).sum())} not at all")
    print(f"  phase: {_text(w['F_phase'].attrs.get('phase_convention', ''))}")
    print()


def _rows(f, i):
    w = f["wave"]
    n = w["F_abs"].shape[0]
    if not 0 <= i < n:
        raise SystemExit(f"inspect.py: --wave {i}: the file has {n} samples")
    freq = w["frequency"][()]
    m_lz = float(f["params/wave_m_lz"][i]) if "params/wave_m_lz" in f else np.nan
    y = float(f["params/wave_y"][i]) if "params/wave_y" in f else np.nan
    ng = int(w["n_geometric"][i])
    return freq, 8 * np.pi * GM_C3 * m_lz * freq, w["F_abs"][i], w["F_phase"][i], m_lz, y, ng


def sample(f, i):
    freq, w, ab, ph, m_lz, y, ng = _rows(f, i)
    print(f"== /wave, sample {i}: {_profile(f, i)}, wave_y = {y:.6g}, wave_m_lz = {m_lz:.6g} Msun, "
          f"{ng} of {len(freq)} frequencies in geometric optics ==")
    print(f"  {'f [Hz]':>12s} {'w':>12s} {'F_abs':>12s} {'F_phase':>10s}  method")
    first_geo = len(freq) - ng
    for k in range(len(freq)):
        how = "geometric" if k >= first_geo else "exact"
        print(f"  {freq[k]:12.6g} {w[k]:12.6g} {ab[k]:12.8f} {ph[k]:10.6f}  {how}")
    print()


def save_png(f, i, path):
    import os
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    freq, w, ab, ph, m_lz, y, ng = _rows(f, i)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(6, 5), sharex=True, constrained_layout=True)
    top.plot(freq, ab, ".-", ms=3, lw=0.6, color="tab:blue")
    top.set_ylabel("|F|")
    bottom.plot(freq, ph, ".", ms=3, color="tab:red")
    bottom.set_ylabel("arg F [rad]")
    bottom.set_xlabel("f [Hz]")
    for ax in (top, bottom):
        ax.set_xscale("log")
        if ng:
            ax.axvspan(freq[len(freq) - ng], freq[-1], color="0.9", zorder=0)
    top.set_title(f"sample {i}: {_profile(f, i)}, y = {y:.3g}, M_Lz = {m_lz:.3g} Msun "
                  "(grey: geometric optics)", fontsize=9)
    if os.path.dirname(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    print(f"saved {path}: |F| and arg F of sample {i}")


def show(f, i=None, png=None):
    """The summary; with i, sample i's rows; with png too, its plot."""
    summary(f)
    if i is not None:
        sample(f, i)
        if png:
            save_png(f, i, png)
