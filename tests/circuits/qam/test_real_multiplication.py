import itertools

import pytest

from qdl.circuits.qam.real_multiplication import RealMultiplier
from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block
from qdl.circuits.series import tally_cost


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


@pytest.mark.parametrize("n", [3, 4, 7, 12])
def test_summed_rows_equal_the_walk_and_the_circuit(n):
    """The closed form used from 64 rows on (rows summed as an affine series) at small n."""
    block = RealMultiplier(n)
    fast = tally_cost(block.fast_tally(min_run=1), block.signature.width)
    assert fast == tally_cost(block.generic_tally(), block.signature.width)
    if n <= 7:
        assert fast == count_circuit(build_circuit(block))


def test_counts_at_the_declared_maximum():
    n = 1 << 24
    cost = RealMultiplier(n).cost()
    assert cost.and_ == n * n - n - 1 and cost.qubits == 5 * n - 1
    assert cost.t_depth == 2 + sum_k_plus_1(2, n - 1) and cost.toffoli_depth == cost.t_depth - 1


def sum_k_plus_1(lo, hi):
    """Σ_{k=lo}^{hi} (k + 1), the docstring's depth per row."""
    return (hi - lo + 1) * (lo + hi + 2) // 2
