"""Phase folding merges phases on equal parities and is exact (global phase included)."""

import numpy as np
from qiskit import QuantumCircuit
from qiskit.quantum_info import Operator

from qdl.passes.circuit_count import count_circuit
from qdl.passes.phase_folding import fold_phases, phase_gates


def exact(a: QuantumCircuit, b: QuantumCircuit) -> bool:
    return np.allclose(Operator(a).data, Operator(b).data, atol=1e-9)


def test_t_gates_on_the_same_parity_meet_through_cnots():
    qc = QuantumCircuit(2)
    qc.cx(0, 1)
    qc.t(1)            # phase on a⊕b
    qc.cx(0, 1)
    qc.h(0)            # a new variable on qubit 0 only
    qc.cx(0, 1)
    qc.cx(0, 1)
    qc.t(1)            # qubit 1 holds b: a new term
    qc.cx(1, 0)
    qc.x(0)
    qc.t(1)            # b again (the X hit qubit 0): merges with the previous T into S
    out = fold_phases(qc)
    assert count_circuit(qc).t == 3 and count_circuit(out).t == 1
    assert exact(qc, out)


def test_complemented_parity_folds_with_a_sign_and_a_global_phase():
    qc = QuantumCircuit(1)
    qc.t(0)
    qc.x(0)
    qc.t(0)   # e^{iπ/4 (1 − a)}: cancels the first T up to global phase
    qc.x(0)
    out = fold_phases(qc)
    assert count_circuit(out).t == 0
    assert exact(qc, out)


def test_random_circuits_are_unchanged_as_operators():
    rng = np.random.default_rng(7)
    for _ in range(60):
        qc = QuantumCircuit(3)
        for _ in range(14):
            a, b, c = (int(x) for x in rng.permutation(3))
            choice = int(rng.integers(10))
            [lambda: qc.cx(a, b), lambda: qc.x(a), lambda: qc.t(a), lambda: qc.tdg(a),
             lambda: qc.h(a), lambda: qc.ccx(a, b, c), lambda: qc.s(a),
             lambda: qc.rz(0.3, a), lambda: qc.swap(a, b), lambda: qc.cz(a, b)][choice]()
        out = fold_phases(qc)
        assert exact(qc, out)
        assert count_circuit(out).t <= count_circuit(qc).t


def test_measurement_ends_the_region():
    qc = QuantumCircuit(1, 1)
    qc.t(0)
    qc.measure(0, 0)
    qc.t(0)
    assert count_circuit(fold_phases(qc)).t == 2


def test_emitted_phases_use_at_most_one_t():
    for k in range(8):
        gates = phase_gates(k * np.pi / 4)
        assert sum(g.name in ("t", "tdg") for g in gates) == k % 2
    assert [g.name for g in phase_gates(0.1)] == ["p"]
