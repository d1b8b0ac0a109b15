"""A report dict as a neutral document (headings, sentences, tables, charts, preformatted
lines) that the table, md and html writers all print.

The walk is generic so that a section another feature adds later renders without code here:
a mapping becomes a quantity/value table (nested mappings become their own tables, mappings
of like mappings and lists of records become one table each), a ``tables: [{title, columns,
rows}]`` entry is printed as given, and ``chart``/``charts`` entries become charts. Sections
that have something to say in words first get it from :mod:`qdl.compiler.render.summaries`.
Nothing is ever printed as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qdl.compiler.render.numbers import (
    EXACT_BELOW, count, duration, exact_with_human, number)

#: keys of the report dict that are not sections
TOP_LEVEL = ("schema", "model", "kind", "count_from", "totals", "layers", "verification",
             "provenance", "exact_integers")
#: (unit, meaning) per cost field; fields not listed (added later) show their name only
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
#: a list longer than this is summarised ("30 values, 1 … 100") instead of printed in full
INLINE_LIST = 8


@dataclass
class Heading:
    text: str
    level: int


@dataclass
class Para:
    text: str


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]
    #: per column: True when it holds numbers (right-aligned)
    numeric: list[bool] = field(default_factory=list)


@dataclass
class Series:
    name: str
    x: list[float]
    y: list[float]
    err: list[float] | None = None
    style: str = "line"  # line | dashed | points
    #: series with the same group share a colour (measured points and their fit)
    group: int | None = None


@dataclass
class Chart:
    title: str
    x_label: str
    y_label: str
    series: list[Series]
    logx: bool = True
    logy: bool = True
    #: for horizontal bar charts: one label per bar (series[0].y are the values)
    bars: list[str] | None = None


@dataclass
class Pre:
    lines: list[str]


Node = Heading | Para | Table | Chart | Pre


def build(report: dict[str, Any]) -> list[Node]:
    """The document of a report dict (:meth:`Report.to_dict` output)."""
    from qdl.compiler.render import charts, summaries

    nodes: list[Node] = [Heading(f"qdl report: {report.get('model', '?')}", 1)]
    nodes.append(Para(_origin(report)))
    nodes += [Para(s) for s in summaries.headline(report)]
    layers = report.get("layers") or []
    if len(layers) == 1:
        nodes.append(Para(f"Block: {layers[0]['block']}({params_text(layers[0]['params'])})"))
    elif layers:
        nodes.append(Heading("Layers", 2))
        nodes.append(layer_table(layers))
        nodes += charts.for_layers(layers)
    if layers and report.get("totals"):
        nodes.append(Heading("Totals", 2))
        nodes.append(totals_table(report["totals"]))
    for key, value in report.items():
        if key in TOP_LEVEL:
            continue
        nodes.append(Heading(title(key), 2))
        nodes += [Para(s) for s in summaries.section(key, value)]
        nodes += charts.for_section(key, value)
        hidden = summaries.HIDDEN.get(key, set())
        shown = ({k: v for k, v in value.items() if k not in hidden}
                 if isinstance(value, dict) else value)
        nodes += body(key, shown, 3)
    if report.get("verification") is not None:
        nodes.append(Heading("Verification on Aer", 2))
        nodes += [Para(s) for s in summaries.verification(report["verification"],
                                                          report.get("kind", ""))]
        nodes += body("verification", report["verification"], 3)
    if report.get("provenance"):
        nodes.append(Heading("Provenance", 2))
        nodes += body("provenance", report["provenance"], 3)
    return nodes


def _origin(report: dict[str, Any]) -> str:
    how = {"hierarchy": "counted from the block hierarchy (no circuit built)",
           "circuit": "counted gate by gate on the built circuit"}
    return f"A {report.get('kind', '?')} model, {how.get(report.get('count_from'), 'counted')}."


def title(key: str) -> str:
    return key.replace("_", " ")


def label(key: str) -> str:
    """A value's row or column name: the key, without a time unit the cell itself shows
    (``runtime_seconds`` → ``runtime``, ``duration_ns`` → ``duration``)."""
    for suffix in ("_seconds", "_ns"):
        if key.endswith(suffix) and len(key) > len(suffix):
            return title(key[:-len(suffix)])
    return "time" if key == "seconds" else title(key)


def params_text(params: dict[str, Any]) -> str:
    return ", ".join(f"{k}={_param(v)}" for k, v in params.items())


def _param(value: Any) -> str:
    if isinstance(value, list):
        if value and all(isinstance(r, list) for r in value):
            return f"[{len(value)}×{len(value[0])} matrix]"
        return inline_list(value)
    return number(value) if isinstance(value, (int, float)) else str(value)


def inline_list(values: list[Any]) -> str:
    if len(values) <= INLINE_LIST:
        return ", ".join(_param(v) for v in values) if values else "none"
    return f"{len(values)} values, {_param(values[0])} … {_param(values[-1])}"


def headline_fields(cost: dict[str, Any]) -> tuple[str, str, str]:
    """(T field, T-depth field, label): ``total_t``/``total_t_depth`` (rotation synthesis
    included) when the report has them, else ``t_count``/``t_depth``."""
    if "total_t" in cost:
        return "total_t", "total_t_depth" if "total_t_depth" in cost else "t_depth", "T (all)"
    return "t_count", "t_depth", "T-count"


def layer_table(layers: list[dict[str, Any]]) -> Table:
    t, depth, label = headline_fields(layers[0]["cost"])
    columns = ["layer", "block", "qubits", label, "T-depth", "reps", "total T"]
    rows = [[l["name"], l["block"], count(l["cost"]["qubits"]), count(l["cost"][t]),
             count(l["cost"][depth]), count(l["repetitions"]), count(l["total"][t])]
            for l in layers]
    return Table("", columns, rows, [False, False] + [True] * 5)


def totals_table(totals: dict[str, Any]) -> Table:
    order = [k for k in UNITS if k in totals] + [k for k in totals if k not in UNITS]
    rows = [[k, exact_with_human(k, totals[k]) if abs(totals[k]) < EXACT_BELOW
             else number(totals[k]), *UNITS.get(k, ("", ""))] for k in order]
    return Table("", ["quantity", "value", "unit", "meaning"], rows,
                 [False, True, False, False])


def _scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list, tuple))


def _records(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _like_mappings(value: dict) -> bool:
    """A mapping whose values are mappings of scalars with one set of keys (a fit per
    damping rate, an estimate per profile): one table, a row per key."""
    inner = list(value.values())
    return (len(inner) > 1 and all(isinstance(v, dict) and all(_scalar(x) for x in v.values())
                                   for v in inner)
            and len({tuple(v) for v in inner}) == 1)


def body(key: str, value: Any, level: int) -> list[Node]:
    """The tables of one section (or nested part of one), most general shape last."""
    if _records(value):
        return [records_table("", value)]
    if isinstance(value, list):
        if _prose(value):
            return [Para(f"• {v}") for v in value]
        if value and all(isinstance(v, str) for v in value) and len(value) > INLINE_LIST:
            return [Pre(list(value))]
        return [Para(inline_list(value))]
    if not isinstance(value, dict):
        return [Para(exact_with_human(key, value))]
    if _like_mappings(value):
        return [records_table("", [{title(key): k, **v} for k, v in value.items()])]
    nodes: list[Node] = []
    if _before_after(value):
        value = dict(value)
        before, after = value.pop("before"), value.pop("after")
        nodes.append(Table("", ["quantity", "before", "after"],
                           [[title(k), number(before[k]), number(after[k])] for k in before],
                           [False, True, True]))
    rows = []
    for name, item in value.items():
        if _layout_key(value, name):
            continue
        if _scalar(item):
            rows.append([label(str(name)), exact_with_human(str(name), item)])
        elif isinstance(item, list) and not _records(item) and not _own_block(item):
            if not all(_scalar(v) for v in item):
                continue  # nested arrays (chart data) are drawn, not listed
            rows.append([title(str(name)), inline_list(item)])
    if rows:
        nodes.append(Table("", ["quantity", "value"], rows, [False, False]))
    for spec in _table_specs(value):
        nodes.append(Table(spec["title"], list(spec["columns"]),
                           [[_cell(v) for v in row] for row in spec["rows"]],
                           _numeric_columns(spec["rows"], len(spec["columns"]))))
    for name, item in value.items():
        if _layout_key(value, name) or _scalar(item) or (
                isinstance(item, list) and not _records(item) and not _own_block(item)):
            continue
        if isinstance(item, list) and item and not all(_scalar(v) for v in item) \
                and not _records(item):
            continue  # nested arrays (chart data) are drawn, not listed
        inner = body(str(name), item, level + 1)
        if inner:  # a part made only of chart data (drawn, not listed) gets no heading
            nodes.append(Heading(title(str(name)), min(level, 4)))
            nodes += inner
    return nodes


def _table_specs(value: dict) -> list[dict]:
    """The section's ``tables: [{title, columns, rows}]``, if that is what ``tables`` holds."""
    specs = value.get("tables")
    if isinstance(specs, list) and all(isinstance(t, dict) and {"columns", "rows"} <= set(t)
                                       for t in specs):
        return specs
    return []


