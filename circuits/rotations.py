"""Phase rotations by dyadic angles ±π/2^k, and their controlled versions.

The angle is stored as the exponent k, so whether a rotation is a Clifford (k ≤ 1: Z, S, S†),
a T gate (k = 2: T, T†) or a genuine rotation (k ≥ 3, synthesised to precision
``rotation_eps``) is decided exactly, with the same outcome as
:mod:`qdl.passes.circuit_count`'s rule for the equivalent ``p`` gate. A circuit built from
these blocks carries its synthesis precision (see :func:`qdl.passes.build.build_circuit`).
Being diagonal, they have no basis-state reference of their own: the blocks that use them
(the QFT adder) are verified as a whole.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from qdl.circuits.block import Block, Register, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.cost import DEFAULT_ROTATION_EPS, Cost, rotation_t_count
from qdl.circuits.gates import CX, Clifford

#: Rotations by π/2^k with k at least this (angles below 7.4e-10) are the identity to within
#: 1e-9, the finest synthesis precision qdl accepts (MIN_ROTATION_EPS): no gate is emitted.
IDENTITY_POWER = 32
MIN_ROTATION_EPS = 1e-9

_NAMED = {(0, False): "z", (0, True): "z", (1, False): "s", (1, True): "sdg",
          (2, False): "t", (2, True): "tdg"}


@dataclass(frozen=True)
class PhaseRotation(Block):
    """|x⟩ → e^{±iπx/2^k}|x⟩ (``negative`` picks the sign).

    Cost: k ≤ 1 one Clifford; k = 2 one T (T-depth 1); k ≥ 3 one rotation with
    rotation_t = ⌈3 log2(1/ε)⌉ (:func:`~qdl.circuits.cost.rotation_t_count`), rotation depth 1;
    k ≥ IDENTITY_POWER nothing (the identity is within every accepted precision).
    """

    power: int
    negative: bool = False
    rotation_eps: float = DEFAULT_ROTATION_EPS
    name = "phase"

    @property
    def signature(self) -> Signature:
        return Signature([Register("q", 1)])

    def leaf_cost(self) -> Cost:
        if self.power >= IDENTITY_POWER:
            return Cost(qubits=1)
        if self.power <= 1:
            return Cost(qubits=1, clifford=1)
        if self.power == 2:
            return Cost(qubits=1, t=1, t_depth=1)
        return Cost(qubits=1, rotations=1, rotation_t=rotation_t_count(self.rotation_eps),
                    rotation_depth=1)

    def build(self, bb: Builder, *, q: list[int]) -> None:
        named = _NAMED.get((self.power, self.negative))
        if named:
            bb.gate(named, q[0])
            return
        if self.power >= IDENTITY_POWER:
            return
        from qiskit.circuit.library import PhaseGate

        angle = math.pi / (1 << self.power)
        bb.append(PhaseGate(-angle if self.negative else angle), q)


@dataclass(frozen=True)
class ControlledPhase(Block):
    """|c, t⟩ → e^{±iπ·c·t/2^k}|c, t⟩.

    k = 0 is one CZ. Otherwise P(±θ/2) on both wires, CX, P(∓θ/2) on the target, CX
    (θ = π/2^k; the phases add up to θ/2·(c + t − c⊕t) = θ·c·t): 3 phase rotations by
    π/2^{k+1} and 2 CX. The two first rotations act in parallel, so the block adds
    2 layers of its kind (T for k = 1, rotation for k ≥ 2) after the later of its two wires.
    """

    power: int
    negative: bool = False
    rotation_eps: float = DEFAULT_ROTATION_EPS
    name = "cphase"

    @property
    def signature(self) -> Signature:
        return Signature([Register("c", 1), Register("t", 1)])

    def _half(self, negative: bool) -> PhaseRotation:
        return PhaseRotation(self.power + 1, negative, self.rotation_eps)

    def children(self):
        if self.power == 0:
            return ((Clifford("cz"), 1),)
        return ((self._half(self.negative), 2), (self._half(not self.negative), 1), (CX, 2))

    def t_depth(self) -> int:
        return 2 if self.power == 1 else 0

    def rotation_depth(self) -> int:  # from k = 31 on the halves are the identity
        return 2 if 2 <= self.power < IDENTITY_POWER - 1 else 0

    def build(self, bb: Builder, *, c: list[int], t: list[int]) -> None:
        if self.power == 0:
            bb.cz(c[0], t[0])
            return
        bb.call(self._half(self.negative), q=c)
        bb.call(self._half(self.negative), q=t)
        bb.cx(c[0], t[0])
        bb.call(self._half(not self.negative), q=t)
        bb.cx(c[0], t[0])
