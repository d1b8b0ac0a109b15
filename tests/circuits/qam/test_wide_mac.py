"""MAC and dot into a wider accumulator: Aer == reference, hierarchy == circuit."""

import pytest

from qdl.circuits.qam.mac import FixedPointDot
from qdl.circuits.qam.wide_mac import WideDot, WideMac, wide_product
from qdl.circuits.registry import lookup
from qdl.errors import ParameterError
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


@pytest.mark.slow
@pytest.mark.parametrize("block", [WideMac(2, 1, 3), WideMac(2, 0, 4), WideDot(2, 2, 1, 3)],
                         ids=repr)
def test_verifies_on_aer_exhaustively(block):
    result = verify_block(block)
    assert result.passed, result.failures


def test_verifies_on_aer_on_sampled_inputs():
    from qdl.passes.verify import exhaustive_cases_at_most

    with exhaustive_cases_at_most(8):
        result = verify_block(WideMac(3, 1, 5), random_cases=6)
    assert result.passed, result.failures


@pytest.mark.parametrize("block", [WideMac(6, 2, 9), WideDot(3, 4, 1, 6), WideDot(1, 3, 1, 4)],
                         ids=repr)
def test_hierarchy_equals_circuit(block):
    assert block.cost() == count_circuit(build_circuit(block))


def test_guard_bits_keep_a_long_sum_exact():
    # 4 products of 7·7 = 49 (f = 0): 196 does not fit 8 bits signed, does fit 8 + 2
    assert sum(wide_product(7, 7, 4, 0, 10) for _ in range(4)) == 196
    assert WideDot(4, 4, 0, 8).reference(y=0, **{f"a{i}": 7 for i in range(4)},
                                         **{f"b{i}": 7 for i in range(4)})["y"] == 196 % 256


def test_registry_and_bounds():
    prim = lookup("dot")
    assert prim.block(prim.params(length=4, bits=4, frac_bits=1, acc_bits=6)) == \
        WideDot(4, 4, 1, 6)
    assert prim.block(prim.params(length=4, bits=4, frac_bits=1)) == FixedPointDot(4, 4, 1)
    with pytest.raises(ParameterError, match="acc_bits"):
        WideMac(4, 2, 7)
    assert WideDot(4608, 16, 8, 24).cost().and_ == 4608 * WideMac(16, 8, 24).cost().and_


def test_wide_dot_counts_at_its_declared_maximum_without_its_registers():
    block = WideDot(1 << 20, 16, 4, 24)
    cost = block.cost()
    assert cost.and_ == (1 << 20) * WideMac(16, 4, 24).cost().and_
    assert cost.qubits >= 2 * (1 << 20) * 16 + 24
    assert block.register_width() == WideDot(3, 16, 4, 24).signature.width + (2**21 - 6) * 16
    assert "signature" not in vars(block)
