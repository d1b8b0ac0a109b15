"""Charts of a report: which data are drawn (as :class:`Chart` specs), and the drawing itself
with matplotlib (the ``plots`` extra) as inline SVG for the html page.

Specs come from three places: the per-layer total T-count (a horizontal log-scale bar per
layer), a section's own ``chart``/``charts`` entries (``{x, series, x_label, title}``, with
an optional ``y_label``; a series named like ``T-count`` gets the section's fitted
``t_count_exponent`` in its legend), and the few sections whose records carry error bars or
a fit (qram_noise points, natural_qnn sweeps, the physical frontier).
"""

from __future__ import annotations

import io
import math
import re
from typing import Any

from qdl.compiler.render.document import Chart, Series

#: a chart with fewer usable points than this is not drawn
MIN_POINTS = 2


def for_layers(layers: list[dict[str, Any]]) -> list[Chart]:
    from qdl.compiler.render.document import headline_fields

    field, _, label = headline_fields(layers[0]["total"])
    values = [l["total"][field] for l in layers]
    if sum(1 for v in values if v > 0) < MIN_POINTS:
        return []
    return [Chart(f"{label} per layer (one execution × repetitions)",
                  f"{label} (log scale)", "layer", [Series(label, [], values)],
                  logx=True, logy=False, bars=[l["name"] for l in layers])]


def _usable(values: list[Any]) -> bool:
    finite = [v for v in values if isinstance(v, (int, float)) and math.isfinite(v) and v > 0]
    return len(finite) >= MIN_POINTS


def _spec_chart(section: dict, spec: dict) -> Chart | None:
    series = []
    for name, ys in spec["series"].items():
        exponent = section.get(re.sub(r"\W+", "_", name.lower()).strip("_") + "_exponent")
        label = f"{name} ∝ x^{exponent:.2f}" if isinstance(exponent, (int, float)) else name
        if _usable(ys):
            series.append(Series(label, list(spec["x"]), list(ys)))
    if not series:
        return None
    y_label = spec.get("y_label") or ", ".join(spec["series"])
    return Chart(spec["title"], spec["x_label"] + " (log scale)", y_label + " (log scale)",
                 series)


def _qram_noise(sec: dict) -> list[Chart]:
    points = sec.get("points") or []
    rates = sorted({p["damping_rate"] for p in points})
    series = []
    for group, gamma in enumerate(rates):
        pts = [p for p in points if p["damping_rate"] == gamma]
        series.append(Series(f"γ = {gamma} (simulated)", [p["address_bits"] for p in pts],
                             [p["infidelity"] for p in pts],
                             [p.get("std_error", 0.0) for p in pts], style="points",
                             group=group))
        fit = (sec.get("quadratic_fit") or {}).get(str(gamma))
        if fit:
            xs = sorted({p["address_bits"] for p in points}
                        | {e["address_bits"] for e in sec.get("extrapolation") or []})
            ys = [min(1.0, fit["a"] * n * n + fit["b"] * n + fit["c"]) for n in xs]
            series.append(Series(f"γ = {gamma} fit {fit['formula']}", xs, ys, style="dashed",
                                 group=group))
    if not series:
        return []
    return [Chart("Bucket-brigade QRAM infidelity under amplitude damping", "address bits n",
                  "infidelity 1 − F", series, logx=False, logy=False)]


def _natural_qnn(sec: dict) -> list[Chart]:
    charts = []
    for name, sweep in (sec.get("sweeps") or {}).items():
        rows = sweep.get("rows") or []
        if len(rows) < MIN_POINTS:
            continue
        series = [Series(label, [r[name] for r in rows], [r[key] for r in rows],
                         [r.get(key + "_stderr", 0.0) for r in rows], style="points")
                  for key, label in (("error", "validation error"),
                                     ("vote_error", "majority-vote error")) if key in rows[0]]
        charts.append(Chart(f"Error against {name} ({sweep.get('scheme', '')}; ± standard "
                            "error over seeds)", name, "error rate", series,
                            logx=False, logy=False))
    return charts


def _frontier(points: list) -> list[Chart]:
    if len(points) < 1:
        return []
    return [Chart("Space–time frontier", "runtime [s] (log scale)",
                  "physical qubits (log scale)",
                  [Series("non-dominated estimates", [p["runtime_seconds"] for p in points],
                          [p["physical_qubits"] for p in points], style="points")])]


SECTION_CHARTS = {"qram_noise": _qram_noise, "natural_qnn": _natural_qnn,
                  "physical_frontier": _frontier}


def for_section(key: str, value: Any) -> list[Chart]:
    charts: list[Chart] = []
    if isinstance(value, dict):
        specs = ([value["chart"]] if isinstance(value.get("chart"), dict) else []) + [
            c for c in value.get("charts") or [] if isinstance(c, dict)]
        charts += [c for c in (_spec_chart(value, s) for s in specs) if c is not None]
        frontier = value.get("frontier")
        if isinstance(frontier, list) and frontier:
            charts += _frontier(frontier)
    fn = SECTION_CHARTS.get(key)
    if fn is not None:
        try:
            charts += fn(value)
        except (KeyError, TypeError, ValueError):
            pass  # a section whose shape changed still shows its tables
    return charts


def figure(chart: Chart):
    """The chart as a matplotlib Figure (Agg backend; the caller closes it)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    if chart.bars is not None:
        fig, ax = plt.subplots(figsize=(8, 0.9 + 0.17 * len(chart.bars)))
        values = chart.series[0].y
        ax.barh(range(len(values)), [float(v) if v > 0 else math.nan for v in values],
                color="#1f77b4")
        ax.set_yticks(range(len(values)), chart.bars, fontsize=7)
        ax.set_xscale("log")
        ax.set_ylim(len(values) - 0.5, -0.5)
    else:
        fig, ax = plt.subplots(figsize=(7, 4.2))
        for i, s in enumerate(chart.series):
            _draw(ax, s, f"C{s.group if s.group is not None else i}")
        ax.set_xscale("log" if chart.logx else "linear")
        ax.set_yscale("log" if chart.logy else "linear")
        ax.legend(fontsize=7)
    ax.set_title(chart.title)
    ax.set_xlabel(chart.x_label)
    ax.set_ylabel(chart.y_label)
    ax.grid(True, which="major", alpha=0.3)
    fig.tight_layout()
    return fig


def svg(chart: Chart) -> str:
    """The chart drawn by matplotlib, as an inline ``<svg>`` element (text kept as text)."""
    import matplotlib
    from matplotlib import pyplot as plt

    with matplotlib.rc_context({"svg.fonttype": "none", "font.size": 9,
                                "svg.hashsalt": "qdl"}):
        fig = figure(chart)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
        plt.close(fig)
    return re.sub(r"<\?xml[^>]*>\s*|<!DOCTYPE[^>]*>\s*|<metadata>.*?</metadata>\s*", "",
                  buf.getvalue(), flags=re.S)


def _draw(ax, s: Series, color: str) -> None:
    pts = [(x, y, e) for x, y, e in zip(s.x, s.y, s.err or [None] * len(s.y))
           if isinstance(y, (int, float)) and math.isfinite(y)]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    errs = [p[2] or 0.0 for p in pts] if s.err is not None else None
    if s.style == "points":
        ax.errorbar(xs, ys, yerr=errs, fmt="o", capsize=3, label=s.name, markersize=4,
                    color=color)
    else:
        ax.plot(xs, ys, "--" if s.style == "dashed" else "-", marker="" if s.style == "dashed"
                else ".", label=s.name, color=color)
