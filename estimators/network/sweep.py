"""``--sweep PARAM=v1,v2,...``: recompile a network for each value and fit scaling exponents.

PARAM is one of ``height`` (image side: height = width = v, so N = v²), ``tokens``, ``rank``
(``r``), ``epsilon`` (``eps``), ``delta`` and ``bits``. The section holds one row per value
(N, qubits, T-count, T-depth, total readout repetitions, QRAM bits) and the least-squares
slope of log T-count and log T-depth against log of the swept quantity (N for ``height``),
i.e. the exponent k in T ∝ x^k; html reports draw the log-log plot.
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np
from pydantic import ValidationError

from qdl.estimators.network import spec as S
from qdl.estimators.network.compile import compile_network
from qdl.errors import UsageError, shown

ALIASES = {"r": "rank", "eps": "epsilon", "size": "height"}
PARAMS = ("height", "tokens", "rank", "epsilon", "delta", "bits")


def parse_sweep(text: str) -> tuple[str, list[float]]:
    name, sep, values = text.partition("=")
    name = ALIASES.get(name.strip(), name.strip())
    if not sep or name not in PARAMS:
        raise UsageError(f"--sweep '{shown(text)}': expected PARAM=v1,v2,... with PARAM one of "
                         f"{', '.join(PARAMS)}", "e.g. --sweep height=32,64,128")
    try:
        vals = [float(v) for v in values.split(",") if v.strip()]
    except ValueError:
        raise UsageError(f"--sweep '{shown(text)}': values must be numbers", "e.g. --sweep rank=10,20")
    if len(vals) < 2 or not all(0 < v < 1e15 for v in vals):  # NaN and inf fail too
        raise UsageError(f"--sweep '{shown(text)}': give at least two positive, finite values",
                         "e.g. --sweep epsilon=0.04,0.02,0.01")
    return name, vals


def with_value(spec: S.NetworkSpec, name: str, value: float) -> S.NetworkSpec:
    data = spec.model_dump(exclude_none=True)
    if name == "height":
        if "height" not in data["input"]:
            raise UsageError("--sweep height needs an image input", "sweep tokens instead")
        data["input"]["height"] = data["input"]["width"] = int(value)
    elif name == "tokens":
        if "tokens" not in data["input"]:
            raise UsageError("--sweep tokens needs a token input", "sweep height instead")
        data["input"]["tokens"] = int(value)
    elif name == "bits":
        data["numerics"]["bits"] = int(value)
    else:
        data["readout"][name] = int(value) if name == "rank" else value
    try:
        return S.NetworkSpec.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise UsageError(f"--sweep {name}={value:g}: {err['msg']}", "change the sweep values")


def exponent(x: list[float], y: list[float]) -> float | None:
    """Least-squares slope of log y against log x (None when y is not positive throughout)."""
    if len(x) < 2 or min(y) <= 0 or len(set(x)) < 2:
        return None
    return float(np.polyfit(np.log(np.array(x, dtype=float)),
                            np.log(np.array(y, dtype=float)), 1)[0])


def _point(spec: S.NetworkSpec, name: str, value: float) -> tuple[int, dict[str, int]]:
    """One sweep point: (input positions N, model totals). Top level, so processes can run it."""
    net = compile_network(with_value(spec, name, value))
    return net.nodes[0].inp.positions, _totals(net)


def sweep_section(spec: S.NetworkSpec, text: str, jobs: int = 1) -> dict[str, Any]:
    """Compile every point (in ``jobs`` worker processes when > 1) and fit the exponents."""
    name, values = parse_sweep(text)
    for v in values:  # check every value here, so a bad one fails before any work starts
        with_value(spec, name, v)
    rows, xs, tcount, tdepth = [], [], [], []
    from concurrent.futures import ProcessPoolExecutor

    from rich.console import Console
    from rich.progress import Progress

    results: dict[float, tuple[int, dict[str, int]]] = {}
    with Progress(console=Console(stderr=True), transient=True,
                  disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task(f"sweep {name}", total=len(values))
        if jobs > 1:
            with ProcessPoolExecutor(max_workers=min(jobs, len(values))) as pool:
                futures = {pool.submit(_point, spec, name, v): v for v in values}
                for future in futures:
                    results[futures[future]] = future.result()
                    bar.advance(task)
        else:
            for v in values:
                results[v] = _point(spec, name, v)
                bar.advance(task)
    for v in values:
        n, total = results[v]
        x = n if name == "height" else v
        xs.append(x)
        tcount.append(total["t_count"])
        tdepth.append(total["t_depth"])
        rows.append([v, n, total["qubits"], total["t_count"], total["t_depth"],
                     total["repetitions"], total["qram_bits"]])
    x_label = "N (input positions)" if name == "height" else name
    k_count, k_depth = exponent(xs, tcount), exponent(xs, tdepth)
    return {
        "parameter": name, "x": x_label,
        "t_count_exponent": k_count, "t_depth_exponent": k_depth,
        "tables": [{"title": f"Scaling with {name} (exponents: T-count ∝ x^{_fmt(k_count)}, "
                             f"T-depth ∝ x^{_fmt(k_depth)}, x = {x_label})",
                    "columns": [name, "N", "qubits", "T-count", "T-depth",
                                "readout repetitions", "QRAM bits"], "rows": rows}],
        "chart": {"x": xs, "series": {"T-count": tcount, "T-depth": tdepth},
                 "x_label": x_label, "title": f"{spec.preset or 'network'}: cost vs {x_label}"},
    }


def _fmt(k: float | None) -> str:
    return "n/a" if k is None else f"{k:.3f}"


def _totals(net) -> dict[str, int]:
    t = {"qubits": 0, "t_count": 0, "t_depth": 0, "repetitions": 0, "qram_bits": 0}
    for cs in net.stages:
        t["qubits"] = max(t["qubits"], cs.cost.qubits)
        t["t_count"] += cs.cost.t_count * cs.repetitions
        t["t_depth"] += cs.cost.t_depth * cs.repetitions
        t["repetitions"] += cs.repetitions
        t["qram_bits"] += sum(w * b for w, b in cs.stage.tables)
    return t
