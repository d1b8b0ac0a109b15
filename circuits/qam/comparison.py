"""Comparison into a fresh bit: ``target ^= [a < b]`` with ``a`` and ``b`` unchanged.

[a < b] is the carry out of ¬a + b (¬a = 2^n − 1 − a): ¬a + b ≥ 2^n exactly when b > a. The
carries are computed as in Gidney's adder, c_{i+1} = c_i ⊕ ((x_i ⊕ c_i) ∧ (y_i ⊕ c_i)) with
x = ¬a, y = b, each into a fresh temporary AND; the last one lands directly in the (fresh)
target, and the others are uncomputed by measurement (Gidney, "Halving the cost of quantum
addition", Quantum 2, 74 (2018), Fig. 4 (carry chain) and Fig. 3 (measured uncompute)).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from qdl.circuits.block import Block, Register, Role, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.gates import CX, And, AndUncompute, Clifford
from qdl.circuits.params import Bits
from qdl.circuits.registry import Params, Primitive, register


def comparator_signature(bits: int) -> Signature:
    return Signature([Register("a", bits), Register("b", bits),
                      Register("target", 1, Role.OUTPUT)])


@dataclass(frozen=True)
class LessThan(Block):
    """|a⟩|b⟩|0⟩ → |a⟩|b⟩|[a < b]⟩ (unsigned), ripple carry with temporary ANDs.

    Cost: n AND (t_count 4n), n−1 measurements, 6n−7 CNOT (0 for n = 1) + 2n X + 2(n−1)
    uncompute Cliffords; qubits 3n (the n−1 carries are live at the top); T-depth n+1;
    Toffoli depth n.
    """

    bits: int
    name = "compare"

    @property
    def signature(self) -> Signature:
        return comparator_signature(self.bits)

    def children(self):
        n = self.bits
        return ((CX, 6 * n - 7 if n > 1 else 0), (Clifford("x"), 2 * n), (And(), n),
                (AndUncompute(), n - 1))

    def qubits(self) -> int:
        return 3 * self.bits

    def t_depth(self) -> int:
        return self.bits + 1

    def build(self, bb: Builder, *, a: list[int], b: list[int], target: list[int]) -> None:
        n = self.bits
        for q in a:  # x = ¬a
            bb.x(q)
        carry: list[int] = [-1]  # carry[i] holds c_i; c_0 = 0 needs no wire
        for i in range(n):
            if i:
                bb.cx(carry[i], a[i])
                bb.cx(carry[i], b[i])
            carry.append(target[0] if i == n - 1 else bb.alloc(1)[0])
            bb.call(And(), a=[a[i]], b=[b[i]], t=[carry[i + 1]])
            if i:
                bb.cx(carry[i], carry[i + 1])
        for i in reversed(range(n)):
            if i < n - 1:
                if i:
                    bb.cx(carry[i], carry[i + 1])
                bb.call(AndUncompute(), a=[a[i]], b=[b[i]], t=[carry[i + 1]])
                bb.release([carry[i + 1]])
            if i:
                bb.cx(carry[i], a[i])
                bb.cx(carry[i], b[i])
        for q in a:
            bb.x(q)

    def reference(self, *, a: int, b: int, target: int) -> dict[str, int]:
        return {"a": a, "b": b, "target": target ^ int(a < b)}


COMPARATORS: dict[str, type[Block]] = {"gidney": LessThan}


class CompareParams(Params):
    bits: Bits
    variant: Literal["gidney"] = Field(
        "gidney", description="gidney (ripple carry, n AND, T-depth n+1)")


register(Primitive(
    name="compare",
    params=CompareParams,
    make=lambda p: COMPARATORS[p.variant](p.bits),
    action="|a⟩|b⟩|0⟩ → |a⟩|b⟩|[a < b]⟩ (unsigned)",
    cost="gidney: 4n T (n AND), T-depth n+1, 3n qubits",
    reference="carry out of ¬a + b; Gidney, Quantum 2, 74 (2018), Figs. 3-4",
))
