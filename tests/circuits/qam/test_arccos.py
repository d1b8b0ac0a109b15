import math

import pytest

from qdl.circuits.qam.arccos import FbeArccos, GrayDecode
from qdl.circuits.registry import lookup
from qdl.errors import ParameterError
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


@pytest.mark.parametrize("n, f", [(3, 1), (5, 3), (6, 4)])
def test_hierarchical_cost_equals_circuit_count(n, f):
    block = FbeArccos(n, f)
    assert block.cost() == count_circuit(build_circuit(block))


@pytest.mark.parametrize("n", [3, 8, 32])
def test_qubits_formula(n):
    assert FbeArccos(n, n - 2).cost().qubits == 2 * n * n + 3 * n + 1


def test_exhaustive_on_aer():
    assert verify_block(FbeArccos(4, 2)).passed
    assert verify_block(GrayDecode(3)).passed


@pytest.mark.slow
def test_random_16_bits_on_aer():
    result = verify_block(FbeArccos(16, 14), random_cases=2)
    assert result.passed, result.failures


def test_reference_is_arccos_over_pi():
    n, f = 12, 10
    block = FbeArccos(n, f)
    for x in (-1.0, -0.6, 0.0, 0.25, 0.9, 1.0):
        y = block.reference(x=round(x * 2 ** f) % (1 << n), y=0)["y"]
        assert abs(math.pi * y / 2 ** n - math.acos(x)) < 0.02


def test_counting_does_not_enumerate_and_format_checked(python_calls):
    calls, _ = python_calls(FbeArccos(128, 120).cost)  # ~38,000 calls cold
    assert calls < 250_000
    with pytest.raises(ParameterError):
        FbeArccos(4, 3)
    prim = lookup("arccos")
    assert prim.block(prim.params(bits=6, frac_bits=4)) == FbeArccos(6, 4)
