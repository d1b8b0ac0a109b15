"""Optional ZX-calculus T-count reduction with PyZX, for small unitary Clifford+T circuits.

Kissinger, van de Wetering, "Reducing the number of non-Clifford gates in quantum circuits",
Phys. Rev. A 102, 022406 (2020): *phase teleportation* simplifies the circuit's ZX-diagram
(``pyzx.teleport_reduce``) only to learn which phases can be fused, then writes the fused
phases back into the original circuit structure, so the result keeps the input's gates and
qubits apart from the merged phases; ``pyzx.basic_optimization`` then cancels what meets.

Applies only where it is exact and affordable: no measurement, reset or conditional, every
angle a multiple of π/4, at most :data:`MAX_QUBITS` qubits and :data:`MAX_GATES` gates. PyZX
expands each Toffoli into 7 T gates while qdl counts a Toffoli as a catalysed 4-T unit, so the
result is kept only when its qdl t_count is lower than the input's (otherwise the input is
returned). Install with the ``zx`` extra; without PyZX the pass returns its input unchanged
and :func:`available` says so.
"""

from __future__ import annotations

import importlib.util

from qiskit import QuantumCircuit, qasm2

from qdl.passes.circuit_count import count_circuit
from qdl.passes.flatten import CircuitPass, empty_like

MAX_QUBITS = 40
MAX_GATES = 2_000
#: Gates PyZX reads from OpenQASM 2 without loss.
ZX_GATES = frozenset({"h", "x", "z", "s", "sdg", "t", "tdg", "cx", "cz", "ccx", "ccz", "swap"})


def available() -> bool:
    return importlib.util.find_spec("pyzx") is not None


def applicable(qc: QuantumCircuit) -> bool:
    return (qc.num_qubits <= MAX_QUBITS and len(qc.data) <= MAX_GATES
            and all(inst.operation.name in ZX_GATES for inst in qc.data))


def zx_reduce(qc: QuantumCircuit) -> QuantumCircuit:
    """``qc`` after PyZX phase teleportation, when that lowers qdl's t_count; else ``qc``."""
    if not (available() and applicable(qc)):
        return qc
    import pyzx

    plain = QuantumCircuit(qc.num_qubits)
    for inst in qc.data:
        plain.append(inst.operation, [qc.find_bit(q).index for q in inst.qubits])
    circuit = pyzx.Circuit.from_qasm(qasm2.dumps(plain))
    graph = circuit.to_graph()
    pyzx.teleport_reduce(graph)
    teleported = pyzx.Circuit.from_graph(graph).split_phase_gates()
    reduced = pyzx.basic_optimization(teleported.to_basic_gates())
    result = qasm2.loads(reduced.to_qasm())
    if count_circuit(result).t_count >= count_circuit(qc).t_count:
        return qc
    out = empty_like(qc)
    out.compose(result, qubits=list(range(qc.num_qubits)), inplace=True)
    return out


class ZXTCountReduction(CircuitPass):
    """Qiskit pass form of :func:`zx_reduce` (a no-op when PyZX is not installed)."""

    def transform(self, qc: QuantumCircuit) -> QuantumCircuit:
        return zx_reduce(qc)
