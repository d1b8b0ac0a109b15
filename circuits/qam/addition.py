"""In-place addition ``a += b (mod 2^n)``.

Variants, selected by the ``add`` primitive's ``variant`` parameter:

- :class:`GidneyAdder` (default): ripple carry with temporary logical ANDs whose uncomputation
  is measurement based; n−1 ANDs, 4n−4 T. Gidney, "Halving the cost of quantum addition",
  Quantum 2, 74 (2018), Fig. 4.
- :class:`CuccaroAdder`: the MAJ/UMA ripple-carry adder with one ancilla; 2n−2 Toffolis.
  Cuccaro, Draper, Kutin, Moulton, arXiv:quant-ph/0410184 (2004), Fig. 4 (no carry-out).
- :class:`~qdl.circuits.qam.qft_addition.DraperAdder` (``draper_qft``): QFT, controlled
  phases, inverse QFT; no ancilla, 9(n−1) T plus 9(n−1)(n−2)/2 rotations. Draper,
  arXiv:quant-ph/0008033 (2000).
- :class:`~qdl.circuits.qam.lookahead.LookaheadAdder` (``lookahead``): Brent–Kung carry trees
  of temporary ANDs, T-depth O(log n). Draper, Kutin, Rains, Svore, quant-ph/0406142 (2004).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from qdl.circuits.block import Block
from qdl.circuits.builder import Builder
from qdl.circuits.cost import DEFAULT_ROTATION_EPS
from qdl.circuits.rotations import MIN_ROTATION_EPS
from qdl.circuits.gates import CX, And, AndUncompute, Toffoli
from qdl.circuits.params import Bits
from qdl.circuits.qam._registers import InPlaceAdder
from qdl.circuits.qam.lookahead import LookaheadAdder
from qdl.circuits.qam.qft_addition import DraperAdder
from qdl.circuits.registry import Params, Primitive, register


@dataclass(frozen=True)
class GidneyAdder(InPlaceAdder):
    """|a⟩|b⟩ → |a + b mod 2^n⟩|b⟩ with temporary ANDs (Gidney 2018, Fig. 4).

    For each bit i < n−1 the carry c_{i+1} = maj(a_i, b_i, c_i) is computed into a fresh
    ancilla as AND(a_i⊕c_i, b_i⊕c_i) ⊕ c_i, and uncomputed by measurement on the way back.

    Cost (n ≥ 2): n−1 AND (t_count 4n−4), n−1 measurements, 6n−9 CNOT + 2(n−1) uncompute
    Cliffords; qubits 3n−1 (all n−1 carries live at the top); T-depth n (each AND adds one T
    layer after its controls, plus the first AND's target preparation); Toffoli depth n−1.
    n = 1 is a single CNOT.
    """

    def children(self):
        n = self.bits
        if n == 1:
            return ((CX, 1),)
        return ((CX, 6 * n - 9), (And(), n - 1), (AndUncompute(), n - 1))

    def qubits(self) -> int:
        return 3 * self.bits - 1 if self.bits > 1 else 2

    def t_depth(self) -> int:
        return self.bits if self.bits > 1 else 0

    def toffoli_depth(self) -> int:
        return self.bits - 1

    def build(self, bb: Builder, *, a: list[int], b: list[int]) -> None:
        n = self.bits
        if n == 1:
            bb.cx(b[0], a[0])
            return
        carry: list[int] = [-1]  # carry[i] is the wire holding c_i; c_0 = 0 needs none
        for i in range(n - 1):
            if i:
                bb.cx(carry[i], b[i])
                bb.cx(carry[i], a[i])
            carry.append(bb.alloc(1)[0])
            bb.call(And(), a=[b[i]], b=[a[i]], t=[carry[i + 1]])
            if i:
                bb.cx(carry[i], carry[i + 1])
        bb.cx(carry[n - 1], a[n - 1])
        bb.cx(b[n - 1], a[n - 1])
        for i in reversed(range(n - 1)):
            if i:
                bb.cx(carry[i], carry[i + 1])
            bb.call(AndUncompute(), a=[b[i]], b=[a[i]], t=[carry[i + 1]])
            bb.release([carry[i + 1]])
            if i:
                bb.cx(carry[i], b[i])
            bb.cx(b[i], a[i])



@dataclass(frozen=True)
class CuccaroAdder(InPlaceAdder):
    """|a⟩|b⟩ → |a + b mod 2^n⟩|b⟩ with MAJ/UMA gates (Cuccaro et al. 2004, Fig. 4).

    The carry c_{i+1} overwrites b_i (MAJ), is used for the top sum bit, and is undone while
    writing the sum bits (UMA, 2-CNOT form); one clean ancilla holds c_0 = 0.

    Cost (n ≥ 2): 2n−2 Toffoli (t_count 8n−8), 4n−2 CNOT; qubits 2n+1; T-depth 6(n−1) (the
    Toffolis form one chain, 3 T layers each); Toffoli depth 2n−2. n = 1 is a single CNOT.
    """

    def children(self):
        n = self.bits
        if n == 1:
            return ((CX, 1),)
        return ((CX, 4 * n - 2), (Toffoli(), 2 * n - 2))

    def qubits(self) -> int:
        return 2 * self.bits + 1 if self.bits > 1 else 2

    def build(self, bb: Builder, *, a: list[int], b: list[int]) -> None:
        n = self.bits
        if n == 1:
            bb.cx(b[0], a[0])
            return
        zero = bb.alloc(1)
        carry = zero + b[: n - 1]  # c_0 in the ancilla, then c_{i+1} overwrites b_i
        for i in range(n - 1):  # MAJ(c_i, a_i, b_i)
            bb.cx(b[i], a[i])
            bb.cx(b[i], carry[i])
            bb.ccx(carry[i], a[i], b[i])
        bb.cx(b[n - 2], a[n - 1])
        bb.cx(b[n - 1], a[n - 1])
        for i in reversed(range(n - 1)):  # UMA(c_i, a_i, b_i)
            bb.ccx(carry[i], a[i], b[i])
            bb.cx(b[i], carry[i])
            bb.cx(carry[i], a[i])
        bb.release(zero)


ADDERS: dict[str, type[InPlaceAdder]] = {"gidney": GidneyAdder, "cdkm": CuccaroAdder,
                                         "draper_qft": DraperAdder, "lookahead": LookaheadAdder}


class AddParams(Params):
    bits: Bits
    variant: Literal["gidney", "cdkm", "draper_qft", "lookahead"] = Field(
        "gidney", description="gidney (temporary ANDs, 4n−4 T), cdkm (Cuccaro MAJ/UMA), "
                              "draper_qft (QFT rotations, no ancilla) or lookahead "
                              "(carry trees, T-depth O(log n))")
    rotation_eps: float = Field(DEFAULT_ROTATION_EPS, ge=MIN_ROTATION_EPS, lt=1,
                                description="synthesis precision per rotation (draper_qft)")


def _make_adder(p: AddParams) -> Block:
    if p.variant == "draper_qft":
        return DraperAdder(p.bits, p.rotation_eps)
    return ADDERS[p.variant](p.bits)


register(Primitive(
    name="add",
    params=AddParams,
    make=_make_adder,
    action="|a⟩|b⟩ → |a + b mod 2^n⟩|b⟩",
    cost="gidney: 4n−4 T (n−1 AND), T-depth n, 3n−1 qubits; "
         "cdkm: 2n−2 Toffoli, T-depth 6(n−1), 2n+1 qubits; "
         "draper_qft: 9(n−1) T + 9(n−1)(n−2)/2 rotations, T-depth 4n−2, 2n qubits; "
         "lookahead: 8(n−1+C+P) T (C, P: Brent–Kung combines and P nodes), "
         "T-depth 6⌊log2(n−1)⌋ + O(1), 4n−2+C+P qubits",
    reference="Gidney, Quantum 2, 74 (2018), Fig. 4; Cuccaro et al., quant-ph/0410184, Fig. 4; "
              "Draper, quant-ph/0008033; Draper, Kutin, Rains, Svore, quant-ph/0406142",
))
