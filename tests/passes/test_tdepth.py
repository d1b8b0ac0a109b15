"""Selinger's T-depth-1 Toffoli: exact with its ancillas in |0⟩, and only within the budget."""

import warnings

from qiskit import QuantumCircuit
from qiskit.circuit.library import CDKMRippleCarryAdder

from qdl.passes.circuit_count import count_circuit
from qdl.passes.equivalence import check_equivalent
from qdl.passes.flatten import flatten
from qdl.passes.tdepth import t_depth_one_toffolis


def test_one_toffoli_has_t_depth_one_and_seven_t():
    qc = QuantumCircuit(3)
    qc.h(0)
    qc.ccx(0, 1, 2)
    out = t_depth_one_toffolis(qc, max_qubits=7)
    cost = count_circuit(out)
    assert (cost.t, cost.toffoli, cost.t_depth, cost.qubits) == (7, 0, 1, 7)
    assert count_circuit(qc).t_depth == 3
    assert check_equivalent(qc, out).status == "proved"  # ancillas |0⟩ in and out


def test_budget_too_small_leaves_the_circuit_alone():
    qc = QuantumCircuit(3)
    qc.ccx(0, 1, 2)
    assert t_depth_one_toffolis(qc, max_qubits=6) is qc


def test_adder_t_depth_drops_by_three():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        qc = flatten(CDKMRippleCarryAdder(3))
    out = t_depth_one_toffolis(qc, max_qubits=qc.num_qubits + 8)
    before, after = count_circuit(qc), count_circuit(out)
    assert before.t_depth == 3 * before.toffoli  # a ripple: every Toffoli on the path
    assert after.t_depth == before.toffoli
    assert check_equivalent(qc, out).passed
