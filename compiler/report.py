"""Reports: what ``qdl-compile`` prints or writes, in table, json (qdl-report/1), md and html.

docs/report-schema.md is the contract for the JSON form. A report is a list of layers (one for
a single primitive), each one execution's cost times its repetitions, plus the model totals
and, with ``--verify``, the verification results. Later features add named sections
(``report.sections["physical"] = {...}``) which every format carries.
"""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass, field
from typing import Any

from qdl.circuits.cost import REPORT_FIELDS, Cost

SCHEMA = "qdl-report/1"

#: (unit, meaning) per reported field.
UNITS = {
    "qubits": ("qubits", "peak live logical qubits, ancillas included"),
    "total_t": ("T", "every T state: t_count + rotation_t"),
    "total_t_depth": ("T layers", "T-depth with rotation layers: t_depth + rotation_depth·T/rot"),
    "t_count": ("T", "t + 4·toffoli + 4·and"),
    "t_depth": ("T layers", "critical path in T layers"),
    "t": ("T", "explicit T/T† gates"),
    "toffoli": ("Toffoli", "Toffoli gates"),
    "and": ("AND", "temporary logical ANDs (4 T each)"),
    "toffoli_depth": ("layers", "critical path in Toffoli/AND layers"),
    "rotations": ("rotations", "arbitrary-angle rotations"),
    "rotation_t": ("T", "T gates to synthesise the rotations"),
    "rotation_depth": ("layers", "critical path in rotation layers"),
    "clifford": ("gates", "Clifford gates"),
    "measurements": ("meas.", "single-qubit measurements"),
}


@dataclass
class Layer:
    name: str
    block: str
    params: dict[str, Any]
    cost: Cost
    repetitions: int = 1
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> Cost:
        return self.cost * self.repetitions


@dataclass
class Report:
    model: str
    kind: str
    layers: list[Layer]
    count_from: str = "hierarchy"
    verification: list[Any] | None = None
    sections: dict[str, Any] = field(default_factory=dict)
    #: the block whose circuit is the model (for --emit and --simulate); None when the model
    #: has no single circuit (not serialised)
    block: Any = None

    @property
    def totals(self) -> Cost:
        from qdl.estimators.totals import sequential_total

        return sequential_total((layer.cost, layer.repetitions) for layer in self.layers)

    @property
    def verified(self) -> bool:
        return all(v.passed for v in self.verification or [])

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "model": self.model,
            "kind": self.kind,
            "count_from": self.count_from,
            "totals": self.totals.as_dict(),
            "layers": [{"name": l.name, "block": l.block, "params": jsonable(l.params),
                        "cost": l.cost.as_dict(), "repetitions": l.repetitions,
                        "total": l.total.as_dict(), **jsonable(l.notes)} for l in self.layers],
        }
        if self.verification is not None:
            out["verification"] = [v.as_dict() for v in self.verification]
        for key, value in self.sections.items():
            out[key] = jsonable(value)
        return out


