"""Out-of-place multiplication ``p = a·b`` and squaring ``s = a²`` by partial-product rows.

:class:`SchoolbookMultiplier` writes row 0 (b_0·a) into the fresh product with n ANDs and adds
each further row b_j·a·2^j with a controlled adder that has a carry out (2n ANDs): 2nm − n
ANDs in all. Its ``inverse`` runs the rows backwards as controlled subtractions and erases row
0 by measurement, so uncomputing a product costs 2n(m−1) ANDs, not a second 2nm − n.

:class:`Squarer` uses a² = Σ_i a_i 4^i + Σ_{j≥1} a_j·(a mod 2^j)·2^{j+1}: the diagonal is
copied with CNOTs and each cross term is added once, shifted by one (row j adds j bits into a
(j+1)-bit window): n² − n ANDs.

The ``karatsuba`` variant of ``multiply`` is qdl.circuits.qam.karatsuba (docs/primitives.md,
multiplication section, has the crossover).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field, model_validator

from qdl.circuits.block import Block, Register, Role, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.gates import CX, And, AndUncompute
from qdl.circuits.params import Bits
from qdl.circuits.qam.controlled_addition import ControlledAdder, ControlledCopy
from qdl.circuits.registry import Params, Primitive, register


def product_signature(bits: int, bits_b: int, inverse: bool = False) -> Signature:
    """a (n bits), b (m bits) and the product p (n+m bits; fresh unless uncomputing)."""
    return Signature([Register("a", bits), Register("b", bits_b),
                      Register("p", bits + bits_b, Role.THRU if inverse else Role.OUTPUT)])


@dataclass(frozen=True)
class SchoolbookMultiplier(Block):
    """|a⟩|b⟩|0⟩ → |a⟩|b⟩|a·b⟩ (a: n bits, b: m bits, p: n+m bits).

    Below, n ≥ m: when a is the narrower operand the two swap roles, so the added operand is
    always the wider one and the cost is 2nm − max(n, m).

    Row 0 is p[0:n] = b_0·a (:class:`ControlledCopy`, n AND); row j ≥ 1 is
    p[j:j+n+1] += b_j·a (:class:`ControlledAdder` with carry out, 2n AND). The window of row j
    holds (a·(b mod 2^j)) >> j < 2^n before it, so no carry leaves it.

    Cost: 2nm − n AND (t_count 8nm − 4n): the "≤ 2nm − n" target of issue 3 and Su et al.,
    PRX Quantum 2, 040332 (2021), arXiv:2105.12767 p. 81 (2nm − max(n, m) Toffolis);
    qubits 2(n+m) + 2n + 1 (m ≥ 2); T-depth (n+1)(m−1) + 2 and Toffoli depth (n+1)(m−1) + 1
    (m ≥ 2; m = 1: n+1 and n): each row's carry chain starts one layer after the previous
    row's top carry, which sits one bit higher, so rows overlap except for n+1 layers each.

    With ``inverse`` the map is |a⟩|b⟩|a·b⟩ → |a⟩|b⟩|0⟩ (p must hold a·b): rows m−1…1 are
    subtracted, row 0 is erased by measurement. Cost 2n(m−1) AND; T-depth (n+1)(m−1) + 1,
    Toffoli depth (n+1)(m−1) (m ≥ 2; 0 for m = 1).
    """

    bits: int
    bits_b: int
    inverse: bool = False
    name = "multiply"

    @property
    def signature(self) -> Signature:
        return product_signature(self.bits, self.bits_b, self.inverse)

    def _shape(self) -> tuple[int, int]:
        """(N, M): the wider operand is added, the narrower one's bits control the rows."""
        return max(self.bits, self.bits_b), min(self.bits, self.bits_b)

    def _row(self) -> ControlledAdder:
        return ControlledAdder(self._shape()[0], carry_out=True, subtract=self.inverse)

    def children(self):
        n, m = self._shape()
        return ((ControlledCopy(n, self.inverse), 1), (self._row(), m - 1))

    def t_depth(self) -> int:
        n, m = self._shape()
        if m == 1:
            return 0 if self.inverse else n + 1
        return (n + 1) * (m - 1) + (1 if self.inverse else 2)

    def toffoli_depth(self) -> int:
        n, m = self._shape()
        if m == 1:
            return 0 if self.inverse else n
        return (n + 1) * (m - 1) + (0 if self.inverse else 1)

    def build(self, bb: Builder, *, a: list[int], b: list[int], p: list[int]) -> None:
        n, m = self._shape()
        if self.bits < self.bits_b:
            a, b = b, a
        rows = range(1, m)
        if not self.inverse:
            bb.call(ControlledCopy(n), c=[b[0]], b=a, t=p[:n])
        for j in (reversed(rows) if self.inverse else rows):
            bb.call(self._row(), c=[b[j]], a=p[j:j + n + 1], b=a)
        if self.inverse:
            bb.call(ControlledCopy(n, True), c=[b[0]], b=a, t=p[:n])

    def reference(self, *, a: int, b: int, p: int) -> dict[str, int]:
        return {"a": a, "b": b, "p": p ^ (a * b)}


