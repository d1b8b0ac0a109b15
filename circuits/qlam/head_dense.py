"""Per-head dense block-encoding: ⊕_k A_k, head k's matrix only where the head register holds k
(primitive ``heads_dense``; the A·V stage of multi-head attention).

Multi-head attention applies head k's N × N attention matrix A_k to head k's d/h columns of V
only (Vaswani et al., NeurIPS 2017, §3.2.2; seed 000 App. D.1). With the head index k a
*system* register (the top bits of V's column index c = k·2^m + c'), one unitary on
(sys = the token j, n qubits; head = k, hb = ⌈log2 h⌉ qubits; be = n + 1 ancillas)

    U = (PREP_norms† ⊗ I) · CPREP · SWAP(sys, be[:n])

- SWAP moves the column index j into ``be``;
- CPREP, a state-preparation tree on ``sys`` multiplexed by (be[:n], head) = (j, k): column
  j of A_k, A_k[·, j]/‖A_k[·, j]‖ (an empty column loads |0⟩; its weight below is 0);
- PREP_norms, a tree on ``be`` (n + 1 qubits) multiplexed by ``head``:
  Σ_j (‖A_k[·, j]‖/α)|j⟩|0⟩ + √(1 − ‖A_k‖_F²/α²)|0⟩|1⟩ with α = max_k ‖A_k‖_F. The extra
  qubit puts every head on the one α (without it head k would be scaled by 1/‖A_k‖_F);

so ⟨i, k, 0| U |j, k', 0⟩ = δ_{kk'}·A_k[i, j]/α: U block-encodes the block diagonal ⊕_k A_k
(index i + N·k), i.e. A_k ⊗ I on head k's columns of V and nothing across heads. With h = 1
there is no head register and no extra qubit (α = ‖A‖_F, Kerenidis & Prakash, ITCS 2017,
Thm. 5.1).

The head register has h' = 2^hb values; the h' − h empty heads k ≥ h encode 0 and are not
paid for in CPREP: PREP_norms loads the flag state |0…0⟩|1⟩ for them (its level-0 word is a
real loaded angle, π), so ⟨i, k, 0|U|j, k, 0⟩ = ψ_{jk}[i]·⟨0…0 1|j, 0⟩ = 0 whatever CPREP
prepares for (j, k ≥ h). CPREP's levels are therefore addressed (prefix, j, k) with k on top
and hold only the h·N live rows: a QROM/QROAM over hN·2^ℓ words (unary iteration over W words
for any W, Babbush et al., PRX 8, 041015 (2018), §III.A: 4W − 8 T; an address beyond reads
some live word), or multiplexed rotations with the free angles chosen so that hN·2^ℓ
rotations remain (:func:`~qdl.circuits.qlam.loaders.mux_rows`). PREP_norms keeps all h'
heads: it is 1/N of CPREP's size, and its empty heads' level-0 angle must be loaded.

Real matrices only: the softmax matrix is real and non-negative, so no phase stage (the
complex ``block_encoding`` dense variant adds 4^n − 1 phase rotations, its size-only count
too). Loaders:

- ``rotations``: multiplexed RY trees (Grover & Rudolph 2002; Möttönen et al. 2005):
  h·N·(N − 1) rotations for CPREP and h'·(2N − 1) for PREP_norms (h = 1: N² − 1), rotation
  depth the same: Θ(hN²);
- ``qrom``: every tree level ℓ reads its b-bit angles from a QROM/QROAM lookup addressed by
  its controls (h·N·2^ℓ words for CPREP, h'·2^ℓ for PREP_norms) and rotates by the angle
  register (:func:`~qdl.circuits.qlam.qrom_loader.prepare_tree_qrom`; Low, Kliuchnikov,
  Schaeffer, arXiv:1812.00954, §3): with the plain QROM (K = 1) the lookups cost
  Σ_{ℓ<n} 8(hN·2^ℓ − 2) + Σ_{ℓ≤n, h'2^ℓ≥3} 8(h'·2^ℓ − 2) T (load and unload; h = 1:
  ℓ < n in the second sum) besides the adders' T, with the
  T-minimising QROAM T and T-depth ≈ Σ_ℓ 2·√(hN·2^ℓ·b)·O(1) = O(N·√(hb)),
  rotations only in the phase-gradient registers (4(b − 2) + 2 whatever N). Non-negative
  data (or ``signed=False`` without data) loads angles in [0, π] (span 2π).

:meth:`target` is the encoded ⊕_k Ã_k (α·ñ_k[j]·ψ̃_{jk}[i] from the rounded angles; the exact
A_k with the rotations loader) and :attr:`error` = max_k ‖A_k − Ã_k‖₂;
:meth:`rounding_bound` is its data-independent worst case over α,
(2n + 1)·2 sin(span/2^(b+3)) (qdl.circuits.qlam.angle_rounding).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np
from pydantic import Field, model_validator

from qdl.circuits.block import Register, Signature
from qdl.circuits.data import Matrix, as_numpy
from qdl.circuits.qlam.angle_rounding import tree_rounding_bound
from qdl.circuits.qlam.block_encoding import BlockEncoding, matrix_qubits
from qdl.circuits.qlam.loaders import index_width, prepare_tree
from qdl.circuits.qlam.program import Program
from qdl.circuits.qlam.qrom_loader import encoded_levels, prepare_tree_qrom, tree_amplitudes
from qdl.circuits.registry import Params, Primitive, register

#: Largest CPREP table with data (2^(2n + hb) ≥ h·N² words, each analysed for its tree).
MAX_TABLE_BITS = 24
#: Largest without data: each level's lookup is recorded whole (qdl.circuits.qlam.calls), but
#: the walk syncs every wire, and the T-minimising QROAM's junk grows as √(words·b) (2^30
#: words: ~3 s and 10^5 qubits).
MAX_SIZE_ONLY_BITS = 30


@dataclass(frozen=True)
class HeadDenseBlockEncoding(BlockEncoding):
    """⊕_k A_k on (sys, head) with one α = max_k ‖A_k‖_F (module docstring).

    ``matrices``: h real 2^n × 2^n matrices, or None (size only: the worst case, every angle
    generic). ``angle_bits``/``block``/``phase_gradient``: the qrom loader's (see
    :class:`~qdl.circuits.qlam.dense_qrom.QROMDenseBlockEncoding`).
    """

    n: int
    heads: int
    matrices: tuple | None = None
    loader: str = "rotations"
    angle_bits: int = 10
    block: int | None = None
    phase_gradient: bool = True
    signed: bool = False
    name = "heads_dense"
    alpha_formula = "max_k ‖A_k‖_F"

    @property
    def head_bits(self) -> int:
        return index_width(self.heads) if self.heads > 1 else 0

    @property
    def live_rows(self) -> int | None:
        """h·N, the CPREP rows (j, k) that matter; None when h is a power of two (all do)."""
        return None if self.heads == 1 << self.head_bits else self.heads << self.n

    @property
    def signature(self) -> Signature:
        regs = [Register("sys", self.n)]
        if self.head_bits:
            regs.append(Register("head", self.head_bits))
        return Signature(regs + [Register("be", self.n + (self.heads > 1))])

    @cached_property
    def _mats(self) -> np.ndarray | None:
        """(h', N, N) real, padded with empty heads; None without data."""
        if self.matrices is None:
            return None
        size = 1 << self.n
        out = np.zeros((1 << self.head_bits, size, size))
        for k, m in enumerate(self.matrices):
            a = as_numpy(m).real
            out[k, :a.shape[0], :a.shape[1]] = a
        return out

    @property
    def alpha(self) -> float:
        return float(max(np.linalg.norm(a) for a in self._mats)) if self._mats is not None else 1.0

    def tables(self) -> tuple[np.ndarray | None, np.ndarray | None]:
        """(PREP_norms rows k over be, CPREP rows j + N·k over sys); (None, None) without data."""
        a = self._mats
        if a is None:
            return None, None
        size, alpha = 1 << self.n, self.alpha
        norms = np.linalg.norm(a, axis=1)  # [k, j]
        cols = np.where(norms[:, :, None] > 0, np.transpose(a, (0, 2, 1)), 0.0)
        cols = cols / np.where(norms > 0, norms, 1.0)[:, :, None]
        cols[..., 0] = np.where(norms > 0, cols[..., 0], 1.0)  # empty column: |0⟩
        if self.heads == 1:
            return norms / alpha, cols.reshape(-1, size)
        rest = np.sqrt(np.clip(1 - (norms ** 2).sum(axis=1) / alpha ** 2, 0, None))
        prep = np.zeros((len(a), 2 * size))
        prep[:, :size], prep[:, size] = norms / alpha, rest
        return prep, cols.reshape(-1, size)

    def _span(self, table) -> float:
        nonneg = (not self.signed) if table is None else bool(np.all(table >= 0))
        return 2 * math.pi if nonneg else 4 * math.pi

    def record(self, prog: Program, *, sys: list[int], be: list[int], head=()) -> None:
        n = self.n
        for s, b in zip(sys, be[:n]):
            prog.swap(s, b)
        norms, cols = self.tables()
        head = list(head)
        # CPREP for an empty head is never seen (PREP_norms puts that head on the flag):
        # only the h·N live (j, k) rows are loaded
        rows = self.live_rows
        if self.loader == "rotations":
            prepare_tree(prog, sys, be[:n] + head, cols, rows=rows)
            prepare_tree(prog, be, head, norms, adjoint=True)
            return
        b, k, pg = self.angle_bits, self.block, self.phase_gradient
        # both gradients' rotations tied to sys[0]: as the second call of the A·V stage they
        # would otherwise run beside V's preparation or each other (see _gradient_state)
        prepare_tree_qrom(prog, sys, be[:n] + head, cols, b, k, span=self._span(cols),
                          phase_gradient=pg, wait=sys[0], rows=rows)
        prepare_tree_qrom(prog, be, head, norms, b, k, adjoint=True, span=self._span(norms),
                          phase_gradient=pg, wait=sys[0])

    @cached_property
    def _encoded(self) -> np.ndarray | None:
        """(h', N, N): the Ã_k the circuit encodes (times α)."""
        norms, cols = self.tables()
        if norms is None:
            return None
        n, hb, heads = self.n, self.head_bits, len(self._mats)
        if self.loader == "rotations":
            return self._mats
        b = self.angle_bits
        psi = tree_amplitudes(encoded_levels(cols, n, n + hb, b, self._span(cols)), n + hb)
        nu = tree_amplitudes(encoded_levels(norms, norms.shape[1].bit_length() - 1, hb, b,
                                            self._span(norms)), hb)
        size = 1 << n
        psi = psi.reshape(heads, size, size)  # [k, j, i]
        return self.alpha * np.transpose(psi * nu[:, :size, None], (0, 2, 1))

    def target(self):
        """⊕_k Ã_k over the index i + N·k (sys low, head high)."""
        enc = self._encoded
        if enc is None:
            return None
        heads, size = enc.shape[0], enc.shape[1]
        out = np.zeros((heads * size, heads * size))
        for k in range(heads):
            out[k * size:(k + 1) * size, k * size:(k + 1) * size] = enc[k]
        return out

    def head_matrices(self) -> np.ndarray | None:
        """(h', N, N): the encoded Ã_k (the exact A_k with the rotations loader)."""
        return self._encoded

    @property
    def error(self) -> float:
        """max_k ‖A_k − Ã_k‖₂ (0 with the rotations loader or without data)."""
        if self._mats is None:
            return 0.0
        return float(max(np.linalg.norm(a - e, 2) for a, e in zip(self._mats, self._encoded)))

    def rounding_bound(self, bits: int | None = None) -> float:
        """Worst case of ‖Ũ − U‖ ≥ max_k ‖A_k − Ã_k‖₂/α from the b-bit angles (``bits``
        default: :attr:`angle_bits`; 0 with the rotations loader), for any data: CPREP's n
        levels and PREP_norms' n + 1 (n − 1 rounded for h = 1), each within one half-angle
        error (:mod:`~qdl.circuits.qlam.angle_rounding`)."""
        if self.loader == "rotations":
            return 0.0
        b = self.angle_bits if bits is None else bits
        norms, cols = self.tables()
        hb, multi = self.head_bits, self.heads > 1
        return (tree_rounding_bound(self.n, self.n + hb, b, self._span(cols))
                + tree_rounding_bound(self.n + multi, hb, b, self._span(norms)))

    def params(self) -> dict:
        out = {"heads": self.heads, "size": 1 << self.n, "loader": self.loader}
        if self.loader == "qrom":
            out.update(angle_bits=self.angle_bits, block=self.block,
                       rotation="phase_gradient" if self.phase_gradient else "controlled_ry")
        return out


class HeadDenseParams(Params):
    matrices: list[Matrix] | None = Field(None, description="one real N × N matrix per head")
    heads: int | None = Field(None, ge=1, le=1024, description="number of heads (no data)")
    size: int | None = Field(None, ge=2, le=1 << 20, description="N when no matrices are given")
    loader: Literal["rotations", "qrom"] = Field(
        "rotations", description="rotations (multiplexed trees, Θ(hN²) rotations and depth) "
                                 "or qrom (angles looked up by QROM/QROAM, O(N√(hb)) T-depth)")
    angle_bits: int = Field(10, ge=2, le=40, description="qrom loader: bits per angle")
    block: int | None = Field(None, ge=1, description="qrom loader: QROAM block size K, a "
                                                      "power of two (default: least T; 1: QROM)")
    rotation: Literal["phase_gradient", "controlled_ry"] = Field(
        "phase_gradient", description="qrom loader: rotate by a phase-gradient register or "
                                      "by b controlled RY per level")
    signed: bool = Field(False, description="size only: price signed entries (angle span 4π) "
                                            "instead of non-negative ones (a softmax, 2π)")

    @model_validator(mode="after")
    def _check(self):
        if (self.matrices is None) == (self.size is None):
            raise ValueError("give exactly one of 'matrices' and 'size'")
        if self.matrices is None and self.heads is None:
            raise ValueError("give 'heads' with 'size'")
        if self.matrices is not None:
            if self.heads is not None and self.heads != len(self.matrices):
                raise ValueError(f"heads {self.heads} but {len(self.matrices)} matrices")
            shapes = {as_numpy(m).shape for m in self.matrices}
            if len(shapes) != 1 or any(r != c for r, c in shapes):
                raise ValueError(f"the heads' matrices must be square and equal-sized, got "
                                 f"{sorted(shapes)}")
            if any(np.iscomplexobj(a := as_numpy(m)) and np.any(a.imag != 0)
                   for m in self.matrices):
                raise ValueError("heads_dense encodes real matrices (use lcu_heads for complex)")
            if not any(np.any(as_numpy(m) != 0) for m in self.matrices):
                raise ValueError("every matrix is zero: nothing to block-encode")
        if self.block is not None and self.block & (self.block - 1):
            raise ValueError(f"block must be a power of two, got {self.block}")
        n, heads = self.qubits(), self.heads or len(self.matrices)
        bits = 2 * n + (index_width(heads) if heads > 1 else 0)
        limit = MAX_TABLE_BITS if self.matrices is not None else MAX_SIZE_ONLY_BITS
        if self.loader == "qrom" and bits > limit:
            raise ValueError(f"the qrom loader's column table has 2^{bits} words, more than "
                             f"2^{limit} (use loader rotations)")
        return self

    def qubits(self) -> int:
        return matrix_qubits(self.size or len(self.matrices[0]))


def _make(p: HeadDenseParams) -> HeadDenseBlockEncoding:
    mats = None if p.matrices is None else tuple(
        tuple(tuple(float(x) for x in row) for row in as_numpy(m).real) for m in p.matrices)
    return HeadDenseBlockEncoding(p.qubits(), p.heads or len(p.matrices), mats, p.loader,
                                  p.angle_bits, p.block, p.rotation == "phase_gradient",
                                  p.signed)


register(Primitive(
    name="heads_dense",
    params=HeadDenseParams,
    make=_make,
    action="|j⟩_sys|k⟩_head|0⟩_be → Σ_i A_k[i, j]/α |i⟩|k⟩|0⟩ + (be ≠ 0): head k's real A_k "
           "only on head k (⊕_k A_k), α = max_k ‖A_k‖_F",
    cost="rotations: hN(N−1) + h'(2N−1) rotations (h = 1: N² − 1), n SWAP; qrom: per tree "
         "level a QROM/QROAM over hN·2^ℓ (CPREP: the live heads only) or h'·2^ℓ (norms) "
         "b-bit words, load and unload, + 2 controlled b-bit additions into a phase "
         "gradient; h' = 2^⌈log2 h⌉, n + 1 ancillas (h = 1: n)",
    reference="Kerenidis & Prakash ITCS 2017 Thm 5.1 (column loading); Low, Kliuchnikov, "
              "Schaeffer arXiv:1812.00954 §3 (qrom); Babbush et al. PRX 8, 041015 (2018) "
              "§III.A (unary iteration over hN·2^ℓ words); Vaswani et al. 2017 §3.2.2 (heads)",
))
