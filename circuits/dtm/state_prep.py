"""Amplitude state preparation: |0…0⟩ → Σ_i x_i|i⟩/‖x‖ for a real vector x.

Grover & Rudolph, arXiv:quant-ph/0208112 (2002): a binary tree of conditional RY rotations,
qubit by qubit from the most significant; each level is one uniformly controlled rotation,
decomposed as in Möttönen, Vartiainen, Bergholm, Salomaa, "Transformation of quantum states
using uniformly controlled rotations", QIC 5, 467 (2005), Eq. (3) and Fig. 2: 2^k RY and 2^k
CNOTs in Gray-code order for k controls. Signs are set at the last level by a signed angle.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from pydantic import Field, model_validator

from qdl.circuits.block import Block, Register, Role, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.cost import Cost, rotation_kind, rotation_t_count
from qdl.circuits.data import RealVector
from qdl.circuits.registry import Params, Primitive, register

#: Angles closer to 0 than this are not emitted (the rotation is the identity).
ZERO_ANGLE = 1e-12
#: Largest register counted without amplitudes (2^40 amplitudes).
MAX_QUBITS = 40


def tree_angles(x: np.ndarray) -> list[np.ndarray]:
    """θ_{k,p} for level k and prefix p: RY(θ) on bit n−1−k splits the prefix-p block."""
    n = int(len(x)).bit_length() - 1
    levels = []
    for k in range(n):
        blocks = x.reshape(1 << k, 2, -1)  # prefix p, next bit, rest
        if k == n - 1:  # last level: signed amplitudes fix the signs
            theta = 2 * np.arctan2(blocks[:, 1, 0], blocks[:, 0, 0])
        else:
            theta = 2 * np.arctan2(np.linalg.norm(blocks[:, 1], axis=1),
                                   np.linalg.norm(blocks[:, 0], axis=1))
        levels.append(theta)
    return levels


def gray_angles(theta: np.ndarray) -> np.ndarray:
    """Möttönen et al. Eq. (3): α = M^T θ / 2^k with M_ij = (−1)^{popcount(i & gray(j))}."""
    size = len(theta)
    idx = np.arange(size)
    gray = idx ^ (idx >> 1)
    parity = np.array([[bin(i & g).count("1") & 1 for g in gray] for i in idx])
    return ((-1.0) ** parity).T @ theta / size


def cnot_control(i: int, k: int) -> int:
    """Control (bit t of the prefix) of the CNOT after rotation i of a k-control level."""
    return min((i + 1 & -(i + 1)).bit_length() - 1, k - 1)


@dataclass(frozen=True)
class StatePreparation(Block):
    """|0…0⟩ → Σ_i x_i|i⟩/‖x‖ on n = ⌈log2 len(x)⌉ qubits (x padded with zeros).

    Cost without amplitudes (every angle generic, the worst case): N−1 RY rotations
    (rotation_t (N−1)·⌈3 log2 1/ε⌉), Σ_{k=1}^{n−1} 2^k = N−2 CNOTs, no T, rotation depth
    N−n (level k starts where level k−1 ended and adds 2^k − 1 layers). With amplitudes,
    vanishing angles are dropped and angles at multiples of π/4 count as Clifford or T
    gates, as the circuit counter counts them; depths are then tracked wire by wire.
    Without amplitudes the circuit built is that of a fixed generic (seeded Gaussian) vector.
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

    def _program(self):
        """(level k, rotation angle α_i, then the CNOT control bit or None) in emission order."""
        for k, theta in enumerate(tree_angles(self.target_state())):
            alphas = gray_angles(theta) if k else theta
            for i, a in enumerate(alphas):
                yield k, float(a), (cnot_control(i, k) if k else None)

    def _tally(self) -> Cost:
        """Counts and depths of the emitted program, tracked per wire (T and rotation layers)."""
        n = self.qubits_n
        if self.amplitudes is None:
            N = 1 << n
            return Cost(qubits=n, rotations=N - 1, rotation_t=(N - 1) *
                        rotation_t_count(self.rotation_eps), clifford=N - 2,
                        rotation_depth=N - n)
        counts = {"clifford": 0, "t": 0, "rotations": 0}
        level = [[0, 0] for _ in range(n)]  # [t, rotation] per qubit
        for k, alpha, ctrl in self._program():
            target = n - 1 - k
            if abs(alpha) > ZERO_ANGLE:
                kind = rotation_kind(alpha)
                counts["rotations" if kind == "rotation" else kind] += 1
                if kind != "clifford":
                    level[target][0 if kind == "t" else 1] += 1
            if ctrl is not None:
                c = n - k + ctrl
                counts["clifford"] += 1
                level[c] = level[target] = [max(a, b) for a, b in zip(level[c], level[target])]
        rot_t = counts["rotations"] * rotation_t_count(self.rotation_eps)
        return Cost(qubits=n, rotation_t=rot_t, t_depth=max(l[0] for l in level),
                    rotation_depth=max(l[1] for l in level), **counts)

    def leaf_cost(self) -> Cost:
        return self._tally()

    def build(self, bb: Builder, *, state: list[int]) -> None:
        from qiskit.circuit.library import RYGate

        n = self.qubits_n
        for k, alpha, ctrl in self._program():
            if abs(alpha) > ZERO_ANGLE:
                bb.append(RYGate(alpha), [state[n - 1 - k]])
            if ctrl is not None:
                bb.cx(state[n - k + ctrl], state[n - 1 - k])


class StatePrepParams(Params):
    amplitudes: RealVector | None = Field(
        None, description="the vector x (inline list or .npy/.csv file); normalised for you")
    size: int | None = Field(None, ge=2, le=1 << MAX_QUBITS,
                             description="length of x when costing without amplitudes")
    precision: float = Field(1e-3, gt=0, lt=1, description="rotation synthesis precision ε")

    @model_validator(mode="after")
    def _one_of(self):
        if (self.amplitudes is None) == (self.size is None):
            raise ValueError("give exactly one of 'amplitudes' and 'size'")
        if self.amplitudes is not None:
            if len(self.amplitudes) < 2:
                raise ValueError("amplitudes need at least 2 entries")
            if not any(self.amplitudes):
                raise ValueError("amplitudes are all zero: there is no state to prepare")
        return self


def _make(p: StatePrepParams) -> StatePreparation:
    length = p.size if p.amplitudes is None else len(p.amplitudes)
    n = max(1, math.ceil(math.log2(length)))
    return StatePreparation(n, p.amplitudes, p.precision)


register(Primitive(
    name="state_prep",
    params=StatePrepParams,
    make=_make,
    action="|0⟩ → Σ_i x_i|i⟩/‖x‖ (real x)",
    cost="N−1 RY (⌈3 log2 1/ε⌉ T each), N−2 CNOT, rotation depth N−n; "
         "no T beyond synthesis",
    reference="Grover & Rudolph, quant-ph/0208112 (2002); Möttönen et al., QIC 5, 467 "
              "(2005), Eq. (3), Fig. 2",
))
