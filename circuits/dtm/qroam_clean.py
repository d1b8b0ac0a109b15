"""QROAM with clean ancillas: a QROM over blocks of K words, then a swap network.

Berry, Gidney, Motta, McClean, Babbush, "Qubitization of arbitrary basis quantum chemistry
leveraging sparsity and low rank factorization", Quantum 3, 208 (2019), arXiv:1902.02134,
Appendix A/B (after Low, Kliuchnikov, Schaeffer, arXiv:1812.00954). Same construction and
outputs as Qualtran's ``QROAMClean``: the K−1 registers it loads besides the target are
returned as ``junk`` (for a measurement-based uncompute, Berry et al. Appendix C).

For address i = h·K + l (l the low k = log2 K bits): a QROM over M = ⌈N/K⌉ super-words
writes words hK … hK+K−1 into registers R_0 … R_{K−1} (R_0 is the target), then the
swap-with-zero network controlled by l brings R_l to R_0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qdl.circuits.block import Register, Role, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.dtm._blocked import BlockedTable, BlockedTableParams, best_block, maker
from qdl.circuits.dtm._tree import row_bits, table_rows
from qdl.circuits.dtm.qrom import tree_leaf
from qdl.circuits.dtm.swaps import (CSWAP, swap_with_zero, swap_with_zero_order,
                                    swap_with_zero_permutation)
from qdl.circuits.registry import Primitive, register


def best_clean_block(words: int, word_bits: int) -> int:
    """The K minimising :func:`qroam_clean_t_count` (≈ √(N/b), Berry et al. App. B)."""
    return best_block(words, word_bits, qroam_clean_t_count)


def qroam_clean_t_count(words: int, word_bits: int, block: int) -> int:
    """4(⌈N/K⌉ − 2) + 4b(K − 1): the QROM's ANDs plus one Toffoli per controlled swap."""
    if block == 1:
        return 4 * (words - 2)
    return 4 * (-(-words // block) - 2) + 4 * word_bits * (block - 1)


@dataclass(frozen=True)
class QROAMClean(BlockedTable):
    """|i⟩|t⟩|0⟩ → |i⟩|t ⊕ d_i⟩|junk(i)⟩ with K = ``block`` (a power of two, 2 ≤ K, ⌈N/K⌉ ≥ 2).

    junk(i) holds the other K−1 words of i's block, in the order the swap network leaves
    them. ``data=None`` costs all-ones words (the padding of the last block included).

    Cost: QROM(⌈N/K⌉ words of K·b bits) + b(K−1) controlled swaps: t_count
    4(⌈N/K⌉−2) + 4b(K−1), equal to Qualtran's QROAMClean; qubits n + K·b + the QROM's
    ⌈log2 ⌈N/K⌉⌉−1 ANDs. The swap network is one dependency chain (its stages alternate
    direction), entered as each register bit's last QROM write allows: depths are computed
    from the levels of the (data-pruned) QROM's leaves, so they depend on the data.
    """

    name = "qroam_clean"

    @property
    def signature(self) -> Signature:
        return Signature([Register("address", self.n),
                          Register("target", self.word_bits, Role.OUTPUT),
                          Register("junk", (self.block - 1) * self.word_bits, Role.OUTPUT)])

    def children(self):
        return ((self.qrom(), 1), (CSWAP, self.word_bits * (self.block - 1)))

    def qubits(self) -> int:
        return self.qrom().qubits() + self.k

    def _depths(self) -> tuple[int, int]:
        """(T depth, Toffoli depth): the QROM's, or the end of the swap chain if later."""
        qrom = self.qrom()
        M, K, b = qrom.words, self.block, self.word_bits
        if self.data is None:  # every bit is last written by leaf M−1, after all M−2 ANDs
            top_t, top_tof = (M - 1 if M > 2 else 0), M - 2
            chain = b * (K - 1)
            return max(qrom.t_depth(), top_t + 3 * chain), max(qrom.toffoli_depth(),
                                                                top_tof + chain)
        tree = qrom.tree()
        rows = table_rows(self.data, M, K * b, K)
        written = row_bits(rows[tree.leaf_lo], b)  # leaves × register bits
        ands = tree.ands_before()
        last = len(ands) - 1 - np.argmax(written[::-1], axis=0)  # last leaf writing a bit
        tof = np.where(written.any(axis=0), ands[last], 0)
        t_level, tof_level = np.where(tof > 0, tof + 1, 0).tolist(), tof.tolist()
        t_end = tof_end = 0
        for _, i, j, bit in swap_with_zero_order(K, b):
            x, y = i * b + bit, j * b + bit
            t_end = max(t_end, t_level[x], t_level[y]) + 3
            tof_end = max(tof_end, tof_level[x], tof_level[y]) + 1
        return max(qrom.t_depth(), t_end), max(qrom.toffoli_depth(), tof_end)

    def t_depth(self) -> int:
        return self._depths()[0]

    def toffoli_depth(self) -> int:
        return self._depths()[1]

    def rotation_depth(self) -> int:
        return 0

    def build(self, bb: Builder, *, address: list[int], target: list[int],
              junk: list[int]) -> None:
        b = self.word_bits
        regs = [target] + [junk[j * b:(j + 1) * b] for j in range(self.block - 1)]
        bb.call(self.qrom(), address=address[self.k:], target=[q for r in regs for q in r])
        swap_with_zero(bb, address[:self.k], regs)

    def reference(self, *, address: int, target: int, junk: int) -> dict[str, int]:
        K, b = self.block, self.word_bits
        mask = (1 << b) - 1
        low, high = address & (K - 1), tree_leaf(-(-self.words // K), address >> self.k)
        before = [target] + [(junk >> (j * b)) & mask for j in range(K - 1)]
        loaded = [before[j] ^ self.word(high * K + j) for j in range(K)]
        after = [loaded[p] for p in swap_with_zero_permutation(K, low)]
        return {"address": address, "target": after[0],
                "junk": sum(v << (j * b) for j, v in enumerate(after[1:]))}


register(Primitive(
    name="qroam_clean",
    params=BlockedTableParams,
    make=maker(QROAMClean, qroam_clean_t_count),
    action="|i⟩|0⟩|0⟩ → |i⟩|d_i⟩|junk⟩ (junk: the other K−1 words of i's block)",
    cost="4(⌈N/K⌉−2) + 4b(K−1) T, n + Kb + ⌈log2 ⌈N/K⌉⌉−1 qubits; K = 1 is the plain QROM",
    reference="Berry et al., Quantum 3, 208 (2019), arXiv:1902.02134, App. A-B; Qualtran "
              "QROAMClean",
))
