"""The report's ``budget`` and ``assumptions`` sections: plain numbers, short strings and
tables, so every format (table, md, html, json) shows the error budget and the conventions
behind every number of a network report."""

from __future__ import annotations

import math
from typing import Any

from qdl.circuits.cost import SYNTHESIS
from qdl.estimators.network.account import Accounting


def budget_section(net, acc: Accounting) -> dict[str, Any]:
    spec = net.spec.accuracy
    f = acc.failure
    truncation, truncation_tables = _truncation(net)
    rows = [
        ["readout and QLAM estimates", f["readout"], acc.coefficients,
         acc.failure_per_coefficient,
         "union bound over every estimate of every stage (DCD: r coefficients each; a "
         f"tomography: one, its samples from ln(d/f); {acc.estimates:,} QLAM inner products "
         "of global pooling / weight gradients, each run to this failure)"],
        ["rotation synthesis", f["rotations"], acc.rotations, acc.eps_rotation,
         f"ε per rotation = share / R; {SYNTHESIS.formula()} = {acc.t_per_rotation} T each"],
        ["hardware (logical errors, T distillation)", f["hardware"], None, None,
         "the physical estimate's error budget (--physical)"],
    ]
    stage_rows = []
    for s in acc.stages:
        if not s.precision:
            continue
        sc = s.success or {}
        stage_rows.append([s.name, s.epsilon, s.precision.get("readout"),
                           s.precision.get("fixed point"), s.precision.get("qram"),
                           s.precision.get("angle rounding"),
                           sc.get("amplitude"), sc.get("factor"), sc.get("method"),
                           s.readout["queries"] if s.readout else None, s.repetitions])
    return {
        "failure": spec.failure,
        "precision_mode": acc.mode,
        "epsilon": spec.epsilon if spec.epsilon is not None else
        f"per stage: readout precision / {spec.readout_share:g}",
        "t_per_rotation": acc.t_per_rotation,
        "eps_per_rotation": acc.eps_rotation,
        "rotations_executed": acc.rotations,
        "failure_per_coefficient": acc.failure_per_coefficient,
        "qram_error_rate": acc.qram_error_rate,
        **_rounding_keys(acc),
        "met": not acc.violations,
        "violations": len(acc.violations),
        "first_violation": acc.violations[0] if acc.violations else None,
        "calibration": acc.calibration_source,
        "qlam_estimates": acc.estimates,
        "scope": "ε bounds each stage's read-out vector given its read-in input; the "
                 "propagation table bounds what reaches the output (reported, not budgeted)",
        **_propagation_keys(acc.propagation),
        **truncation,
        "tables": [
            {"title": f"Failure budget δ = {spec.failure:g} (union bound)",
             "columns": ["part", "share", "items", "per item", "rule"], "rows": rows},
            {"title": f"Precision ({acc.mode}) and success per stage: parts must add up to ε",
             "columns": ["stage", "ε", "readout", "fixed point", "qram", "angle rounding",
                         "success amplitude",
                         "calls per success", "method", "readout calls", "repetitions"],
             "rows": stage_rows},
            _propagation_table(acc.propagation),
            *truncation_tables,
        ],
    }


def _rounding_keys(acc: Accounting) -> dict[str, Any]:
    """The worst stage's QROM angle-rounding part, its b and the least b that fits."""
    worst = max((s for s in acc.stages if s.rounding), default=None,
                key=lambda s: s.rounding["value"])
    if worst is None:
        return {}
    r = worst.rounding
    raised = {"raised_from": r["raised_from"]} if "raised_from" in r else {}
    return {"angle_rounding": {"stage": worst.name, "part": r["value"], "bits": r["bits"],
                               "least_bits": r["least_bits"], "operator_bound": r["e"],
                               "amplitude": r["a"], **raised}}


def _rounding_rows(acc: Accounting) -> list[list[str]]:
    keys = _rounding_keys(acc).get("angle_rounding")
    if keys is None:
        return []
    least = keys["least_bits"]
    bits = (f"b = {keys['bits']} bits per angle (raised from the lowering's f + 2 = "
            f"{keys['raised_from']}, which does not fit)" if "raised_from" in keys else
            f"b = f + 2 = {keys['bits']} bits per angle")
    return [["QROM-loaded angles",
             f"{bits}; worst case ‖Ũ − U‖ ≤ Σ over the rounded tree levels of "
             "2 sin(span/2^(b+3)), any data; charged to the stage's ε as 2‖Ũ − U‖/a (a: its "
             "post-selection amplitude); where f + 2 does not fit, the least b that does",
             f"worst stage {keys['stage']}: {keys['part']:.3g}; the least b fitting the room "
             "ε − readout − fixed point − qram: " + (str(least) if least else "none ≤ 30")
             + " (Grover–Rudolph tree, Low–Kliuchnikov–Schaeffer 2018 §3)"]]


def _finite(x):
    """JSON has no ∞: an unbounded factor is shown as the word."""
    return "unbounded" if isinstance(x, float) and math.isinf(x) else x


def _propagation_keys(p: dict[str, Any]) -> dict[str, Any]:
    return {"propagation_weights": p["weights"],
            "output_relative_error_bound": _finite(p["relative_output_error"]),
            "amplification": _finite(p["amplification"]),
            "propagation_not_lipschitz": p["not_lipschitz"]}


