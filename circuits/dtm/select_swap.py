"""QROAM with dirty ancillas (select-swap): |i⟩|t⟩|z⟩ → |i⟩|t ⊕ d_i⟩|z⟩ for any state z.

Low, Kliuchnikov, Schaeffer, "Trading T-gates for dirty qubits in state preparation and
unitary synthesis", arXiv:1812.00954 (2018), Fig. 1d; Berry et al., Quantum 3, 208 (2019),
App. A. Address i = hK + l. K dirty registers R_0 … R_{K−1} of b bits are borrowed in any
state z and given back unchanged:

    S_l; T ⊕= R_0; S_l†; A_h; S_l; T ⊕= R_0; S_l†; A_h

where A_h XORs words hK … hK+K−1 into R_0 … R_{K−1} (a QROM over ⌈N/K⌉ super-words) and S_l
is the swap-with-zero network. T receives z_l, then z_l ⊕ d_i: t ⊕ d_i in total.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pydantic import model_validator

from qdl.circuits.block import Register, Role, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.dtm._blocked import BlockedTable, BlockedTableParams, best_block, maker
from qdl.circuits.dtm._levels import Levels
from qdl.circuits.dtm._tree import LeafWrites, row_bits, table_rows
from qdl.circuits.dtm.qrom import tree_leaf
from qdl.circuits.dtm.swaps import CSWAP, swap_with_zero, swap_with_zero_order
from qdl.circuits.gates import CX
from qdl.circuits.registry import Primitive, register

def best_dirty_block(words: int, word_bits: int) -> int:
    """The K minimising :func:`select_swap_t_count`."""
    return best_block(words, word_bits, select_swap_t_count)


def select_swap_t_count(words: int, word_bits: int, block: int) -> int:
    """Two QROMs over ⌈N/K⌉ and four swap networks: 8(⌈N/K⌉ − 2) + 16b(K − 1)."""
    if block == 1:
        return 4 * (words - 2)
    return 8 * (-(-words // block) - 2) + 16 * word_bits * (block - 1)


#: Cross-parameter maximum of select_swap with K ≥ 2: its depths depend on which registers
#: the swap networks last touched, so they come from a wire-by-wire simulation of the
#: schedule (qdl.circuits.dtm._levels), whose work grows as words × word_bits: 2^24 counts in
#: about 0.7 s (2^22 × 4 bits, 2^16 × 256 bits), 2^32 took minutes and GBs. With K = 1 (the
#: cheapest for few wide words) it is the plain QROM, counted in closed form.
SELECT_SWAP_CELLS = 1 << 24


class SelectSwapParams(BlockedTableParams):
    @model_validator(mode="after")
    def _check_cells(self) -> "SelectSwapParams":
        K = self.block or best_dirty_block(self.size, self.word_bits)
        if K > 1 and self.size * self.word_bits > SELECT_SWAP_CELLS:
            raise ValueError(f"words × word_bits = {self.size:,} × {self.word_bits:,} exceeds "
                             f"{SELECT_SWAP_CELLS:,} (the depth simulation grows with the "
                             f"table: use qroam_clean or qrom, whose depths are closed forms, "
                             f"or a smaller table)")
        return self


@dataclass(frozen=True)
class SelectSwapQROM(BlockedTable):
    """|i⟩|t⟩|z⟩ → |i⟩|t ⊕ d_i⟩|z⟩, z the K·b borrowed (dirty) qubits, K = ``block`` ≥ 2.

    Cost: 2 QROM(⌈N/K⌉ words of K·b bits) + 4b(K−1) controlled swaps + 2b CNOT: t_count
    8(⌈N/K⌉−2) + 16b(K−1) (Berry et al. App. A: 2⌈N/K⌉ + 4bK Toffolis to leading order);
    qubits n + b + K·b + the QROM's ANDs. Depths: the second lookup waits on registers the
    swap networks have just used, so they depend on the data; computed by
    :class:`~qdl.circuits.dtm._levels.Levels`. ``data=None``: all-ones words (padding too).
    """

    name = "select_swap"

    @property
    def signature(self) -> Signature:
        return Signature([Register("address", self.n),
                          Register("target", self.word_bits, Role.OUTPUT),
                          Register("dirty", self.block * self.word_bits)])

    def children(self):
        b, K = self.word_bits, self.block
        return ((self.qrom(), 2), (CSWAP, 4 * b * (K - 1)), (CX, 2 * b))

    def qubits(self) -> int:
        return self.qrom().qubits() + self.k + self.word_bits

    def _levels(self) -> Levels:
        K, b, k = self.block, self.word_bits, self.k
        qrom = self.qrom()
        levels = Levels(K * b)
        order = swap_with_zero_order(K, b)
        low = [("a", i) for i in range(k)]
        high = [("a", i) for i in range(k, self.n)]
        written = leaf_lo = uniform = None
        if self.data is not None:
            tree = qrom.tree()
            leaf_lo, uniform = tree.leaf_lo, tree.uniform
            written = LeafWrites.of(row_bits(table_rows(self.data, qrom.words, K * b, K)[leaf_lo], b))

        chain = [(stage, i * b + bit, j * b + bit) for stage, i, j, bit in order]

        def swaps(reverse: bool) -> None:
            levels.swap_chain(chain[::-1] if reverse else chain, low)

        for _ in range(2):
            swaps(False)
            for bit in range(b):
                levels.sync([("r", bit), ("t", bit)])
            swaps(True)
            levels.unary_lookup(qrom.words, high, written, leaf_lo, uniform)
        return levels

    def t_depth(self) -> int:
        return _depths(self)[0]

    def toffoli_depth(self) -> int:
        return _depths(self)[1]

    def rotation_depth(self) -> int:
        return 0

    def build(self, bb: Builder, *, address: list[int], target: list[int],
              dirty: list[int]) -> None:
        b = self.word_bits
        regs = [dirty[j * b:(j + 1) * b] for j in range(self.block)]
        low, high = address[:self.k], address[self.k:]
        for _ in range(2):
            swap_with_zero(bb, low, regs)
            for bit in range(b):
                bb.cx(regs[0][bit], target[bit])
            for stage, i, j, bit in reversed(swap_with_zero_order(self.block, b)):
                bb.call(CSWAP, c=[low[stage]], x=[regs[i][bit]], y=[regs[j][bit]])
            bb.call(self.qrom(), address=high, target=dirty)

    def reference(self, *, address: int, target: int, dirty: int) -> dict[str, int]:
        K = self.block
        high = tree_leaf(-(-self.words // K), address >> self.k)
        return {"address": address, "dirty": dirty,
                "target": target ^ self.word(high * K + (address & (K - 1)))}


@lru_cache(maxsize=64)
def _depths(block: SelectSwapQROM) -> tuple[int, int]:
    return block._levels().top


register(Primitive(
    name="select_swap",
    params=SelectSwapParams,
    make=maker(SelectSwapQROM, select_swap_t_count),
    action="|i⟩|0⟩|z⟩ → |i⟩|d_i⟩|z⟩ (z: K·b borrowed qubits in any state)",
    cost="8(⌈N/K⌉−2) + 16b(K−1) T; n + b + Kb + ⌈log2 ⌈N/K⌉⌉−1 qubits; K = 1 is the plain QROM",
    reference="Low, Kliuchnikov, Schaeffer, arXiv:1812.00954, Fig. 1d; Berry et al., "
              "Quantum 3, 208 (2019), App. A",
))
