"""Report section and plot of the readout study (qdl.estimators.readout_study)."""

from __future__ import annotations

from qdl.estimators.readout_study import StudyConfig


def _fmt(value, se, digits=3) -> str:
    if value is None:
        return "none on the grid"
    return f"{value:.{digits}g} ± {se:.2g}"


def _exp(e) -> str:
    if e is None:
        return "not fitted (fewer than 3 sizes with a threshold for every seed)"
    return f"{e['exponent']:.2f} [{e['ci'][0]:.2f}, {e['ci'][1]:.2f}]"


def verdict(result: dict, cfg: StudyConfig, level: float = 0.95) -> str:
    ex = result["exponents"]
    q = f"{level:g}"
    cheaper, ratios = [], []
    for row in result["rows"]:
        d, t = row[f"qo_dcd_{q}"][0], row[f"qo_tomography_{q}"][0]
        if d is not None and t is not None:
            ratios.append(d / t)
            cheaper.append(f"N={row['size']}: DCD/tomography = {d / t:.3g}")
    e_d, e_t = ex[f"qo_dcd_{q}"], ex[f"qo_tomography_{q}"]
    dcd_cheaper = bool(ratios) and all(r < 1 for r in ratios)
    lower = None if e_d is None or e_t is None else (
        "lower" if e_d["ci"][1] < e_t["ci"][0] else
        "higher" if e_d["ci"][0] > e_t["ci"][1] else "not distinguishable from")
    claim = ("survives" if dcd_cheaper and lower == "lower" else
             "fails" if not dcd_cheaper else "is only half supported")
    return (f"at {100 * level:g} % of peak accuracy: QO_DCD ∝ N^{_exp(e_d)}, "
            f"QO_tomography ∝ N^{_exp(e_t)} (95 % CI); " + "; ".join(cheaper)
            + f". DCD is {'cheaper' if dcd_cheaper else 'NOT cheaper'} at every N, and its "
              f"exponent is {lower or 'not fitted vs'} tomography's: the seed's Fig. 2c claim "
              f"(DCD cheaper, with a lower exponent) {claim} here.")


def section(result: dict, cfg: StudyConfig) -> dict:
    rows = []
    for row in result["rows"]:
        line = [row["size"], f"{row['peak'][0]:.3f} ± {row['peak'][1]:.3f}"]
        for q in cfg.levels:
            k = f"{q:g}"
            line += [_fmt(*row[f"rank_{k}"][:2]), _fmt(*row[f"delta_{k}"][:2]),
                     _fmt(*row[f"qo_dcd_{k}"][:2]), _fmt(*row[f"qo_tomography_{k}"][:2])]
        rows.append(line)
    cols = ["N", "peak accuracy"]
    for q in cfg.levels:
        cols += [f"r @{100 * q:g}%", f"δ @{100 * q:g}%", f"QO DCD @{100 * q:g}%",
                 f"QO tomo @{100 * q:g}%"]
    exp_rows = [[k, _exp(v), None if v is None else round(v["chi2_dof"], 2)]
                for k, v in result["exponents"].items()]
    return {
        "verdict": verdict(result, cfg),
        "conventions": (f"readout at every layer (stem C·N², {cfg.blocks} blocks C·64); DCD at "
                        f"ε = {cfg.epsilon:g}, failure {cfg.failure:g} per coefficient; ℓ∞ "
                        "tomography with the sign stage; QO = Σ over layers of U_x queries "
                        "(qdl.estimators.readout), one query = one execution of the layer; "
                        "thresholds on the grids (ranks ×√2, δ ×~1.4), mean ± s.e. over seeds; "
                        "the norm of each state is taken as known"),
        "network": f"residual CNN, {cfg.channels} channels, {cfg.blocks} blocks, "
                   f"{cfg.epochs} epochs Adam, {cfg.train_size} train / {cfg.test_size} test "
                   "digits (scikit-learn), upsampled bilinearly",
        "per_run": result["runs"],
        "exponents": result["exponents"],
        "tables": [{"title": "thresholds and readout cost per N (mean ± s.e. over seeds)",
                    "columns": cols, "rows": rows},
                   {"title": "fitted exponents p of ∝ N^p (95 % CI)",
                    "columns": ["quantity", "exponent", "χ²/dof"], "rows": exp_rows}],
    }


def plot(result: dict, cfg: StudyConfig, path) -> str:
    """Left: accuracy against rank and δ at the largest N; right: QO(N) at 95 % and 90 %."""
    from qdl.estimators.plotting import write_figure

    def draw(axes):
        ax, bx = axes
        top = max(cfg.sizes)
        for run in [r for r in result["runs"] if r["size"] == top]:
            ax.semilogx(cfg.ranks, run["dcd_accuracy"], "o-", color="C0", alpha=0.5)
            ax.semilogx([1 / d for d in cfg.deltas], run["tomography_accuracy"], "s-",
                        color="C1", alpha=0.5)
        ax.plot([], [], "o-", color="C0", label="DCD: x = rank r")
        ax.plot([], [], "s-", color="C1", label="tomography: x = 1/δ")
        ax.set_xlabel("rank r  /  1/δ")
        ax.set_ylabel("test accuracy")
        ax.set_title(f"N = {top}: accuracy with readout at every layer")
        ax.legend()
        for q, style in zip(cfg.levels, ("-", "--")):
            k = f"{q:g}"
            for key, color, label in ((f"qo_dcd_{k}", "C0", "DCD"),
                                      (f"qo_tomography_{k}", "C1", "tomography")):
                pts = [(r["size"], r[key][0], r[key][1]) for r in result["rows"]
                       if r[key][0] is not None]
                if pts:
                    n, m, se = zip(*pts)
                    bx.errorbar(n, m, yerr=se, fmt="o" + style, color=color,
                                label=f"{label} @ {100 * q:g}%")
        bx.set_xscale("log", base=2)
        bx.set_yscale("log")
        bx.set_xlabel("input size N (px)")
        bx.set_ylabel("QO: U_x queries, all layers")
        bx.set_title("readout cost at fixed accuracy")
        bx.legend(fontsize=8)

    return write_figure(path, draw, panels=2)
