"""In-place addition of a classical constant, ``a += K (mod 2^n)``.

The ripple carry of Gidney's adder (Gidney, "Halving the cost of quantum addition", Quantum 2,
74 (2018), Fig. 4) with the second operand known classically: the carry into bit i+1 is
maj(a_i, k_i, c_i), which is a_i ∧ c_i when k_i = 0 and a_i ∨ c_i = a_i ⊕ c_i ⊕ (a_i ∧ c_i) when
k_i = 1, so every carry costs one temporary AND and at most two CNOTs. Below the lowest set bit
j of K the carries are 0 and the bits are unchanged; the first live carry c_{j+1} = a_j needs
no gate at all (its wire is a_j itself). Sum bits are written from the top down, so each carry
is uncomputed by measurement (0 T) while its operands still hold their original values.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from pydantic import Field

from qdl.circuits.block import Block, Register, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.cost import Cost
from qdl.circuits.gates import CX, And, AndUncompute, Clifford
from qdl.circuits.params import Bits
from qdl.circuits.registry import Params, Primitive, register


@dataclass(frozen=True)
class ConstantAdder(Block):
    """|a⟩ → |a + K mod 2^n⟩ for a classical K (``value``, reduced mod 2^n).

    With j the lowest set bit of K and m = max(0, n−2−j): m AND (t_count 4m ≤ 4n−8),
    m measurements, CNOT 4·#{j < i ≤ n−2 : k_i = 1} + (n−1−j), X popcount(K), 2m uncompute
    Cliffords; qubits n + m; T-depth m+1 (0 when m = 0); Toffoli depth m. K ≡ 0 is the
    identity (no gates).
    """

    bits: int
    value: int
    name = "add_const"

    @cached_property  # a mask, not %: K may have 2^24 bits, and every face reads it
    def constant(self) -> int:
        return self.value & ((1 << self.bits) - 1)

    def _k(self, i: int) -> int:
        return (self.constant >> i) & 1

    @cached_property
    def lowest(self) -> int:
        """Index j of the lowest set bit of K (K ≠ 0)."""
        return (self.constant & -self.constant).bit_length() - 1

    @property
    def ands(self) -> int:
        return max(0, self.bits - 2 - self.lowest) if self.constant else 0

    @property
    def signature(self) -> Signature:
        return Signature([Register("a", self.bits)])

    def children(self):
        if not self.constant:
            return ()
        n, j, m = self.bits, self.lowest, self.ands
        # #{j < i ≤ n−2 : k_i = 1}, a popcount (a bit-by-bit loop took minutes at n = 2^24)
        ors = ((self.constant >> (j + 1)) & ((1 << max(0, n - 2 - j)) - 1)).bit_count()
        return ((CX, 4 * ors + n - 1 - j), (Clifford("x"), self.constant.bit_count()),
                (And(), m), (AndUncompute(), m))

    def leaf_cost(self) -> Cost:
        return Cost(qubits=self.bits)

    def qubits(self) -> int:
        return self.bits + self.ands

    def t_depth(self) -> int:
        return self.ands + 1 if self.ands else 0

    def build(self, bb: Builder, *, a: list[int]) -> None:
        if not self.constant:
            return
        n, j = self.bits, self.lowest
        carry: dict[int, int] = {j + 1: a[j]} if j + 1 < n else {}
        for i in range(j + 1, n - 1):  # c_{i+1} = maj(a_i, k_i, c_i)
            carry[i + 1] = bb.alloc(1)[0]
            bb.call(And(), a=[a[i]], b=[carry[i]], t=[carry[i + 1]])
            if self._k(i):  # a ∨ c = a ⊕ c ⊕ (a ∧ c)
                bb.cx(a[i], carry[i + 1])
                bb.cx(carry[i], carry[i + 1])
        for i in reversed(range(n)):  # s_i = a_i ⊕ k_i ⊕ c_i, then c_i is no longer needed
            if i > j:
                bb.cx(carry[i], a[i])
            if self._k(i):
                bb.x(a[i])
            if i > j + 1:
                if self._k(i - 1):
                    bb.cx(a[i - 1], carry[i])
                    bb.cx(carry[i - 1], carry[i])
                bb.call(AndUncompute(), a=[a[i - 1]], b=[carry[i - 1]], t=[carry[i]])
                bb.release([carry[i]])

    def reference(self, *, a: int) -> dict[str, int]:
        return {"a": (a + self.value) % (1 << self.bits)}


class AddConstParams(Params):
    bits: Bits
    value: int = Field(description="the classical constant K (any integer; taken mod 2^bits, "
                                   "so a negative K subtracts)")


register(Primitive(
    name="add_const",
    params=AddConstParams,
    make=lambda p: ConstantAdder(p.bits, p.value % (1 << p.bits)),
    action="|a⟩ → |a + K mod 2^n⟩",
    cost="4·max(0, n−2−j) T with j the lowest set bit of K (≤ 4n−8), T-depth n−1−j, "
         "n + max(0, n−2−j) qubits",
    reference="Gidney, Quantum 2, 74 (2018), Fig. 4, with the second operand classical",
))
