"""QROM by unary iteration: |i⟩|t⟩ → |i⟩|t ⊕ d_i⟩ for a classical table d_0 … d_{N−1}.

Babbush, Gidney, Berry, Wiebe, McClean, Paler, Fowler, Neven, "Encoding electronic spectra in
quantum circuits with linear T complexity", PRX 8, 041015 (2018), arXiv:1805.03662, §III.A
and Fig. 7 (unary iteration over a segment tree with temporary ANDs); Qualtran's ``QROM``
uses the same tree and counts 4N − 8 T for the uncontrolled lookup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from pydantic import Field, model_validator

from qdl.circuits.block import Block, Register, Role, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.dtm._tree import PrunedTree, row_popcounts, table_rows, tree_of
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
    if not data or (min(data) >= 0 and max(data) < 1 << word_bits):  # C loops: fast at 2^20
        return
    top = 1 << word_bits
    bad = [d for d in data if not 0 <= d < top]
    if bad:
        raise ValueError(f"data entry {bad[0]} does not fit in {word_bits} unsigned bits")


@lru_cache(maxsize=16)
def _check_fits_once(data: tuple[int, ...], word_bits: int) -> None:
    """:func:`check_fits`, memoised: blocked tables make their QROM again for every face."""
    check_fits(data, word_bits)


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


def unary_iterate(bb: Builder, address: list[int], words: int,
                  leaf: Callable[[int, int | None], None],
                  uniform: Callable[[int, int], bool] | None = None) -> None:
    """Call ``leaf(h, ctrl)`` for h = 0 … N−1 with wire ``ctrl`` = 1 exactly when address = h.

    Babbush et al. 2018, Fig. 7, uncontrolled: the root's two branches are selected by the
    top address bit itself (negated for the left one), so only the N − 2 inner branching
    nodes need an AND. A node's AND computes ctrl·¬a; a CNOT from ctrl turns it into ctrl·a
    for the right half; the measurement-based uncompute costs no T.

    With ``uniform(lo, hi)`` (the words of [lo, hi) are all equal), such a node is a leaf:
    ``leaf(lo, ctrl)`` is called once for the whole segment (ctrl None: the whole table).
    """

    def node(ctrl: int | None, bit: int, lo: int) -> None:
        if bit < 0 or (uniform is not None
                       and uniform(lo, min(lo + (2 << bit), words))):
            leaf(lo, ctrl)
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

    ``data=None`` costs the worst case, every word all ones (b CNOTs per word), and no
    subtree is skipped. With ``pack`` = K > 1, word h is the concatenation of data[hK … hK+K−1]
    (b/K bits each, zeros beyond the data): the super-words of a QROAM.

    Cost without data (N ≥ 3, n = ⌈log2 N⌉): N−2 AND (t_count 4N−8, the Qualtran count;
    Babbush et al.'s 4N−4 is for the controlled lookup), N−2 measurements, 2(N−1) X + (N−2)
    CNOT + 2(N−2) uncompute Cliffords + N·b data CNOTs; qubits n + b + (n−1); T-depth N−1 and
    Toffoli depth N−2 (the iteration is one dependency chain). N = 2: no AND.

    With data, subtrees of equal words are skipped (qdl.circuits.dtm._tree): A AND nodes
    remain (A ≤ N−2), 4A T; 2(A+1) X + A CNOT + 2A uncompute Cliffords + the one-bits of
    the word each leaf writes; qubits n + b + the deepest nesting of AND nodes; T-depth A+1
    (0 when A = 0), Toffoli depth A. A table of one repeated word is b-popcount X gates.
    """

    words: int
    word_bits: int
    data: tuple[int, ...] | None = None
    pack: int = 1
    name = "qrom"

    def __post_init__(self) -> None:
        if self.words < 2:
            raise ValueError("a QROM needs at least 2 words")
        if self.data is not None and -(-len(self.data) // self.pack) != self.words:
            raise ValueError(f"data has {len(self.data)} entries for {self.words} words")
        if self.data is not None:
            # an entry wider than its field would be counted (popcount) but only partly
            # written by build(), which writes the field's bits alone
            _check_fits_once(self.data, self.word_bits // self.pack)

    def __hash__(self) -> int:  # memoised: the cost cache hashes the block at every call
        return self._hash

    @cached_property
    def _hash(self) -> int:
        return hash((self.words, self.word_bits, self.data, self.pack))

    def tree(self) -> PrunedTree | None:
        """The unary-iteration tree pruned by the data (None without data)."""
        return self._tree

    @cached_property
    def _tree(self) -> PrunedTree | None:
        # memoised on the block too: tree_of's cache hashes the whole table at every call
        if self.data is None:
            return None
        return tree_of(self.data, self.words, self.word_bits, self.pack)

    @property
    def n(self) -> int:
        return address_bits(self.words)

    @property
    def signature(self) -> Signature:
        return Signature([Register("address", self.n),
                          Register("target", self.word_bits, Role.OUTPUT)])

    def word(self, h: int) -> int:
        if self.pack == 1:
            return table_word(self.data, self.word_bits, h)
        sub, K = self.word_bits // self.pack, self.pack
        if self.data is None:
            return (1 << self.word_bits) - 1
        return sum(self.data[i] << (j * sub) for j, i in enumerate(range(h * K, (h + 1) * K))
                   if i < len(self.data))

    def _ands(self) -> int:
        tree = self.tree()
        return self.words - 2 if tree is None else tree.ands

    def children(self):
        tree = self.tree()
        if tree is None:
            ands = self.words - 2
            return ((X, 2 * (self.words - 1)), (CX, ands + self.words * self.word_bits),
                    (And(), ands), (AndUncompute(), ands))
        rows = table_rows(self.data, self.words, self.word_bits, self.pack)
        written = int(row_popcounts(rows)[tree.leaf_lo].sum())
        if tree.root_uniform:
            return ((X, written),)
        ands = tree.ands
        return ((X, 2 * (ands + 1)), (CX, ands + written), (And(), ands),
                (AndUncompute(), ands))

    def qubits(self) -> int:
        tree = self.tree()
        return self.n + self.word_bits + (self.n - 1 if tree is None else tree.nesting)

    def t_depth(self) -> int:
        ands = self._ands()
        return ands + 1 if ands > 0 else 0

    def toffoli_depth(self) -> int:
        return self._ands()

    def rotation_depth(self) -> int:
        return 0

    def build(self, bb: Builder, *, address: list[int], target: list[int]) -> None:
        def write(h: int, ctrl: int | None) -> None:
            word = self.word(h)
            for j in range(self.word_bits):
                if (word >> j) & 1:
                    if ctrl is None:
                        bb.x(target[j])
                    else:
                        bb.cx(ctrl, target[j])

        tree = self.tree()
        unary_iterate(bb, address, self.words, write, None if tree is None else tree.uniform)

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
