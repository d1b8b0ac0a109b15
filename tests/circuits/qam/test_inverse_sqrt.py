import math

import pytest

from qdl.circuits.qam.inverse_sqrt import NewtonInverseSqrt
from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


@pytest.mark.parametrize("n, f, k", [(3, 1, 1), (5, 2, 2), (6, 3, 2)])
def test_hierarchical_cost_equals_circuit_count(n, f, k):
    block = NewtonInverseSqrt(n, f, k)
    assert block.cost() == count_circuit(build_circuit(block))


@pytest.mark.parametrize("n, f, k", [(4, 2, 1), (16, 8, 3), (64, 32, 5)])
def test_cost_formula(n, f, k):
    m = max(0, n - 2)  # ANDs of adding 3·2^f + 1 (lowest set bit 0)
    cost = NewtonInverseSqrt(n, f, k).cost()
    assert cost.and_ == 2 * (n - 1) + k * (3 * (2 * n * n - n) + 6 * n * (n - 1) + 2 * m)
    assert cost.qubits == 5 * n + 6 * n * k + 1


def test_exhaustive_on_aer():
    result = verify_block(NewtonInverseSqrt(4, 2, 1))
    assert result.passed, result.failures


@pytest.mark.slow
def test_random_16_bits_on_aer():
    result = verify_block(NewtonInverseSqrt(16, 8, 2), random_cases=3)
    assert result.passed, result.failures


def test_reference_converges():
    block = NewtonInverseSqrt(16, 8, 3)
    for x in (1.0, 2.0, 0.5, 9.0, 100.0):
        got = block.reference(x=round(x * 256), y=0)["y"] / 256
        assert abs(got - 1 / math.sqrt(x)) < 4 / 256


def test_registered():
    prim = lookup("inv_sqrt")
    assert prim.block(prim.params(bits=8, frac_bits=4, iterations=2)) == NewtonInverseSqrt(8, 4, 2)


def test_docstring_count_at_the_declared_maximum():
    """n = 2^24, 16 iterations: the leading-one guess counts from its exponent rule."""
    from qdl.circuits.qam.constant_addition import ConstantAdder

    n, f, k = 1 << 24, 4, 16
    m = ConstantAdder(n, (3 << f) + 1).cost().and_
    block = NewtonInverseSqrt(n, f, k)
    assert block.cost().and_ == 2 * (n - 1) + k * (12 * n * n - 9 * n + 2 * m)
    assert block.cost().qubits == 5 * n + 6 * n * k + 1
