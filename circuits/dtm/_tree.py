"""The unary-iteration tree of a lookup table, pruned where the data are equal (private).

Unary iteration (Babbush et al., PRX 8, 041015 (2018), Fig. 7) walks a segment tree over the
addresses: the node covering [lo, hi) at level k (hi − lo = 2^k) computes one temporary AND
unless it is the root or its right half lies beyond the table. When every word in a node's
segment is equal, the node need not branch: its control writes that word once and the
subtree is skipped. Qualtran's ``QROM`` does the same (``UnaryIterationGate._break_early``);
with runs of 16 equal words at N = 2^10 the lookup needs 62 ANDs (248 T) instead of N − 2.

Everything here is vectorised over the levels of the tree, so a table of 2^20 words is
analysed in milliseconds: with cs[h] the number of word changes among the first h words, the
segment [lo, hi) is uniform iff cs[hi − 1] = cs[lo].
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np


def table_rows(data: tuple[int, ...], words: int, word_bits: int, pack: int) -> np.ndarray:
    """The table as a (words, pack) array: word h is rows[h, j] << (j·b') summed over j,
    b' = word_bits / pack; entries beyond ``data`` are 0 (a blocked table's padding)."""
    return _rows(data, words, word_bits // pack, pack)


@lru_cache(maxsize=16)
def _rows(data: tuple[int, ...], words: int, sub_bits: int, pack: int) -> np.ndarray:
    dtype = np.uint64 if sub_bits <= 64 else object
    flat = np.zeros(words * pack, dtype=dtype)
    flat[:len(data)] = np.array(data, dtype=dtype)
    flat.flags.writeable = False
    return flat.reshape(words, pack)


def row_popcounts(rows: np.ndarray) -> np.ndarray:
    """One-bits of every word."""
    if rows.dtype == object:
        return np.array([sum(bin(int(v)).count("1") for v in row) for row in rows], dtype=np.int64)
    return np.bitwise_count(rows).sum(axis=1, dtype=np.int64)


def row_bits(rows: np.ndarray, sub_bits: int) -> np.ndarray:
    """(words, pack·sub_bits) booleans: bit j·b' + t of word h is bit t of rows[h, j]."""
    if rows.dtype == object or sub_bits > 64:
        return np.array([[(int(v) >> t) & 1 for v in row for t in range(sub_bits)]
                         for row in rows], dtype=bool)
    size = next(s for s in (8, 16, 32, 64) if s >= sub_bits)
    narrow = np.ascontiguousarray(rows.astype(f"<u{size // 8}"))
    bits = np.unpackbits(narrow.view(np.uint8), bitorder="little")
    return bits.reshape(rows.shape[0], rows.shape[1], size)[:, :, :sub_bits].reshape(
        rows.shape[0], -1).astype(bool)


@dataclass(frozen=True)
class LeafWrites:
    """Which register bits a lookup's leaves write: for every bit written at all (``cols``),
    the first and the last leaf (in iteration order) that writes it."""

    leaves: int
    bits: int
    cols: np.ndarray
    first: np.ndarray
    last: np.ndarray

    @classmethod
    def of(cls, written: np.ndarray) -> "LeafWrites":
        by_bit = np.ascontiguousarray(written.T)
        cols = np.flatnonzero(by_bit.any(axis=1))
        by_bit = by_bit[cols]
        first = np.argmax(by_bit, axis=1)
        last = written.shape[0] - 1 - np.argmax(by_bit[:, ::-1], axis=1)
        return cls(written.shape[0], written.shape[1], cols, first, last)


@dataclass(frozen=True, eq=False)
class PrunedTree:
    """The nodes unary iteration visits for a table (``rows``), by level."""

    words: int
    #: cs[h]: word changes among words 0 … h (cs[0] = 0); uniform(lo, hi) iff cs equal
    cs: np.ndarray
    #: lo of every AND node (non-root, right half inside the table, not uniform), ascending
    and_lo: np.ndarray
    #: deepest nesting of AND nodes (live AND ancillas at the worst moment)
    nesting: int
    #: lo of every leaf (a uniform node whose parent is not), in iteration order
    leaf_lo: np.ndarray
    #: the whole table is one word: written without control
    root_uniform: bool

    @property
    def ands(self) -> int:
        return len(self.and_lo)

    def uniform(self, lo: int, hi: int) -> bool:
        return bool(self.cs[hi - 1] == self.cs[lo])

    def ands_before(self) -> np.ndarray:
        """ANDs computed before the iteration reaches each leaf: the AND nodes that are its
        ancestors or lie to its left, i.e. whose lo ≤ the leaf's."""
        return np.searchsorted(self.and_lo, self.leaf_lo, side="right")


def pruned_tree(rows: np.ndarray) -> PrunedTree:
    words = rows.shape[0]
    n = (words - 1).bit_length()
    change = np.any(rows[1:] != rows[:-1], axis=1)
    cs = np.concatenate([[0], np.cumsum(change)])
    and_lo, leaf_lo = [], []
    nesting = 0
    parent_uniform = parent_depth = None  # per node of the level above
    for k in range(n, -1, -1):
        size = 1 << k
        lo = np.arange(0, words, size)
        hi = np.minimum(lo + size, words)
        uni = cs[hi - 1] == cs[lo]
        if k == n:
            root_uniform = bool(uni[0])
            if root_uniform:
                leaf_lo.append(lo[:1])
            depth = np.zeros(1, dtype=np.int64)  # the root branches on its bit, no AND
        else:
            leaf_lo.append(lo[uni & ~parent_uniform[lo >> (k + 1)]])
            branching = ~uni & (lo + (size >> 1) < words) if k else np.zeros_like(uni)
            depth = parent_depth[lo >> (k + 1)] + branching
            if branching.any():
                and_lo.append(lo[branching])
                nesting = max(nesting, int(depth.max()))
        parent_uniform, parent_depth = uni, depth
    ands = np.sort(np.concatenate(and_lo)) if and_lo else np.zeros(0, dtype=np.int64)
    leaves = np.sort(np.concatenate(leaf_lo))
    return PrunedTree(words, cs, ands, nesting, leaves, root_uniform)


@lru_cache(maxsize=16)
def tree_of(data: tuple[int, ...], words: int, word_bits: int, pack: int) -> PrunedTree:
    """The pruned tree of a (possibly packed) table, memoised per table."""
    return pruned_tree(table_rows(data, words, word_bits, pack))
