"""``--sweep PARAM=v1,v2,...``: recompile a network for each value and fit scaling exponents.

PARAM is one of ``height`` (image side: height = width = v, so N = v²), ``tokens``, ``rank``
(``r``), ``epsilon`` (``eps``), ``delta`` and ``bits``. Every point is budgeted
(qdl.estimators.network.account) twice: with the readout precision per entry (relative to
the typical entry 1/√size: the sweep's default, since an absolute ε on a unit vector of N·d
entries means less and less per entry as N grows) and absolute; the model's own
``accuracy.precision`` is the one shown first when it is given. The section holds one row per
value (N, qubits, total T and total T-depth with rotations, T-count, rotation T and T per
rotation, repetitions, total T in the other precision mode, classical FLOPs, quantum and
classical time, QRAM bits), the least-squares exponents k in total T ∝ x^k against the swept
quantity (N for ``height``), the same per stage type (one execution and with repetitions: a
Θ(N²) A·V stage shows N²), and a verdict: where the fitted quantum and classical times
cross, or that they do not; html reports draw both log-log plots.
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np
from pydantic import ValidationError

from dataclasses import replace

from qdl.estimators.network import spec as S
from qdl.estimators.network.account import account
from qdl.estimators.network.classical import classical_section
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


def _modes(spec: S.NetworkSpec) -> tuple[str, str]:
    """(shown, other) precision modes: the model's own when it states one, else per entry."""
    first = spec.accuracy.precision if "precision" in spec.accuracy.model_fields_set \
        else "per_entry"
    return first, "absolute" if first == "per_entry" else "per_entry"


def _point(spec: S.NetworkSpec, name: str, value: float) -> tuple[int, dict[str, Any]]:
    """One sweep point: (input positions N, totals in both precision modes). Top level, so
    processes can run it."""
    net = compile_network(with_value(spec, name, value))
    out: dict[str, Any] = {}
    for i, mode in enumerate(_modes(spec)):
        acc_spec = spec.accuracy.model_copy(update={"precision": mode})
        budgeted = account(replace(net, spec=net.spec.model_copy(update={"accuracy": acc_spec})))
        out["shown" if i == 0 else "other"] = _totals(net, budgeted)
    return net.nodes[0].inp.positions, out


def sweep_section(spec: S.NetworkSpec, text: str, jobs: int = 1) -> dict[str, Any]:
    """Compile every point (in ``jobs`` worker processes when > 1) and fit the exponents."""
    name, values = parse_sweep(text)
    for v in values:  # check every value here, so a bad one fails before any work starts
        with_value(spec, name, v)
    from concurrent.futures import ProcessPoolExecutor

    from rich.console import Console
    from rich.progress import Progress

    results: dict[float, tuple[int, dict[str, Any]]] = {}
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
    shown, other = _modes(spec)
    xs, rows = [], []
    series: dict[str, list[float]] = {k: [] for k in (
        "total_t", "total_t_depth", "t_count", "other_total_t", "classical_flops",
        "quantum_seconds", "classical_seconds")}
    for v in values:
        n, point = results[v]
        t, o = point["shown"], point["other"]
        xs.append(n if name == "height" else v)
        for key in series:
            series[key].append(o["total_t"] if key == "other_total_t" else t[key])
        rows.append([v, n, t["qubits"], t["total_t"], t["total_t_depth"], t["t_count"],
                     t["rotation_t"], t["t_per_rotation"], t["repetitions"], o["total_t"],
                     t["classical_flops"], t["quantum_seconds"], t["classical_seconds"],
                     t["qram_bits"]])
    x_label = "N (input positions)" if name == "height" else name
    k = {key: exponent(xs, ys) for key, ys in series.items()}
    groups = group_table(xs, [results[v][1]["shown"]["groups"] for v in values])
    verdict = crossover(xs, series["quantum_seconds"], series["classical_seconds"], x_label)
    verdict = asymptotic(verdict, groups["rows"], series["total_t"][-1], k["total_t"],
                         k["classical_flops"], xs[-1], x_label)
    model = spec.preset or "network"
    return {
        "parameter": name, "x": x_label, "precision_mode": shown, "other_mode": other,
        "total_t_exponent": k["total_t"], "total_t_depth_exponent": k["total_t_depth"],
        "t_count_exponent": k["t_count"], "t_depth_exponent": k["total_t_depth"],
        "other_mode_total_t_exponent": k["other_total_t"],
        "classical_flops_exponent": k["classical_flops"],
        "quantum_time_exponent": k["quantum_seconds"],
        "verdict": verdict,
        "tables": [{"title": f"Scaling with {name}, readout precision {shown} (exponents, x = "
                             f"{x_label}: total T ∝ x^{_fmt(k['total_t'])}, total T-depth ∝ "
                             f"x^{_fmt(k['total_t_depth'])}, T-count without rotations ∝ "
                             f"x^{_fmt(k['t_count'])}, total T {other} ∝ "
                             f"x^{_fmt(k['other_total_t'])}, classical FLOPs ∝ "
                             f"x^{_fmt(k['classical_flops'])})",
                    "columns": [name, "N", "qubits", "total T", "total T-depth", "T-count",
                                "rotation T", "T/rotation", "repetitions",
                                f"total T ({other})", "classical FLOPs", "quantum s",
                                "classical s", "QRAM bits"], "rows": rows}, groups],
        "charts": [
            {"x": xs, "series": {f"total T ({shown})": series["total_t"],
                                 f"total T ({other})": series["other_total_t"],
                                 "total T-depth": series["total_t_depth"],
                                 "classical FLOPs": series["classical_flops"]},
             "x_label": x_label, "title": f"{model}: cost vs {x_label}"},
            {"x": xs, "series": {"quantum time (s)": series["quantum_seconds"],
                                 "classical time (s)": series["classical_seconds"]},
             "x_label": x_label, "title": f"{model}: forward-pass time vs {x_label}"}],
    }


