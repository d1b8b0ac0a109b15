"""s-sparse block-encoding by row and column oracles (Gilyén, Su, Low, Wiebe, STOC 2019, L. 48).

With at most s nonzeros per row and per column (s exactly, not padded to a power of two;
b = ⌈log2 s⌉ slot qubits):

    O_c : |l⟩|j⟩ → |c(l, j)⟩|j⟩      (l-th structural row of column j)
    O_r : |k⟩|i⟩ → |r(i, k)⟩|i⟩      (k-th structural column of row i)
    O_A : |l⟩|j⟩|0⟩ → |l⟩|j⟩(A_{c(l,j) j}/m |0⟩ + √(1 − |A/m|²)|1⟩),   m = max|A_ij|

R = O_c · O_A · (U_s on ``a``) and L = O_r · (U_s on ``sys``) · SWAP(a, sys), with
U_s|0⟩ = Σ_{l<s} |l⟩/√s (H^{⊗b} when s = 2^b; otherwise the exact amplitude tree of
:func:`~qdl.circuits.qlam.loaders.prepare_weights`, at most 2^b − 1 rotations), give
⟨0,0,i|L†R|0,0,j⟩ = A_ij/(s·m): α = s·m, ancillas 2n + 1 (``a``, the flag, and the n-qubit
scratch ``t`` of the in-place oracles). The scratch belongs to ``be`` rather than to the
ancilla pool because an index oracle clears it only on valid inputs (x < s); on the rest of
the space it is left holding data. Kept in ``be``, U is a unitary on sys ⊗ be, as
qubitisation and QSVT need (they apply U and U† to states with be ≠ 0); released to the pool,
U would be a unitary only on the block it encodes. Column and row
structures are padded independently with distinct zero positions (a pair present in only one
of them contributes A_ij = 0). O_A is a multiplexed RY (and RZ for phases) over (l, j): N·2^b
rotations (the angles of the 2^b − s unused slots are 0); with ``loader: qrom`` the RY is
instead one level of :func:`~qdl.circuits.qlam.qrom_loader.prepare_tree_qrom` (Low, Kliuchnikov,
Schaeffer 2018, §3): the flag's angle, rounded to b bits, is looked up over the N·2^b
(slot, column) words, applied by two controlled additions into a phase-gradient register and
unloaded: 2·lookup T and 2(b − 2) rotations (the gradient register) whatever N; the matrix
encoded is then Ã (:meth:`target`), within ‖A − Ã‖ (:attr:`error`). Each in-place index oracle is
t ⊕= f(x, y); x ⊕= f⁻¹(t, y); SWAP(x, t). The forward lookup is a DTM QROM by unary
iteration over the N·s (column, slot) words (Babbush et al. 2018, §III.A; N·s − 2 AND); the
inverse one is a QROM over the N² (column, row) words (N² − 2 AND) or, when fewer ANDs, an AND
ladder over the 2n address bits per nonzero entry ((2n − 1)·#entries). Without data the
structure is circulant (c(l, j) = j + l mod N) and every rotation counts as a rotation.

Band structure (every nonzero within periodic distance w of the diagonal, s = 2w + 1; e.g.
tridiagonal, Qualtran's ``SymmetricBandedRowColumnOracle``): the slots are taken in band order,
c(l, j) = j + l − w and r(i, k) = i + k − w (mod N), and each index oracle is arithmetic and
in place: x += y (Gidney's adder, n − 1 AND) and x += −w (Gidney's constant adder, ≤ n − 2
AND), the row oracle undone as x −= y, x += w. No lookup, no scratch: n + 1 ancillas, and
2(n − 1) + 2·(constant adder) AND instead of two pairs of lookups over N·s and N² words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from qdl.circuits.block import Register, Signature
from qdl.circuits.data import as_numpy
from qdl.circuits.dtm.qrom import QROM
from qdl.circuits.qlam.block_encoding import BlockEncoding, _is_real, sparsity_of
from qdl.circuits.qlam.calls import CALL_WORDS, record_block, record_lookup
from qdl.circuits.qlam.inline import inline
from qdl.circuits.qlam.ladder_lookup import LadderLookup
from qdl.circuits.qlam.loaders import prepare_weights
from qdl.circuits.qlam.program import Program
from qdl.circuits.qlam.qrom_loader import angle_span, encoded_levels, prepare_tree_qrom
from qdl.circuits.qam.addition import GidneyAdder
from qdl.circuits.qam.constant_addition import ConstantAdder
from qdl.circuits.qam.subtraction import GidneySubtractor


def lookup(prog: Program, address: list[int], out: list[int], words: int,
           table: dict[int, int]) -> None:
    """|k⟩|y⟩ → |k⟩|y ⊕ table[k]⟩ for k < ``words`` (absent keys: 0) by the DTM QROM's unary
    iteration: words − 2 AND (Babbush et al. 2018, §III.A). From CALL_WORDS words up the
    QROM is one op counted by its closed forms (qlam.calls), below gate by gate."""
    data = tuple(table.get(k, 0) for k in range(words))
    qrom = QROM(words, len(out), data)
    if words >= CALL_WORDS:
        record_lookup(prog, qrom, address, out, [])
    else:
        inline(prog, qrom, address=address, target=out)


def ladder_lookup(prog: Program, address: list[int], out: list[int],
                  table: dict[int, int]) -> None:
    """The same map entry by entry: an AND ladder over the w address bits per nonzero entry
    (w − 1 AND each), cheaper than unary iteration when the table is much sparser than
    its address space. From CALL_WORDS ANDs up (and without an active control, whose ladders
    the program folds into each entry's) one :class:`LadderLookup` op, counted in closed
    form; otherwise recorded entry by entry."""
    entries = tuple((k, table[k]) for k in sorted(table) if table[k])
    if prog.control is None and len(entries) * (len(address) - 1) >= CALL_WORDS:
        record_block(prog, LadderLookup(len(address), len(out), entries),
                     {"address": list(address), "target": list(out)})
        return
    for key in sorted(table):
        value = table[key]
        if value:
            with prog.when_equal(address, key):
                for bit, wire in enumerate(out):
                    if (value >> bit) & 1:
                        prog.x(wire)


def index_oracle(prog: Program, x: list[int], y: list[int], t: list[int], slots: int,
                 forward: dict[int, int], inverse: dict[int, int],
                 adjoint: bool = False) -> None:
    """In place |x⟩|y⟩|0⟩_t → |f(x, y)⟩|y⟩|0⟩_t for x < ``slots`` (b = ⌈log2 slots⌉ bits).

    ``forward`` is keyed by y + (x << |y|): a QROM over 2^|y|·slots words (address y, then
    x[:b]). ``inverse`` is keyed by y + (f << |y|) and writes x[:b]: a QROM over 2^{|y|+|t|}
    words, or an AND ladder per nonzero entry when that needs fewer ANDs. ``t`` returns to 0
    for x in the domain of f.
    """
    b = max(1, (slots - 1).bit_length())
    size = 1 << len(y)
    inverse_words = size << len(t)
    nonzero = sum(1 for v in inverse.values() if v)
    by_qrom = inverse_words - 2 <= nonzero * (len(y) + len(t) - 1)

    def step(k: int) -> None:
        if k == 0:
            lookup(prog, y + x[:b] if slots > 1 else y, t, size * slots, forward)
        elif k == 1 and by_qrom:
            lookup(prog, y + t, x[:b], inverse_words, inverse)
        elif k == 1:
            ladder_lookup(prog, y + t, x[:b], inverse)
        else:
            for a, c in zip(x, t):
                prog.swap(a, c)

    for k in ((2, 1, 0) if adjoint else (0, 1, 2)):
        step(k)


def uniform_slots(prog: Program, wires: list[int], s: int, adjoint: bool = False) -> None:
    """U_s|0⟩ = Σ_{l<s}|l⟩/√s on ``wires`` (b = ⌈log2 s⌉ of them): H^{⊗b} if s = 2^b."""
    if s == 1 << len(wires):
        for w in wires:
            prog.h(w)
        return
    prepare_weights(prog, wires, [s ** -0.5] * s, adjoint=adjoint)


def band_halfwidth(a: np.ndarray) -> int | None:
    """w when every nonzero A_ij has (i − j) mod N within [−w, w] and the sparsity is exactly
    2w + 1 < N (a periodic band costs no padding), else None."""
    size = a.shape[0]
    i, j = np.nonzero(a)
    dist = (i - j) % size
    w = int(np.minimum(dist, size - dist).max())
    return w if 2 * w + 1 == sparsity_of(a) and 2 * w + 1 < size else None


def band_oracle(prog: Program, x: list[int], y: list[int], w: int,
                adjoint: bool = False) -> None:
    """|x⟩|y⟩ → |x + y − w mod 2^n⟩|y⟩ (or its inverse), all inputs: a permutation."""
    n = len(x)
    if adjoint:
        inline(prog, ConstantAdder(n, w), a=x)
        inline(prog, GidneySubtractor(n), a=x, b=y)
    else:
        inline(prog, GidneyAdder(n), a=x, b=y)
        inline(prog, ConstantAdder(n, -w), a=x)


def _pad(lists: list[list[int]], size: int, s: int) -> list[list[int]]:
    out = []
    for used in lists:
        taken, extra, v = set(used), [], 0
        while len(used) + len(extra) < s:  # the smallest free positions, in order
            if v not in taken:
                extra.append(v)
            v += 1
        out.append(used + extra)
    return out


@dataclass(frozen=True)
class SparseBlockEncoding(BlockEncoding):
    """s-sparse A by row/column oracles: α = s·max|A_ij| with s unpadded, 2n + 1 ancillas
    (n + 1 for a periodic band, whose oracles are adders)."""

    n: int
    matrix: tuple | None = None
    sparsity: int = 1
    #: None: O_A by multiplexed RY; b: by a b-bit angle lookup (loader qrom)
    angle_bits: int | None = None
    block: int | None = None
    name = "block_encoding"
    alpha_formula = "s·max|A_ij|"

    @property
    def signature(self) -> Signature:
        scratch = 0 if self._band is not None else self.n
        return Signature([Register("sys", self.n), Register("be", self.n + 1 + scratch)])

    @cached_property
    def _band(self) -> int | None:
        """The band half-width w when the matrix is a periodic band (arithmetic oracles)."""
        return None if self.matrix is None else band_halfwidth(as_numpy(self.matrix))

    @cached_property
    def _structure(self):
        """(s, m, columns, rows, values per (l, j) or None)."""
        size = 1 << self.n
        if self._band is not None:  # slots in band order: c(l, j) = j + l − w
            a, w = as_numpy(self.matrix), self._band
            s = 2 * w + 1
            cols = [[(j + l - w) % size for l in range(s)] for j in range(size)]
            rows = [[(i + k - w) % size for k in range(s)] for i in range(size)]
            m = float(np.abs(a).max())
            values = np.array([[a[cols[j][l], j] / m for l in range(s)] for j in range(size)])
            return s, m, cols, rows, values
        if self.matrix is None:
            s = self.sparsity
            cols = [[(j + l) % size for l in range(s)] for j in range(size)]
            rows = [[(i - k) % size for k in range(s)] for i in range(size)]
            return s, 1.0, cols, rows, None
        a = as_numpy(self.matrix)
        nz = a != 0
        s = sparsity_of(a)
        cols = _pad([np.nonzero(nz[:, j])[0].tolist() for j in range(size)], size, s)
        rows = _pad([np.nonzero(nz[i])[0].tolist() for i in range(size)], size, s)
        m = float(np.abs(a).max())
        values = np.array([[a[cols[j][l], j] / m for l in range(s)] for j in range(size)])
        return s, m, cols, rows, values  # values[j, l]

    def _slot_values(self) -> np.ndarray | None:
        """A_{c(l, j) j}/m at index l + 2^b·j, 1 (angle 0) on the 2^b − s unused slots."""
        s, _, _, _, values = self._structure
        if values is None:
            return None
        slots = np.ones((1 << self.n, 1 << (s - 1).bit_length()), dtype=values.dtype)
        slots[:, :s] = values
        return slots.reshape(-1)

    @staticmethod
    def _flag_table(flat: np.ndarray | None) -> np.ndarray | None:
        """Rows (v, √(1 − v²)) for real v, (|v|, √(1 − |v|²)) for complex (phase apart)."""
        if flat is None:
            return None
        v = flat.real if _is_real(flat) else np.abs(flat)
        return np.stack([v, np.sqrt(np.clip(1 - v * v, 0, 1))], axis=1)

    @cached_property
    def _encoded(self) -> np.ndarray | None:
        """The matrix the circuit encodes: A itself, or with the flag angles rounded to b bits
        (Ã_{c(l,j) j} = α/s·cos(θ̃_{l,j}/2) times the phase of A)."""
        if self.matrix is None:
            return None
        a = as_numpy(self.matrix)
        if self.angle_bits is None:
            return a
        s, m, cols, _, _ = self._structure
        table = self._flag_table(self._slot_values())
        sel = table.shape[0].bit_length() - 1
        theta = encoded_levels(table, 1, sel, self.angle_bits, angle_span(table))[0]
        got = (m * np.cos(theta / 2)).reshape(1 << self.n, -1)
        out = np.zeros_like(a, dtype=complex)
        for j, rows in enumerate(cols):  # a real sign is in v itself, a complex phase is not
            for l, i in enumerate(rows):
                out[i, j] = got[j, l] * (1 if _is_real(a) else np.exp(1j * np.angle(a[i, j])))
        return out

    def target(self):
        return self._encoded

    @property
    def error(self) -> float:
        """‖A − Ã‖₂ from rounding the flag angles (0 with rotations)."""
        if self.matrix is None or self.angle_bits is None:
            return 0.0
        return float(np.linalg.norm(as_numpy(self.matrix) - self._encoded, 2))

    @property
    def alpha(self) -> float:
        s, m = self._structure[:2]
        return s * m

    def record(self, prog: Program, *, sys: list[int], be: list[int]) -> None:
        s, _, cols, rows, values = self._structure
        n, b = self.n, (s - 1).bit_length()
        a, flag, scratch = be[:n], be[n], be[n + 1:]
        size = 1 << n
        # R: uniform slot, element rotation, column oracle
        uniform_slots(prog, a[:b], s)
        flat = self._slot_values()
        if self.angle_bits is None:
            theta = None if flat is None else 2 * np.arccos(np.clip(np.abs(flat), 0, 1)
                                                           if not _is_real(flat) else
                                                           np.clip(flat.real, -1, 1))
            prog.mux("ry", a[:b] + sys, flag, theta)
        else:  # the flag's (|v|, √(1 − |v|²)) read from a lookup over the (slot, column) words
            prepare_tree_qrom(prog, [flag], a[:b] + sys, self._flag_table(flat),
                              self.angle_bits, self.block, phase_gradient=True)
        if flat is None or not _is_real(flat):  # size only: counted as complex data
            prog.mux("rz", a[:b] + sys, flag, None if flat is None else -2 * np.angle(flat))
        if self._band is not None:
            band_oracle(prog, a, sys, self._band)
            band_oracle(prog, sys, a, self._band, adjoint=True)  # L†: row oracle undone
        else:
            index_oracle(prog, a, sys, scratch, s,
                         {j + (l << n): cols[j][l] for j in range(size) for l in range(s)},
                         {j + (cols[j][l] << n): l for j in range(size) for l in range(s)})
            # L†: row oracle undone
            index_oracle(prog, sys, a, scratch, s,
                         {i + (k << n): rows[i][k] for i in range(size) for k in range(s)},
                         {i + (rows[i][k] << n): k for i in range(size) for k in range(s)},
                         adjoint=True)
        # L†: slot uniform undone, swap back
        uniform_slots(prog, sys[:b], s, adjoint=True)
        for x, y in zip(a, sys):
            prog.swap(x, y)
