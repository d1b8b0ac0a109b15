"""mul_const / dot_const: NAF shift-and-add products with classical weights."""

import numpy as np
import pytest

from qdl.circuits.qam.constant_multiplication import (ConstantDot, ConstantMultiplier,
                                                      ShiftAddConstant, naf, quantize,
                                                      worst_case_weight)
from qdl.circuits.qam.mac import FixedPointMac
from qdl.circuits.registry import lookup
from qdl.compiler.cli import main
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block
from qdl.circuits.series import tally_cost


def test_naf_is_a_non_adjacent_signed_digit_form_with_fewest_digits():
    for w in range(-1000, 1000):
        digits = naf(w)
        assert sum(s << e for e, s in digits) == w
        assert all(b[0] - a[0] >= 2 for a, b in zip(digits, digits[1:]))
    assert naf(7) == ((0, -1), (3, 1))  # 8 − 1: two digits where binary has three
    assert naf(0) == ()


def formula_ands(n, f, w):
    """The docstring's count: shifted adders, the correction constant, the low erasure."""
    digits = [e for e, _ in naf(w)]
    if not digits:
        return 0
    full = sum(max(0, n + f - e - 1) for e in digits) + max(0, f - 1 - digits[0])
    low = sum(max(0, f - e - 1) for e in digits if e < f)
    return full + low


@pytest.mark.parametrize("n,f", [(4, 2), (8, 4), (16, 8), (12, 0), (9, 9)])
def test_and_count_formula_and_worst_case(n, f):
    rng = np.random.default_rng(n)
    weights = set(int(w) for w in rng.integers(-(1 << (n - 1)), 1 << (n - 1), 200))
    if n <= 12:
        weights = range(-(1 << (n - 1)), 1 << (n - 1))  # every weight
    worst = ConstantMultiplier(n, f, worst_case_weight(n)).cost().and_
    for w in weights:
        ands = ConstantMultiplier(n, f, w).cost().and_
        assert ands == formula_ands(n, f, w)
        assert ands <= worst
    assert [e for e, _ in naf(worst_case_weight(n))] == list(range(0, n, 2))


def test_against_the_quantum_weight_mac_at_16_bits():
    mac = FixedPointMac(16, 8).cost().and_
    assert mac == 1021
    worst = ConstantMultiplier(16, 8, worst_case_weight(16)).cost()
    assert worst.and_ == 151 and worst.qubits == 71  # mac: 7n + 1 = 113 qubits with b
    rng = np.random.default_rng(0)
    mean = np.mean([ConstantMultiplier(16, 8, int(w)).cost().and_
                    for w in rng.integers(-(1 << 15), 1 << 15, 500)])
    assert 9.5 < mac / mean < 10.5  # ≈ 100 AND for a uniformly random 16-bit weight
    assert mac / worst.and_ > 6.7


BLOCKS = [ShiftAddConstant(3, 5, 3), ShiftAddConstant(3, 5, -3), ShiftAddConstant(3, 2, -3),
          ShiftAddConstant(1, 3, -1), ConstantMultiplier(3, 1, 3), ConstantMultiplier(3, 1, -4),
          ConstantMultiplier(3, 0, 2), ConstantMultiplier(2, 1, 1),
          ConstantMultiplier(3, 3, -3), ConstantDot(3, 1, (3, -2)), ConstantDot(2, 0, (1, -1, 1))]


@pytest.mark.parametrize("block", BLOCKS + [ConstantMultiplier(16, 8, worst_case_weight(16)),
                                            ConstantDot(8, 4, (93, -77, 0, 5)),
                                            ConstantDot(4, 2, (5, 5, -3, 5)),
                                            ConstantDot(5, 0, (1, 1))])
def test_hierarchy_equals_circuit_on_every_field(block):
    assert block.cost() == count_circuit(build_circuit(block))


@pytest.mark.parametrize("block", BLOCKS[:8])
def test_aer_exhaustive(block):
    result = verify_block(block)
    assert result.passed, result.failures
    assert "exhaustive" in result.method or block.signature.width > 4


@pytest.mark.slow
@pytest.mark.parametrize("block", BLOCKS[8:] + [ConstantMultiplier(4, 2, 5)])
def test_aer_exhaustive_wider(block):
    result = verify_block(block)
    assert result.passed and "exhaustive" in result.method, result.failures


def test_aer_random_16_bits():
    result = verify_block(ConstantMultiplier(16, 8, -12345), random_cases=3)
    assert result.passed, result.failures
    result = verify_block(ConstantDot(16, 8, (23456, -7, 901)), random_cases=1)
    assert result.passed, result.failures


