"""be_product and be_sum: encoded matrices, α and costs."""

import numpy as np
import pytest
from pydantic import ValidationError

from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


def mats(count, size, seed, complex_=False):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        a = rng.normal(size=(size, size))
        out.append(np.stack([a, rng.normal(size=a.shape)], -1).tolist() if complex_ else
                   a.tolist())
    return out


@pytest.mark.parametrize("size,complex_", [(2, False), (2, True), (4, False)])
def test_product_encodes_the_product(size, complex_):
    prim = lookup("be_product")
    block = prim.block(prim.params(matrices=mats(2, size, size, complex_)))
    a, b = (f.target() for f in block.factors)
    assert np.allclose(block.target(), a @ b)
    assert block.alpha == pytest.approx(block.factors[0].alpha * block.factors[1].alpha)
    assert block.ancillas == 2 * int(np.log2(size))
    result = verify_block(block)
    assert result.passed, result.failures


def test_three_factor_product_mixing_variants():
    prim = lookup("be_product")
    block = prim.block(prim.params(matrices=mats(3, 2, 5)))
    assert verify_block(block).passed


@pytest.mark.parametrize("variant", ["dense", "lcu_pauli"])
def test_sum_encodes_the_weighted_sum(variant):
    prim = lookup("be_sum")
    block = prim.block(prim.params(matrices=mats(3, 2, 9), weights=[0.5, -1.5, 2.0],
                                   variant=variant, prepare="tree"))
    want = sum(w * t.target() for w, t in zip([0.5, -1.5, 2.0], block.terms))
    assert np.allclose(block.target(), want)
    assert block.alpha == pytest.approx(sum(abs(w) * t.alpha
                                            for w, t in zip(block.weights, block.terms)))
    result = verify_block(block)
    assert result.passed, result.failures


def test_sum_of_4x4_complex():
    prim = lookup("be_sum")
    block = prim.block(prim.params(matrices=mats(2, 4, 4, True)))
    assert verify_block(block).passed


@pytest.mark.parametrize("size", [2, 4, 8])
def test_size_only_combinations_count_like_their_circuits(size):
    for name in ("be_product", "be_sum"):
        prim = lookup(name)
        block = prim.block(prim.params(size=size, count=2))
        assert block.cost().differences(count_circuit(build_circuit(block))) == {}


def test_product_cost_is_the_sum_of_the_factors_counts():
    prim = lookup("be_product")
    block = prim.block(prim.params(size=1 << 16, count=3))
    one = block.factors[0].cost()
    assert block.cost().rotations == 3 * one.rotations
    assert block.cost().qubits == 16 + 3 * 16


@pytest.mark.parametrize("name", ["be_sum", "be_product"])
@pytest.mark.parametrize("variant, words", [("lcu_pauli", "at most 64x64"),
                                             ("sparse", "more than the 16,384")])
def test_operand_limits_are_parameter_errors(name, variant, words):
    # found by benchmarks/primitive_maxima.py: the operand's own limit used to surface only
    # when the block was made, as an internal error (exit 3)
    prim = lookup(name)
    with pytest.raises(ValidationError, match=words):
        prim.params(size=1 << 30, variant=variant)