@dataclass(frozen=True)
class Squarer(Block):
    """|a⟩|0⟩ → |a⟩|a²⟩ (a: n bits, s: 2n bits).

    s[2i] = a_i by CNOT (the diagonal a_i·a_i = a_i), then for j = 1…n−1 the cross terms
    s[j+1 : 2j+2] += a_j·(a mod 2^j) (:class:`ControlledAdder` of j bits with carry out,
    2j AND). After row j the low 2j+2 bits hold (a mod 2^{j+1})² < 2^{2j+2}, so the window
    never carries into the diagonal bits above it.

    Cost: Σ 2j = n² − n AND (t_count 4n² − 4n), n + 3(n−1)² CNOT; qubits 5n − 1 (n ≥ 2);
    T-depth n(n+1)/2 and Toffoli depth n(n+1)/2 − 1 for n ≥ 2 (row j's chain of j+1 carries
    starts when row j−1's top carry is done).
    """

    bits: int
    name = "square"

    @property
    def signature(self) -> Signature:
        return Signature([Register("a", self.bits), Register("s", 2 * self.bits, Role.OUTPUT)])

    def children(self):
        # The rows are n−1 different ControlledAdder sizes; listing them would make counting
        # O(n). Their gates in closed form instead (each row j: 2j AND and 2j measured
        # uncomputes, 6j−3 CNOT in its GidneyAdder(j+1)); the tests check this equals the sum
        # of the rows' own costs.
        n = self.bits
        pairs = n * n - n
        return ((CX, n + 3 * (n - 1) ** 2), (And(), pairs), (AndUncompute(), pairs))

    def qubits(self) -> int:
        return self.signature.width + (2 * self.bits - 1 if self.bits > 1 else 0)

    def t_depth(self) -> int:
        n = self.bits
        return 0 if n == 1 else n * (n + 1) // 2

    def toffoli_depth(self) -> int:
        n = self.bits
        return 0 if n == 1 else n * (n + 1) // 2 - 1

    def build(self, bb: Builder, *, a: list[int], s: list[int]) -> None:
        for i, q in enumerate(a):
            bb.cx(q, s[2 * i])
        for j in range(1, self.bits):
            bb.call(ControlledAdder(j, carry_out=True), c=[a[j]], a=s[j + 1:2 * j + 2], b=a[:j])

    def reference(self, *, a: int, s: int) -> dict[str, int]:
        return {"a": a, "s": s ^ (a * a)}


class MultiplyParams(Params):
    bits: Bits
    bits_b: Bits | None = Field(None, description="width of b (default: bits)")
    variant: Literal["schoolbook", "karatsuba"] = Field(
        "schoolbook", description="schoolbook (partial-product rows of controlled additions) or "
                                  "karatsuba (recursive from 14 bits, schoolbook below)")

    @model_validator(mode="after")
    def _equal_widths(self) -> "MultiplyParams":
        if self.variant == "karatsuba" and self.bits_b not in (None, self.bits):
            # a ValueError, so the model loader reports it at the params' line
            raise ValueError(f"karatsuba multiplies equal widths, got bits={self.bits}, "
                             f"bits_b={self.bits_b}: drop bits_b or use variant: schoolbook")
        return self


def make_multiplier(p: MultiplyParams) -> Block:
    """The block for ``multiply`` params: Karatsuba from its base width up, else schoolbook."""
    # imported here: karatsuba builds on _staged, which imports this module
    from qdl.circuits.qam.karatsuba import DEFAULT_BASE, KaratsubaMultiplier
    if p.variant == "karatsuba" and p.bits >= DEFAULT_BASE:
        return KaratsubaMultiplier(p.bits, DEFAULT_BASE)
    return SchoolbookMultiplier(p.bits, p.bits_b or p.bits)


class SquareParams(Params):
    bits: Bits


register(Primitive(
    name="multiply",
    params=MultiplyParams,
    make=make_multiplier,
    action="|a⟩|b⟩|0⟩ → |a⟩|b⟩|a·b⟩ (n·m → n+m bits)",
    cost="schoolbook: 2nm−max(n,m) AND (t_count 8nm−4max), T-depth (N+1)(M−1)+2 with N=max, "
         "M=min, 4N+2M+1 qubits; karatsuba: G(n) = G(⌈n/2⌉)+G(⌊n/2⌋)+G(⌈n/2⌉+1)+5⌈n/2⌉+2n−1 "
         "AND, G(k) = 2k²−k below 14 bits",
    reference="partial-product rows with Gidney's controlled adder, Quantum 2, 74 (2018) §4; "
              "Karatsuba & Ofman (1963) with a garbage forward pass undone by measurement",
))

register(Primitive(
    name="square",
    params=SquareParams,
    make=lambda p: Squarer(p.bits),
    action="|a⟩|0⟩ → |a⟩|a²⟩ (n → 2n bits)",
    cost="n²−n AND (t_count 4n²−4n), T-depth n(n+1)/2, 5n−1 qubits",
    reference="a² = Σ a_i 4^i + Σ_j a_j (a mod 2^j) 2^{j+1}; Gidney 2018 §4 controlled adder",
))
