"""Digital-to-amplitude conversion: |y⟩|0⟩|0⟩ → |y⟩(y/2^b |0⟩|1⟩ + …), no arithmetic.

Sanders, Low, Scherer, Berry, "Black-box quantum state preparation without arithmetic",
PRL 122, 020502 (2019), Eq. (3)-(5): put a b-qubit register m in uniform superposition, flag
[m < y] with a comparator, and undo the superposition; the branch m = 0, flag = 1 has
amplitude (1/2^b)·#{m : m < y} = y/2^b. Applied to Σ_i |i⟩|y_i⟩/√N (a QROM over an index
in superposition, seed 000 §II.4), then unloading y, the success branch is Σ_i y_i|i⟩/‖y‖
with success amplitude ‖y‖₂/(√N·2^b): the seed's ‖y‖₂/(√N‖y‖∞) with the data scaled to the
register's full range (‖y‖∞ → 2^b).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from pydantic import Field

from qdl.circuits.block import Block, Register, Role, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.gates import CX, And, AndUncompute, Clifford
from qdl.circuits.params import Bits
from qdl.circuits.registry import Params, Primitive, register


@dataclass(frozen=True)
class LessThan(Block):
    """|m⟩|y⟩|f⟩ → |m⟩|y⟩|f ⊕ [m < y]⟩ on b-bit unsigned registers.

    [m < y] is the carry out of y + (2^b − 1 − m): Gidney's carry ripple (Quantum 2, 74 (2018),
    Fig. 4, the carry half) with m complemented by X around it; carries are uncomputed by
    measurement. Cost: b AND (t_count 4b), b measurements, 2b X, 6(b−1)+1 CNOT, 2b uncompute
    Cliffords; qubits 3b+1; T-depth b+1, Toffoli depth b (one carry chain).
    """

    bits: int
    name = "less_than"

    @property
    def signature(self) -> Signature:
        return Signature([Register("m", self.bits), Register("y", self.bits),
                          Register("flag", 1)])

    def children(self):
        b = self.bits
        return ((Clifford("x"), 2 * b), (CX, 6 * (b - 1) + 1), (And(), b), (AndUncompute(), b))

    def qubits(self) -> int:
        return 3 * self.bits + 1

    def t_depth(self) -> int:
        return self.bits + 1

    def toffoli_depth(self) -> int:
        return self.bits

    def rotation_depth(self) -> int:
        return 0

    def build(self, bb: Builder, *, m: list[int], y: list[int], flag: list[int]) -> None:
        b = self.bits
        for q in m:
            bb.x(q)
        carry = [-1] + bb.alloc(b)  # carry[i] holds c_i; c_0 = 0 needs no wire
        for i in range(b):
            if i:
                bb.cx(carry[i], y[i])
                bb.cx(carry[i], m[i])
            bb.call(And(), a=[y[i]], b=[m[i]], t=[carry[i + 1]])
            if i:
                bb.cx(carry[i], carry[i + 1])
        bb.cx(carry[b], flag[0])
        for i in reversed(range(b)):
            if i:
                bb.cx(carry[i], carry[i + 1])
            bb.call(AndUncompute(), a=[y[i]], b=[m[i]], t=[carry[i + 1]])
            if i:
                bb.cx(carry[i], m[i])
                bb.cx(carry[i], y[i])
        bb.release(carry[1:])
        for q in m:
            bb.x(q)

    def reference(self, *, m: int, y: int, flag: int) -> dict[str, int]:
        return {"m": m, "y": y, "flag": flag ^ int(m < y)}


@dataclass(frozen=True)
class DigitalToAmplitude(Block):
    """|y⟩|0^b⟩_m|0⟩_flag → |y⟩ ⊗ Σ_{m', f} c_{m', f}|m'⟩|f⟩ with c_{0, 1} = y/2^b.

    H^b on m, :class:`LessThan`, H^b on m: c_{m', f} = 2^{−b} Σ_m (−1)^{m·m'} [f = [m < y]].
    Cost: LessThan(b) + 2b H; qubits 3b+1; T-depth b+1.
    """

    bits: int
    name = "qdac"
    reference_kind = "state"

    @property
    def signature(self) -> Signature:
        return Signature([Register("y", self.bits), Register("m", self.bits, Role.OUTPUT),
                          Register("flag", 1, Role.OUTPUT)])

    def children(self):
        return ((Clifford("h"), 2 * self.bits), (LessThan(self.bits), 1))

    def qubits(self) -> int:
        return LessThan(self.bits).qubits()

    def build(self, bb: Builder, *, y: list[int], m: list[int], flag: list[int]) -> None:
        for q in m:
            bb.h(q)
        bb.call(LessThan(self.bits), m=m, y=y, flag=flag)
        for q in m:
            bb.h(q)

    def target_state(self, *, y: int) -> np.ndarray:
        """The output over (y, m, flag), little-endian: index y + 2^b·m' + 2^{2b}·f."""
        b = self.bits
        size = 1 << b
        out = np.zeros(1 << (2 * b + 1))
        for mp in range(size):
            for m in range(size):
                sign = -1.0 if bin(m & mp).count("1") & 1 else 1.0
                out[y + (mp << b) + (int(m < y) << (2 * b))] += sign / size
        return out

    @staticmethod
    def success_amplitude(values, bits: int) -> float:
        """‖y‖₂/(√N·2^b): the amplitude of flag = 1, m = 0 after loading Σ_i|i⟩|y_i⟩/√N."""
        return float(np.linalg.norm(values) / (math.sqrt(len(values)) * (1 << bits)))


class QdacParams(Params):
    size: int = Field(ge=1, le=1 << 40, description="N, entries in the digital register's "
                                                    "superposition (sets the success amplitude)")
    bits: Bits


register(Primitive(
    name="qdac",
    params=QdacParams,
    make=lambda p: DigitalToAmplitude(p.bits),
    action="|y⟩|0⟩|0⟩ → |y⟩(y/2^b|0⟩|1⟩ + …): amplitude y/2^b on flag = 1, m = 0",
    cost="b AND (4b T), T-depth b+1, 3b+1 qubits; success amplitude ‖y‖₂/(√N·2^b) per "
         "conversion of an N-entry register",
    reference="Sanders, Low, Scherer, Berry, PRL 122, 020502 (2019), Eq. (3)-(5)",
))
