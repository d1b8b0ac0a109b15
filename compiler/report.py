"""Reports: what ``qdl-compile`` prints or writes, in table, json (qdl-report/1), md and html.

docs/report-schema.md is the contract for the JSON form. A report is a list of layers (one for
a single primitive), each one execution's cost times its repetitions, plus the model totals
and, with ``--verify``, the verification results. Later features add named sections
(``report.sections["physical"] = {...}``) which every format carries.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from qdl.circuits.cost import Cost

SCHEMA = "qdl-report/1"


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
    #: versions, command line, input and its hash, timestamp (qdl.compiler.provenance);
    #: set by the CLI and the Python API
    provenance: dict[str, Any] | None = None

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
        if self.provenance is not None:
            out["provenance"] = jsonable(self.provenance)
        from qdl.compiler.provenance import exact_integers

        big = exact_integers(out)
        if big:
            out["exact_integers"] = big
        return out

    def __repr__(self) -> str:
        totals = self.totals
        sections = ", ".join(self.sections) or "none"
        return (f"Report({self.model!r}, kind={self.kind!r}, t_count={totals.t_count}, "
                f"qubits={totals.qubits}, t_depth={totals.t_depth}, layers={len(self.layers)}, "
                f"sections: {sections})")

    def _repr_markdown_(self) -> str:
        return render_md(self)

    def _repr_html_(self) -> str:
        from qdl.compiler.render import html

        return html.fragment(self.to_dict())


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


# The human formats and JSON are written by qdl.compiler.render from ``Report.to_dict()``.
from qdl.compiler.render import (  # noqa: E402  (re-exported: the CLI and kinds import these)
    RENDERERS, render_html, render_json, render_md, render_table)
from qdl.compiler.render.document import UNITS  # noqa: E402

__all__ = ["Layer", "Report", "SCHEMA", "UNITS", "RENDERERS", "jsonable", "render_html",
           "render_json", "render_md", "render_table"]
