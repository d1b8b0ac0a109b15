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
from pydantic import Field, model_validator

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
    """|y⟩|0⟩_m|0⟩_flag → |y⟩ ⊗ Σ_{m', f} c_{m', f}|m'⟩|f⟩ with c_{0, 1} = Y/2^k.

    Unsigned (k = b bits of m): Y = y; H^b on m, :class:`LessThan`, H^b on m:
    c_{m', f} = 2^{−b} Σ_m (−1)^{m·m'} [f = [m < y]]. Cost: LessThan(b) + 2b H; qubits 3b+1;
    T-depth b+1.

    ``signed`` (two's complement, b ≥ 2, k = b − 1): y = u − s·2^{b−1} with sign bit s and low
    part u. The comparator flags [m < u] on the low b − 1 bits, CX(s, flag) turns that into
    [m ≥ u] when s = 1, and CZ(s, flag) gives that branch the sign −1, so
    c_{0,1} = u/2^{b−1} (s = 0) or −(2^{b−1} − u)/2^{b−1} = Y/2^{b−1} (s = 1): a negative value
    gets a negative amplitude. Cost: LessThan(b−1) + 2(b−1) H + CX + CZ; qubits 3b − 1;
    T-depth b.
    """

    bits: int
    signed: bool = False
    name = "qdac"
    reference_kind = "state"

    def __post_init__(self) -> None:
        if self.signed and self.bits < 2:
            raise ValueError("a signed conversion needs at least 2 bits (sign and magnitude)")

    @property
    def scale_bits(self) -> int:
        """k: the amplitude of value Y is Y/2^k (the bits of m)."""
        return self.bits - 1 if self.signed else self.bits

    @property
    def signature(self) -> Signature:
        return Signature([Register("y", self.bits, signed=self.signed),
                          Register("m", self.scale_bits, Role.OUTPUT),
                          Register("flag", 1, Role.OUTPUT)])

    def children(self):
        k = self.scale_bits
        sign = ((CX, 1), (Clifford("cz"), 1)) if self.signed else ()
        return ((Clifford("h"), 2 * k), (LessThan(k), 1)) + sign

    def build(self, bb: Builder, *, y: list[int], m: list[int], flag: list[int]) -> None:
        k = self.scale_bits
        for q in m:
            bb.h(q)
        bb.call(LessThan(k), m=m, y=y[:k], flag=flag)
        if self.signed:
            bb.cx(y[k], flag[0])
            bb.cz(y[k], flag[0])
        for q in m:
            bb.h(q)

    def value(self, y: int) -> int:
        """The number the pattern y stands for (two's complement when signed)."""
        return y - (1 << self.bits) if self.signed and y >> (self.bits - 1) else y

    def target_state(self, *, y: int) -> np.ndarray:
        """The output over (y, m, flag), little-endian: index y + 2^b·m' + 2^{b+k}·f."""
        b, k = self.bits, self.scale_bits
        size = 1 << k
        low, sign = y & (size - 1), (y >> k) & 1 if self.signed else 0
        out = np.zeros(1 << (b + k + 1))
        for mp in range(size):
            for m in range(size):
                phase = -1.0 if bin(m & mp).count("1") & 1 else 1.0
                f = int(m < low) ^ sign
                out[y + (mp << b) + (f << (b + k))] += phase * (-1.0 if sign and f else 1.0) / size
        return out

    @staticmethod
    def success_amplitude(values, bits: int, signed: bool = False) -> float:
        """‖y‖₂/(√N·2^k) (k = b, or b − 1 signed): the amplitude of flag = 1, m = 0 after
        loading Σ_i|i⟩|y_i⟩/√N; ``values`` are the numbers (signed integers when signed)."""
        k = bits - 1 if signed else bits
        return float(np.linalg.norm(values) / (math.sqrt(len(values)) * (1 << k)))


class QdacParams(Params):
    size: int = Field(ge=1, le=1 << 40, description="N, entries in the digital register's "
                                                    "superposition (sets the success amplitude)")
    bits: Bits
    signed: bool = Field(False, description="two's-complement input: negative values get "
                                            "negative amplitudes (amplitude Y/2^(b−1))")

    @model_validator(mode="after")
    def _signed_width(self) -> "QdacParams":  # on the model's line, not an internal error
        if self.signed and self.bits < 2:
            raise ValueError("a signed conversion needs bits ≥ 2 (sign and magnitude)")
        return self


register(Primitive(
    name="qdac",
    params=QdacParams,
    make=lambda p: DigitalToAmplitude(p.bits, p.signed),
    action="|y⟩|0⟩|0⟩ → |y⟩(Y/2^k|0⟩|1⟩ + …): amplitude Y/2^k on flag = 1, m = 0 (k = b; "
           "signed: Y two's complement, k = b − 1)",
    cost="b AND (4b T), T-depth b+1, 3b+1 qubits; success amplitude ‖y‖₂/(√N·2^b) per "
         "conversion of an N-entry register",
    reference="Sanders, Low, Scherer, Berry, PRL 122, 020502 (2019), Eq. (3)-(5)",
))
