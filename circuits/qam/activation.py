"""Rectified linear unit into a fresh register: ``y = max(x, 0)`` for two's-complement ``x``.

ReLU is not injective, so the result goes to a fresh register (seed 000, appendix B.3, eq. 10).
With s the sign bit, max(x, 0) has bits y_i = x_i ∧ ¬s for i < n−1 and a zero sign bit: n−1
temporary ANDs into the |0⟩ output bits, controlled on the negated sign (Gidney, "Halving the
cost of quantum addition", Quantum 2, 74 (2018), Fig. 3, for the 4-T AND). The fixed-point
format (bits, frac_bits) does not change the circuit: max(x, 0) commutes with the scale.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field, model_validator

from qdl.circuits.block import Block, Register, Role, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.cost import Cost
from qdl.circuits.gates import And, Clifford
from qdl.circuits.params import Bits
from qdl.circuits.registry import Params, Primitive, register


@dataclass(frozen=True)
class ReLU(Block):
    """|x⟩|0⟩ → |x⟩|max(x, 0)⟩, x an n-bit two's-complement fixed-point number.

    Cost (n ≥ 2): n−1 AND (t_count 4n−4), 2 X on the sign bit; qubits 2n; the ANDs share the
    sign wire, so they form one chain: T-depth n, Toffoli depth n−1. n = 1: no gates (the only
    non-negative 1-bit value is 0).
    """

    bits: int
    frac_bits: int = 0
    name = "relu"

    @property
    def signature(self) -> Signature:
        return Signature([Register("x", self.bits, signed=True),
                          Register("y", self.bits, Role.OUTPUT, signed=True)])

    def children(self):
        if self.bits == 1:
            return ()
        return ((Clifford("x"), 2), (And(), self.bits - 1))

    def leaf_cost(self) -> Cost:
        return Cost(qubits=2 * self.bits)

    def t_depth(self) -> int:
        return self.bits if self.bits > 1 else 0

    def build(self, bb: Builder, *, x: list[int], y: list[int]) -> None:
        if self.bits == 1:
            return
        sign = x[-1]
        bb.x(sign)
        for i in range(self.bits - 1):
            bb.call(And(), a=[x[i]], b=[sign], t=[y[i]])
        bb.x(sign)

    def reference(self, *, x: int, y: int) -> dict[str, int]:
        negative = (x >> (self.bits - 1)) & 1
        return {"x": x, "y": y ^ (0 if negative else x)}


class ReluParams(Params):
    bits: Bits
    frac_bits: int = Field(0, ge=0, description="fractional bits of the fixed-point format")

    @model_validator(mode="after")
    def _fits(self) -> "ReluParams":
        if self.frac_bits >= self.bits:
            raise ValueError(f"frac_bits ({self.frac_bits}) must be smaller than bits "
                             f"({self.bits}): the sign bit is not fractional")
        return self


register(Primitive(
    name="relu",
    params=ReluParams,
    make=lambda p: ReLU(p.bits, p.frac_bits),
    action="|x⟩|0⟩ → |x⟩|max(x, 0)⟩ (two's complement, fixed point)",
    cost="4n−4 T (n−1 AND on the negated sign bit), T-depth n, 2n qubits",
    reference="seed 000 appendix B.3 eq. 10; AND of Gidney, Quantum 2, 74 (2018), Fig. 3",
))
