"""The bridge from reports to physical estimates: options, the ``physical`` section, exports.

``qdl-compile --physical [PROFILE] [--qec NAME] [--error-budget X]`` adds
``report.sections["physical"]`` to any report, computed from ``report.totals`` through
:meth:`LogicalCounts.from_cost`. ``--format qdk`` writes the totals as the Microsoft estimator's
LogicalCounts JSON; ``--format qref`` writes the layers as a QREF v1 program (PsiQuantum's
Quantum Resource Estimation Format: github.com/PsiQ/qref, schema ``version: v1``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from qdl.estimators.physical import DEFAULT_ERROR_BUDGET, LogicalCounts, estimate
from qdl.estimators.qubit_profiles import DEFAULT_PROFILE


@dataclass(frozen=True)
class PhysicalRequest:
    """What to estimate the physical cost on, with the defaults of the standard model."""

    profile: str = DEFAULT_PROFILE
    qec: str = "surface_code"
    error_budget: float = DEFAULT_ERROR_BUDGET
    max_factories: int | None = None
    max_physical_qubits: int | None = None

    def estimate(self, counts: LogicalCounts):
        return estimate(counts, self.profile, self.qec, self.error_budget,
                        max_factories=self.max_factories,
                        max_physical_qubits=self.max_physical_qubits)


def physical_section(report, request: PhysicalRequest) -> dict[str, Any]:
    """The ``physical`` section of a report, from its totals."""
    return request.estimate(LogicalCounts.from_cost(report.totals)).section()


def render_qdk(report) -> str:
    """The report's totals as the estimator's LogicalCounts JSON."""
    return json.dumps(LogicalCounts.from_cost(report.totals).as_qdk(), indent=2) + "\n"


#: qdl Cost fields exported as QREF additive resources.
QREF_RESOURCES = ("total_t", "t", "toffoli", "and", "rotations", "rotation_t", "clifford",
                  "measurements", "t_count")


def _qref_name(text: str) -> str:
    """QREF names match [A-Za-z_][A-Za-z0-9_]*."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", text)
    return name if re.match(r"[A-Za-z_]", name) else f"_{name}"


def _resources(cost_dict: dict[str, int]) -> list[dict[str, Any]]:
    out = [{"name": key, "type": "additive", "value": cost_dict[key]} for key in QREF_RESOURCES]
    out.append({"name": "qubits", "type": "qubits", "value": cost_dict["qubits"]})
    for depth in ("total_t_depth", "t_depth", "toffoli_depth", "rotation_depth"):
        out.append({"name": depth, "type": "other", "value": cost_dict[depth]})
    return out


def qref_program(report) -> dict[str, Any]:
    """A QREF v1 document: the model as the root, one child per layer with its total cost
    (one execution times its repetitions), ports for the widest register width."""
    children = []
    for i, layer in enumerate(report.layers):
        total = layer.total.as_dict()
        children.append({"name": _qref_name(f"{layer.name}_{i}") if len(report.layers) > 1
                         else _qref_name(layer.name),
                         "type": layer.block, "resources": _resources(total),
                         "ports": [], "input_params": [],
                         "children": [], "connections": []})
    root = {"name": _qref_name(report.model), "type": report.kind,
            "resources": _resources(report.totals.as_dict()),
            "ports": [], "input_params": [], "children": children, "connections": []}
    return {"version": "v1", "program": root}


def render_qref(report) -> str:
    return json.dumps(qref_program(report), indent=2) + "\n"
