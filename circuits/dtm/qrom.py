"""QROM by unary iteration: |i⟩|t⟩ → |i⟩|t ⊕ d_i⟩ for a classical table d_0 … d_{N−1}.

Babbush, Gidney, Berry, Wiebe, McClean, Paler, Fowler, Neven, "Encoding electronic spectra in
quantum circuits with linear T complexity", PRX 8, 041015 (2018), arXiv:1805.03662, §III.A
and Fig. 7 (unary iteration over a segment tree with temporary ANDs); Qualtran's ``QROM``
uses the same tree and counts 4N − 8 T for the uncontrolled lookup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import Field, model_validator

from qdl.circuits.block import Block, Register, Role, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.data import IntVector
from qdl.circuits.gates import CX, And, AndUncompute, Clifford
from qdl.circuits.params import Bits
from qdl.circuits.registry import Params, Primitive, register

X = Clifford("x")
#: Largest table counted without data (addresses beyond this need no QROM anyway).
MAX_WORDS = 1 << 40


def address_bits(words: int) -> int:
    """⌈log2 N⌉: width of the address register of an N-word table (N ≥ 2)."""
    return (words - 1).bit_length()


def table_word(data: tuple[int, ...] | None, word_bits: int, i: int) -> int:
    """Entry i of a table; ``None`` is the all-ones table (the worst case for costs)."""
    return (1 << word_bits) - 1 if data is None else data[i]


def table_ones(data: tuple[int, ...] | None, entries: int, word_bits: int) -> int:
    """One-bits in the table: the number of data CNOTs (or Z gates) that write it."""
    if data is None:
        return entries * word_bits
    return sum(bin(d).count("1") for d in data)


def check_fits(data: tuple[int, ...], word_bits: int) -> None:
    """ValueError unless every entry is an unsigned ``word_bits``-bit integer."""
    top = 1 << word_bits
    bad = [d for d in data if not 0 <= d < top]
    if bad:
        raise ValueError(f"data entry {bad[0]} does not fit in {word_bits} unsigned bits")


def tree_leaf(words: int, address: int) -> int:
    """The table entry the unary-iteration tree reads for ``address`` (addresses ≥ N alias).

    A node whose right half lies beyond the table does not look at its address bit, so an
    out-of-range address follows the left branch there.
    """
    lo = 0
    for bit in reversed(range(address_bits(words))):
        mid = lo + (1 << bit)
        if mid < words and (address >> bit) & 1:
            lo = mid
    return lo


def leaf_levels(words: int) -> list[int]:
    """ANDs computed before the iteration reaches each leaf, in leaf order.

    Every node covering [lo, hi) with both halves inside the table, except the root, computes
    one AND on entry, and the iteration is a single dependency chain, so the T level of leaf h
    is this count + 1 (Toffoli level: the count itself; see :meth:`QROM.t_depth`).
    """
    starts = [0] * words
    stack = [(address_bits(words) - 1, 0, True)]
    while stack:
        bit, lo, root = stack.pop()
        if bit < 0:
            continue
        mid = lo + (1 << bit)
        if mid < words:
            if not root:
                starts[lo] += 1
            stack.append((bit - 1, mid, False))
        stack.append((bit - 1, lo, False))
    out, running = [], 0
    for h in range(words):
        running += starts[h]
        out.append(running)
    return out


def unary_iterate(bb: Builder, address: list[int], words: int,
                  leaf: Callable[[int, int], None]) -> None:
    """Call ``leaf(h, ctrl)`` for h = 0 … N−1 with wire ``ctrl`` = 1 exactly when address = h.

    Babbush et al. 2018, Fig. 7, uncontrolled: the root's two branches are selected by the
    top address bit itself (negated for the left one), so only the N − 2 inner branching
    nodes need an AND. A node's AND computes ctrl·¬a; a CNOT from ctrl turns it into ctrl·a
    for the right half; the measurement-based uncompute costs no T.
    """

    def node(ctrl: int | None, bit: int, lo: int) -> None:
        if bit < 0:
            leaf(lo, ctrl)  # type: ignore[arg-type]
            return
        mid = lo + (1 << bit)
        a = address[bit]
        if mid >= words:  # right half empty: the bit need not be read
            node(ctrl, bit - 1, lo)
            return
        if ctrl is None:
            bb.x(a)
            node(a, bit - 1, lo)
            bb.x(a)
            node(a, bit - 1, mid)
            return
        anc = bb.alloc(1)
        bb.x(a)
        bb.call(And(), a=[ctrl], b=[a], t=anc)
        bb.x(a)
        node(anc[0], bit - 1, lo)
        bb.cx(ctrl, anc[0])
        node(anc[0], bit - 1, mid)
        bb.call(AndUncompute(), a=[ctrl], b=[a], t=anc)
        bb.release(anc)

    node(None, address_bits(words) - 1, 0)


@dataclass(frozen=True)
class QROM(Block):
    """|i⟩|t⟩ → |i⟩|t ⊕ d_i⟩ for i < N (an address i ≥ N reads d at :func:`tree_leaf`).

    ``data=None`` costs the worst case, every word all ones (b CNOTs per word); only the
    Clifford count depends on the data.

    Cost (N ≥ 3, n = ⌈log2 N⌉): N−2 AND (t_count 4N−8, the Qualtran count; Babbush et al.'s
    4N−4 is for the controlled lookup), N−2 measurements, 2(N−1) X + (N−2) CNOT +
    2(N−2) uncompute Cliffords + Σ popcount(d_i) data CNOTs; qubits n + b + (n−1); T-depth
    N−1 and Toffoli depth N−2 (the iteration is one dependency chain). N = 2: no AND.
    """

    words: int
    word_bits: int
    data: tuple[int, ...] | None = None
    name = "qrom"

    def __post_init__(self) -> None:
        if self.words < 2:
            raise ValueError("a QROM needs at least 2 words")
        if self.data is not None and len(self.data) != self.words:
            raise ValueError(f"data has {len(self.data)} entries for {self.words} words")

    @property
    def n(self) -> int:
        return address_bits(self.words)

    @property
    def signature(self) -> Signature:
        return Signature([Register("address", self.n),
                          Register("target", self.word_bits, Role.OUTPUT)])

    def word(self, h: int) -> int:
        return table_word(self.data, self.word_bits, h)

    def ones(self) -> int:
        return table_ones(self.data, self.words, self.word_bits)

    def children(self):
        ands = self.words - 2
        return ((X, 2 * (self.words - 1)), (CX, ands + self.ones()), (And(), ands),
                (AndUncompute(), ands))

    def qubits(self) -> int:
        return 2 * self.n - 1 + self.word_bits

    def t_depth(self) -> int:
        return self.words - 1 if self.words > 2 else 0

    def toffoli_depth(self) -> int:
        return self.words - 2

    def rotation_depth(self) -> int:
        return 0

    def build(self, bb: Builder, *, address: list[int], target: list[int]) -> None:
        def write(h: int, ctrl: int) -> None:
            word = self.word(h)
            for j in range(self.word_bits):
                if (word >> j) & 1:
                    bb.cx(ctrl, target[j])

        unary_iterate(bb, address, self.words, write)

    def reference(self, *, address: int, target: int) -> dict[str, int]:
        return {"address": address, "target": target ^ self.word(tree_leaf(self.words, address))}


class TableParams(Params):
    """Sizes and optional contents of a classical table (shared by the lookup primitives)."""

    words: int | None = Field(None, ge=2, le=MAX_WORDS,
                              description="number of words N (default: the length of data)")
    word_bits: Bits
    data: IntVector | None = Field(
        None, description="the table: inline list or .npy/.csv file beside the model; "
                          "without it costs are for all-ones words (worst case)")

    @model_validator(mode="after")
    def _check_table(self):
        if self.words is None and self.data is None:
            raise ValueError("give 'words' or 'data'")
        if self.data is not None:
            if self.words is not None and self.words != len(self.data):
                raise ValueError(f"words={self.words} but data has {len(self.data)} entries")
            if len(self.data) < 2:
                raise ValueError("data needs at least 2 entries")
            check_fits(self.data, self.word_bits)
        return self

    @property
    def size(self) -> int:
        return self.words if self.words is not None else len(self.data)  # type: ignore[arg-type]


register(Primitive(
    name="qrom",
    params=TableParams,
    make=lambda p: QROM(p.size, p.word_bits, p.data),
    action="|i⟩|0⟩ → |i⟩|d_i⟩",
    cost="N−2 AND (4N−8 T), T-depth N−1, 2⌈log2 N⌉−1+b qubits, Σ popcount(d) data CNOTs",
    reference="Babbush et al., PRX 8, 041015 (2018), arXiv:1805.03662, §III.A, Fig. 7",
))