def _layout_key(value: dict, name: str) -> bool:
    """Keys that are layout rather than data: table specs and chart specs."""
    if name == "tables":
        return bool(_table_specs(value))
    if name == "chart":
        return isinstance(value.get("chart"), dict) and "series" in value["chart"]
    if name == "charts":
        return isinstance(value.get("charts"), list) and all(
            isinstance(c, dict) and "series" in c for c in value["charts"])
    return name in ("summary", "verdict") and isinstance(value.get(name), str)


def _prose(value: list) -> bool:
    """A list of sentences (assumptions, notes): printed as bullets."""
    return bool(value) and all(isinstance(v, str) for v in value) and any(
        len(v) > 30 and " " in v for v in value) and len(value) <= 3 * INLINE_LIST


def _own_block(value: list) -> bool:
    """A list shown under its own heading: sentences, or many preformatted lines."""
    return bool(value) and all(isinstance(v, str) for v in value) and (
        _prose(value) or len(value) > INLINE_LIST)


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, list):
        return inline_list(value)
    if isinstance(value, dict):
        return "; ".join(f"{k} {_cell(v)}" for k, v in value.items())
    return str(value)


def _numeric_columns(rows: list[list[Any]], width: int) -> list[bool]:
    return [all(isinstance(r[i], (int, float)) or r[i] is None for r in rows if i < len(r))
            for i in range(width)]


