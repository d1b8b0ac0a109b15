"""Copy the register chosen by a quantum address: |l⟩|R_0 … R_{K−1}⟩|y⟩ → |l⟩|R⟩|y ⊕ R_l⟩.

A stage that computed every output feature of a position into K registers (one per feature,
classical weights: qdl.estimators.network.lower_weights) hands the readout the feature its
index names. The swap-with-zero network (Low, Kliuchnikov, Schaeffer, arXiv:1812.00954
(2018), Fig. 1c; qdl.circuits.dtm.swaps) moves R_l to position 0, w CNOTs copy it into y, and
the same network in reverse order moves it back (each controlled swap is its own inverse).
K = 2^s registers of w bits (s address bits; unused registers stay |0⟩).

Cost: 2(K − 1)·w controlled swaps (1 Toffoli, 2 CNOT each: t_count 8(K − 1)w) + w CNOT;
qubits s + (K + 1)·w; T-depth 6(K − 1)w (the swaps form one dependency chain,
:func:`~qdl.circuits.dtm.swaps.swap_with_zero_order`, and the reversed network starts on the
wires the forward one ended on), Toffoli depth 2(K − 1)w. It XORs into y, so it is its own
inverse.
"""

from __future__ import annotations

from dataclasses import dataclass

from qdl.circuits.block import Block, Register, Signature
from qdl.circuits.dtm.swaps import CSWAP, swap_with_zero_order
from qdl.circuits.gates import CX


@dataclass(frozen=True)
class SelectCopy(Block):
    """y ^= R_l for l the value of ``select`` (module docstring)."""

    select_bits: int
    width: int
    name = "select_copy"
    self_inverse = True
    #: its first T layer is a whole Toffoli (not a temporary AND whose target T is prepared
    #: off the critical path), so inside a program it does not overlap the barrier before it
    #: (qdl.circuits.compose.t_lead)
    t_lead = 0

    @property
    def registers(self) -> int:
        return 1 << self.select_bits

    @property
    def signature(self) -> Signature:
        return Signature([Register("select", self.select_bits),
                          Register("r", self.registers * self.width),
                          Register("y", self.width)])

    def children(self):
        return ((CSWAP, 2 * (self.registers - 1) * self.width), (CX, self.width))

    def build(self, bb, *, select: list[int], r: list[int], y: list[int]) -> None:
        w = self.width
        regs = [r[k * w:(k + 1) * w] for k in range(self.registers)]
        order = swap_with_zero_order(self.registers, w)
        for s, i, j, bit in order:
            bb.call(CSWAP, c=[select[s]], x=[regs[i][bit]], y=[regs[j][bit]])
        for bit in range(w):
            bb.cx(regs[0][bit], y[bit])
        for s, i, j, bit in reversed(order):
            bb.call(CSWAP, c=[select[s]], x=[regs[i][bit]], y=[regs[j][bit]])

    def reference(self, *, select: int, r: int, y: int) -> dict[str, int]:
        mask = (1 << self.width) - 1
        return {"select": select, "r": r, "y": y ^ (r >> (select * self.width)) & mask}
