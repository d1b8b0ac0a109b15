"""State preparation with angles loaded on borrowed (dirty) qubits: the LKS trade-off.

|0…0⟩|z⟩ → Σ_i x̃_i|i⟩|z⟩ for any state z of the λ borrowed qubits (x̃ ≈ x/‖x‖, real x).

Low, Kliuchnikov, Schaeffer, "Trading T-gates for dirty qubits in state preparation and
unitary synthesis", arXiv:1812.00954 (2018; Quantum 8, 1375 (2024)): the Grover–Rudolph tree
of :mod:`~qdl.circuits.dtm.qrom_state_prep` whose level-ℓ angles (2^ℓ words of b bits) are
read by the select-swap data-lookup oracle on dirty qubits (LKS Fig. 1d; the DTM
``select_swap``, :class:`~qdl.circuits.dtm.select_swap.SelectSwapQROM`): with block size K
the lookup XORs d_i into the clean angle register and leaves the K·b borrowed qubits as it
found them, so the unload is the same circuit again. T per lookup (Berry, Gidney, Motta,
McClean, Babbush, Quantum 3, 208 (2019), App. A, "2⌈N/K⌉ + 4bK Toffolis" to leading order;
exactly, two QROMs over ⌈N/K⌉ super-words and four swap networks):

    T_lookup(N, b, K) = 8(⌈N/K⌉ − 2) + 16b(K − 1)      (K = 1: the QROM's 4(N − 2))

and the whole preparation (load + unload per level ℓ = 1 … n − 1, K_ℓ ≤ λ/b):

    T = Σ_{ℓ=1}^{n−1} 2·T_lookup(2^ℓ, b, K_ℓ) + (n − 1)·R

with R the rotation by the angle register, the same as the clean loader's
(:func:`~qdl.circuits.qlam.qrom_loader.rotate_by_register`; with the phase gradient, two
controlled additions, R = 4(4b − 4) T for signed data), plus 2(b − 2) + 1 rotations in all.
Per level T_lookup is O(2^ℓ/K + K·b), least at K ~ √(2^ℓ/2b): LKS's O(N/λ + λ·b) trade-off
(their abstract: T = O(N/λ + λ log(N/ε) log(log N/ε)), λ counting b-bit dirty registers,
our K). The default λ is K*·b with K* the T-minimising block of the
last level (2^{n−1} words); every smaller level takes the best K ≤ λ/b, K = 1 (the plain QROM,
4(2^ℓ − 2) T, no borrowed qubit) whenever that is cheaper: at b = 10 below 2^8 words, where
the select-swap's two QROMs cost more than one plain QROM.

Qubit convention: the λ borrowed qubits are the ``dirty`` register of the signature, so the
block's ``qubits`` counts them (n + λ + b + the phase-gradient register + the lookups' ANDs);
a caller that lends idle qubits of its own instead saves those λ.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qdl.circuits.block import Register, Role, Signature
from qdl.circuits.dtm.qrom_state_prep import QROMStatePreparation
from qdl.circuits.dtm.select_swap import SelectSwapQROM, best_dirty_block
from qdl.circuits.qlam.program import Program
from qdl.circuits.qlam.qrom_loader import lookup_block, prepare_tree_qrom


def default_dirty_qubits(qubits_n: int, angle_bits: int) -> int:
    """λ = K*·b, K* the T-minimising select-swap block of the last level (2^{n−1} words)."""
    if qubits_n < 2:
        return 0
    words = 1 << (qubits_n - 1)
    return (best_dirty_block(words, angle_bits) if words > 2 else 1) * angle_bits


def level_blocks(qubits_n: int, angle_bits: int, dirty_qubits: int,
                 block: int | None = None) -> list[int]:
    """K_ℓ per level ℓ = 1 … n − 1 (1: the plain QROM)."""
    out = []
    for ell in range(1, qubits_n):
        lookup = lookup_block(1 << ell, angle_bits, None, block, dirty_qubits)
        out.append(lookup.block if isinstance(lookup, SelectSwapQROM) else 1)
    return out


@dataclass(frozen=True)
class DirtyQROMStatePreparation(QROMStatePreparation):
    """|0…0⟩|z⟩ → Σ x̃_i|i⟩|z⟩ with b-bit angles looked up on λ borrowed qubits (module
    docstring). ``dirty_qubits`` λ (None: :func:`default_dirty_qubits`); ``block`` forces one
    K on every level (then λ ≥ K·b is needed). The ``dirty`` register is λ_used = max K_ℓ·b
    wide: the qubits actually borrowed."""

    dirty_qubits: int | None = None

    @property
    def lam(self) -> int:
        """λ: the borrowed qubits the lookups may use."""
        if self.dirty_qubits is not None:
            return self.dirty_qubits
        if self.block is not None:
            return self.block * self.angle_bits
        return default_dirty_qubits(self.qubits_n, self.angle_bits)

    def blocks(self) -> list[int]:
        return level_blocks(self.qubits_n, self.angle_bits, self.lam, self.block)

    @property
    def borrowed(self) -> int:
        return max([K * self.angle_bits for K in self.blocks() if K > 1], default=0)

    @property
    def signature(self) -> Signature:
        regs = [Register("state", self.qubits_n, Role.OUTPUT)]
        if self.borrowed:
            regs.append(Register("dirty", self.borrowed))
        return Signature(regs)

    def target_state(self, dirty: int = 0) -> np.ndarray:
        """The rounded tree's amplitudes on ``state``, the borrowed register unchanged."""
        psi = self.prepared_state()
        out = np.zeros(len(psi) << self.borrowed)
        out[dirty * len(psi):(dirty + 1) * len(psi)] = psi
        return out

    def record(self, prog: Program, *, state: list[int], dirty: list[int] = ()) -> None:
        prepare_tree_qrom(prog, state, (), self._table, self.angle_bits, self.block,
                          phase_gradient=self.phase_gradient, dirty=list(dirty))

    def notes(self) -> dict:
        return {**super().notes(), "method": "qrom_dirty", "dirty_qubits": self.borrowed,
                "blocks_per_level": self.blocks(),
                "qubit_convention": "the borrowed (dirty) qubits are counted in qubits"}
