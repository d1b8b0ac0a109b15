"""In-place subtraction ``a −= b (mod 2^n)``.

The complement identity a − b = ¬(¬a + b) (¬ is the bitwise NOT, ¬x = 2^n − 1 − x) turns any
in-place adder into a subtractor for 2n X gates: X on every bit of ``a``, ``a += b``, X again.
With Gidney's adder this is 4n−4 T, the cost of addition (Gidney, "Halving the cost of quantum
addition", Quantum 2, 74 (2018), Fig. 4).
"""

from __future__ import annotations

from dataclasses import dataclass

from qdl.circuits.block import Block, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.gates import Clifford
from qdl.circuits.params import Bits
from qdl.circuits.qam._registers import adder_signature as _adder_signature
from qdl.circuits.qam.addition import GidneyAdder
from qdl.circuits.registry import Params, Primitive, register

X = Clifford("x")


@dataclass(frozen=True)
class GidneySubtractor(Block):
    """|a⟩|b⟩ → |a − b mod 2^n⟩|b⟩ as X^{⊗n} · (a += b) · X^{⊗n} on ``a``.

    Cost: Gidney's adder plus 2n X: n−1 AND (t_count 4n−4), 6n−9 CNOT + 2(n−1) uncompute
    Cliffords + 2n X; qubits 3n−1 (2 for n = 1); T-depth n (0 for n = 1); Toffoli depth n−1.
    """

    bits: int
    name = "sub"

    @property
    def signature(self) -> Signature:
        return _adder_signature(self.bits)

    def children(self):
        return ((X, 2 * self.bits), (GidneyAdder(self.bits), 1))

    def build(self, bb: Builder, *, a: list[int], b: list[int]) -> None:
        for q in a:
            bb.x(q)
        bb.call(GidneyAdder(self.bits), a=a, b=b)
        for q in a:
            bb.x(q)

    def reference(self, *, a: int, b: int) -> dict[str, int]:
        return {"a": (a - b) % (1 << self.bits), "b": b}


class SubParams(Params):
    bits: Bits


register(Primitive(
    name="sub",
    params=SubParams,
    make=lambda p: GidneySubtractor(p.bits),
    action="|a⟩|b⟩ → |a − b mod 2^n⟩|b⟩",
    cost="4n−4 T (n−1 AND), T-depth n, 3n−1 qubits",
    reference="Gidney, Quantum 2, 74 (2018), Fig. 4, conjugated by X: a − b = ¬(¬a + b)",
))
