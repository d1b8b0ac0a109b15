"""Controlled in-place addition ``if c: a += b``.

:class:`ControlledAdder` fans the control into a temporary copy ``t = c·b`` with n temporary
logical ANDs, adds ``t`` into ``a`` with :class:`~qdl.circuits.qam.addition.GidneyAdder`, and
uncomputes ``t`` by measurement (0 T). This is the controlled-adder construction of Gidney,
"Halving the cost of quantum addition", Quantum 2, 74 (2018), §4 ("controlled addition"): an
n-bit controlled adder costs n ANDs more than the n−1 of the plain adder, 2n−1 in all
(t_count 8n−4), against 4n−2 Toffolis (t_count 16n−8) for Cuccaro-style controlled MAJ/UMA.

With ``carry_out`` the target has n+1 bits and receives the carry (``a`` < 2^n on entry is not
required: the sum is taken mod 2^{n+1}); the multipliers use this form for each partial-product
row, at 2n ANDs. With ``subtract`` the block computes a − c·b = ¬(¬a + c·b) by conjugating
the target with X gates (2w Cliffords more, same T); multipliers uncompute their rows with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from qdl.circuits.block import Block, Register, Role, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.gates import And, AndUncompute, Clifford
from qdl.circuits.params import Bits
from qdl.circuits.qam.addition import GidneyAdder
from qdl.circuits.registry import Params, Primitive, register


@dataclass(frozen=True)
class ControlledCopy(Block):
    """|c⟩|b⟩|t⟩ → |c⟩|b⟩|t ⊕ c·b⟩ bitwise, with ``bits`` temporary ANDs (t must be |0⟩).

    With ``uncompute`` the same map is applied to t = c·b by measurement (Gidney 2018, Fig. 3),
    at 0 T. Cost: n AND (t_count 4n) or n measurements + 2n Cliffords; qubits 2n+1. The ANDs
    share the control, so each adds one T layer after the previous: T-depth n+1 (uncompute: 0);
    Toffoli depth n.
    """

    bits: int
    uncompute: bool = False
    name = "ctrl_copy"

    @property
    def signature(self) -> Signature:
        role = Role.THRU if self.uncompute else Role.OUTPUT
        return Signature([Register("c", 1), Register("b", self.bits),
                          Register("t", self.bits, role)])

    def children(self):
        return (((AndUncompute() if self.uncompute else And()), self.bits),)

    def t_depth(self) -> int:
        return 0 if self.uncompute else self.bits + 1

    def toffoli_depth(self) -> int:
        return 0 if self.uncompute else self.bits

    def build(self, bb: Builder, *, c: list[int], b: list[int], t: list[int]) -> None:
        leaf = AndUncompute() if self.uncompute else And()
        for bi, ti in zip(b, t):
            bb.call(leaf, a=c, b=[bi], t=[ti])

    def reference(self, *, c: int, b: int, t: int) -> dict[str, int]:
        return {"c": c, "b": b, "t": t ^ (b if c else 0)}


@dataclass(frozen=True)
class ControlledAdder(Block):
    """|c⟩|a⟩|b⟩ → |c⟩|a + c·b mod 2^w⟩|b⟩, w = n (or n+1 with ``carry_out``), b of n bits.

    Gidney 2018 §4: t = c·b by :class:`ControlledCopy`, a += t by GidneyAdder(w) (t padded by
    one |0⟩ wire when w = n+1), t uncomputed by measurement.

    Cost: n + (w−1) AND, i.e. 2n−1 (t_count 8n−4), or 2n with carry out (t_count 8n);
    qubits 4n (4n+3 with carry out); T-depth n+1 (the copy's AND chain on c and the adder's
    carry chain run as a pipeline: carry i waits for t_i, which is ready at layer i+2) and
    Toffoli depth n; with carry out one more carry joins the chain: n+2 and n+1.
    """

    bits: int
    carry_out: bool = False
    subtract: bool = False
    name = "ctrl_add"

    @property
    def width(self) -> int:
        return self.bits + self.carry_out

    @property
    def signature(self) -> Signature:
        return Signature([Register("c", 1), Register("a", self.width),
                          Register("b", self.bits)])

    def _adder(self) -> GidneyAdder:
        return GidneyAdder(self.width)

    def children(self):
        n = self.bits
        flips = ((Clifford("x"), 2 * self.width),) if self.subtract else ()
        return ((ControlledCopy(n), 1), (self._adder(), 1), (ControlledCopy(n, True), 1)) + flips

    def qubits(self) -> int:
        adder = self._adder()
        adder_ancillas = adder.qubits() - adder.signature.width
        return self.signature.width + self.bits + self.carry_out + adder_ancillas

    def t_depth(self) -> int:
        return self.bits + 1 + self.carry_out

    def toffoli_depth(self) -> int:
        return self.bits + self.carry_out

    def build(self, bb: Builder, *, c: list[int], a: list[int], b: list[int]) -> None:
        n = self.bits
        flip = [q for q in a if self.subtract]
        for q in flip:
            bb.x(q)
        t = bb.alloc(n)
        bb.call(ControlledCopy(n), c=c, b=b, t=t)
        pad = bb.alloc(int(self.carry_out))
        bb.call(self._adder(), a=a, b=t + pad)
        bb.release(pad)
        bb.call(ControlledCopy(n, True), c=c, b=b, t=t)
        bb.release(t)
        for q in flip:
            bb.x(q)

    def reference(self, *, c: int, a: int, b: int) -> dict[str, int]:
        step = -b if self.subtract else b
        return {"c": c, "a": (a + (step if c else 0)) % (1 << self.width), "b": b}


class ControlledAddParams(Params):
    bits: Bits


register(Primitive(
    name="ctrl_add",
    params=ControlledAddParams,
    make=lambda p: ControlledAdder(p.bits),
    action="|c⟩|a⟩|b⟩ → |c⟩|a + c·b mod 2^n⟩|b⟩",
    cost="2n−1 AND (t_count 8n−4), T-depth n+1, Toffoli depth n, 4n qubits",
    reference="Gidney, Quantum 2, 74 (2018), §4 (controlled adder from temporary ANDs)",
))
