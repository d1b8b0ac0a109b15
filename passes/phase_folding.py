"""Phase folding: merge T/S/Z and phase rotations that act on the same parity.

Amy, Maslov, Mosca, "Polynomial-time T-depth optimization of Clifford+T circuits via matroid
partitioning", IEEE TCAD 33(10), 2014, §III (the phase-polynomial / sum-over-paths view), and
the *rotation merging* of Nam, Ross, Su, Childs, Maslov, npj QI 4, 23 (2018), §4.

Sum-over-paths view: every qubit's basis value at every point is a Boolean function of *path
variables*. A qubit gets a fresh variable at the start and after any gate that is not a
basis-state permutation by XOR (H, a Toffoli's target, qdl's ``and``, any other non-diagonal
gate); CX and X keep values affine (target ^= control, value ^= 1), swaps exchange them, and
diagonal gates (CZ, CCZ, a Toffoli's controls) leave them alone. A phase gate R(θ) on a qubit
holding the affine parity f contributes the factor e^{iθ·f} to every path's amplitude,
wherever it sits. Two phase gates on the *same* parity f can therefore be merged into one
R(θ₁ + θ₂) placed where f first appeared, without changing any amplitude: T·T = S, T·T† = I,
and T gates separated by CNOT networks meet. (Parities are compared as sets of variables; a
parity f ⊕ 1 is the phase −θ on f times a global phase e^{iθ}.)

Measurements, resets and classically controlled bodies are not unitary: they end the region
(every phase seen so far is placed, every qubit gets a fresh variable), so nothing moves
across them. Symbolic angles are left alone.

Cost: the merged angle is emitted with the fewest T gates (an odd multiple of π/4 is one T or
T† plus a Clifford; an even one is Clifford only; any other angle is one ``p`` rotation).
"""

from __future__ import annotations

import math

from qiskit import QuantumCircuit
from qiskit.circuit import CircuitInstruction, ParameterExpression
from qiskit.circuit.library import PhaseGate, SdgGate, SGate, TdgGate, TGate, ZGate

from qdl.passes.flatten import CircuitPass, empty_like, qubit_indices

#: Phase gates with a fixed angle (R(θ) = diag(1, e^{iθ})).
FIXED_PHASES = {"t": math.pi / 4, "tdg": -math.pi / 4, "s": math.pi / 2, "sdg": -math.pi / 2,
                "z": math.pi}
#: Parameterised phase gates; rz(θ) = e^{−iθ/2}·p(θ).
PARAM_PHASES = frozenset({"p", "u1", "rz"})
#: Gates that do not change any basis value (controls of CCX are handled separately).
VALUE_PRESERVING = frozenset({"cz", "ccz", "id", "barrier", "delay", "global_phase"})
#: Non-unitary instructions: region boundaries.
BOUNDARY = frozenset({"measure", "reset", "if_else"})

_CONSTANT = 1  # bit 0 of a parity is the constant term; path variables are bits 1, 2, ...
_EIGHTH = math.pi / 4


def phase_gates(angle: float) -> list:
    """Gates implementing diag(1, e^{iθ}) with the fewest T gates."""
    k = angle / _EIGHTH
    if abs(k - round(k)) > 1e-9:
        return [PhaseGate(angle)]
    k = round(k) % 8
    # one T-type gate at most; the rest are Cliffords
    return {0: [], 1: [TGate()], 2: [SGate()], 3: [SGate(), TGate()], 4: [ZGate()],
            5: [ZGate(), TGate()], 6: [SdgGate()], 7: [TdgGate()]}[k]


def _angle(inst) -> float | None:
    """The phase angle of a phase gate instruction, None for anything else (or symbolic)."""
    name = inst.operation.name
    if name in FIXED_PHASES:
        return FIXED_PHASES[name]
    if name in PARAM_PHASES:
        theta = inst.operation.params[0]
        if isinstance(theta, ParameterExpression):
            if theta.parameters:
                return None
            theta = float(theta)
        return float(theta)
    return None


class _Folder:
    def __init__(self, qc: QuantumCircuit):
        self.qc = qc
        self.index = qubit_indices(qc)
        self.next_var = 1
        self.parity = [self._fresh() for _ in qc.qubits]
        self.out: list = []  # instructions, or [angle, qubit index, sign] placeholders
        self.terms: dict[int, list] = {}
        self.global_phase = 0.0

    def _fresh(self) -> int:
        bit = 1 << self.next_var
        self.next_var += 1
        return bit

    def phase(self, q: int, theta: float) -> None:
        f = self.parity[q]
        sign = -1 if f & _CONSTANT else 1
        if sign < 0:  # e^{iθ(1 ⊕ g)} = e^{iθ}·e^{−iθ g}
            self.global_phase += theta
        key = f & ~_CONSTANT
        term = self.terms.get(key)
        if term is None:
            term = [sign * theta, q, sign]
            self.terms[key] = term
            self.out.append(term)
        else:
            term[0] += sign * theta

    def boundary(self) -> None:
        self.terms = {}
        self.parity = [self._fresh() for _ in self.parity]

    def run(self) -> QuantumCircuit:
        p = self.parity
        for inst in self.qc.data:
            name = inst.operation.name
            qs = [self.index[q] for q in inst.qubits]
            theta = _angle(inst)
            if theta is not None:
                if name == "rz":
                    self.global_phase -= theta / 2
                self.phase(qs[0], theta)
                continue
            if name in BOUNDARY:
                self.boundary()
            elif name == "cx":
                p[qs[1]] ^= p[qs[0]]
            elif name == "x":
                p[qs[0]] ^= _CONSTANT
            elif name == "swap":
                p[qs[0]], p[qs[1]] = p[qs[1]], p[qs[0]]
            elif name == "ccx":
                p[qs[2]] = self._fresh()
            elif name not in VALUE_PRESERVING:
                for q in qs:
                    p[q] = self._fresh()
            self.out.append(inst)
        return self.emit()

    def emit(self) -> QuantumCircuit:
        qc = empty_like(self.qc)
        qc.global_phase += self.global_phase
        qubits = qc.qubits
        for item in self.out:
            if isinstance(item, list):
                total, q, sign = item
                # qubit q held g ⊕ 1 here when sign < 0: R(−Θ) on it is e^{−iΘ}·e^{iΘg}
                if sign < 0:
                    qc.global_phase += total
                for gate in phase_gates(sign * total):
                    qc._append(CircuitInstruction(gate, (qubits[q],), ()))
            else:
                qc._append(item)
        return qc


def fold_phases(qc: QuantumCircuit) -> QuantumCircuit:
    """``qc`` with phase gates on equal parities merged (see the module docstring)."""
    return _Folder(qc).run()


class PhaseFolding(CircuitPass):
    """Qiskit pass form of :func:`fold_phases`."""

    def transform(self, qc: QuantumCircuit) -> QuantumCircuit:
        return fold_phases(qc)
