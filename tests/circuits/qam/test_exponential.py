import math

import pytest

from qdl.circuits.qam.exponential import BitwiseExp, factor_constant
from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


@pytest.mark.parametrize("n, f", [(3, 1), (5, 3), (6, 3)])
def test_hierarchical_cost_equals_circuit_count(n, f):
    block = BitwiseExp(n, f)
    assert block.cost() == count_circuit(build_circuit(block))
    assert block.cost().qubits == 4 * n * n + 4 * n + 1


def test_constants():
    assert factor_constant(8, 8) == round((1 - math.exp(-1)) * 256)
    assert factor_constant(0, 4) == round((1 - math.exp(-1 / 16)) * 16)


def test_exhaustive_on_aer():
    result = verify_block(BitwiseExp(4, 2))
    assert result.passed, result.failures


@pytest.mark.slow
def test_random_16_bits_on_aer():
    result = verify_block(BitwiseExp(16, 12), random_cases=2)
    assert result.passed, result.failures


def test_reference_error_over_whole_domain():
    block = BitwiseExp(10, 7)
    worst = max(abs(block.reference(z=z, y=0)["y"] / 128 - math.exp(-z / 128))
                for z in range(1 << 10))
    assert worst < 4 / 128


def test_registered():
    prim = lookup("exp")
    assert prim.block(prim.params(bits=8, frac_bits=6)) == BitwiseExp(8, 6)