@pytest.mark.parametrize("weights", [(93, -77, 0, 5, 93), (1, 1, 1), (0, 0, 7), (-128, 127)])
def test_dot_fast_path_equals_the_stage_derivation(weights):
    """ConstantDot counts from the histogram of weights; the composition model's walk derives
    the same from the call list the build uses (its barriers narrowed to operand, L and y)."""
    block = ConstantDot(8, 3, weights)
    fast, walk = block.fast_tally(), block.generic_tally()
    assert fast.children == walk.children
    assert fast.depths == walk.depths
    assert max(block.signature.width, fast.peak) == max(block.signature.width, walk.peak)


@pytest.mark.parametrize("n,A", [(3, 5), (3, 2), (1, 3), (4, 6), (8, 12), (8, 4), (6, 13)])
def test_shift_add_fast_tally_equals_the_walk(n, A):
    """ShiftAddConstant counts from its called blocks alone; the composition model's walk over
    the wired calls (the build's) gives the same children, depths and peak for every weight."""
    for w in range(-(1 << (n - 1)), 1 << (n - 1)):
        block = ShiftAddConstant(n, A, w)
        fast, walk = block.fast_tally(), block.generic_tally()
        assert fast.children == walk.children, w
        assert fast.depths == walk.depths, w
        width = block.signature.width
        assert max(width, fast.peak) == max(width, walk.peak), w
        for min_run in (2, 3):  # runs of adders summed in closed form, leaves as children
            summed = block.fast_tally(min_run=min_run)
            assert tally_cost(summed, width) == tally_cost(walk, width), (w, min_run)


@pytest.mark.parametrize("n,A", [(8, 12), (9, 9), (7, 10)])
def test_summed_runs_equal_the_built_circuit(n, A):
    """The closed form used at large n (runs of adders as affine sums) on the circuit."""
    for w in (worst_case_weight(n), -worst_case_weight(n), 0b0101_0101 - 256 * (n > 8)):
        block = ShiftAddConstant(n, A, w)
        fast = tally_cost(block.fast_tally(min_run=2), block.signature.width)
        assert fast == count_circuit(build_circuit(block)), w


def test_worst_case_product_counts_at_the_declared_maximum():
    """n = 2^24: one run of 2^23 adders, counted in closed form (formula_ands's sum)."""
    n, f = 1 << 24, 4
    digits = range(0, n, 2)
    full = sum(n + f - e - 1 for e in digits) + (f - 1)  # closed form of the docstring's sum
    low = sum(f - e - 1 for e in digits if e < f)
    assert full == (n // 2) * (n + f - 1) - 2 * (n // 2) * (n // 2 - 1) // 2 + f - 1
    assert ConstantMultiplier(n, f, worst_case_weight(n)).cost().and_ == full + low


def test_zero_weight_is_the_identity():
    assert ConstantMultiplier(8, 4, 0).cost().and_ == 0
    assert ConstantDot(8, 4, (0, 0)).cost().clifford == 0


def test_quantize_rounds_half_up_and_rejects_overflow():
    assert quantize(0.75, 8, 2) == 3 and quantize(-0.125, 8, 2) == 0
    assert quantize(-0.375, 8, 2) == -1  # −1.5 + 0.5 = −1
    with pytest.raises(ValueError, match="outside"):
        quantize(40.0, 8, 2)


def test_registry_worst_case_and_data_file(tmp_path, capsys):
    prim = lookup("mul_const")
    assert prim.block(prim.params(bits=8, frac_bits=4)) == ConstantMultiplier(8, 4, 0b01010101)
    assert prim.block(prim.params(bits=8, frac_bits=4, weight=-1.5)).weight == -24
    np.save(tmp_path / "w.npy", np.array([0.5, -0.25, 1.0]))
    model = tmp_path / "d.yaml"
    model.write_text("name: d\nprimitive: dot_const\nparams: {bits: 6, frac_bits: 2, "
                     "weights: w.npy}\n")
    assert main([str(model), "--format", "json"]) == 0
    expected = ConstantDot(6, 2, (2, -1, 4)).cost().and_
    assert f'"and": {expected}' in capsys.readouterr().out
    model.write_text("name: d\nprimitive: dot_const\nparams: {bits: 4, frac_bits: 2, "
                     "weights: [9.0]}\n")
    assert main([str(model)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {model}:3:") and "outside" in err and "\n" not in err


def test_dot_const_bounds_length_times_bits():
    prim = lookup("dot_const")
    assert prim.params(bits=1 << 24, length=4).length == 4
    with pytest.raises(ValueError, match="length × bits"):
        prim.params(bits=1 << 24, length=1 << 20)
