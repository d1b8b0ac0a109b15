import pytest

from qdl.circuits.qam.constant_addition import ConstantAdder
from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block

CASES = [(1, 1), (2, 1), (3, 5), (4, 0), (4, 8), (4, 6), (5, 31), (8, 0b10110100),
         (16, 0xBEEF), (32, 0x9E3779B9)]


@pytest.mark.parametrize("n, k", CASES)
def test_hierarchical_cost_equals_circuit_count(n, k):
    block = ConstantAdder(n, k)
    assert block.cost() == count_circuit(build_circuit(block))


def test_cost_formula_and_the_4n_bound():
    for n in (2, 3, 8, 64):
        for k in (1, 2, 3, (1 << n) - 1, 1 << (n - 1), 0b1010 % (1 << n)):
            j = (k & -k).bit_length() - 1
            cost = ConstantAdder(n, k).cost()
            assert cost.and_ == max(0, n - 2 - j)
            assert cost.t_count <= 4 * n - 8 if n >= 2 else cost.t_count == 0
            assert cost.qubits == n + max(0, n - 2 - j)
            assert cost.t_depth == (n - 1 - j if n - 2 - j > 0 else 0)
    assert ConstantAdder(32, 1).cost().t_count == 4 * 30  # increment: 4n−8 T


@pytest.mark.parametrize("k", range(16))
def test_exhaustive_on_aer_for_every_4_bit_constant(k):
    result = verify_block(ConstantAdder(4, k))
    assert result.passed, result.failures


@pytest.mark.parametrize("n, k", [(16, 0xBEEF), (32, 0x9E3779B9)])
def test_random_on_aer(n, k):
    result = verify_block(ConstantAdder(n, k), random_cases=4)
    assert result.passed, result.failures


def test_registered_with_negative_values_reduced():
    prim = lookup("add_const")
    block = prim.block(prim.params(bits=8, value=-3))
    assert block == ConstantAdder(8, 253)
    assert block.reference(a=5) == {"a": 2}
