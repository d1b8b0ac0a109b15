"""State preparation with QROM-loaded angles: |0…0⟩ → Σ_i x̃_i|i⟩, x̃ ≈ x/‖x‖ (real x).

Low, Kliuchnikov, Schaeffer, "Trading T-gates for dirty qubits in state preparation and
unitary synthesis", arXiv:1812.00954 (2018), §3: the Grover–Rudolph tree with each level's
angles read from a table (:mod:`qdl.circuits.qlam.qrom_loader`) instead of a multiplexed
rotation. Level ℓ ≥ 1 looks up 2^ℓ words of b bits and undoes the lookup: with the plain QROM
8(2^ℓ − 2) T, with the T-minimising QROAM (clean ancillas, Berry et al., Quantum 3, 208
(2019), App. B) about 16√(2^ℓ·b) T on (K − 1)·b extra qubits. The target is then rotated by
the angle register: by phase kickback on a (b+1)-bit phase-gradient register (default; two
b-bit controlled additions per level, Gidney 2018; the register is prepared and unprepared
once with 2(b − 2) rotations), or by b controlled fixed-angle RY (``phase_gradient=False``:
at most 4b rotations per level). Against N − 1 rotations and a rotation depth of N − n for the
multiplexed tree (``state_prep`` method ``tree``).

The state prepared is exactly the tree of the rounded angles (span·a/2^b, span = 2π for
non-negative x, 4π otherwise); :attr:`error` is its ℓ2 distance from x/‖x‖, at most
:meth:`rounding_bound` = (n − 1)·2 sin(span/2^(b+3)) for any x
(qdl.circuits.qlam.angle_rounding).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from qdl.circuits.block import Register, Role, Signature
from qdl.circuits.cost import Cost
from qdl.circuits.qlam.angle_rounding import tree_rounding_bound
from qdl.circuits.qlam.program import Program, ProgramBlock
from qdl.circuits.qlam.qrom_loader import (angle_span, encoded_levels, prepare_tree_qrom,
                                           tree_amplitudes)

#: Largest register (the lookups hold 2^ℓ words per level, each analysed in numpy).
MAX_QROM_QUBITS = 20


@dataclass(frozen=True)
class QROMStatePreparation(ProgramBlock):
    """|0…0⟩ → Σ x̃_i|i⟩ on n qubits with b-bit QROM-loaded angles (module docstring).

    ``block``: QROAM block size for every level (None: the T-minimising K per level; 1: plain
    QROM). Without amplitudes every word is all ones (the DTM worst case) and the state
    checked is the one those angles prepare.
    """

    qubits_n: int
    amplitudes: tuple[float, ...] | None = None
    angle_bits: int = 10
    block: int | None = None
    rotation_eps: float = 1e-3
    phase_gradient: bool = True
    name = "state_prep"
    reference_kind = "state"

    @property
    def signature(self) -> Signature:
        return Signature([Register("state", self.qubits_n, Role.OUTPUT)])

    @cached_property
    def _table(self) -> np.ndarray | None:
        if self.amplitudes is None:
            return None
        x = np.zeros(1 << self.qubits_n)
        x[:len(self.amplitudes)] = self.amplitudes
        return (x / np.linalg.norm(x))[None, :]

    def target_state(self) -> np.ndarray:
        return self.prepared_state()

    def prepared_state(self) -> np.ndarray:
        """The amplitudes the circuit prepares (the tree of the rounded angles)."""
        span = angle_span(self._table)
        levels = encoded_levels(self._table, self.qubits_n, 0, self.angle_bits, span)
        return tree_amplitudes(levels, 0)[0]

    @property
    def error(self) -> float:
        """‖x̃ − x/‖x‖‖₂ from rounding the angles to b bits (0 without data)."""
        if self._table is None:
            return 0.0
        return float(np.linalg.norm(self.prepared_state() - self._table[0]))

    def rounding_bound(self, bits: int | None = None) -> float:
        """Worst case of :attr:`error` (and of ‖Ũ − U‖) for any amplitudes with b-bit angles
        (``bits`` default :attr:`angle_bits`): n − 1 rounded levels, one half-angle error
        each (:mod:`~qdl.circuits.qlam.angle_rounding`); span 4π without data."""
        b = self.angle_bits if bits is None else bits
        return tree_rounding_bound(self.qubits_n, 0, b, angle_span(self._table))

    def record(self, prog: Program, *, state: list[int]) -> None:
        # the gradient's rotations tied to state[0], so that they start and end inside the
        # block's span when it is one call of a larger program (qrom_loader._gradient_state)
        prepare_tree_qrom(prog, state, (), self._table, self.angle_bits, self.block,
                          phase_gradient=self.phase_gradient, wait=state[0])

    def leaf_cost(self) -> Cost:
        return self.program().cost(self.rotation_eps)

    def notes(self) -> dict:
        return {"method": "qrom", "angle_bits": self.angle_bits,
                "rotation": "phase_gradient" if self.phase_gradient else "controlled_ry",
                "amplitude_error": self.error}
