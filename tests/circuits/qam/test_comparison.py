import pytest

from qdl.circuits.qam.comparison import LessThan
from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8, 16, 32])
def test_hierarchical_cost_equals_circuit_count(n):
    block = LessThan(n)
    assert block.cost() == count_circuit(build_circuit(block))


@pytest.mark.parametrize("n", [1, 4, 32, 4096])
def test_at_most_n_ands(n):
    cost = LessThan(n).cost()
    assert cost.and_ == n and cost.t_count == 4 * n and cost.toffoli == 0
    assert cost.t_depth == n + 1 and cost.qubits == 3 * n


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_exhaustive_on_aer(n):
    result = verify_block(LessThan(n))
    assert result.passed, result.failures


@pytest.mark.parametrize("n", [16, 32])
def test_random_on_aer(n):
    result = verify_block(LessThan(n), random_cases=4)
    assert result.passed, result.failures


def test_registered_as_compare():
    prim = lookup("compare")
    assert prim.block(prim.params(bits=5)) == LessThan(5)
    assert LessThan(4).reference(a=3, b=9, target=0)["target"] == 1
    assert LessThan(4).reference(a=9, b=9, target=0)["target"] == 0


@pytest.mark.parametrize("n", [1, 2, 3])
def test_controlled_comparator_exhaustive(n):
    from qdl.circuits.qam.comparison import ControlledLessThan
    block = ControlledLessThan(n)
    result = verify_block(block)
    assert result.passed and "phase check" in result.method, result.failures


@pytest.mark.parametrize("n", [1, 4, 16, 256])
def test_controlled_comparator_counts(n):
    """n + 1 ANDs: Qualtran's CLinearDepthGreaterThan charges n + 2 ("true cost n + 1")."""
    from qdl.circuits.qam.comparison import ControlledLessThan
    cost = ControlledLessThan(n).cost()
    assert (cost.and_, cost.t_depth, cost.toffoli_depth, cost.qubits) == (n + 1, n + 2, n + 1,
                                                                          3 * n + 2)
    if n <= 16:
        assert cost == count_circuit(build_circuit(ControlledLessThan(n)))


def test_controlled_comparator_random_32():
    from qdl.circuits.qam.comparison import ControlledLessThan
    assert verify_block(ControlledLessThan(32), random_cases=3).passed
