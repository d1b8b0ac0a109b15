import pytest

from qdl.circuits.qam.addition import GidneyAdder
from qdl.circuits.qam.subtraction import GidneySubtractor
from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 16, 32])
def test_hierarchical_cost_equals_circuit_count(n):
    block = GidneySubtractor(n)
    assert block.cost() == count_circuit(build_circuit(block))


@pytest.mark.parametrize("n", [2, 8, 32, 1024])
def test_costs_what_gidney_addition_costs(n):
    cost = GidneySubtractor(n).cost()
    assert cost.t_count == 4 * n - 4 and cost.and_ == n - 1
    assert cost.t_depth == n and cost.qubits == 3 * n - 1
    assert cost.clifford == GidneyAdder(n).cost().clifford + 2 * n


@pytest.mark.parametrize("n", [1, 3, 4])
def test_exhaustive_on_aer(n):
    result = verify_block(GidneySubtractor(n))
    assert result.passed, result.failures


@pytest.mark.parametrize("n", [16, 32])
def test_random_on_aer(n):
    result = verify_block(GidneySubtractor(n), random_cases=4)
    assert result.passed, result.failures


def test_registered_as_sub():
    prim = lookup("sub")
    assert prim.block(prim.params(bits=6)) == GidneySubtractor(6)
    assert GidneySubtractor(4).reference(a=1, b=3) == {"a": 14, "b": 3}
