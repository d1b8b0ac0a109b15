"""The logical cost record shared by every block, pass, estimator and report.

Field meanings are fixed project-wide (docs/costs.md gives the conventions in full):

========================  ==================================================================
``qubits``                peak simultaneously live logical qubits, ancillas included
``t``                     explicit T / T† gates
``toffoli``               Toffoli (CCX / CCZ) gates
``and``                   temporary logical-AND computations (Gidney 2018: 4 T each)
``rotations``             arbitrary-angle single-qubit rotations
``rotation_t``            T gates spent synthesising those rotations (kept out of ``t_count``)
``clifford``              explicit Clifford gates (units such as Toffoli count only as themselves)
``measurements``          single-qubit measurements
``t_depth``               critical path in T layers (Toffoli = 3, AND = Gidney's construction)
``toffoli_depth``         critical path in Toffoli/AND layers
``rotation_depth``        critical path in rotation layers
``t_count`` (derived)     ``t + 4*toffoli + 4*and`` (Jones 2013 Toffoli, Gidney 2018 AND)
========================  ==================================================================

Counts are Python integers, so a ResNet's 10^15 T gates are exact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

#: Fields that add up when operations are composed (in sequence or in parallel).
ADDITIVE = ("t", "toffoli", "and_", "rotations", "rotation_t", "clifford", "measurements")
#: Fields that are critical-path depths.
DEPTHS = ("t_depth", "toffoli_depth", "rotation_depth")


@dataclass(frozen=True, slots=True)
class Cost:
    """Exact logical cost of one operation. ``and_`` is exported as ``and``."""

    qubits: int = 0
    t: int = 0
    toffoli: int = 0
    and_: int = 0
    rotations: int = 0
    rotation_t: int = 0
    clifford: int = 0
    measurements: int = 0
    t_depth: int = 0
    toffoli_depth: int = 0
    rotation_depth: int = 0

    @property
    def t_count(self) -> int:
        """Magic-state cost: ``t + 4*toffoli + 4*and`` (rotation T kept apart)."""
        return self.t + 4 * self.toffoli + 4 * self.and_

    def __add__(self, other: "Cost") -> "Cost":
        """Sequential composition on shared wires: counts and depths add, width is the peak."""
        if not isinstance(other, Cost):
            return NotImplemented
        values = {f: getattr(self, f) + getattr(other, f) for f in ADDITIVE + DEPTHS}
        return Cost(qubits=max(self.qubits, other.qubits), **values)

    def __mul__(self, k: int) -> "Cost":
        """``k`` sequential repetitions (a multiplicity in a block's child list)."""
        if not isinstance(k, int) or k < 0:
            return NotImplemented
        if k == 0:
            return Cost()
        values = {f: getattr(self, f) * k for f in ADDITIVE + DEPTHS}
        return Cost(qubits=self.qubits, **values)

    __rmul__ = __mul__

    def counts_only(self) -> "Cost":
        """The additive part of this cost, with width and depths cleared."""
        return Cost(**{f: getattr(self, f) for f in ADDITIVE})

    def with_(self, **changes: int) -> "Cost":
        return replace(self, **changes)

    def as_dict(self) -> dict[str, int]:
        """Report form: field names as documented (``and``), ``t_count`` included."""
        out = {}
        for f in fields(self):
            out["and" if f.name == "and_" else f.name] = getattr(self, f.name)
        out["t_count"] = self.t_count
        return out

    @classmethod
    def from_dict(cls, data: dict[str, int]) -> "Cost":
        kwargs = {("and_" if k == "and" else k): v for k, v in data.items() if k != "t_count"}
        return cls(**kwargs)

    def __repr__(self) -> str:
        """``Cost(t_count=124, qubits=95, t_depth=32, and=31, ...)``: the headline first, then
        every nonzero field."""
        shown = {"t_count": self.t_count, "qubits": self.qubits, "t_depth": self.t_depth}
        shown.update((k, v) for k, v in self.as_dict().items() if v and k not in shown)
        return "Cost(" + ", ".join(f"{k}={v}" for k, v in shown.items()) + ")"

    def _repr_markdown_(self) -> str:
        from qdl.compiler.render import objects

        return objects.markdown(objects.cost_nodes(self))

    def _repr_html_(self) -> str:
        from qdl.compiler.render import objects

        return objects.html(objects.cost_nodes(self))

    def differences(self, other: "Cost") -> dict[str, tuple[int, int]]:
        """Fields where the two records disagree, as ``{field: (self, other)}``."""
        mine, theirs = self.as_dict(), other.as_dict()
        return {k: (mine[k], theirs[k]) for k in mine if mine[k] != theirs[k]}


#: Order in which reports show the fields.
REPORT_FIELDS = ("qubits", "t_count", "t_depth", "t", "toffoli", "and", "toffoli_depth",
                 "rotations", "rotation_t", "rotation_depth", "clifford", "measurements")


#: Synthesis precision (operator norm) per rotation when none is given.
DEFAULT_ROTATION_EPS = 1e-3


def rotation_kind(angle: float) -> str:
    """'clifford', 't' or 'rotation' for a single-qubit rotation by ``angle`` (radians).

    Multiples of π/2 are Cliffords, odd multiples of π/4 are T gates up to Cliffords, any
    other angle needs synthesis. Shared by circuit counting and by blocks that must predict
    how their rotations will be counted.
    """
    k = angle / (math.pi / 4)
    if abs(k - round(k)) > 1e-9:
        return "rotation"
    return "clifford" if round(k) % 2 == 0 else "t"


def rotation_t_count(eps: float) -> int:
    """T gates to synthesise one z-rotation to precision ``eps`` (operator norm).

    Leading term of Ross & Selinger, "Optimal ancilla-free Clifford+T approximation of
    z-rotations", QIC 16 (2016), Thm. 1: 3·log2(1/ε) + O(log log 1/ε). Qiskit's gridsynth gives
    30.6 at 1e-3 and 62.0 at 1e-6 on average (measured, DESIGN §2); this model gives 30 and 60.
    """
    if not 0 < eps < 1:
        raise ValueError(f"synthesis precision must lie in (0, 1), got {eps}")
    return math.ceil(3 * math.log2(1 / eps))
