"""Controlled swaps and the swap-with-zero network shared by QROAM and bucket-brigade QRAM.

:class:`ControlledSwap` is the Fredkin gate as one Toffoli between two CNOTs (Nielsen &
Chuang, Ex. 4.25 construction); :func:`swap_with_zero` is the network of Low, Kliuchnikov,
Schaeffer, arXiv:1812.00954 (2018), Fig. 1c, that moves register R_l to position 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from qdl.circuits.block import Block, Register, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.gates import CX, Toffoli


@dataclass(frozen=True)
class ControlledSwap(Block):
    """|c, x, y⟩ → |c, y, x⟩ if c else |c, x, y⟩.

    Cost: 1 Toffoli (t_count 4), 2 CNOT; qubits 3; T-depth 3, Toffoli depth 1.
    """

    name = "cswap"

    @property
    def signature(self) -> Signature:
        return Signature([Register("c", 1), Register("x", 1), Register("y", 1)])

    def children(self):
        return ((CX, 2), (Toffoli(), 1))

    def build(self, bb: Builder, *, c: list[int], x: list[int], y: list[int]) -> None:
        bb.cx(y[0], x[0])
        bb.ccx(c[0], x[0], y[0])
        bb.cx(y[0], x[0])

    def reference(self, *, c: int, x: int, y: int) -> dict[str, int]:
        return {"c": c, "x": y, "y": x} if c else {"c": c, "x": x, "y": y}


CSWAP = ControlledSwap()


def swap_with_zero_order(registers: int, width: int) -> list[tuple[int, int, int, int]]:
    """The controlled swaps of the network, in emission order, as (stage, i, j, bit).

    Stage s (control: selection bit s) swaps R_i ↔ R_{i+2^s} for i ≡ 0 mod 2^{s+1}, bit by
    bit. Stages alternate direction so that each one starts on a wire the previous one ended
    on: all (K−1)·b swaps then form a single dependency chain (T-depth 3(K−1)b).
    """
    order = []
    stage, step = 0, 1
    while step < registers:
        ops = [(stage, i, i + step, bit) for i in range(0, registers, 2 * step)
               for bit in range(width)]
        order += ops if stage % 2 == 0 else ops[::-1]
        stage, step = stage + 1, step * 2
    return order


def swap_with_zero(bb: Builder, select: list[int], regs: list[list[int]]) -> None:
    """Move R_l to position 0 for l = the value of ``select`` (LSB first; K = 2^len(select))."""
    for stage, i, j, bit in swap_with_zero_order(len(regs), len(regs[0])):
        bb.call(CSWAP, c=[select[stage]], x=[regs[i][bit]], y=[regs[j][bit]])


def swap_with_zero_permutation(registers: int, select: int) -> list[int]:
    """Which original register ends at each position after :func:`swap_with_zero`."""
    pos = list(range(registers))
    stage, step = 0, 1
    while step < registers:
        if (select >> stage) & 1:
            for i in range(0, registers, 2 * step):
                pos[i], pos[i + step] = pos[i + step], pos[i]
        stage, step = stage + 1, step * 2
    return pos
