"""The report's ``budget`` and ``assumptions`` sections: plain numbers, short strings and
tables, so every format (table, md, html, json) shows the error budget and the conventions
behind every number of a network report."""

from __future__ import annotations

from typing import Any

from qdl.circuits.cost import SYNTHESIS
from qdl.estimators.network.account import Accounting


def budget_section(net, acc: Accounting) -> dict[str, Any]:
    spec = net.spec.accuracy
    f = acc.failure
    rows = [
        ["readout", f["readout"], acc.coefficients, acc.failure_per_coefficient,
         "union bound over every estimate of every stage (DCD: r coefficients each; a "
         "tomography: one, its samples from ln(d/f))"],
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
        "met": not acc.violations,
        "violations": len(acc.violations),
        "first_violation": acc.violations[0] if acc.violations else None,
        "scope": "ε bounds each stage's read-out vector given its read-in input; how errors "
                 "propagate through later layers (their Lipschitz constants) is not bounded",
        "tables": [
            {"title": f"Failure budget δ = {spec.failure:g} (union bound)",
             "columns": ["part", "share", "items", "per item", "rule"], "rows": rows},
            {"title": f"Precision ({acc.mode}) and success per stage: parts must add up to ε",
             "columns": ["stage", "ε", "readout", "fixed point", "qram", "success amplitude",
                         "calls per success", "method", "readout calls", "repetitions"],
             "rows": stage_rows},
        ],
    }


def assumptions_section(net, acc: Accounting) -> dict[str, Any]:
    spec = net.spec
    r = spec.readout
    readout = (f"{r.protocol}, rank {r.rank}, ε {r.epsilon:g}" if r.protocol == "dcd"
               else f"{r.protocol}, δ {r.delta:g}, sign stage {r.sign_stage}")
    rows = [
        ["numerics", f"({spec.numerics.bits}, {spec.numerics.frac_bits}) signed fixed point, "
                     "products truncated toward −∞", "overrides: " +
         (", ".join(spec.overrides) or "none")],
        ["readout", readout, f"precision {acc.mode}"
         + (" (ε/√size per entry)" if acc.mode == "per_entry" else " (on the unit vector)")],
        ["error budget", f"δ = {spec.accuracy.failure:g} split readout "
                         f"{spec.accuracy.failure_split.readout:g} / rotations "
                         f"{spec.accuracy.failure_split.rotations:g} / hardware "
                         f"{spec.accuracy.failure_split.hardware:g}",
         "union bounds; ε per stage = readout + fixed point + qram"],
        ["rotation synthesis", f"{SYNTHESIS.name}: {SYNTHESIS.formula()}, ε = "
                               f"{acc.eps_rotation:.3g} → {acc.t_per_rotation} T",
         SYNTHESIS.reference],
        ["success amplitudes", f"activation rms {spec.calibration.rms:g}"
         + (f" ({len(spec.calibration.layers)} layer patterns)" if spec.calibration.layers
            else "") + ", A·V post-selection " +
         (f"{spec.calibration.attention_success:g}" if spec.calibration.attention_success
          else "1/N"), "cheaper of repeat-until-success and amplitude amplification"],
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
