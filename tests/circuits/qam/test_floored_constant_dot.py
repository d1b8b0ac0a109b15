"""dot_const_floored: constant weights rounded per product, like the network's ``dot``."""

import numpy as np
import pytest

from qdl.circuits.qam.constant_multiplication import (ShiftAddConstant, naf,
                                                      worst_case_weight)
from qdl.circuits.qam.floored_constant_dot import FlooredConstantDot
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


@pytest.mark.parametrize("bits,frac,weights,acc", [
    (4, 1, (3, -5, 0, 7), 6), (4, 2, (6,), 4), (3, 0, (3, -2), 5), (4, 1, (-8, 1), 5)])
def test_aer_and_counts_equal_the_built_circuit(bits, frac, weights, acc):
    block = FlooredConstantDot(bits, frac, weights, acc)
    result = verify_block(block)
    assert result.passed, result.failures
    assert block.cost() == count_circuit(build_circuit(block))


def test_rounds_each_product_like_the_forward_pass():
    """y += Σ ⌊x·w/2^f⌋ (numpy's arithmetic shift per product), not ⌊Σ x·w / 2^f⌋."""
    block = FlooredConstantDot(4, 1, (3, 3), 6)
    x = 0b1111  # −1: each product −3/2 floors to −2, the exact sum −3 would give −3
    assert block.reference(x0=x, x1=x, y=0)["y"] == (-4) % 64
    rng = np.random.default_rng(3)
    xs, ws = rng.integers(-8, 8, 5), tuple(int(w) for w in rng.integers(-8, 8, 5))
    want = int(((xs * np.array(ws)) >> 2).sum()) % (1 << 7)
    got = FlooredConstantDot(4, 2, ws, 7).reference(y=0, **{f"x{i}": int(v) % 16
                                                            for i, v in enumerate(xs)})
    assert got["y"] == want


def formula_ands(n, f, acc, w):
    """The module docstring's count for one product: full product + erasure of L."""
    digits = [e for e, _ in naf(w)]
    if not digits:
        return 0
    top = acc + f
    full = sum(max(0, top - e - 1) for e in digits if e < top) + max(0, top - n - digits[0] - 1)
    low = ShiftAddConstant(n, f, -w).cost().and_ if f else 0
    return full + low


@pytest.mark.parametrize("n,f,acc", [(4, 1, 6), (6, 2, 9), (8, 4, 11)])
def test_and_count_formula_and_worst_case_over_every_weight(n, f, acc):
    worst = FlooredConstantDot(n, f, (worst_case_weight(n),), acc).cost().and_
    for w in range(-(1 << (n - 1)), 1 << (n - 1)):
        ands = FlooredConstantDot(n, f, (w,), acc).cost().and_
        assert ands == formula_ands(n, f, acc, w) and ands <= worst
    assert len(naf(worst_case_weight(n))) == (n + 1) // 2  # ⌈n/2⌉ nonzero digits


def test_counting_a_full_size_row_stays_closed_form():
    """4,608 worst-case products of (32, 24) into 40 bits: the histogram path, no stage list."""
    block = FlooredConstantDot(32, 24, (worst_case_weight(32),) * 4608, 40)
    one = FlooredConstantDot(32, 24, (worst_case_weight(32),), 40).cost()
    assert block.cost().and_ == 4608 * one.and_
    assert block.cost().t_depth == 4608 * one.t_depth - 4607  # synced-stage rule
