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
``total_t`` (derived)     ``t_count + rotation_t``: every T state, the headline of every summary
``total_t_depth`` (der.)  ``t_depth + rotation_depth × T per rotation``: T layers with the
                          rotation layers synthesised (serial, so an upper bound)
========================  ==================================================================

Rotation synthesis has one model, :data:`SYNTHESIS` (T per rotation from the precision ε of
one rotation), used by the blocks' ``rotation_t``, by the network error budget (which picks ε
from the rotation count) and by the physical estimate (qdl.estimators.physical).

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

    @property
    def total_t(self) -> int:
        """Every T state: ``t_count + rotation_t`` (the headline number of a report)."""
        return self.t_count + self.rotation_t

    @property
    def t_per_rotation(self) -> int:
        """T per rotation: ``rotation_t / rotations`` rounded up (0 without rotations)."""
        return -(-self.rotation_t // self.rotations) if self.rotations else 0

    @property
    def total_t_depth(self) -> int:
        """T layers including synthesised rotation layers: ``t_depth + rotation_depth × T per
        rotation`` (rotation and T layers taken one after another: an upper bound)."""
        return self.t_depth + self.rotation_depth * self.t_per_rotation

    def priced(self, t_per_rotation: int) -> "Cost":
        """This cost with every rotation synthesised at ``t_per_rotation`` T."""
        return replace(self, rotation_t=self.rotations * t_per_rotation)

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
        out["total_t"] = self.total_t
        out["total_t_depth"] = self.total_t_depth
        return out

    @classmethod
    def from_dict(cls, data: dict[str, int]) -> "Cost":
        kwargs = {("and_" if k == "and" else k): v for k, v in data.items() if k not in DERIVED}
        return cls(**kwargs)

    def differences(self, other: "Cost") -> dict[str, tuple[int, int]]:
        """Fields where the two records disagree, as ``{field: (self, other)}``; the
        headline totals (``total_t``, ``total_t_depth``) follow from the fields they sum and
        are left out, so a mismatch is reported where it is."""
        mine, theirs = self.as_dict(), other.as_dict()
        return {k: (mine[k], theirs[k]) for k in mine
                if mine[k] != theirs[k] and k not in ("total_t", "total_t_depth")}


#: Fields computed from the others (not constructor arguments).
DERIVED = ("t_count", "total_t", "total_t_depth")

#: Order in which reports show the fields: the totals that include rotations lead.
REPORT_FIELDS = ("qubits", "total_t", "total_t_depth", "t_count", "t_depth", "t", "toffoli",
                 "and", "toffoli_depth", "rotations", "rotation_t", "rotation_depth",
                 "clifford", "measurements")


#: Synthesis precision (operator norm) per rotation when none is given.
DEFAULT_ROTATION_EPS = 1e-3


@dataclass(frozen=True)
class RotationSynthesis:
    """T gates per single-qubit z-rotation synthesised to operator-norm precision ε:
    ⌈a·log2(1/ε) + b⌉."""

    name: str
    a: float
    b: float
    reference: str

    def t_per_rotation(self, eps: float) -> int:
        if not 0 < eps < 1:
            raise ValueError(f"synthesis precision must lie in (0, 1), got {eps}")
        return math.ceil(self.a * math.log2(1 / eps) + self.b - 1e-9)

    def formula(self) -> str:
        return f"⌈{self.a:g}·log2(1/ε){f' + {self.b:g}' if self.b else ''}⌉"


#: Ross & Selinger, "Optimal ancilla-free Clifford+T approximation of z-rotations", QIC 16
#: (2016), Thm. 1: 3·log2(1/ε) + O(log log 1/ε), deterministic and ancilla-free. Qiskit's
#: gridsynth, which builds qdl's circuits, gives 30.6 at 1e-3 and 62.0 at 1e-6 on average
#: (measured, DESIGN §2); this model gives 30 and 60. qdl's one model, everywhere.
GRIDSYNTH = RotationSynthesis("gridsynth", 3.0, 0.0, "Ross & Selinger, QIC 16 (2016), Thm. 1")
#: Kliuchnikov et al., "Shorter quantum circuits via single-qubit gate approximation",
#: Quantum 7, 1208 (2023) (mixed fallback, expected T count), with the constants of the
#: Microsoft Resource Estimator (Beverland et al., arXiv:2211.07629, App. D: 0.53, 5.3; the
#: tool uses 4.86). Only for reproducing that tool's numbers (qdl.estimators.physical).
MIXED_FALLBACK = RotationSynthesis("mixed_fallback", 0.53, 4.86,
                                   "Kliuchnikov et al., Quantum 7, 1208 (2023); Beverland et al. "
                                   "2022, App. D")
SYNTHESIS = GRIDSYNTH


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
    """T gates to synthesise one z-rotation to precision ``eps`` (operator norm): qdl's one
    synthesis model, :data:`SYNTHESIS` (⌈3·log2(1/ε)⌉, Ross & Selinger 2016)."""
    return SYNTHESIS.t_per_rotation(eps)