def _before_after(value: Any) -> bool:
    """A record with ``before`` and ``after`` mappings of the same keys (an optimisation
    pass): shown as one before/after comparison, not two tables."""
    return (isinstance(value, dict) and isinstance(value.get("before"), dict)
            and isinstance(value.get("after"), dict)
            and list(value["before"]) == list(value["after"]))


class Figure(str):
    """A cell already formatted from numbers (``8 → 4``, ``0.22 ± 0.03``): right-aligned."""


def _changes(record: dict[str, Any]) -> dict[str, Any]:
    """A pass record with its before/after counts folded into one ``a → b`` cell each."""
    if not _before_after(record):
        return record
    out = {k: v for k, v in record.items() if k not in ("before", "after")}
    for k, b in record["before"].items():
        a = record["after"][k]
        out[k] = Figure(number(b) if a == b else f"{number(b)} → {number(a)}")
    return out


def _with_errors(record: dict[str, Any]) -> dict[str, Any]:
    """``error`` and ``error_stderr`` as one ``0.2228 ± 0.0358`` cell."""
    out = {}
    for k, v in record.items():
        err = record.get(k + "_stderr")
        if k.endswith("_stderr") and k[:-7] in record:
            continue
        out[k] = (Figure(f"{number(v)} ± {number(err)}") if isinstance(err, (int, float))
                  and isinstance(v, (int, float)) else v)
    return out


def records_table(name: str, records: list[dict[str, Any]]) -> Table:
    """A list of like mappings as one table: a column per key (first-seen order); list values
    of four or fewer numbers inline, longer ones summarised."""
    records = [_with_errors(_changes(r)) for r in records]
    columns: list[str] = []
    for rec in records:
        columns += [k for k in rec if k not in columns]
    rows = [[_record_cell(k, rec.get(k)) for k in columns] for rec in records]
    numeric = [all(isinstance(rec.get(k), (int, float, Figure)) or rec.get(k) is None
                   for rec in records) for k in columns]
    return Table(name, [label(c) for c in columns], rows, numeric)


def _record_cell(key: str, value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if key.lower().endswith(("seconds", "_s")):
            return duration(float(value))
        if key.lower().endswith("_ns"):
            return duration(float(value) * 1e-9)
        return number(value)
    return _cell(value)
