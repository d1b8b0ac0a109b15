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
        carry = carry_chain(bb, a, b, target[0])
        erase_carries(bb, a, b, carry, erase_last=False)

    def reference(self, *, a: int, b: int, target: int) -> dict[str, int]:
        return {"a": a, "b": b, "target": target ^ int(a < b)}


def carry_chain(bb: Builder, a: list[int], b: list[int], last: int) -> list[int]:
    """Carries c_1 … c_n of ¬a + b (a is complemented in place); c_n lands on wire ``last``.
    Returns the carry wires, c_0 = 0 as −1."""
    n = len(a)
    for q in a:  # x = ¬a
        bb.x(q)
    carry: list[int] = [-1]  # carry[i] holds c_i; c_0 = 0 needs no wire
    for i in range(n):
        if i:
            bb.cx(carry[i], a[i])
            bb.cx(carry[i], b[i])
        carry.append(last if i == n - 1 else bb.alloc(1)[0])
        bb.call(And(), a=[a[i]], b=[b[i]], t=[carry[i + 1]])
        if i:
            bb.cx(carry[i], carry[i + 1])
    return carry


def erase_carries(bb: Builder, a: list[int], b: list[int], carry: list[int],
                  erase_last: bool) -> None:
    """Undo :func:`carry_chain` by measurement (0 T), keeping c_n unless ``erase_last``."""
    n = len(a)
    for i in reversed(range(n)):
        if i < n - 1 or erase_last:
            if i:
                bb.cx(carry[i], carry[i + 1])
            bb.call(AndUncompute(), a=[a[i]], b=[b[i]], t=[carry[i + 1]])
            if i < n - 1:
                bb.release([carry[i + 1]])
        if i:
            bb.cx(carry[i], a[i])
            bb.cx(carry[i], b[i])
    for q in a:
        bb.x(q)


@dataclass(frozen=True)
class ControlledLessThan(Block):
    """|c⟩|a⟩|b⟩|0⟩ → |c⟩|a⟩|b⟩|c·[a < b]⟩ (unsigned).

    The carry chain of :class:`LessThan` with its last carry in an ancilla, one more AND of
    the control with it into the target, then the whole chain erased by measurement.
    Cost: n + 1 AND (t_count 4n + 4; Qualtran 0.7 ``CLinearDepthGreaterThan``: n + 2 Toffoli,
    "the true cost is n + 1"), n measurements, 6n − 6 CNOT (0 for n = 1) + 2n X + 2n uncompute
    Cliffords; qubits 3n + 2; T-depth n + 2; Toffoli depth n + 1.
    """

    bits: int
    name = "ctrl_compare"

    @property
    def signature(self) -> Signature:
        return Signature([Register("ctrl", 1), *comparator_signature(self.bits)])

    def children(self):
        n = self.bits
        return ((CX, 6 * n - 6 if n > 1 else 0), (Clifford("x"), 2 * n), (And(), n + 1),
                (AndUncompute(), n))

    def qubits(self) -> int:
        return 3 * self.bits + 2

    def t_depth(self) -> int:
        return self.bits + 2

    def build(self, bb: Builder, *, ctrl: list[int], a: list[int], b: list[int],
              target: list[int]) -> None:
        last = bb.alloc(1)[0]
        carry = carry_chain(bb, a, b, last)
        bb.call(And(), a=ctrl, b=[last], t=target)
        erase_carries(bb, a, b, carry, erase_last=True)
        bb.release([last])

    def reference(self, *, ctrl: int, a: int, b: int, target: int) -> dict[str, int]:
        return {"ctrl": ctrl, "a": a, "b": b, "target": target ^ (ctrl & int(a < b))}


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


class ControlledCompareParams(Params):
    bits: Bits


register(Primitive(
    name="ctrl_compare",
    params=ControlledCompareParams,
    make=lambda p: ControlledLessThan(p.bits),
    action="|c⟩|a⟩|b⟩|0⟩ → |c⟩|a⟩|b⟩|c·[a < b]⟩ (unsigned)",
    cost="n+1 AND (4n+4 T), T-depth n+2, 3n+2 qubits",
    reference="carry out of ¬a + b (Gidney, Quantum 2, 74 (2018), Figs. 3-4) ANDed with the "
              "control; Qualtran CLinearDepthGreaterThan (n+2 Toffoli)",
))
