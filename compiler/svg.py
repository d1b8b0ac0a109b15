"""Inline SVG charts for the html report (no plotting library needed, so reports stay
self-contained and the html format works without the optional 'plots' extra)."""

from __future__ import annotations

import math
from html import escape

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b")


def bar_chart(labels: list[str], values: list[int], title: str, width: int = 900) -> str:
    """Horizontal bars on a log10 axis (layer costs span many orders of magnitude)."""
    row, left, pad = 14, 220, 10
    logs = [math.log10(v) if v > 0 else 0.0 for v in values]
    top = max(logs, default=1.0) or 1.0
    height = pad * 3 + row * len(labels) + 20
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="10"><text x="{pad}" y="14" font-size="12">'
           f'{escape(title)}</text>']
    span = width - left - 120
    for i, (label, v, lg) in enumerate(zip(labels, values, logs)):
        y = 24 + i * row
        w = span * lg / top
        out.append(f'<text x="{left - 4}" y="{y + 10}" text-anchor="end">{escape(label)}</text>'
                   f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{row - 3}" '
                   f'fill="{PALETTE[0]}"/><text x="{left + w + 4:.1f}" y="{y + 10}">{v:.3g}'
                   '</text>')
    out.append("</svg>")
    return "".join(out)


def loglog_plot(x: list[float], series: dict[str, list[float]], x_label: str, title: str,
                width: int = 640, height: int = 400) -> str:
    """Lines on log-log axes, one per series, with decade grid lines (points ≤ 0, infinite or
    None are skipped)."""
    left, bottom, top_pad, right = 60, 40, 30, 160
    xs = [math.log10(v) for v in x]
    ys = [math.log10(v) for vals in series.values() for v in vals
          if v is not None and 0 < v < math.inf]
    if not xs or not ys:
        return ""
    x0, x1 = min(xs), max(xs) if max(xs) > min(xs) else min(xs) + 1
    y0, y1 = math.floor(min(ys)), math.ceil(max(ys)) if math.ceil(max(ys)) > math.floor(min(ys)) \
        else math.floor(min(ys)) + 1
    pw, ph = width - left - right, height - bottom - top_pad

    def px(v: float) -> float:
        return left + pw * (v - x0) / (x1 - x0)

    def py(v: float) -> float:
        return top_pad + ph * (1 - (v - y0) / (y1 - y0))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="10"><text x="{left}" y="16" font-size="12">'
           f'{escape(title)}</text>']
    for d in range(y0, y1 + 1):
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{py(d):.1f}" y2="{py(d):.1f}" '
                   f'stroke="#ddd"/><text x="{left - 4}" y="{py(d) + 3:.1f}" '
                   f'text-anchor="end">1e{d}</text>')
    for v, lv in zip(x, xs):
        out.append(f'<text x="{px(lv):.1f}" y="{top_pad + ph + 14}" text-anchor="middle">'
                   f'{v:g}</text>')
    out.append(f'<text x="{left + pw / 2}" y="{height - 6}" text-anchor="middle">'
               f'{escape(x_label)}</text>')
    for i, (name, vals) in enumerate(series.items()):
        color = PALETTE[i % len(PALETTE)]
        pts = " ".join(f"{px(a):.1f},{py(math.log10(b)):.1f}" for a, b in zip(xs, vals)
                       if b is not None and 0 < b < math.inf)  # no estimate: left out
        out.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{pts}"/>'
                   f'<text x="{left + pw + 8}" y="{top_pad + 14 * (i + 1)}" fill="{color}">'
                   f'{escape(name)}</text>')
    out.append("</svg>")
    return "".join(out)
