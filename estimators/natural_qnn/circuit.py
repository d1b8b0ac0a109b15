"""Lowering a qubit-neuron network to Qiskit: the dynamic circuit Aer runs, and the inference template.

**Dynamic circuit** (:func:`dynamic_circuit`, one input x): layer 1's angles θ_j(x) are known
when the circuit is built (the data is classical); a later layer's angles depend on the previous
layer's measured bits. Aer cannot evaluate θ = (π/2)(1 − clip(z/a, −1, 1)) on classical bits at
run time, and the clip makes θ non-additive in the bits, so we lower the feed-forward exactly as
classical branching: for every outcome pattern v of layer l−1 an ``if_test((c_{l−1}, v))``
applies RY(θ_j(v)) to neuron j (patterns with θ = 0 need no gate). That is 2^{n_{l−1}} branches
per neuron: exact, but only for small layers (:data:`MAX_BRANCH_BITS`). Qubits are measured,
reset and reused by the next layer. This circuit is for checking the emulator's distribution on
Aer, not for costing: its branch count is an artefact of simulating the controller.

**Inference template** (:func:`inference_circuit`): what one inference executes on a
fault-tolerant machine, whose classical controller computes θ_j from the outcomes in real time
and has the rotation synthesised (Clifford+T) on the fly: each data-dependent angle is a Qiskit
``Parameter`` bound by the controller, fixed angles (the weak measurement's coupling) are
numbers. At a = 0 every data-dependent angle is 0 or π (a Pauli), emitted as RY(π), counted as
one Clifford, worst case. Counted by qdl.passes.circuit_count.count_circuit it must give the
formulas of module resources (the tests check every count field). Its depth fields see only
dependencies along wires: the classical feed-forward between layers (a parameter binding) is
invisible to the circuit, so resources reports depth per layer × layers instead.
"""

from __future__ import annotations

import math

import numpy as np
from qiskit import ClassicalRegister, QuantumCircuit, QuantumRegister
from qiskit.circuit import Parameter
from qiskit.circuit.library import RYGate

from qdl.circuits.block import Signature
from qdl.circuits.builder import Builder
from qdl.estimators.natural_qnn.emulator import pre_activation, spins_of
from qdl.estimators.natural_qnn.model import Network, coupling_angles, rotation_angle
from qdl.errors import BuildLimitError

#: Largest previous-layer width lowered as classical branches (2^n if_test per neuron).
MAX_BRANCH_BITS = 6


def _angles(net: Network, layer: int, d: np.ndarray) -> np.ndarray:
    return rotation_angle(pre_activation(net.weights[layer], net.biases[layer], d), net.a)


def _weak_coupling(qc: QuantumCircuit, neuron, ancilla, g: float) -> None:
    pre, controlled = coupling_angles(g)
    qc.ry(pre, ancilla)
    qc.cry(controlled, neuron, ancilla)


def dynamic_circuit(net: Network, x: np.ndarray) -> QuantumCircuit:
    """The dynamic circuit of one inference on input ``x``; register ``c{l}`` holds layer l's bits."""
    widths = net.widths
    if max(widths[:-1], default=0) > MAX_BRANCH_BITS:
        raise BuildLimitError(f"a hidden layer of width {max(widths[:-1])} feeds 2^"
                              f"{max(widths[:-1])} classical branches per neuron into the next",
                              f"simulate layers of at most {MAX_BRANCH_BITS} neurons on Aer")
    weak = net.scheme == "weak_measurement"
    n = max(widths)
    neurons = QuantumRegister(n, "neuron")
    regs = [neurons] + ([QuantumRegister(n, "ancilla")] if weak else [])
    cregs = [ClassicalRegister(w, f"c{l + 1}") for l, w in enumerate(widths)]
    qc = QuantumCircuit(*regs, *cregs, name="natural_qnn")
    read = regs[-1]
    for l, width in enumerate(widths):
        if l == 0:
            for j, theta in enumerate(_angles(net, 0, np.asarray(x, float))):
                if theta != 0:
                    qc.ry(float(theta), neurons[j])
        else:
            prev = widths[l - 1]
            for v in range(1 << prev):
                thetas = _angles(net, l, spins_of(v, prev))
                if not np.any(thetas != 0):
                    continue
                with qc.if_test((cregs[l - 1], v)):
                    for j, theta in enumerate(thetas):
                        if theta != 0:
                            qc.ry(float(theta), neurons[j])
        for j in range(width):
            if weak:
                _weak_coupling(qc, neurons[j], read[j], net.g)
            qc.measure(read[j], cregs[l][j])
        for q in list(neurons[:width]) + (list(read[:width]) if weak else []):
            qc.reset(q)
    return qc


def run_on_aer(qc: QuantumCircuit, shots: int, seed: int) -> dict[tuple[int, ...], int]:
    """Counts of each tuple of per-layer outcome patterns (c1 first)."""
    from qiskit_aer import AerSimulator

    counts = AerSimulator(seed_simulator=seed).run(qc, shots=shots).result().get_counts()
    out: dict[tuple[int, ...], int] = {}
    for key, c in counts.items():
        # Qiskit prints registers last-first, separated by spaces, each most-significant bit first
        patterns = tuple(int(part, 2) for part in reversed(key.split()))
        out[patterns] = out.get(patterns, 0) + c
    return out


def inference_circuit(widths: list[int], scheme: str, a: float, g: float,
                      reuse: bool = True) -> QuantumCircuit:
    """The per-inference template (module docstring); ``reuse`` recycles qubits across layers."""
    weak = scheme == "weak_measurement"
    bb = Builder()
    for l, width in enumerate(widths):
        neurons = bb.alloc(width)
        ancillas = bb.alloc(width) if weak else []
        for j in range(width):
            angle = math.pi if a == 0 else Parameter(f"theta_{l + 1}_{j}")
            bb.append(RYGate(angle), [neurons[j]])
            if weak:
                pre, controlled = coupling_angles(g)
                bb.append(RYGate(pre), [ancillas[j]])
                # controlled-RY(2g) as Qiskit defines it: RY(g) · CX · RY(−g) · CX
                bb.append(RYGate(controlled / 2), [ancillas[j]])
                bb.cx(neurons[j], ancillas[j])
                bb.append(RYGate(-controlled / 2), [ancillas[j]])
                bb.cx(neurons[j], ancillas[j])
            bb.measure(ancillas[j] if weak else neurons[j])
        if reuse:
            for q in neurons + ancillas:
                bb.reset(q)
            bb.release(neurons + ancillas)
    return bb.to_circuit(Signature([]), {}, name="natural_qnn_inference")
