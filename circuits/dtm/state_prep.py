"""Amplitude state preparation: |0…0⟩ → Σ_i x_i|i⟩/‖x‖ for a real vector x.

Grover & Rudolph, arXiv:quant-ph/0208112 (2002): a binary tree of conditional RY rotations,
qubit by qubit from the most significant; each level is one uniformly controlled rotation,
decomposed as in Möttönen, Vartiainen, Bergholm, Salomaa, "Transformation of quantum states
using uniformly controlled rotations", QIC 5, 467 (2005), Eq. (3) and Fig. 2: 2^k RY and 2^k
CNOTs in Gray-code order for k controls. Signs are set at the last level by a signed angle.

The tree is the one the QLAM block-encodings load their columns with
(:func:`qdl.circuits.qlam.loaders.prepare_tree`, without a selector), recorded as a gate
program, so counts and circuit come from one list (qdl.circuits.qlam.program).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from pydantic import Field, model_validator

from qdl.circuits.block import Register, Role, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.cost import Cost
from qdl.circuits.data import RealVector
from qdl.circuits.qlam.loaders import prepare_tree
from qdl.circuits.qlam.program import Program, ProgramBlock
from qdl.circuits.registry import Params, Primitive, register

#: Largest register counted without amplitudes (2^40 amplitudes).
MAX_QUBITS = 40


@dataclass(frozen=True)
class StatePreparation(ProgramBlock):
    """|0…0⟩ → Σ_i x_i|i⟩/‖x‖ on n = ⌈log2 len(x)⌉ qubits (x padded with zeros).

    Cost without amplitudes (every angle generic, the worst case): N−1 RY rotations
    (rotation_t (N−1)·⌈3 log2 1/ε⌉), Σ_{k=1}^{n−1} 2^k = N−2 CNOTs, no T, rotation depth
    N−n (level k starts where level k−1 ended and adds 2^k − 1 layers). With amplitudes,
    angles at multiples of π/4 count as Clifford or T gates, as the circuit counter counts
    them, and depths are tracked wire by wire. Without amplitudes the circuit built is that
    of a fixed generic (seeded Gaussian) vector, whose angles are all rotations.
    """

    qubits_n: int
    amplitudes: tuple[float, ...] | None = None
    rotation_eps: float = 1e-3
    name = "state_prep"
    reference_kind = "state"

    @property
    def signature(self) -> Signature:
        return Signature([Register("state", self.qubits_n, Role.OUTPUT)])  # supplied in |0…0⟩

    def target_state(self) -> np.ndarray:
        """The normalised vector the circuit must prepare (little-endian basis index)."""
        if self.amplitudes is None:  # a generic vector: no angle at a special value
            x = np.random.default_rng(2005).normal(size=1 << self.qubits_n)
        else:
            x = np.zeros(1 << self.qubits_n)
            x[:len(self.amplitudes)] = self.amplitudes
        return x / np.linalg.norm(x)

    def record(self, prog: Program, *, state: list[int]) -> None:
        table = None if self.amplitudes is None else self.target_state()[None, :]
        prepare_tree(prog, state, (), table)

    def leaf_cost(self) -> Cost:
        return self.program().cost(self.rotation_eps)

    def build(self, bb: Builder, *, state: list[int]) -> None:
        prog = self.program()
        if self.amplitudes is None:  # the generic vector the reference expects
            prog = Program(self.qubits_n)
            prepare_tree(prog, list(range(self.qubits_n)), (), self.target_state()[None, :])
        prog.emit(bb, state)


class StatePrepParams(Params):
    amplitudes: RealVector | None = Field(
        None, description="the vector x (inline list or .npy/.csv file); normalised for you")
    size: int | None = Field(None, ge=2, le=1 << MAX_QUBITS,
                             description="length of x when costing without amplitudes")
    precision: float = Field(1e-3, gt=0, lt=1, description="rotation synthesis precision ε")
    method: Literal["tree", "qrom", "qrom_dirty"] = Field(
        "tree", description="tree (multiplexed rotations: N−1 rotations, rotation depth N−n), "
                            "qrom (angles loaded by a QROM/QROAM: ~√(N·b)-scaled T, "
                            "≈ 4b·log2 N rotations) or qrom_dirty (angles loaded by a "
                            "select-swap QROAM on borrowed qubits, Low–Kliuchnikov–Schaeffer)")
    dirty_qubits: int | None = Field(
        None, ge=0, description="qrom_dirty: λ, the borrowed qubits the lookups may use "
                                "(default: K·b with K the T-minimising block of the last level)")
    angle_bits: int = Field(10, ge=2, le=40, description="qrom: bits per loaded angle")
    block: int | None = Field(None, ge=1, description="qrom: QROAM block size K, a power of two "
                                                      "(default: least T per level; 1: QROM)")
    rotation: Literal["phase_gradient", "controlled_ry"] = Field(
        "phase_gradient", description="qrom: rotate by the angle register with a phase-gradient "
                                      "register (two controlled adders per level) or b "
                                      "controlled RY per level")

    @model_validator(mode="after")
    def _one_of(self):
        if (self.amplitudes is None) == (self.size is None):
            raise ValueError("give exactly one of 'amplitudes' and 'size'")
        if self.amplitudes is not None:
            if len(self.amplitudes) < 2:
                raise ValueError("amplitudes need at least 2 entries")
            if not any(self.amplitudes):
                raise ValueError("amplitudes are all zero: there is no state to prepare")
        if self.method != "qrom_dirty" and self.dirty_qubits is not None:
            raise ValueError("dirty_qubits is a parameter of method qrom_dirty")
        if self.method == "qrom_dirty" and None not in (self.block, self.dirty_qubits) and \
                self.block * self.angle_bits > self.dirty_qubits:
            raise ValueError(f"block {self.block} needs {self.block * self.angle_bits} dirty "
                             f"qubits (block·angle_bits), only {self.dirty_qubits} given")
        if self.method in ("qrom", "qrom_dirty"):
            from qdl.circuits.dtm.qrom_state_prep import MAX_QROM_QUBITS

            length = self.size if self.amplitudes is None else len(self.amplitudes)
            if length > 1 << MAX_QROM_QUBITS:
                raise ValueError(f"method {self.method} analyses every table word: at most "
                                 f"2^{MAX_QROM_QUBITS} amplitudes (use method tree)")
            if self.block is not None and self.block & (self.block - 1):
                raise ValueError(f"block must be a power of two, got {self.block}")
        return self


def _make(p: StatePrepParams) -> StatePreparation:
    length = p.size if p.amplitudes is None else len(p.amplitudes)
    n = max(1, math.ceil(math.log2(length)))
    if p.method == "qrom":
        from qdl.circuits.dtm.qrom_state_prep import QROMStatePreparation

        return QROMStatePreparation(n, p.amplitudes, p.angle_bits, p.block, p.precision,
                                    p.rotation == "phase_gradient")
    if p.method == "qrom_dirty":
        from qdl.circuits.dtm.dirty_state_prep import DirtyQROMStatePreparation

        return DirtyQROMStatePreparation(n, p.amplitudes, p.angle_bits, p.block, p.precision,
                                         p.rotation == "phase_gradient", p.dirty_qubits)
    return StatePreparation(n, p.amplitudes, p.precision)


register(Primitive(
    name="state_prep",
    params=StatePrepParams,
    make=_make,
    action="|0⟩ → Σ_i x_i|i⟩/‖x‖ (real x)",
    cost="tree: N−1 RY (⌈3 log2 1/ε⌉ T each), N−2 CNOT, rotation depth N−n, no T beyond "
         "synthesis; qrom: per level ℓ a lookup of 2^ℓ b-bit angles and its inverse "
         "(QROM 8(2^ℓ−2) T or QROAM) + 2b controlled RY; qrom_dirty: the same with the "
         "select-swap lookup on λ borrowed qubits, 2·[8(⌈2^ℓ/K⌉−2) + 16b(K−1)] T per level, "
         "K ≤ λ/b",
    reference="Grover & Rudolph, quant-ph/0208112 (2002); Möttönen et al., QIC 5, 467 "
              "(2005), Eq. (3), Fig. 2; Low, Kliuchnikov, Schaeffer, arXiv:1812.00954 (qrom; "
              "qrom_dirty: Fig. 1d); Berry et al., Quantum 3, 208 (2019), App. A",
))
