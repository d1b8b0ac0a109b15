import numpy as np
import pytest
from qiskit.quantum_info import Operator

from qdl.circuits._qiskit_gates import and_definition
from qdl.circuits.gates import CX, And, AndUncompute, Clifford, TGate, Toffoli
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


def test_and_definition_is_exactly_a_and_b_on_zero_target_without_phase():
    u = Operator(and_definition()).data
    for a in (0, 1):
        for b in (0, 1):
            column = u[:, a | b << 1]
            expected = a | b << 1 | (a & b) << 2
            assert np.isclose(column[expected], 1.0)  # amplitude exactly 1: no phase
            assert and_definition().count_ops()["t"] + and_definition().count_ops()["tdg"] == 4


@pytest.mark.parametrize("block", [CX, Clifford("h"), TGate(), TGate(adjoint=True), Toffoli(),
                                   And(), AndUncompute()])
def test_leaf_cost_equals_count_of_its_built_circuit(block):
    assert block.cost() == count_circuit(build_circuit(block))


@pytest.mark.parametrize("block", [Toffoli(), And(), AndUncompute()])
def test_leaves_with_a_reference_verify_on_aer(block):
    result = verify_block(block)
    assert result.passed, result.failures


def test_literature_costs_of_leaves():
    assert And().cost().t_count == 4  # Gidney 2018: 4 T to compute
    assert AndUncompute().cost().t_count == 0  # ... and 0 T to uncompute
    assert AndUncompute().cost().measurements == 1
    assert Toffoli().cost().t_count == 4  # Jones 2013 catalysed Toffoli convention
