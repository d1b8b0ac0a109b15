"""Out-of-place addition ``c = a + b`` into a fresh register, and its T-free uncomputation.

Gidney, "Halving the cost of quantum addition", Quantum 2, 74 (2018) (the
out-of-place adder whose carries are temporary ANDs written straight into the output): for
each bit i the carry c_{i+1} = maj(a_i, b_i, c_i) is computed as AND(a_i ⊕ b_i, a_i ⊕ c_i) ⊕ a_i
into output bit i+1, and c_i then becomes the sum bit a_i ⊕ b_i ⊕ c_i. No ancilla, no
uncomputation inside: the ANDs' targets are the output. Erasing the sum runs the same steps
backwards with measurement-based AND uncomputes, 0 T. Qualtran 0.7 ``OutOfPlaceAdder``
builds the same circuit (n ANDs with the carry bit, n − 1 without).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from qdl.circuits.block import Block, Register, Role, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.gates import CX, And, AndUncompute
from qdl.circuits.params import Bits
from qdl.circuits.registry import Params, Primitive, register


@dataclass(frozen=True)
class OutOfPlaceAdder(Block):
    """|a⟩|b⟩|0⟩ → |a⟩|b⟩|a + b⟩ (c: n+1 bits with ``carry_out``, else a + b mod 2^n).

    With ``uncompute`` the map is |a⟩|b⟩|a + b⟩ → |a⟩|b⟩|0⟩ (c must hold the sum).

    Cost with m = n (carry out) or n − 1 steps: m AND (t_count 4m: 4n, Qualtran's count),
    5m CNOT (+2 without carry out for the top sum bit); qubits 3n + 1 (3n); T-depth m + 1 and
    Toffoli depth m (the carries form one chain; 0 when m = 0). Uncompute: m measurements,
    2m uncompute Cliffords, the same CNOTs, depth 0.
    """

    bits: int
    carry_out: bool = True
    uncompute: bool = False
    name = "add_oop"

    @property
    def steps(self) -> int:
        return self.bits if self.carry_out else self.bits - 1

    @property
    def signature(self) -> Signature:
        n = self.bits
        role = Role.THRU if self.uncompute else Role.OUTPUT
        return Signature([Register("a", n), Register("b", n),
                          Register("c", n + self.carry_out, role)])

    def children(self):
        m = self.steps
        cx = (CX, 5 * m + (0 if self.carry_out else 2))
        return (cx, (AndUncompute() if self.uncompute else And(), m))

    def t_depth(self) -> int:
        return 0 if self.uncompute or not self.steps else self.steps + 1

    def toffoli_depth(self) -> int:
        return 0 if self.uncompute else self.steps

    def build(self, bb: Builder, *, a: list[int], b: list[int], c: list[int]) -> None:
        def top() -> None:  # without carry out, the top sum bit is a ⊕ b ⊕ c_{n−1}
            if not self.carry_out:
                bb.cx(a[-1], c[-1])
                bb.cx(b[-1], c[-1])

        if self.uncompute:
            top()
        steps = range(self.steps)
        for i in (reversed(steps) if self.uncompute else steps):
            if self.uncompute:
                bb.cx(b[i], c[i])
                bb.cx(a[i], c[i + 1])
                bb.cx(a[i], b[i])
                bb.call(AndUncompute(), a=[b[i]], b=[c[i]], t=[c[i + 1]])
                bb.cx(a[i], c[i])
                bb.cx(a[i], b[i])
            else:
                bb.cx(a[i], b[i])
                bb.cx(a[i], c[i])
                bb.call(And(), a=[b[i]], b=[c[i]], t=[c[i + 1]])
                bb.cx(a[i], b[i])
                bb.cx(a[i], c[i + 1])
                bb.cx(b[i], c[i])
        if not self.uncompute:
            top()

    def _sum(self, a: int, b: int) -> int:
        return (a + b) % (1 << (self.bits + self.carry_out))

    def accepts(self, *, a: int, b: int, c: int) -> bool:
        return not self.uncompute or c == self._sum(a, b)

    def reference(self, *, a: int, b: int, c: int) -> dict[str, int]:
        return {"a": a, "b": b, "c": c ^ self._sum(a, b)}


class OutOfPlaceParams(Params):
    bits: Bits
    carry_out: bool = Field(True, description="c has n+1 bits (else the sum mod 2^n)")


register(Primitive(
    name="add_oop",
    params=OutOfPlaceParams,
    make=lambda p: OutOfPlaceAdder(p.bits, p.carry_out),
    action="|a⟩|b⟩|0⟩ → |a⟩|b⟩|a + b⟩ (n+1 bits; mod 2^n without carry_out)",
    cost="n AND (4n T; n−1 without carry_out), T-depth n+1, 3n+1 qubits, no ancilla; "
         "uncompute 0 T",
    reference="Gidney, Quantum 2, 74 (2018), out-of-place adder; Qualtran OutOfPlaceAdder",
))
