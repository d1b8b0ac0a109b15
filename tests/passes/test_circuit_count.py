"""count_circuit against circuits counted by hand (independent of any block)."""

import math

from qiskit import QuantumCircuit
from qiskit.transpiler import PassManager

from qdl.circuits._qiskit_gates import TemporaryAndGate
from qdl.circuits.cost import rotation_t_count
from qdl.passes.circuit_count import CountResources, count_circuit


def test_t_gates_on_one_wire_are_serial_and_on_two_wires_parallel():
    qc = QuantumCircuit(2)
    qc.t(0)
    qc.tdg(0)
    qc.t(1)
    cost = count_circuit(qc)
    assert (cost.t, cost.t_depth) == (3, 2)
    qc.cx(1, 0)  # joins the wires: the next T on wire 1 waits for wire 0
    qc.t(1)
    assert count_circuit(qc).t_depth == 3


def test_toffoli_is_a_unit_of_three_t_layers_and_one_toffoli_layer():
    qc = QuantumCircuit(4)
    qc.ccx(0, 1, 2)
    qc.ccx(1, 2, 3)
    qc.ccx(0, 3, 3 - 1)
    cost = count_circuit(qc)
    assert (cost.toffoli, cost.t_count, cost.t_depth, cost.toffoli_depth) == (3, 12, 9, 3)


def test_and_gate_target_t_layer_overlaps_with_controls():
    qc = QuantumCircuit(3)
    qc.t(0)
    qc.t(0)  # control a arrives at T level 2
    qc.append(TemporaryAndGate(), [0, 1, 2])
    cost = count_circuit(qc)
    assert (cost.and_, cost.t_count, cost.t, cost.clifford) == (1, 6, 2, 0)
    assert cost.t_depth == 3  # max(2, 0, 0 + 1) + 1


def test_rotations_are_classified_by_angle():
    qc = QuantumCircuit(1)
    qc.rz(math.pi / 2, 0)  # S: Clifford
    qc.rz(math.pi / 4, 0)  # T
    qc.rz(0.3, 0)  # arbitrary
    qc.ry(0.1, 0)  # arbitrary
    cost = count_circuit(qc, rotation_eps=1e-6)
    assert (cost.clifford, cost.t, cost.rotations, cost.rotation_depth) == (1, 1, 2, 2)
    assert cost.rotation_t == 2 * rotation_t_count(1e-6)


def test_measurement_and_conditional_fixup_carry_the_dependency():
    qc = QuantumCircuit(3, 1)
    qc.t(2)
    qc.t(2)
    qc.measure(2, 0)
    with qc.if_test((qc.clbits[0], 1)):
        qc.cz(0, 1)
    qc.t(0)  # must come after the measured qubit's two T layers
    cost = count_circuit(qc)
    assert (cost.measurements, cost.clifford, cost.t_depth) == (1, 1, 3)


def test_reset_makes_a_wire_fresh():
    qc = QuantumCircuit(1)
    qc.t(0)
    qc.reset(0)
    qc.t(0)
    assert count_circuit(qc).t_depth == 1


def test_gates_without_known_cost_are_counted_through_their_definition():
    inner = QuantumCircuit(2, name="mine")
    inner.t(0)
    inner.cx(0, 1)
    qc = QuantumCircuit(2)
    qc.append(inner.to_gate(), [0, 1])
    assert (count_circuit(qc).t, count_circuit(qc).clifford) == (1, 1)


def test_count_resources_is_a_qiskit_analysis_pass():
    qc = QuantumCircuit(3)
    qc.ccx(0, 1, 2)
    pm = PassManager([CountResources()])
    pm.run(qc)
    assert pm.property_set["qdl_cost"].toffoli == 1
