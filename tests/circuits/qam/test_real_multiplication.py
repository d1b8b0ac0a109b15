import itertools

import pytest

from qdl.circuits.qam.real_multiplication import RealMultiplier
from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


@pytest.mark.parametrize("n", [2, 3, 10, 64, 1000])
def test_sanders_d13_count(n):
    """n² − n − 1 Toffolis (ANDs here), Sanders et al. 2020 eq. (D13), Qualtran's count."""
    assert RealMultiplier(n).cost().and_ == n * n - n - 1


def test_truncation_error_below_n_ulp():
    for n in (2, 3, 5):
        block = RealMultiplier(n)
        for a, b in itertools.product(range(1 << n), repeat=2):
            r = block.reference(a=a, b=b, r=0)["r"]
            assert (a * b >> n) - (n - 1) <= r <= a * b >> n


@pytest.mark.parametrize("n", [2, 3, 4, 7])
def test_hierarchy_equals_circuit(n):
    assert RealMultiplier(n).cost() == count_circuit(build_circuit(RealMultiplier(n)))


@pytest.mark.parametrize("n", [2, 3, pytest.param(4, marks=pytest.mark.slow)])
def test_aer_exhaustive(n):
    result = verify_block(RealMultiplier(n))
    assert result.passed and "exhaustive" in result.method, result.failures


def test_aer_random_16_and_registry():
    assert verify_block(RealMultiplier(16), random_cases=3).passed
    prim = lookup("multiply_reals")
    assert prim.block(prim.params(bits=10)).cost().and_ == 89  # Qualtran's example: 10 bits
    with pytest.raises(ValueError):
        prim.params(bits=1)
