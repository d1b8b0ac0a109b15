"""lcu_heads: the heads' outputs concatenated under a kept head register."""

import numpy as np
import pytest

from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block

PRIM = lookup("lcu_heads")


@pytest.mark.parametrize("heads,size", [(2, 2), (3, 2), (2, 4)])
def test_heads_are_stacked(heads, size):
    rng = np.random.default_rng(heads * size)
    matrices = [rng.normal(size=(size, size)).tolist() for _ in range(heads)]
    block = PRIM.block(PRIM.params(matrices=matrices))
    stack = block.target()
    for k, m in enumerate(matrices):
        assert np.allclose(stack[k * size:(k + 1) * size], m)
    # α = √(Σ α_k²) = ‖stack‖_F for dense heads
    assert block.alpha == pytest.approx(np.linalg.norm(stack))
    result = verify_block(block)
    assert result.passed, result.failures


@pytest.mark.parametrize("heads", [2, 4, 5])
def test_size_only_counts_equal_the_circuit(heads):
    block = PRIM.block(PRIM.params(heads=heads, size=2))
    assert block.cost().differences(count_circuit(build_circuit(block))) == {}
    assert block.signature["head"].width == (heads - 1).bit_length()


def test_eight_heads_over_2_to_the_20():
    block = PRIM.block(PRIM.params(heads=8, size=1 << 20))
    head = block.heads[0].cost()
    # each head runs controlled: every multiplexor doubles (θ/2, −θ/2) and the phase
    # stage's global phase becomes one P rotation on the control; PREP of 8 equal heads
    # has Clifford angles only (RY(π/2) splits), so it adds no rotation
    assert block.cost().rotations == 8 * (2 * head.rotations + 1)