def jsonable(value: Any) -> Any:
    """Plain JSON values: tuples to lists, numpy scalars/arrays to Python, floats finite."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if hasattr(value, "tolist"):
        return jsonable(value.tolist())
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _params_text(params: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in params.items())


def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2) + "\n"


def render_table(report: Report, width: int = 200) -> str:
    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system=None, highlight=False)
    console.print(f"qdl report: {report.model} ({report.kind}), counted from {report.count_from}")
    if len(report.layers) == 1:
        layer = report.layers[0]
        console.print(f"{layer.block}({_params_text(layer.params)})")
    elif report.layers:
        layers = Table(title="Layers", title_justify="left")
        for col in ("layer", "block", "qubits", "T (all)", "T-depth (all)", "T-count",
                    "rotations", "reps", "total T (all)"):
            layers.add_column(col, justify="left" if col in ("layer", "block") else "right")
        for l in report.layers:
            layers.add_row(l.name, l.block, f"{l.cost.qubits:,}", f"{l.cost.total_t:,}",
                           f"{l.cost.total_t_depth:,}", f"{l.cost.t_count:,}",
                           f"{l.cost.rotations:,}", f"{l.repetitions:,}",
                           f"{l.total.total_t:,}")
        console.print(layers)
    if report.layers:
        totals = report.totals.as_dict()
        table = Table(title="Totals", title_justify="left")
        table.add_column("quantity")
        table.add_column("value", justify="right")
        table.add_column("unit")
        table.add_column("meaning")
        for name in REPORT_FIELDS:
            unit, meaning = UNITS[name]
            table.add_row(name, f"{totals[name]:,}", unit, meaning)
        console.print(table)
    for key, value in report.sections.items():
        if isinstance(value, dict) and not _has_tables(value):
            # a section of named results: one row each, numbers with separators
            section = Table(title=key, title_justify="left", show_header=False)
            section.add_column("name")
            section.add_column("value", overflow="fold", max_width=100)
            for name, item in value.items():
                text = (_cell(item) if not isinstance(item, (dict, list))
                        else json.dumps(jsonable(item)))
                section.add_row(str(name), text)
            console.print(section)
            continue
        if not _has_tables(value):
            console.print(f"{key}: {json.dumps(jsonable(value))}")
            continue
        for name, item in _scalars(value):
            console.print(f"{key}.{name}: {_cell(item)}")
        for spec in value["tables"]:
            sec = Table(title=spec["title"], title_justify="left")
            for col in spec["columns"]:
                sec.add_column(col, justify="right")
            for row in spec["rows"]:
                sec.add_row(*(_cell(v) for v in row))
            console.print(sec)
    if report.verification is not None:
        ver = Table(title="Verification on Aer", title_justify="left")
        for col in ("block", "params", "method", "cases", "result"):
            ver.add_column(col, justify="right" if col == "cases" else "left")
        for v in report.verification:
            ver.add_row(v.block, _params_text(v.params), v.method, f"{v.cases:,}",
                        "passed" if v.passed else "FAILED: " + "; ".join(v.failures[:3]))
        console.print(ver)
    return buf.getvalue()


def render_md(report: Report) -> str:
    lines = [f"# qdl report: {report.model}", "",
             f"Kind: {report.kind}; counted from {report.count_from}.", ""]
    if report.layers:
        lines += ["| layer | block | params | qubits | T (all) | T-depth (all) | T-count | "
                  "rotations | repetitions |", "|---|---|---|---:|---:|---:|---:|---:|---:|"]
        for l in report.layers:
            lines.append(f"| {l.name} | {l.block} | {_params_text(l.params)} | "
                         f"{l.cost.qubits:,} | {l.cost.total_t:,} | {l.cost.total_t_depth:,} | "
                         f"{l.cost.t_count:,} | {l.cost.rotations:,} | {l.repetitions:,} |")
        totals = report.totals.as_dict()
        lines += ["", "## Totals", "", "| quantity | value | unit |", "|---|---:|---|"]
        lines += [f"| {n} | {totals[n]:,} | {UNITS[n][0]} |" for n in REPORT_FIELDS]
    for key, value in report.sections.items():
        if not _has_tables(value):
            lines += ["", f"## {key}", "", "```json", json.dumps(jsonable(value), indent=2),
                      "```"]
            continue
        lines += ["", f"## {key}", ""]
        lines += [f"- {name}: {_cell(item)}" for name, item in _scalars(value)]
        for spec in value["tables"]:
            lines += ["", f"### {spec['title']}", "", "| " + " | ".join(spec["columns"]) + " |",
                      "|" + "---:|" * len(spec["columns"])]
            lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in spec["rows"]]
    if report.verification is not None:
        lines += ["", "## Verification on Aer", "", "| block | params | method | cases | result |",
                  "|---|---|---|---:|---|"]
        for v in report.verification:
            lines.append(f"| {v.block} | {_params_text(v.params)} | {v.method} | {v.cases:,} | "
                         f"{'passed' if v.passed else 'FAILED'} |")
    return "\n".join(lines) + "\n"


def _has_tables(value: Any) -> bool:
    """A section that carries ``tables: [{title, columns, rows}]`` is shown as tables (its
    scalar keys as lines) in the table and md formats; json carries all of it unchanged."""
    return isinstance(value, dict) and isinstance(value.get("tables"), list)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:.4g}"


def _scalars(section: dict) -> list[tuple[str, Any]]:
    """The keys of a tabled section shown as lines: nested values appear in json only."""
    return [(k, v) for k, v in section.items() if not isinstance(v, (dict, list, tuple))]


def render_html(report: Report) -> str:
    """One self-contained page: the md report's tables as HTML, a per-layer total T-count
    chart (inline SVG), and a log-log plot for every section carrying ``chart: {x, series,
    x_label, title}`` or a list of them under ``charts`` (``plot`` keys are paths of PNG files
    written beside the report)."""
    from html import escape

    from qdl.compiler.svg import bar_chart, loglog_plot

    def table(columns: list[str], rows: list[list[Any]]) -> str:
        head = "".join(f"<th>{escape(c)}</th>" for c in columns)
        body = "".join("<tr>" + "".join(f"<td>{escape(_cell(v))}</td>" for v in r) + "</tr>"
                       for r in rows)
        return f"<table><tr>{head}</tr>{body}</table>"

    parts = [f"<h1>qdl report: {escape(report.model)}</h1>",
             f"<p>Kind: {escape(report.kind)}; counted from {escape(report.count_from)}.</p>"]
    if report.layers:
        parts.append("<h2>Layers</h2>" + table(
            ["layer", "block", "qubits", "T (all)", "T-depth (all)", "T-count", "rotations",
             "repetitions", "total T (all)"],
            [[l.name, l.block, l.cost.qubits, l.cost.total_t, l.cost.total_t_depth,
              l.cost.t_count, l.cost.rotations, l.repetitions, l.total.total_t]
             for l in report.layers]))
        if len(report.layers) > 1:
            parts.append(bar_chart([l.name for l in report.layers],
                                   [l.total.total_t for l in report.layers],
                                   "total T per layer, rotations included (log scale)"))
        totals = report.totals.as_dict()
        parts.append("<h2>Totals</h2>" + table(["quantity", "value", "unit"],
                                               [[n, totals[n], UNITS[n][0]]
                                                for n in REPORT_FIELDS]))
    for key, value in report.sections.items():
        parts.append(f"<h2>{escape(key)}</h2>")
        if isinstance(value, dict):
            charts = ([value["chart"]] if value.get("chart") else []) + value.get("charts", [])
            for chart in charts:
                parts.append(loglog_plot(chart["x"], chart["series"], chart["x_label"],
                                         chart["title"]))
            value = {k: v for k, v in value.items() if k not in ("chart", "charts")}
        if not _has_tables(value):
            parts.append(f"<pre>{escape(json.dumps(jsonable(value), indent=2))}</pre>")
            continue
        parts.append("<ul>" + "".join(f"<li>{escape(n)}: {escape(_cell(v))}</li>"
                                      for n, v in _scalars(value)) + "</ul>")
        for spec in value["tables"]:
            parts.append(f"<h3>{escape(spec['title'])}</h3>" + table(spec["columns"],
                                                                     spec["rows"]))
    if report.verification is not None:
        parts.append("<h2>Verification on Aer</h2>" + table(
            ["block", "params", "method", "cases", "result"],
            [[v.block, _params_text(v.params), v.method, v.cases,
              "passed" if v.passed else "FAILED"] for v in report.verification]))
    style = ("body{font-family:sans-serif;max-width:1100px;margin:auto}table{border-collapse:"
             "collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:"
             "right}td:first-child{text-align:left}")
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>qdl report: "
            f"{escape(report.model)}</title><style>{style}</style></head><body>"
            + "\n".join(parts) + "</body></html>\n")


RENDERERS = {"table": render_table, "json": render_json, "md": render_md, "html": render_html}
