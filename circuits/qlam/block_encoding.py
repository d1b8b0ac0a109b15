"""Block-encodings: a unitary U with (⟨0|_be ⊗ I) U (|0⟩_be ⊗ I) = A/α (seed 000, App. A.1, Eq. 1).

Registers: ``sys`` (n qubits, the index of A, qubit 0 least significant) and ``be`` (the
ancillas that must be |0⟩ on both sides). Variants of the ``block_encoding`` primitive:

- ``dense`` (:class:`DenseBlockEncoding`): U = (PREP_‖·‖† ⊗ I) · CPREP · SWAP(sys, be).
  SWAP moves the column index j into ``be``; CPREP prepares column j, A_{·j}/‖A_{·j}‖, on
  ``sys`` with a state-preparation tree multiplexed by ``be`` (plus a multiplexed diagonal for
  complex phases); PREP_‖·‖ loads the column norms on ``be``. Then ⟨0,i|U|0,j⟩ = A_ij/‖A‖_F:
  α = ‖A‖_F, n ancillas (Kerenidis & Prakash, ITCS 2017, Thm. 5.1; Chakraborty, Gilyén,
  Jeffery, ICALP 2019, Lemma 48 (data-structure form)). Rotations: 2^n(2^n−1) + 2^n − 1 for
  real A; + 4^n − 1 for the phases of complex A (the size-only count assumes complex).
  ``loader: qrom`` (:mod:`~qdl.circuits.qlam.dense_qrom`) reads both trees' angles from
  QROM/QROAM lookups instead (Low, Kliuchnikov, Schaeffer 2018).
- ``lcu_pauli`` (:class:`~qdl.circuits.qlam.pauli_lcu.PauliLCUBlockEncoding`):
  A = Σ_P c_P P, U = PREP† · SELECT · PREP with SELECT by unary iteration (L − 2 AND, Clifford
  Paulis and phases) and PREP by coherent alias sampling (Babbush et al., PRX 8, 041015 (2018),
  §III.A and §III.D) or by an exact rotation tree; α = Σ|c_P| (Childs & Wiebe, QIC 12, 901
  (2012), Lemma 2.1).
- ``sparse`` (:class:`SparseBlockEncoding`): U = L† R with s-sparse column and row oracles
  made in place from index lookups (adders for a periodic band), R = O_c · O_A · U_s, L = O_r · U_s · SWAP with U_s uniform over
  exactly s slots; α = s·max|A_ij| with s not padded, 2n+1 ancillas (Gilyén, Su, Low, Wiebe,
  STOC 2019, Lemma 48).
  The lookups are the DTM ``qrom`` (unary iteration that skips equal words) or an AND ladder
  per entry when cheaper (:mod:`~qdl.circuits.qlam.sparse_access`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np
from pydantic import Field, model_validator

from qdl.circuits.block import Register, Signature
from qdl.circuits.cost import rotation_t_count
from qdl.circuits.data import Matrix, as_numpy
from qdl.circuits.qlam.loaders import diagonal, prepare_tree
from qdl.circuits.qlam.program import Program, ProgramBlock
from qdl.circuits.registry import Params, Primitive, register

#: Per-rotation synthesis precision of the counted rotation_t (the project default).
ROTATION_EPS = 1e-3
#: Pauli coefficients below this (relative to the largest) are dropped, into the error.
PAULI_TOL = 1e-12
#: lcu_pauli records one SELECT entry per Pauli string: 4^n of them at most.
MAX_PAULI_QUBITS = 6
#: sparse lists its N·s table entries in Python (its lookups are counted in closed form,
#: qlam.calls): N = 1024, s = 16 counts in ~0.6 s.
MAX_SPARSE_ENTRIES = 1 << 14


def _is_real(a: np.ndarray) -> bool:
    return not np.iscomplexobj(a) or bool(np.all(a.imag == 0))


class BlockEncoding(ProgramBlock):
    """Common face of every block-encoding: α, ancillas, error and the encoded matrix."""

    #: how α follows from the data, for size-only reports
    alpha_formula = "α"

    @property
    def alpha(self) -> float:
        raise NotImplementedError

    @property
    def ancillas(self) -> int:
        return self.signature.width - self.signature["sys"].width

    @property
    def error(self) -> float:
        """‖A − α·(top-left block)‖ with exact gates (truncation only)."""
        return 0.0

    def target(self) -> np.ndarray | None:
        """The matrix encoded (rows × columns of the top-left block); None without data."""
        raise NotImplementedError

    def has_data(self) -> bool:
        return self.target() is not None

    def notes(self) -> dict:
        rot = self.cost().rotations
        alpha = self.alpha if self.has_data() else f"{self.alpha_formula} (data-dependent)"
        return {"alpha": alpha, "ancillas": self.ancillas,
                "approximation_error": self.error,
                "synthesis_error_bound": rot * ROTATION_EPS,
                # the bound above is R·ε per rotation, and ≥ 1 guarantees nothing: the T per
                # rotation that keeps all R rotations within 1e-3 (qdl.estimators.budget's rule)
                "t_per_rotation_for_total_1e-3": rotation_t_count(1e-3 / rot) if rot else 0,
                "data": "matrix" if self.has_data() else
                        "size only: worst-case data-independent construction"}

    def params(self) -> dict:
        out = {}
        for key, value in super().params().items():
            if isinstance(value, tuple) and value and isinstance(value[0], tuple):
                value = f"{len(value)}x{len(value[0])} matrix"
            out[key] = value
        return out


@dataclass(frozen=True)
class DenseBlockEncoding(BlockEncoding):
    """Dense A (2^n × 2^n) by column loading: α = ‖A‖_F, n ancillas (module docstring)."""

    n: int
    matrix: tuple | None = None
    name = "block_encoding"
    alpha_formula = "‖A‖_F"

    @property
    def signature(self) -> Signature:
        return Signature([Register("sys", self.n), Register("be", self.n)])

    @cached_property
    def _a(self) -> np.ndarray | None:
        return None if self.matrix is None else as_numpy(self.matrix)

    def target(self):
        return self._a

    @property
    def alpha(self) -> float:
        return float(np.linalg.norm(self._a)) if self._a is not None else 1.0

    def record(self, prog: Program, *, sys: list[int], be: list[int]) -> None:
        for s, b in zip(sys, be):
            prog.swap(s, b)
        norms, cols = self.tables()
        prepare_tree(prog, sys, be, cols)
        self.phases(prog, sys, be)
        prepare_tree(prog, be, (), norms, adjoint=True)

    def tables(self) -> tuple[np.ndarray | None, np.ndarray | None]:
        """(column norms as a 1 × N table, columns |A_·j|/‖A_·j‖ as rows of an N × N table);
        (None, None) without data."""
        a = self._a
        if a is None:
            return None, None
        norms = np.linalg.norm(a, axis=0)
        cols = np.where(norms > 0, np.abs(a) if not _is_real(a) else a.real, 0.0)
        cols = cols / np.where(norms > 0, norms, 1.0)
        cols[0, norms == 0] = 1.0  # an empty column loads |0⟩; its weight below is 0
        return norms[None, :], cols.T

    def phases(self, prog: Program, sys: list[int], be: list[int]) -> None:
        """The complex phases of A as one diagonal over (column, row); none for real A."""
        a = self._a
        if a is None:
            diagonal(prog, be + sys, None)
        elif not _is_real(a):
            diagonal(prog, be + sys, np.angle(a).reshape(-1))  # index j + N·i ↔ A[i, j]


def pauli_coefficients(a: np.ndarray) -> np.ndarray:
    """c[x, z] with A = Σ c[x,z] · i^{|x∧z|} X^x Z^z, i.e. Tr(P A)/N (Walsh over columns)."""
    size = a.shape[0]
    idx = np.arange(size)
    from qdl.circuits.qlam.multiplexor import walsh

    out = np.empty((size, size), dtype=complex)
    for x in range(size):
        v = a[idx, idx ^ x]  # A[c, c⊕x]
        out[x] = (walsh(v.real) + 1j * walsh(v.imag)) / size
    ones = np.array([bin(x & z).count("1") for x in range(size) for z in range(size)])
    return out * (1j ** ones).reshape(size, size)


def sparsity_of(a: np.ndarray) -> int:
    """Largest number of nonzeros in a row or a column."""
    nz = a != 0
    return max(int(nz.sum(axis=0).max()), int(nz.sum(axis=1).max()), 1)


def matrix_qubits(dim: int) -> int:
    return max(1, math.ceil(math.log2(dim)))


def padded(matrix: tuple, n: int) -> tuple:
    """The matrix zero-padded to 2^n × 2^n (a block-encoding of the padding encodes A)."""
    a = as_numpy(matrix)
    size = 1 << n
    if a.shape == (size, size):
        return matrix
    out = np.zeros((size, size), dtype=complex)
    out[: a.shape[0], : a.shape[1]] = a
    return tuple(tuple(complex(v) for v in row) for row in out)


class BlockEncodingParams(Params):
    variant: Literal["dense", "lcu_pauli", "sparse"] = Field(
        "dense", description="dense (column loading, α=‖A‖_F), lcu_pauli (PREPARE/SELECT over "
                             "Paulis, α=Σ|c_P|) or sparse (row/column oracles, α=s·max|A|)")
    matrix: Matrix | None = Field(None, description="the matrix: rows, [re, im] pairs, or .npy")
    size: int | None = Field(None, ge=2, le=1 << 30,
                             description="dimension N when no matrix is given (worst case)")
    sparsity: int = Field(1, ge=1, description="nonzeros per row/column (sparse, size only)")
    prepare: Literal["alias", "tree"] = Field(
        "alias", description="lcu_pauli PREPARE: alias (coherent alias sampling, 4 rotations) "
                             "or tree (exact amplitudes, 2^m − 1 rotations, fewest qubits)")
    mu: int = Field(10, ge=1, le=30, description="lcu_pauli alias sampling: bits per keep "
                                                 "probability (‖A − Ã‖ ≤ α·2^−mu)")
    block: int | None = Field(None, ge=1, description="QROAM block size K, a power of two, of "
                                                      "lcu_pauli's alias table and dense's qrom "
                                                      "loader (default: least T; 1: QROM)")
    loader: Literal["rotations", "qrom"] = Field(
        "rotations", description="dense: rotations (multiplexed trees, Θ(N²) rotations and "
                                 "rotation depth) or qrom (angles looked up by QROM/QROAM, "
                                 "≈ 8bn rotations, ~N√b T-depth); sparse: the entry "
                                 "rotation multiplexed (N·2^b rotations) or its angle "
                                 "looked up over the N·2^b (slot, column) words")
    angle_bits: int = Field(10, ge=2, le=30, description="qrom loader: bits per angle")
    rotation: Literal["phase_gradient", "controlled_ry"] = Field(
        "phase_gradient", description="dense qrom loader: rotate by the angle register with a "
                                      "phase-gradient register or b controlled RY per level")

    @model_validator(mode="after")
    def _check(self):
        if (self.matrix is None) == (self.size is None):
            raise ValueError("give exactly one of 'matrix' and 'size'")
        if self.matrix is not None:
            rows, cols = len(self.matrix), len(self.matrix[0])
            if rows != cols:
                raise ValueError(f"matrix must be square, got {rows}x{cols}")
            if not any(v != 0 for row in self.matrix for v in row):
                raise ValueError("matrix is zero: nothing to block-encode")
        dim = self.size or len(self.matrix)
        if self.variant == "lcu_pauli" and matrix_qubits(dim) > MAX_PAULI_QUBITS:
            raise ValueError(f"lcu_pauli lists 4^n Pauli terms; at most {1 << MAX_PAULI_QUBITS}"
                             f"x{1 << MAX_PAULI_QUBITS} (use variant dense or sparse)")
        if self.block is not None and self.block & (self.block - 1):
            raise ValueError(f"block must be a power of two, got {self.block}")
        if self.variant == "dense" and self.loader == "qrom":
            from qdl.circuits.qlam.dense_qrom import MAX_QROM_DENSE_QUBITS

            if matrix_qubits(dim) > MAX_QROM_DENSE_QUBITS:
                raise ValueError(f"the qrom loader analyses N² table words: at most "
                                 f"{1 << MAX_QROM_DENSE_QUBITS}x{1 << MAX_QROM_DENSE_QUBITS} "
                                 f"(use loader rotations)")
        if self.variant == "sparse":
            if self.size is not None and self.sparsity > self.size:
                raise ValueError(f"sparsity {self.sparsity} exceeds the size {self.size}")
            s = self.sparsity if self.matrix is None else sparsity_of(as_numpy(self.matrix))
            entries = (1 << matrix_qubits(dim)) * s
            if entries > MAX_SPARSE_ENTRIES:
                raise ValueError(f"sparse oracles enumerate N·s = {entries:,} table entries, "
                                 f"more than the {MAX_SPARSE_ENTRIES:,} qdl lists (use variant "
                                 f"dense, or a smaller matrix)")
        return self


def make_block_encoding(p: BlockEncodingParams) -> BlockEncoding:
    n = matrix_qubits(p.size or len(p.matrix))
    matrix = None if p.matrix is None else padded(p.matrix, n)
    if p.variant == "dense" and p.loader == "qrom":
        from qdl.circuits.qlam.dense_qrom import QROMDenseBlockEncoding

        return QROMDenseBlockEncoding(n, matrix, p.angle_bits, p.block,
                                      p.rotation == "phase_gradient")
    if p.variant == "dense":
        return DenseBlockEncoding(n, matrix)
    if p.variant == "lcu_pauli":
        from qdl.circuits.qlam.pauli_lcu import PauliLCUBlockEncoding

        return PauliLCUBlockEncoding(n, matrix, p.prepare, p.mu, p.block)
    from qdl.circuits.qlam.sparse_access import SparseBlockEncoding

    qrom = p.loader == "qrom"
    return SparseBlockEncoding(n, matrix, p.sparsity, p.angle_bits if qrom else None,
                               p.block if qrom else None)


register(Primitive(
    name="block_encoding",
    params=BlockEncodingParams,
    make=make_block_encoding,
    action="U with (⟨0|_be ⊗ I) U (|0⟩_be ⊗ I) = A/α on sys (n = ⌈log2 N⌉ qubits)",
    cost="dense: 2^n(2^n−1)+2^n−1 rotations (+4^n−1 for complex), α=‖A‖_F, n ancillas "
         "(loader qrom: per tree level a QROM/QROAM of b-bit angles + 2b controlled RY); "
         "lcu_pauli: L terms, SELECT L−2 AND, alias PREP uniform over L (2 RZ) + a QROAM over "
         "L words of m+μ bits + 4μ + 4m T (twice), α=Σ|c_P|; "
         "sparse: N·2^b rotations (loader qrom: a lookup over N·2^b words + 2 controlled b-bit "
         "additions) + QROM index oracles (N·s and N² words; a periodic band: adders, "
         "2(n−1) + ≤ 2(n−2) AND), α=s·max|A| (s unpadded), 2n+1 ancillas (band: n+1)",
    reference="Kerenidis & Prakash ITCS 2017 Thm 5.1; Childs & Wiebe QIC 12 (2012) Lemma 2.1; "
              "Babbush et al. PRX 8, 041015 (2018) §III; "
              "Gilyén, Su, Low, Wiebe STOC 2019 Lemma 48",
))
