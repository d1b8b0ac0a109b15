"""``lcu_pauli``: A = Σ_ℓ w_ℓ i^{q_ℓ} X^{x_ℓ} Z^{z_ℓ} by PREPARE/SELECT (Babbush et al. 2018).

Babbush, Gidney, Berry, Wiebe, McClean, Paler, Fowler, Neven, "Encoding electronic spectra in
quantum circuits with linear T complexity", PRX 8, 041015 (2018), arXiv:1805.03662:

- **SELECT by unary iteration** (§III.A–B, Fig. 7–9): the iteration over the L terms leaves
  one wire at 1 exactly in the branch of term ℓ; the term's Pauli string is CZ/CX from that
  wire onto ``sys`` and its phase i^{q_ℓ} is S, Z or S† *on that wire* — all Clifford. Cost
  L − 2 AND (4L − 8 T, the uncontrolled iteration of :func:`qdl.circuits.dtm.qrom.unary_iterate`).
- **PREPARE by coherent alias sampling** (§III.D, Fig. 11; :mod:`qdl.circuits.qlam.alias`)
  with μ bits of keep probability, or ``prepare="tree"``: the exact amplitude tree of
  :func:`~qdl.circuits.qlam.loaders.prepare_weights` (2^m − 1 rotations, m ancillas only).

Terms: d[x, z], the coefficient of X^x Z^z (Z first), is real for a real A and in ℝ ∪ iℝ for a
Hermitian A, so each Pauli string is one term with weight |d| and a quarter phase, and
α = Σ|d| = Σ_P |c_P| as in Childs & Wiebe (2012), Lemma 2.1. A general complex A splits each d
into its real and imaginary parts (two terms of quarter phase): α = Σ(|Re d| + |Im d|).

Alias sampling approximates p_ℓ = w_ℓ/α by p̃_ℓ with Σ|p̃ − p| < 2^−μ; α is kept exactly, so the
circuit block-encodes Ã = α Σ_ℓ p̃_ℓ i^{q_ℓ} X^{x_ℓ} Z^{z_ℓ} (:meth:`target`) and
:attr:`error` = ‖A − Ã‖₂ ≤ α·2^−μ.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from qdl.circuits.block import Register, Signature
from qdl.circuits.data import as_numpy
from qdl.circuits.dtm.qrom import unary_iterate
from qdl.circuits.qlam.alias import (AliasLayout, alias_probabilities, alias_table,
                                     record_alias_prepare)
from qdl.circuits.qlam.block_encoding import PAULI_TOL, BlockEncoding, pauli_coefficients
from qdl.circuits.qlam.inline import ProgramBuilder
from qdl.circuits.qlam.loaders import index_width, prepare_weights
from qdl.circuits.qlam.program import Program

#: Default bits of each keep probability: Σ|p̃ − p| < 2^−10 ≈ 1e−3.
DEFAULT_MU = 10

#: (x, z, quarter phase q, weight w) of one term w·i^q·X^x Z^z
Term = tuple[int, int, int, float]


def pauli_terms(a: np.ndarray) -> tuple[list[Term], float]:
    """The terms of A (module docstring) and the weight dropped below PAULI_TOL."""
    size = a.shape[0]
    ones = np.array([[bin(x & z).count("1") for z in range(size)] for x in range(size)])
    d = pauli_coefficients(a) * (1j ** ones)  # coefficient of X^x Z^z
    top = np.abs(d).max()
    terms: list[Term] = []
    dropped = 0.0
    for part, turn in ((d.real, 0), (d.imag, 1)):
        keep = np.abs(part) > PAULI_TOL * top
        dropped += float(np.abs(part[~keep]).sum())
        for x, z in zip(*np.nonzero(keep)):
            value = float(part[x, z])
            terms.append((int(x), int(z), turn + (2 if value < 0 else 0), abs(value)))
    terms.sort(key=lambda t: (t[0], t[1], t[2]))
    return terms, dropped


def pauli_matrix(n: int, x: int, z: int) -> np.ndarray:
    """X^x Z^z on n qubits (qubit 0 least significant), as a matrix."""
    idx = np.arange(1 << n)
    out = np.zeros((1 << n, 1 << n))
    signs = np.array([(-1) ** bin(j & z).count("1") for j in idx])
    out[idx ^ x, idx] = signs
    return out


def record_pauli_select(prog: Program, index: list[int], sys: list[int],
                        terms: list[tuple[int, int, int]]) -> None:
    """Σ_ℓ |ℓ⟩⟨ℓ| ⊗ i^{q_ℓ} X^{x_ℓ} Z^{z_ℓ} by unary iteration over the (x, z, q) terms."""
    bb = ProgramBuilder(prog)
    phase_gate = {1: prog.s, 2: prog.z, 3: prog.sdg}

    def leaf(h: int, ctrl: int) -> None:
        if h >= len(terms):  # padding word of a one-term list
            return
        x, z, q = terms[h]
        for bit, wire in enumerate(sys):
            if (z >> bit) & 1:
                prog.cz(ctrl, wire)
        for bit, wire in enumerate(sys):
            if (x >> bit) & 1:
                prog.cx(ctrl, wire)
        if q:
            phase_gate[q](ctrl)

    unary_iterate(bb, index, max(2, len(terms)), leaf)  # type: ignore[arg-type]


@dataclass(frozen=True)
class PauliLCUBlockEncoding(BlockEncoding):
    """A = Σ w_ℓ i^q X^x Z^z: α = Σ w_ℓ, unary-iteration SELECT, alias or tree PREPARE.

    ``be`` = index (m = ⌈log2 L⌉) then, for ``prepare="alias"``, the alias registers of
    :class:`~qdl.circuits.qlam.alias.AliasLayout` (``block`` = QROAM K, None: min T). Without
    a matrix: all 4^n strings with a complex phase each (2·4^n terms) and uniform weights.
    Cost (alias, K = 1): SELECT 4L − 8 T + 2 × (uniform + 4L − 8 + 4μ + 4m) − 4 T for PREP and
    PREP† (:func:`lcu_t_count`), 4 rotations when L is not a power of two (Fig. 12).
    """

    n: int
    matrix: tuple | None = None
    prepare: str = "alias"
    mu: int = DEFAULT_MU
    block: int | None = None
    name = "block_encoding"
    alpha_formula = "Σ_P |c_P|"

    @cached_property
    def _terms(self) -> tuple[list[Term], float]:
        if self.matrix is None:
            size = 1 << self.n
            return [(x, z, q, 1.0) for x in range(size) for z in range(size)
                    for q in (0, 1)], 0.0
        return pauli_terms(as_numpy(self.matrix))

    @property
    def _index_bits(self) -> int:
        return index_width(len(self._terms[0]))

    @cached_property
    def layout(self) -> AliasLayout | None:
        if self.prepare != "alias":
            return None
        return AliasLayout.choose(len(self._terms[0]), self.mu, self.block)

    @property
    def signature(self) -> Signature:
        width = self._index_bits if self.layout is None else self.layout.width
        return Signature([Register("sys", self.n), Register("be", width)])

    @property
    def alpha(self) -> float:
        return float(sum(t[3] for t in self._terms[0])) if self.matrix is not None else 1.0

    @cached_property
    def _alias(self) -> tuple[list[int], list[int]] | None:
        if self.matrix is None or self.layout is None:
            return None
        weights = np.array([t[3] for t in self._terms[0]])
        keep, alt, _ = alias_table(weights, self.layout.bins, self.mu)
        return keep, alt

    def probabilities(self) -> np.ndarray:
        """The p̃_ℓ the PREPARE loads (exact p_ℓ for the tree)."""
        weights = np.array([t[3] for t in self._terms[0]])
        if self._alias is None:
            return weights / weights.sum()
        return alias_probabilities(*self._alias, self.mu, len(weights))

    def target(self):
        if self.matrix is None:
            return None
        out = np.zeros((1 << self.n, 1 << self.n), dtype=complex)
        for (x, z, q, _), p in zip(self._terms[0], self.probabilities()):
            out += self.alpha * p * (1j ** q) * pauli_matrix(self.n, x, z)
        return out

    @property
    def error(self) -> float:
        """‖A − Ã‖₂ (alias rounding) plus the weight of dropped terms."""
        if self.matrix is None:
            return 0.0
        diff = as_numpy(self.matrix) - self.target()
        return float(np.linalg.norm(diff, 2)) + self._terms[1]

    def notes(self) -> dict:
        out = super().notes()
        out["terms"] = len(self._terms[0])
        if self.layout is not None:
            out.update(alias_bits=self.mu, qroam_block=self.layout.block,
                       error_bound=f"α·2^-{self.mu}")
        return out

    def record(self, prog: Program, *, sys: list[int], be: list[int]) -> None:
        terms = self._terms[0]
        m = self._index_bits
        index = be[:m]
        sub = Program(len(be))
        if self.layout is None:
            amps = None if self.matrix is None else np.sqrt(self.probabilities())
            prepare_weights(sub, list(range(m)), amps)
        else:
            keep, alt = self._alias or (None, None)
            record_alias_prepare(sub, list(range(len(be))), self.layout, keep, alt)
        prog.replay(sub.ops, be)
        record_pauli_select(prog, index, sys, [t[:3] for t in terms])
        prog.replay(sub.ops, be, inverse=True)


def select_t_count(terms: int) -> int:
    """Babbush et al. 2018 §III.A: uncontrolled unary iteration over L terms, L − 2 AND."""
    return 4 * (max(2, terms) - 2)


def uniform_t_count(count: int) -> int:
    """Babbush et al. 2018 Fig. 12 over L = 2^k·L': comparator with L' (computed and
    uncomputed, 2⌈log2 L'⌉ − 1 AND) and the [x = 0] ladder (⌈log2 L'⌉ − 1 AND)."""
    odd = count >> ((count & -count).bit_length() - 1)
    bits = (odd - 1).bit_length()
    return 0 if odd == 1 else 4 * (3 * bits - 2)


def alias_prepare_t_count(terms: int, mu: int, block: int) -> int:
    """Uniform over L + lookup (QROM or QROAM over L words of m + μ bits) + μ-bit comparator
    + m CSWAP."""
    from qdl.circuits.dtm.qroam_clean import qroam_clean_t_count

    m = index_width(terms)
    return (uniform_t_count(max(2, terms)) + qroam_clean_t_count(max(2, terms), m + mu, block)
            + 4 * mu + 4 * m)


def lcu_t_count(terms: int, mu: int, block: int) -> int:
    """SELECT + PREP + PREP†. PREP† recomputes every AND of PREP but the comparator's last
    one, which PREP left in ``flag``: its inverse is a measured uncompute (0 T)."""
    return select_t_count(terms) + 2 * alias_prepare_t_count(terms, mu, block) - 4