def _propagation_table(p: dict[str, Any]) -> dict[str, Any]:
    why = (f"; unbounded: dot-product attention ('{p['not_lipschitz']}') has no global "
           "Lipschitz constant (Kim et al. 2021)" if p["not_lipschitz"] else "")
    amp = p["amplification"]
    shown = "–" if amp is None else "unbounded" if math.isinf(amp) else f"{amp:.3g}"
    return {"title": "Error propagation to the output (ℓ2, value units): E_out ≤ Σ G·e; "
                     f"relative bound = amplification {shown} × the last stage's ε; "
                     f"weights: {p['weights']}{why}; the 8 largest terms",
            "columns": ["layer", "gain G to the output", "local error e = ε·(unit)",
                        "G·e"],
            "rows": [[_finite(v) for v in r] for r in p["rows"][:8]]}


def _truncation(net) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The measured drift beside the propagated truncation bound, where it can run."""
    from qdl.estimators.network.truncation import applies, compare

    why = applies(net)
    if why:
        return {"truncation_check": why}, []
    rows = compare(net, net.spec.calibration.seed)
    held = all(r["measured"] <= r["bound"] * (1 + 1e-9) or r["saturated"] for r in rows)
    return ({"truncation_check": "measured fixed-point drift within the propagated bound at "
                                 "every layer" if held else
             "measured drift exceeds the bound (wrapped or saturated outputs: see the table)",
             "truncation_bound_holds": held},
            [{"title": "Fixed-point truncation: bound against the measured drift of the "
                       "fixed-point forward pass from float64 (seeded input and weights on "
                       "the grid; ℓ2 over each layer's output)",
              "columns": ["layer", "local bound", "propagated bound", "measured",
                          "wrapped + clamped + saturated"],
              "rows": [[r["layer"], r["local_bound"], r["bound"], r["measured"],
                        r["saturated"]] for r in rows]}])


def assumptions_section(net, acc: Accounting) -> dict[str, Any]:
    spec = net.spec
    r = spec.readout
    readout = (f"{r.protocol}, rank {r.rank}, ε {r.epsilon:g}" if r.protocol == "dcd"
               else f"{r.protocol}, δ {r.delta:g}, sign stage {r.sign_stage}")
    rows = [
        ["numerics", f"({spec.numerics.bits}, {spec.numerics.frac_bits}) signed fixed point, "
                     "products truncated toward −∞; a sum of L products accumulates with "
                     "⌈log2 L⌉ guard bits and is saturated to b bits for the conversion",
         "overrides: " + (", ".join(spec.overrides) or "none")],
        ["readout", readout, f"precision {acc.mode}"
         + (" (ε/√size per entry)" if acc.mode == "per_entry" else " (on the unit vector)")],
        ["error budget", f"δ = {spec.accuracy.failure:g} split readout "
                         f"{spec.accuracy.failure_split.readout:g} / rotations "
                         f"{spec.accuracy.failure_split.rotations:g} / hardware "
                         f"{spec.accuracy.failure_split.hardware:g}",
         "union bounds; ε per stage = readout + fixed point + qram + angle rounding"],
        *_rounding_rows(acc),
        ["rotation synthesis", f"{SYNTHESIS.name}: {SYNTHESIS.formula()}, ε = "
                               f"{acc.eps_rotation:.3g} → {acc.t_per_rotation} T",
         SYNTHESIS.reference],
        ["success amplitudes", _calibration(spec.calibration),
         "qdac σ·2^(f−b+1)·√(n/2^a) on a b-bit register (outputs saturated to b bits, "
         "guard bits dropped); the cheaper of repeat-until-success and amplitude "
         "amplification"],
        ["error propagation", acc.propagation["weights"],
         "ℓ2 Lipschitz constants per layer; reported as an amplification, not budgeted"],
        ["weights", "classical constants written with X gates (worst case: all ones)",
         "weights of magnitude ≤ 1 in the truncation bound"],
        ["QRAM", spec.qram + (f", damping γ = {acc.qram_error_rate:g} per step and qubit "
                              "(App. F model)" if acc.qram_error_rate else ""),
         "two queries (load, unload) per use"],
        ["schedule", "stages in sequence, each repeated; parts of a stage in sequence",
         "depths add (upper bound); qubits are the widest stage"],
        ["T counting", "total T = T + 4·Toffoli + 4·AND + T/rotation × rotations",
         "Jones 2013 Toffoli, Gidney 2018 AND"],
    ]
    return {"tables": [{"title": "Assumptions behind every number above",
                        "columns": ["item", "value", "note"], "rows": rows}]}


def _calibration(cal) -> str:
    if cal.source == "forward":
        return (f"measured: σ per stage and A·V post-selection on the float64 forward pass of "
                f"a seeded input (seed {cal.seed}, weights of variance 1/fan-in)")
    return (f"given: activation rms {cal.rms:g}"
            + (f" ({len(cal.layers)} layer patterns)" if cal.layers else "")
            + ", A·V post-selection "
            + (f"{cal.attention_success:g}" if cal.attention_success else "1/N"))
