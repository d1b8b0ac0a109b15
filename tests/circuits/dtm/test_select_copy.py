"""select_copy: y ^= R_l through a swap-with-zero network and its reverse."""

import pytest

from qdl.circuits.dtm.select_copy import SelectCopy
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


@pytest.mark.parametrize("select_bits,width", [(1, 1), (1, 3), (2, 2), (3, 1)])
def test_aer_and_counts_equal_the_built_circuit(select_bits, width):
    block = SelectCopy(select_bits, width)
    result = verify_block(block)
    assert result.passed, result.failures
    assert block.cost() == count_circuit(build_circuit(block))


@pytest.mark.parametrize("select_bits,width", [(1, 4), (2, 3), (4, 2), (9, 40)])
def test_docstring_formula(select_bits, width):
    K, w = 1 << select_bits, width
    cost = SelectCopy(select_bits, width).cost()
    assert cost.t_count == 8 * (K - 1) * w and cost.toffoli == 2 * (K - 1) * w
    assert cost.t_depth == 6 * (K - 1) * w and cost.toffoli_depth == 2 * (K - 1) * w
    assert cost.qubits == select_bits + (K + 1) * w


def test_reference_picks_the_addressed_register_and_is_an_involution():
    block = SelectCopy(2, 3)
    r = 0b101_011_110_001  # R_0 = 1, R_1 = 6, R_2 = 3, R_3 = 5
    for l, want in enumerate((1, 6, 3, 5)):
        out = block.reference(select=l, r=r, y=0b111)
        assert out["y"] == 0b111 ^ want and out["r"] == r
        assert block.reference(**out)["y"] == 0b111
