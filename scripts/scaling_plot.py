#!/usr/bin/env python3
"""scaling_plot.py: the tables and PNG plots of scripts/scaling.py (speedup, efficiency and
per-phase time against ranks, labelled with the git revision, oversubscription shaded)."""
import os
import statistics

PHASES = ["deck_s", "sampling_s", "kappa_s", "derived_s", "noise_s", "normalise_s", "augment_s",
          "write_s"]
COMPUTE = ["sampling_s", "kappa_s", "derived_s", "noise_s", "normalise_s", "augment_s"]


def medians(summary, mode):
    """{ranks: {column: median over repeats}} for one series."""
    by = {}
    for s in summary:
        if s["mode"] == mode:
            by.setdefault(s["ranks"], []).append(s)
    out = {}
    for r, ss in sorted(by.items()):
        m = {c: statistics.median(x[c] for x in ss)
             for c in ["total_s", "compute_s", "imbalance"] + PHASES}
        m["N"] = ss[0]["N"]
        m["threads"] = ss[0]["threads"]
        m["repeats"] = len(ss)
        m["all_total_s"] = [x["total_s"] for x in ss]
        m["samples_per_s"] = m["N"] / m["total_s"] if m["total_s"] > 0 else 0.0
        out[r] = m
    return out


def scaling_metrics(med, mode):
    """Add speedup/efficiency to the medians of one series."""
    if not med:
        return med
    r0 = min(med)
    t0 = med[r0]["total_s"]
    for r, m in med.items():
        if mode == "strong":
            m["speedup"] = t0 / m["total_s"] * r0 if m["total_s"] > 0 else 0.0
            m["efficiency"] = m["speedup"] / r
        else:
            m["efficiency"] = t0 / m["total_s"] if m["total_s"] > 0 else 0.0
            m["speedup"] = m["efficiency"] * r / r0  # throughput gain
    return med


def oversubscribed(ranks, threads, cores):
    return cores is not None and ranks * threads > cores


def over_note(ranks, threads, cores):
    if threads == 1:
        return f"oversubscribed: {ranks} ranks on {cores} cores"
    return f"oversubscribed: {ranks} ranks x {threads} threads on {cores} cores"


