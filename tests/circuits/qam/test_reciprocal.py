
import pytest

from qdl.circuits.qam.reciprocal import NewtonReciprocal
from qdl.circuits.registry import lookup
from qdl.errors import ParameterError
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


@pytest.mark.parametrize("n, f, k", [(3, 1, 1), (5, 2, 2), (6, 3, 3), (8, 4, 2)])
def test_hierarchical_cost_equals_circuit_count(n, f, k):
    block = NewtonReciprocal(n, f, k)
    assert block.cost() == count_circuit(build_circuit(block))


@pytest.mark.parametrize("n, f, k", [(3, 1, 1), (8, 4, 2), (16, 8, 3), (64, 32, 5)])
def test_cost_formula(n, f, k):
    m = max(0, n - 2)  # ANDs of adding 2^{f+1} + 1 (lowest set bit 0)
    cost = NewtonReciprocal(n, f, k).cost()
    assert cost.and_ == 2 * (n - 1) + k * (2 * (2 * n * n - n) + 4 * n * (n - 1) + 2 * m)
    assert cost.qubits == 5 * n + 4 * n * k + 1


def test_exhaustive_on_aer():
    result = verify_block(NewtonReciprocal(4, 2, 2))
    assert result.passed, result.failures


@pytest.mark.slow
def test_random_16_bits_on_aer():  # about 130 s
    result = verify_block(NewtonReciprocal(16, 8, 2), random_cases=3)
    assert result.passed, result.failures


def test_reference_converges_to_one_over_x():
    block = NewtonReciprocal(16, 8, 3)
    for x in (1.0, 3.0, 0.3, 100.0):
        got = block.reference(x=round(x * 256), y=0)["y"] / 256
        assert abs(got - 1 / x) < 4 / 256


def test_counting_does_not_enumerate(python_calls):
    # ~9,000 Python calls cold; the built circuit has millions of gates
    calls, _ = python_calls(NewtonReciprocal(512, 256, 8).cost)
    assert calls < 100_000


def test_registry_and_format_errors():
    prim = lookup("reciprocal")
    assert prim.block(prim.params(bits=8, frac_bits=4)) == NewtonReciprocal(8, 4, 3)
    with pytest.raises(ParameterError):
        NewtonReciprocal(4, 3, 1)


def test_docstring_count_at_the_declared_maximum():
    """n = 2^24, 16 iterations: the leading-one guess counts from its exponent rule."""
    from qdl.circuits.qam.constant_addition import ConstantAdder

    n, f, k = 1 << 24, 4, 16
    m = ConstantAdder(n, (1 << (f + 1)) + 1).cost().and_
    block = NewtonReciprocal(n, f, k)
    assert block.cost().and_ == 2 * (n - 1) + k * (8 * n * n - 6 * n + 2 * m)
    assert block.cost().qubits == 5 * n + 4 * n * k + 1
