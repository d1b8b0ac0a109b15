"""What the two QROAMs share: a table cut into blocks of K words, loaded K at a time.

Address i = hK + l: the high bits h select a super-word (words hK … hK+K−1 side by side) for a
QROM over M = ⌈N/K⌉ entries, the low k = log2 K bits drive a swap network.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from pydantic import Field, model_validator

from qdl.circuits.block import Block
from qdl.circuits.dtm.qrom import QROM, TableParams


def best_block(words: int, word_bits: int, t_count: Callable[[int, int, int], int]) -> int:
    """The power of two K with ⌈N/K⌉ ≥ 2 minimising ``t_count(N, b, K)`` (smallest on ties)."""
    sizes = [1 << k for k in range(words.bit_length()) if -(-words // (1 << k)) >= 2]
    return min(sizes, key=lambda K: (t_count(words, word_bits, K), K))


@dataclass(frozen=True)
class BlockedTable(Block):
    """Fields and helpers of a QROAM: ``words`` N, ``word_bits`` b, ``block`` K, ``data``.

    ``data=None`` stands for all-ones words, the padding of the last block included.
    """

    words: int
    word_bits: int
    block: int
    data: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        K = self.block
        if K < 2 or K & (K - 1) or -(-self.words // K) < 2:
            raise ValueError(f"block must be a power of two with 2 ≤ K and ⌈N/K⌉ ≥ 2, got {K}")

    @property
    def k(self) -> int:
        return self.block.bit_length() - 1

    @property
    def n(self) -> int:
        return (self.words - 1).bit_length()

    def word(self, i: int) -> int:
        if self.data is None:
            return (1 << self.word_bits) - 1
        return self.data[i] if i < self.words else 0

    def qrom(self) -> QROM:
        """The lookup of super-words: word hK + j sits at bits j·b … j·b + b − 1."""
        return self._qrom

    @cached_property
    def _qrom(self) -> QROM:  # one instance, so its memoised tree and hash are reused
        K, b = self.block, self.word_bits
        M = -(-self.words // K)
        return QROM(M, K * b) if self.data is None else QROM(M, K * b, self.data, pack=K)


class BlockedTableParams(TableParams):
    block: int | None = Field(None, ge=1, description="K, a power of two (default: the K "
                                                      "minimising t_count)")

    @model_validator(mode="after")
    def _check_block(self):
        K = self.block
        if K is not None and (K & (K - 1) or -(-self.size // K) < 2):
            raise ValueError(f"block must be a power of two with ⌈N/block⌉ ≥ 2, got {K}")
        return self


def maker(cls: type[BlockedTable], t_count: Callable[[int, int, int], int]
          ) -> Callable[[BlockedTableParams], Block]:
    """The registry's ``make``: the given or cheapest K; K = 1 is the plain QROM."""

    def make(p: BlockedTableParams) -> Block:
        K = p.block if p.block is not None else best_block(p.size, p.word_bits, t_count)
        if K == 1:
            return QROM(p.size, p.word_bits, p.data)
        return cls(p.size, p.word_bits, K, p.data)

    return make
