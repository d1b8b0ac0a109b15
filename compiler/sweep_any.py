"""``--sweep PARAM=v1,v2,...`` for models other than networks (primitives, training, readout):
recompile for each value and fit how the cost scales, in the same section shape as a
network's sweep (``qdl.estimators.network.sweep``): a table, the fitted exponents and a chart.

PARAM names a number in the model's own mapping: a primitive's ``params`` (``bits``), or a key
of the kind's block (``training: steps``); a dotted name reaches nested keys
(``hardware.layer_seconds``). Each point is the model with that one value replaced, validated
like the file itself, so a value the model cannot take is a one-line error before any work.
"""

from __future__ import annotations

import copy
from contextlib import contextmanager
from typing import Any

from qdl.errors import QdlError, UsageError

#: side files the kinds write (plots) are not written once per sweep point
_SIDE_FILE_KEYS = ("plot", "plots")


def _container(kind, data: dict) -> dict:
    """The mapping whose keys a sweep may name."""
    if kind.name == "primitive":
        return data.setdefault("params", {})
    block = data.get(kind.key)
    if not isinstance(block, dict):
        raise UsageError(f"--sweep does not apply to a {kind.name} model", "remove --sweep")
    return block


def parse(text: str) -> tuple[str, list[float]]:
    name, sep, values = text.partition("=")
    try:
        vals = [float(v) for v in values.split(",") if v.strip()]
    except ValueError:
        vals = []
    vals = [int(v) if v.is_integer() else v for v in vals]  # bits=8 reads back as 8
    if not sep or not name.strip() or len(vals) < 2:
        raise UsageError(f"--sweep '{text}': expected PARAM=v1,v2,... with two or more numbers",
                         "e.g. --sweep bits=8,16,32,64")
    return name.strip(), vals


def _point_data(kind, data: dict, name: str, value: float) -> dict:
    point = copy.deepcopy(data)
    point.pop("kind", None)
    target = _container(kind, point)
    for key in _SIDE_FILE_KEYS:
        target.pop(key, None)
        point.pop(key, None)
    *parents, leaf = name.split(".")
    for part in parents:
        target = target.get(part)
        if not isinstance(target, dict):
            raise UsageError(f"--sweep {name}: the model has no mapping '{part}'",
                             "name a number in the model")
    old = target.get(leaf, _default(kind, data, leaf))
    if isinstance(old, bool) or not isinstance(old, (int, float)):
        raise UsageError(f"--sweep {name}: the model has no number called '{name}'",
                         "name a numeric parameter of the model, e.g. bits or steps")
    target[leaf] = int(value) if isinstance(old, int) and float(value).is_integer() else value
    return point


def _default(kind, data: dict, leaf: str) -> Any:
    """A primitive parameter left at its default can still be swept."""
    if kind.name != "primitive":
        return None
    from qdl.circuits.registry import lookup

    try:
        return lookup(str(data.get("primitive"))).defaults().get(leaf)
    except QdlError:
        return None


def sweep_report(kind, spec, doc, options, text: str):
    """The model compiled at its own values, plus a ``sweep`` section over ``text``."""
    from qdl import progress
    from qdl.compiler.model import CompileOptions, load_model
    from qdl.estimators.network.sweep import exponent

    name, values = parse(text)
    base = str(doc.path).rsplit("/", 1)[0] if "/" in str(doc.path) else "."
    points = []
    for v in values:  # every value is validated before any work starts
        with _about(name, v):
            point = load_model(_point_data(kind, doc.data, name, v), base_dir=base)
            _check_primitive_params(*point)
            points.append(point)
    quiet = CompileOptions(count_from=options.count_from,
                           extra={**options.extra, "output": None, "sweep": None})
    rows, xs, tcount, tdepth = [], [], [], []
    with progress.bar(f"sweep {name}", total=len(values)) as task:
        for v, (k, s, d) in zip(values, points):
            with _about(name, v):
                totals = k.compile(s, d, quiet).totals
            xs.append(v)
            tcount.append(totals.t_count)
            tdepth.append(totals.t_depth)
            rows.append([v, totals.qubits, totals.t_count, totals.t_depth,
                         totals.rotations])
            task.advance()
    report = kind.compile(spec, doc, options)
    k_count, k_depth = exponent(xs, tcount), exponent(xs, tdepth)
    report.sections["sweep"] = {
        "parameter": name, "x": name,
        "t_count_exponent": k_count, "t_depth_exponent": k_depth,
        "tables": [{"title": f"Scaling with {name} (T-count ∝ {name}^{_k(k_count)}, "
                             f"T-depth ∝ {name}^{_k(k_depth)})",
                    "columns": [name, "qubits", "T-count", "T-depth", "rotations"],
                    "rows": rows}],
        "chart": {"x": xs, "series": {"T-count": tcount, "T-depth": tdepth},
                  "x_label": name, "y_label": "count",
                  "title": f"{report.model}: cost vs {name}"},
    }
    return report


@contextmanager
def _about(name: str, value: float):
    """A failure at one sweep point is a usage error that names the point."""
    try:
        yield
    except UsageError:
        raise
    except QdlError as exc:
        raise UsageError(f"--sweep {name}={value:g}: {exc.what}",
                         "change the sweep values") from None


def _check_primitive_params(kind, spec, doc) -> None:
    """A primitive's parameters are validated when it compiles; check them up front."""
    if kind.name != "primitive":
        return
    from qdl.circuits.registry import lookup
    from qdl.compiler.model import validate

    validate(lookup(spec.primitive).params, spec.params, doc, at=("params",))


def _k(k: float | None) -> str:
    return "n/a" if k is None else f"{k:.3f}"
