"""``dense`` block-encoding with QROM-loaded column and norm trees (``loader: qrom``).

Same construction as :class:`~qdl.circuits.qlam.block_encoding.DenseBlockEncoding`
(Kerenidis & Prakash, ITCS 2017, Thm. 5.1): U = (PREP_norms† ⊗ I) · CPREP · SWAP(sys, be),
α = ‖A‖_F, n ancillas in ``be``, but both state-preparation trees read their angles from a
lookup (:func:`~qdl.circuits.qlam.qrom_loader.prepare_tree_qrom`; Low, Kliuchnikov, Schaeffer,
arXiv:1812.00954, §3) instead of multiplexing rotations:

- CPREP, level ℓ: a lookup addressed by (column j, prefix) over N·2^ℓ words of b bits, and
  its inverse, and the rotation by the angle register (by default two controlled b-bit
  additions into a phase-gradient register, no rotation; or 2b controlled fixed-angle RY,
  ``phase_gradient=False``). The rotation tree spends N·2^ℓ rotations and as
  many layers of rotation depth on the same level: Θ(N²) in total, in depth too.
- PREP_norms: the same over 2^ℓ words.

With the T-minimising QROAM per level (clean ancillas; Berry et al., Quantum 3, 208 (2019),
App. B) a level costs ~√(N·2^ℓ·b) T and T-depth, so the whole encoding ~N√b·(1 + 1/√2 + …)
instead of Θ(N²) rotation depth, and 4(b − 2) + 2 rotations (the phase-gradient registers)
or ≈ 4b·2n (controlled RY) whatever N. A real matrix needs no
phase stage; a non-negative one (a softmax matrix) loads angles in [0, π] (span 2π: one bit of
precision more per register bit). Complex A adds the multiplexed phase diagonal of the
rotation variant (4^n − 1 rotations).

The circuit encodes Ã with the rounded angles: Ã_ij = α·ñ_j·ψ̃_j[i] (times the phase of A_ij),
ñ and ψ̃_j the trees' prepared amplitudes (:meth:`target`); :attr:`error` = ‖A − Ã‖₂.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from qdl.circuits.qlam.block_encoding import DenseBlockEncoding, _is_real
from qdl.circuits.qlam.program import Program
from qdl.circuits.qlam.qrom_loader import (angle_span, encoded_levels, prepare_tree_qrom,
                                           tree_amplitudes)

#: Largest matrix (the column lookups hold N² words in total, each analysed for its tree).
MAX_QROM_DENSE_QUBITS = 10


@dataclass(frozen=True)
class QROMDenseBlockEncoding(DenseBlockEncoding):
    """Dense A with QROM/QROAM-loaded trees: α = ‖A‖_F, n ancillas (module docstring).

    ``block``: QROAM block size K for every lookup (None: the T-minimising K per level; 1:
    plain QROM). Without data every loaded word is all ones (the DTM worst case).
    """

    angle_bits: int = 10
    block: int | None = None
    phase_gradient: bool = True

    def record(self, prog: Program, *, sys: list[int], be: list[int]) -> None:
        for s, b in zip(sys, be):
            prog.swap(s, b)
        norms, cols = self.tables()
        pg = self.phase_gradient
        prepare_tree_qrom(prog, sys, be, cols, self.angle_bits, self.block, phase_gradient=pg)
        self.phases(prog, sys, be)
        prepare_tree_qrom(prog, be, (), norms, self.angle_bits, self.block, adjoint=True,
                          phase_gradient=pg)

    @cached_property
    def _encoded(self) -> np.ndarray | None:
        norms, cols = self.tables()
        if norms is None:
            return None
        n, b = self.n, self.angle_bits
        psi = tree_amplitudes(encoded_levels(cols, n, n, b, angle_span(cols)), n)  # [j, i]
        nu = tree_amplitudes(encoded_levels(norms, n, 0, b, angle_span(norms)), 0)[0]
        out = self.alpha * (psi * nu[:, None]).T.astype(complex)
        a = self._a
        if not _is_real(a):
            out *= np.exp(1j * np.angle(a))
        return out

    def target(self):
        return self._encoded

    @property
    def error(self) -> float:
        """‖A − Ã‖₂ from rounding the angles to b bits."""
        if self._a is None:
            return 0.0
        return float(np.linalg.norm(self._a - self._encoded, 2))
