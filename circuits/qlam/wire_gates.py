"""The gates of a QLAM program as blocks with per-wire level rules (qdl.circuits.compose_wires).

A :class:`~qdl.circuits.qlam.program.Program` is a list of composition ops whose calls are
these blocks (plus ``And``/``AndUncompute`` of qdl.circuits.gates and whole lookups). Each
gives its cost, its build, and ``wire_levels``: the rule by which qdl.passes.circuit_count
moves the levels (T, Toffoli, rotation) of the wires it acts on in the built circuit:

- :class:`Gate`: a Clifford (x, z, h, s, sdg, cx, cz, swap) sets its wires to their maximum;
  a Toffoli (ccx, ccz: 7 T in 3 layers) sets them to the maximum + (3, 1, 0);
- :class:`Mux`: a multiplexed rotation, Möttönen et al., PRL 93, 130502 (2004), Eq. (3)–(4),
  taken whole: 2^k angles φ_i and 2^k CNOTs, each angle classified as circuit_count does
  (a multiple of π/2: Clifford, an odd multiple of π/4: a T gate, else a rotation; no data:
  every angle a rotation, the worst case); exit levels in closed form
  (multiplexor.mux_levels);
- :class:`Measure`: the classical bits' level waits for the wire;
- :class:`GlobalPhase`: no gate, no level.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from qdl.circuits.block import Block, Register, Signature
from qdl.circuits.cost import Cost, rotation_t_count
from qdl.circuits.qlam.multiplexor import (
    PrefixSums, angle_kind, angle_kinds, control_order, gray_angles, mux_levels)

CLIFFORD_ARITY = {"x": 1, "z": 1, "h": 1, "s": 1, "sdg": 1, "cx": 2, "cz": 2, "swap": 2}
TOFFOLIS = frozenset({"ccx", "ccz"})
#: the synthesis precision of a rotation's T count in a program's cost by default
DEFAULT_EPS = 1e-3


@dataclass(frozen=True, eq=False)  # one instance per name (:func:`gate`): identity hash
class Gate(Block):
    """A standard gate by name on ``q`` (its wires in the gate's argument order)."""

    gate: str

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.gate

    @property
    def signature(self) -> Signature:
        return Signature([Register("q", 3 if self.gate in TOFFOLIS else CLIFFORD_ARITY[self.gate])])

    def leaf_cost(self) -> Cost:
        if self.gate in TOFFOLIS:
            return Cost(qubits=3, toffoli=1, t_depth=3, toffoli_depth=1)
        return Cost(qubits=CLIFFORD_ARITY[self.gate], clifford=1)

    def build(self, bb, *, q: list[int]) -> None:
        bb.gate(self.gate, *q)

    def wire_levels(self, walker, wires) -> None:
        walker.sync(wires, (3, 1, 0) if self.gate in TOFFOLIS else (0, 0, 0))


_GATES: dict[str, Gate] = {}


def gate(name: str) -> Gate:
    """The one :class:`Gate` block of that name (``ValueError`` for an unknown gate)."""
    out = _GATES.get(name)
    if out is None:
        if name not in CLIFFORD_ARITY and name not in TOFFOLIS:
            raise ValueError(f"program gate {name!r} has no cost rule")
        out = _GATES[name] = Gate(name)
    return out


@dataclass(frozen=True, eq=False)  # compared by identity: its angles may be 2^20 floats
class Mux(Block):
    """Multiplexed ``axis`` rotation (ry, rz; p with no controls) on ``t`` when ``c`` holds
    j: angle θ_j (``theta`` None: no data, counted as generic rotations)."""

    axis: str
    controls: int
    theta: np.ndarray | None = None
    name = "mux"

    @property
    def signature(self) -> Signature:
        return Signature([Register("c", self.controls), Register("t", 1)])

    @cached_property
    def _sums(self) -> tuple[PrefixSums, PrefixSums, int]:
        """Running T and rotation increments over the emitted angles, Clifford angles."""
        n = 1 << self.controls
        if self.theta is None:
            return PrefixSums(None, 0, worst=False), PrefixSums(None, n, worst=True), 0
        t_mask, r_mask = angle_kinds(self._angles())
        sums_t = PrefixSums(t_mask, int(t_mask.sum()), worst=False)
        sums_r = PrefixSums(r_mask, int(r_mask.sum()), worst=True)
        return sums_t, sums_r, n - sums_t.count - sums_r.count

    def _angles(self) -> np.ndarray:
        theta = np.asarray(self.theta, dtype=float)
        return gray_angles(theta) if self.controls else theta

    def leaf_cost(self) -> Cost:
        kind = None if self.controls else \
            (False, True) if self.theta is None else angle_kind(float(self.theta[0]))
        if kind is not None:  # one rotation: the general count below, for that angle alone
            t, rot = int(kind[0]), int(kind[1])
            return Cost(qubits=1, t=t, rotations=rot, clifford=1 - t - rot, t_depth=t,
                        rotation_t=rotation_t_count(DEFAULT_EPS) if rot else 0,
                        rotation_depth=rot)
        sums_t, sums_r, clifford = self._sums
        n = 1 << self.controls
        rot = sums_r.count
        levels = _Isolated(self.controls + 1)
        self.wire_levels(levels, list(range(self.controls + 1)))
        depth = [max(lv[k] for lv in levels.levels) for k in range(3)]
        return Cost(qubits=self.controls + 1, t=sums_t.count, rotations=rot,
                    rotation_t=rot * rotation_t_count(DEFAULT_EPS) if rot else 0,
                    clifford=clifford + (n if self.controls else 0),
                    t_depth=depth[0], rotation_depth=depth[2])

    def wire_levels(self, walker, wires) -> None:
        sums_t, sums_r, _ = self._sums
        zero = PrefixSums(None, 0, worst=False)
        controls, target = wires[:-1], wires[-1]
        # a level list is replaced, never changed in place (compose_wires.Walker)
        lv = walker.levels
        for w in wires:
            lv[w] = list(lv[w])
        for k, sums in enumerate((sums_t, zero, sums_r)):
            out_t, out_c = mux_levels(lv[target][k], [lv[c][k] for c in controls], sums,
                                      walker.vmax)
            lv[target][k] = out_t
            for c, v in zip(controls, out_c):
                lv[c][k] = v

    def build(self, bb, *, c: list[int], t: list[int]) -> None:
        """The Gray-code sequence; no data: seeded generic angles (every one a rotation)."""
        from qiskit.circuit.library import PhaseGate, RYGate, RZGate

        kind = {"ry": RYGate, "rz": RZGate, "p": PhaseGate}[self.axis]
        if self.theta is None:
            rng = np.random.default_rng(7)
            phi = rng.uniform(0.1, 2 * np.pi - 0.1, 1 << self.controls)
        else:
            phi = self._angles()
        order = control_order(self.controls) if self.controls else []
        for i, angle in enumerate(phi):
            bb.append(kind(float(angle)), [t[0]])
            if self.controls:
                bb.cx(c[order[i]], t[0])


class _Isolated:
    """Integer levels of a block's own wires from 0 (its depths alone)."""

    def __init__(self, width: int):
        self.levels = [[0, 0, 0] for _ in range(width)]
        self.vmax = max


@dataclass(frozen=True)
class Measure(Block):
    """Measure ``q`` into a new classical bit."""

    name = "measure"

    @property
    def signature(self) -> Signature:
        return Signature([Register("q", 1)])

    def leaf_cost(self) -> Cost:
        return Cost(qubits=1, measurements=1)

    def build(self, bb, *, q: list[int]) -> None:
        bb.measure(q[0])

    def wire_levels(self, walker, wires) -> None:
        walker.measure(wires[0])


@dataclass(frozen=True)
class GlobalPhase(Block):
    """Multiply the state by e^{i·angle}: no gate to count, no wire."""

    angle: float
    name = "global_phase"

    @property
    def signature(self) -> Signature:
        return Signature([])

    def leaf_cost(self) -> Cost:
        return Cost()

    def build(self, bb) -> None:
        from qiskit.circuit.library import GlobalPhaseGate

        bb.append(GlobalPhaseGate(self.angle), [])

    def wire_levels(self, walker, wires) -> None:
        return None
