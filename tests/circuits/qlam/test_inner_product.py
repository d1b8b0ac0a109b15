"""inner_product: Hadamard test + amplitude estimation gives ⟨x|y⟩ within ε."""

import numpy as np
import pytest

from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block
from qdl.passes.verify_amplitude import check_amplitude_estimation

PRIM = lookup("inner_product")


@pytest.mark.parametrize("variant", ["iterative", "qpe"])
def test_estimates_the_inner_product(variant):
    rng = np.random.default_rng(4)
    x, y = rng.normal(size=4), rng.normal(size=4)
    block = PRIM.block(PRIM.params(x=x.tolist(), y=y.tolist(), epsilon=0.2, variant=variant))
    exact = x @ y / np.linalg.norm(x) / np.linalg.norm(y)
    assert block.oracle.inner_product() == pytest.approx(exact)
    assert block.oracle.amplitude() == pytest.approx((1 + exact) / 2)
    assert block.eps == pytest.approx(0.1)  # AE precision ε/2 on a gives ε on ⟨x|y⟩
    result = verify_block(block)
    assert result.passed, result.failures


def test_orthogonal_and_parallel_vectors():
    for x, y, want in (([1, 0], [0, 1], 0.0), ([1, 2], [2, 4], 1.0), ([1, 2], [-1, -2], -1.0)):
        block = PRIM.block(PRIM.params(x=x, y=y, epsilon=0.1))
        assert block.oracle.inner_product() == pytest.approx(want)
        check = check_amplitude_estimation(block, repetitions=30)
        assert check.success_rate >= 0.95


@pytest.mark.parametrize("size", [2, 8, 16])
def test_size_only_counts_equal_the_circuit(size):
    block = PRIM.block(PRIM.params(size=size, epsilon=0.3))
    assert block.cost().differences(count_circuit(build_circuit(block))) == {}


def test_oracle_tree_is_multiplexed_by_the_control():
    """One A: 2(2^n − 1) tree rotations + 2 H + X (generic data), n = 3."""
    block = PRIM.block(PRIM.params(size=8, epsilon=0.3, variant="iterative"))
    from qdl.circuits.qlam.program import Program

    prog = Program(4)
    block.oracle.record(prog, [0, 1, 2, 3])
    assert prog.cost().rotations == 2 * 7