def crossover(xs: list[float], quantum: list[float], classical: list[float], x_label: str
              ) -> str:
    """Where the power laws fitted to the quantum and classical times cross (module doc)."""
    kq, kc = exponent(xs, quantum), exponent(xs, classical)
    if kq is None or kc is None:
        return "no verdict: a time is zero somewhere in the sweep"
    # log t = k·log x + c for each; the last point anchors the fit's constant
    cq = np.log(quantum[-1]) - kq * np.log(xs[-1])
    cc = np.log(classical[-1]) - kc * np.log(xs[-1])
    ahead = quantum[-1] < classical[-1]
    if abs(kc - kq) < 1e-9:
        return ("quantum faster at every size" if ahead else "never: quantum and classical "
                f"grow alike (x^{kq:.2f}) and quantum is slower")
    x_cross = float(np.exp((cq - cc) / (kc - kq)))
    if kq >= kc:
        return ("never: quantum time grows as x^{:.2f}, classical as x^{:.2f}, and quantum is "
                "already slower".format(kq, kc) if not ahead else
                f"quantum faster up to {x_label} ≈ {x_cross:.3g} (fitted)")
    return (f"quantum faster already (its time grows as x^{kq:.2f} < x^{kc:.2f})" if ahead else
            f"quantum would win beyond {x_label} ≈ {x_cross:.3g} (fitted: quantum x^{kq:.2f}, "
            f"classical x^{kc:.2f})")


def asymptotic(verdict: str, groups: list[list], total: float, k_total: float | None,
               k_classical: float | None, x_last: float, x_label: str) -> str:
    """A fitted crossover extrapolates the stages that dominate inside the sweep; a stage type
    growing faster than classical FLOPs overtakes them beyond it and then quantum never wins
    (the per-type rows: name, one execution, exponent, with repetitions, exponent)."""
    if not verdict.startswith("quantum would win") or k_classical is None or k_total is None:
        return verdict
    faster = [(r[4], r[0], r[3]) for r in groups
              if r[4] is not None and r[3] and r[4] > max(k_classical, k_total)]
    if not faster:
        return verdict
    e, name, last = max(faster)
    at = x_last * (total / last) ** (1 / (e - k_total))
    return (f"{verdict}; but {name} grows as x^{e:.2f} (classical x^{k_classical:.2f}) and "
            f"overtakes the fitted total at {x_label} ≈ {at:.3g}: asymptotically never")


def stage_group(stage) -> str:
    """Stages that scale alike: the layer type, with the attention stage's part
    (attention.qkv, attention.scores, attention.values, attention.proj)."""
    if stage.type == "attention":
        return "attention." + stage.name.rsplit(".", 1)[-1]
    return stage.type + (".grad" if ".grad" in stage.name else "")


def group_table(xs: list[float], points: list[dict[str, list[int]]]) -> dict[str, Any]:
    """Exponents per stage group of one execution's and of the repeated total T."""
    rows = []
    for name in points[-1]:
        one = [p.get(name, [0, 0])[0] for p in points]
        rep = [p.get(name, [0, 0])[1] for p in points]
        rows.append([name, one[-1], exponent(xs, one), rep[-1], exponent(xs, rep)])
    rows.sort(key=lambda r: -r[3])
    return {"title": "Per stage type: total T (rotations included) at the last point and its "
                     "exponent, one execution and with repetitions",
            "columns": ["stages", "one execution", "exponent", "with repetitions", "exponent"],
            "rows": rows}


def _fmt(k: float | None) -> str:
    return "n/a" if k is None else f"{k:.3f}"


def _totals(net, acc) -> dict[str, Any]:
    total = acc.totals
    base = net.spec.baseline
    timing = classical_section(net, acc, base.flops_per_second, base.profile)
    groups: dict[str, list[int]] = {}
    for s in acc.stages:
        if s.compiled.stage.classical:
            continue
        g = groups.setdefault(stage_group(s.compiled.stage), [0, 0])
        g[0] += s.cost.total_t
        g[1] += s.total.total_t
    return {"groups": groups, "qubits": total.qubits, "total_t": total.total_t,
            "total_t_depth": total.total_t_depth, "t_count": total.t_count,
            "rotation_t": total.rotation_t, "t_per_rotation": acc.t_per_rotation,
            "repetitions": sum(s.repetitions for s in acc.stages),
            "qram_bits": sum(w * b for cs in net.stages for w, b in cs.stage.tables),
            "classical_flops": timing["classical_flops"],
            "quantum_seconds": timing["quantum_seconds"],
            "classical_seconds": timing["classical_seconds"]}