def table(summary, meta):
    cores = meta.get("physical_cores")
    lines = ["| series | ranks | threads | N | total s (median) | samples/s | speedup | "
             "efficiency | compute s | write s | imbalance | note |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for mode in ("strong", "weak"):
        med = scaling_metrics(medians(summary, mode), mode)
        for r, m in med.items():
            over = oversubscribed(r, m["threads"], cores)
            note = over_note(r, m["threads"], cores) if over else ""
            sp = f"{m['speedup']:.2f}" if mode == "strong" else "-"
            lines.append(f"| {mode} | {r} | {m['threads']} | {m['N']:,} | {m['total_s']:.3f} | "
                         f"{m['samples_per_s']:,.0f} | {sp} | {m['efficiency']:.2f} | "
                         f"{m['compute_s']:.3f} | {m['write_s']:.3f} | {m['imbalance']:.3f} | "
                         f"{note} |")
    return "\n".join(lines) + "\n"


# ---- plots -----------------------------------------------------------------------------------

def label_text(meta):
    cores = meta.get("physical_cores")
    mach = (f"{meta.get('host', '?')}: {meta.get('cpu', '?')}, "
            + (f"{cores} physical cores" if cores else "cores: see job logs"))
    io = "compute only (--no-write)" if not meta.get("write", True) else "HDF5 written"
    sets = " ".join(meta.get("sets") or [])
    if meta.get("load_before") is not None and meta.get("load_after") is not None:
        mach += f", load avg {meta['load_before']:.1f} before / {meta['load_after']:.1f} after"
    return (f"lensgen git {meta.get('git', '?')}  |  {mach}  |  {meta.get('deck', '?')}"
            f"{'  ' + sets if sets else ''}  |  {io}  |  {meta.get('launcher', 'mpirun')}, "
            f"{meta.get('threads', 1)} thread(s)/rank, median of {meta.get('repeats', '?')}")


def shade_oversubscribed(ax, rank_list, threads, cores):
    """Shade the rank counts beyond the physical cores; the full note is on the figure."""
    over = [r for r in rank_list if oversubscribed(r, threads, cores)]
    if not over:
        return
    lo = max([r for r in rank_list if not oversubscribed(r, threads, cores)] or [min(over) / 2])
    left = (lo * min(over)) ** 0.5  # geometric midpoint on the log axis
    right = max(rank_list) * 1.5
    ax.axvspan(left, right, color="tab:red", alpha=0.08, lw=0)
    import matplotlib.transforms as mtransforms
    trans = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    ax.text((left * right) ** 0.5, 0.985, "oversubscribed", transform=trans, ha="center",
            va="top", fontsize=8, color="tab:red")


def figure_note(fig, rank_list, threads, cores):
    """The oversubscription note under the title, e.g. 'oversubscribed: 4 ranks on 2 cores'."""
    over = [r for r in rank_list if oversubscribed(r, threads, cores)]
    if over:
        fig.text(0.5, 0.905, "shaded: " + "; ".join(over_note(r, threads, cores) for r in over),
                 ha="center", va="top", fontsize=9, color="tab:red")


def rank_axis(ax, rank_list):
    ax.set_xscale("log", base=2)
    ax.set_xticks(rank_list)
    ax.set_xticklabels([str(r) for r in rank_list])
    ax.set_xlim(min(rank_list) / 1.5, max(rank_list) * 1.5)
    ax.set_xlabel("MPI ranks")
    ax.grid(True, alpha=0.3)


def plot_all(summary, meta, png_dir, prefix):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cores = meta.get("physical_cores")
    threads = meta.get("threads", 1)
    label = label_text(meta)
    written = []
    os.makedirs(png_dir, exist_ok=True)

    def finish(fig, name):
        fig.text(0.5, 0.01, label, ha="center", va="bottom", fontsize=7, color="0.3", wrap=True)
        fig.tight_layout(rect=(0, 0.05, 1, 0.9))
        path = os.path.join(png_dir, f"{prefix}_{name}.png")
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)

    io = "" if meta.get("write", True) else ", compute only (--no-write)"
    strong = scaling_metrics(medians(summary, "strong"), "strong")
    if strong:
        rl = sorted(strong)
        n = strong[rl[0]]["N"]
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.6))
        sp = [strong[r]["speedup"] for r in rl]
        r0 = rl[0]
        t0 = strong[r0]["total_s"]
        for r in rl:  # every repeat, relative to the median at the smallest rank count
            pts = [t0 / t * r0 for t in strong[r]["all_total_s"] if t > 0]
            a1.scatter([r] * len(pts), pts, s=12, color="tab:blue", alpha=0.35, zorder=2)
            a2.scatter([r] * len(pts), [p / r for p in pts], s=12, color="tab:green", alpha=0.35,
                       zorder=2)
        a1.plot(rl, rl, "--", color="0.5", label="ideal")
        a1.plot(rl, sp, "o-", color="tab:blue", label="measured (median)", zorder=3)
        for r, v in zip(rl, sp):
            a1.annotate(f"{v:.2f}", (r, v), textcoords="offset points", xytext=(0, 7),
                        ha="center", fontsize=8)
        a1.set_ylabel(f"speedup T({r0}) / T(R)" + (f" x {r0}" if r0 != 1 else ""))
        a1.set_ylim(0, max(max(rl), max(sp)) * 1.15)
        a1.set_title("speedup")
        a1.legend(loc="upper left", fontsize=8)
        rank_axis(a1, rl)
        ef = [strong[r]["efficiency"] for r in rl]
        a2.axhline(1.0, ls="--", color="0.5", label="ideal")
        a2.plot(rl, ef, "o-", color="tab:green", label="measured (median)", zorder=3)
        for r, v in zip(rl, ef):
            a2.annotate(f"{v:.2f}", (r, v), textcoords="offset points", xytext=(0, 7),
                        ha="center", fontsize=8)
        a2.set_ylabel("parallel efficiency S(R) / R")
        a2.set_ylim(0, max(1.2, max(ef) * 1.15))
        a2.set_title("parallel efficiency")
        a2.legend(loc="lower left", fontsize=8)
        rank_axis(a2, rl)
        for a in (a1, a2):
            shade_oversubscribed(a, rl, threads, cores)
        fig.suptitle(f"Strong scaling: N = {n:,} samples{io}")
        figure_note(fig, rl, threads, cores)
        finish(fig, "strong")

    weak = scaling_metrics(medians(summary, "weak"), "weak")
    if weak:
        rl = sorted(weak)
        npr = weak[rl[0]]["N"] // rl[0]
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.6))
        ef = [weak[r]["efficiency"] for r in rl]
        t0 = weak[rl[0]]["total_s"]
        for r in rl:
            pts = [t0 / t for t in weak[r]["all_total_s"] if t > 0]
            a1.scatter([r] * len(pts), pts, s=12, color="tab:green", alpha=0.35, zorder=2)
        a1.axhline(1.0, ls="--", color="0.5", label="ideal")
        a1.plot(rl, ef, "o-", color="tab:green", label="measured (median)", zorder=3)
        for r, v in zip(rl, ef):
            a1.annotate(f"{v:.2f}", (r, v), textcoords="offset points", xytext=(0, 7),
                        ha="center", fontsize=8)
        a1.set_ylabel(f"weak efficiency T({rl[0]}) / T(R)")
        a1.set_ylim(0, max(1.2, max(ef) * 1.15))
        a1.set_title("weak-scaling efficiency")
        a1.legend(loc="lower left", fontsize=8)
        rank_axis(a1, rl)
        thr = [weak[r]["samples_per_s"] for r in rl]
        a2.plot(rl, [thr[0] * r / rl[0] for r in rl], "--", color="0.5", label="ideal")
        a2.plot(rl, thr, "o-", color="tab:blue", label="measured (median)", zorder=3)
        for r, v in zip(rl, thr):
            a2.annotate(f"{v:,.0f}", (r, v), textcoords="offset points", xytext=(0, 7),
                        ha="center", fontsize=8)
        a2.set_ylabel("samples / s (N / slowest rank's total)")
        a2.set_ylim(0, max(max(thr), thr[0] * max(rl) / rl[0]) * 1.15)
        from matplotlib.ticker import FuncFormatter
        a2.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        a2.set_title("throughput")
        a2.legend(loc="upper left", fontsize=8)
        rank_axis(a2, rl)
        for a in (a1, a2):
            shade_oversubscribed(a, rl, threads, cores)
        fig.suptitle(f"Weak scaling: {npr:,} samples per rank{io}")
        figure_note(fig, rl, threads, cores)
        finish(fig, "weak")

    series = [(m, d) for m, d in (("strong", strong), ("weak", weak)) if d]
    if series:
        fig, axes = plt.subplots(1, len(series), figsize=(5.2 * len(series) + 2.0, 4.8),
                                 squeeze=False)
        # phases that matter anywhere (>= 1 % of some total); the rest goes into "other"
        shown = [c for c in PHASES
                 if any(m[c] >= 0.01 * m["total_s"] for _, d in series for m in d.values())]
        colors = dict(zip(PHASES, ["0.6", "tab:purple", "tab:blue", "tab:cyan", "tab:orange",
                                   "tab:olive", "tab:pink", "tab:red"]))
        for ax, (mode, d) in zip(axes[0], series):
            rl = sorted(d)
            x = list(range(len(rl)))
            bottom = [0.0] * len(rl)
            for c in shown:
                v = [d[r][c] for r in rl]
                ax.bar(x, v, bottom=bottom, color=colors[c], label=c[:-2], width=0.6)
                bottom = [b + y for b, y in zip(bottom, v)]
            other = [max(0.0, d[r]["total_s"] - b) for r, b in zip(rl, bottom)]
            ax.bar(x, other, bottom=bottom, color="white", edgecolor="0.4", hatch="//",
                   label="other (untimed: waiting\nfor other ranks, ...)", width=0.6)
            for i, r in enumerate(rl):
                ax.annotate(f"{d[r]['total_s']:.2f} s", (i, max(d[r]["total_s"], bottom[i])),
                            textcoords="offset points", xytext=(0, 3), ha="center", fontsize=8)
            ax.set_xticks(x)
            ax.set_xticklabels([f"{r}\noversubscribed" if oversubscribed(r, d[r]["threads"], cores)
                                else str(r) for r in rl])
            for lab, r in zip(ax.get_xticklabels(), rl):
                if oversubscribed(r, d[r]["threads"], cores):
                    lab.set_color("tab:red")
            ax.set_xlabel("MPI ranks")
            ax.set_ylabel("seconds (slowest rank per phase, median)")
            top = max(max(d[r]["total_s"], b) for r, b in zip(rl, bottom))
            ax.set_ylim(0, top * 1.12 if top > 0 else 1)
            n_desc = (f"N = {d[rl[0]]['N']:,}" if mode == "strong"
                      else f"{d[rl[0]]['N'] // rl[0]:,} per rank")
            ax.set_title(f"{mode} scaling, {n_desc}")
            ax.grid(True, axis="y", alpha=0.3)
        handles, labels = axes[0][0].get_legend_handles_labels()
        axes[0][-1].legend(handles[::-1], labels[::-1], fontsize=7, loc="upper left",
                           bbox_to_anchor=(1.02, 1.0))
        figure_note(fig, sorted({r for _, d in series for r in d}), threads, cores)
        fig.suptitle(f"Time per phase against ranks{io}")
        finish(fig, "phases")
    return written


# ---- the modes -------------------------------------------------------------------------------
