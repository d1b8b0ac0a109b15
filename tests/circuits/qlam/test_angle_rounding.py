"""The b-bit angle rounding of QROM-loaded trees: the data-independent bound L·2 sin(span/2^(b+3))
against the exact errors (random data: bound ≥ measured, within ~10×; a worst case: equal)."""

import math

import numpy as np
import pytest

from qdl.circuits.dtm.qrom_state_prep import QROMStatePreparation
from qdl.circuits.qlam.angle_rounding import rounded_levels, tree_rounding_bound
from qdl.circuits.registry import lookup

HEADS = lookup("heads_dense")


def softmax_rows(size: int, rng) -> np.ndarray:
    z = rng.normal(size=(size, size)) * 2
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def half_angle(span: float, bits: int) -> float:
    return 2 * math.sin(span / 2 ** (bits + 3))


def test_rounded_levels_and_closed_form():
    assert [rounded_levels(n, w) for n, w in ((4, 0), (4, 2), (1, 0))] == [3, 4, 0]
    assert tree_rounding_bound(10, 0, 26, 4 * math.pi) == 9 * half_angle(4 * math.pi, 26)
    assert half_angle(2 * math.pi, 8) <= 2 * math.pi / 2 ** 10  # ≤ span/2^(b+2) per level


@pytest.mark.parametrize("n, bits, seed", [(4, 6, 0), (8, 10, 1), (10, 8, 2), (6, 4, 3)])
def test_state_prep_error_is_within_the_bound_on_random_data(n, bits, seed):
    x = np.random.default_rng(seed).normal(size=1 << n)
    sp = QROMStatePreparation(n, tuple(x), angle_bits=bits)
    bound = sp.rounding_bound()
    assert bound == (n - 1) * half_angle(4 * math.pi, bits)  # signed: span 4π
    assert 0.08 * bound < sp.error <= bound


def test_the_bound_is_reached_by_one_level_off_by_half_a_step():
    """n = 2, all amplitude under the top bit 0, its level-1 angle a hair below a half step:
    the one rounded level is off by δ = span/2^(b+1) and the error is the bound itself."""
    bits, span = 5, 2 * math.pi  # non-negative amplitudes
    theta = span * (3 + 0.5 - 1e-9) / 2 ** bits
    sp = QROMStatePreparation(2, (math.cos(theta / 2), math.sin(theta / 2), 0.0, 0.0),
                              angle_bits=bits)
    assert sp.error == pytest.approx(sp.rounding_bound(), rel=1e-6)


@pytest.mark.parametrize("heads, size, bits", [(3, 4, 6), (1, 8, 8), (2, 16, 10), (3, 8, 4)])
def test_heads_dense_error_is_within_alpha_times_the_bound(heads, size, bits):
    rng = np.random.default_rng(heads * size + bits)
    be = HEADS.block(HEADS.params(matrices=[softmax_rows(size, rng).tolist()
                                            for _ in range(heads)],
                                  loader="qrom", angle_bits=bits))
    n = size.bit_length() - 1
    levels = 2 * n + 1 if heads > 1 else 2 * n - 1  # CPREP n, PREP_norms n + 1 (h = 1: n − 1)
    assert be.rounding_bound() == pytest.approx(levels * half_angle(2 * math.pi, bits))
    assert 0.08 * be.alpha * be.rounding_bound() < be.error <= be.alpha * be.rounding_bound()
    size_only = HEADS.block(HEADS.params(heads=heads, size=size, loader="qrom",
                                         angle_bits=bits))
    assert size_only.rounding_bound() == be.rounding_bound()  # the same without data
    assert HEADS.block(HEADS.params(heads=heads, size=size)).rounding_bound() == 0.0


def test_normalised_av_output_is_within_twice_the_bound_over_the_amplitude():
    """ṽ from V's rounded tree, then ⊕_k Ã_k/α: the post-selected, normalised output differs
    from the exact one by at most 2(e_V + e_A)/a, a = ‖(⊕A_k)v‖/α (what the budget charges)."""
    rng = np.random.default_rng(7)
    heads, size, bits = 3, 8, 6
    mats = [softmax_rows(size, rng) for _ in range(heads)]
    be = HEADS.block(HEADS.params(matrices=[m.tolist() for m in mats], loader="qrom",
                                  angle_bits=bits))
    hp = 1 << (heads - 1).bit_length()
    v = rng.normal(size=size * hp)
    v[heads * size:] = 0  # empty heads carry no amplitude
    sp = QROMStatePreparation((size * hp).bit_length() - 1, tuple(v), angle_bits=bits)
    exact = np.zeros((size * hp,) * 2)
    for k, m in enumerate(mats):
        exact[k * size:(k + 1) * size, k * size:(k + 1) * size] = m
    u = exact @ (v / np.linalg.norm(v)) / be.alpha
    got = be.target() @ sp.prepared_state() / be.alpha
    a = np.linalg.norm(u)
    err = np.linalg.norm(got / np.linalg.norm(got) - u / a)
    assert err <= 2 * (sp.rounding_bound() + be.rounding_bound()) / a


def test_angle_registers_beyond_30_bits_count_as_built():
    """The budget may ask for up to 40 bits (a per-entry budget at 16k tokens): the counts
    still equal the built circuit's."""
    from qdl.passes.build import build_circuit
    from qdl.passes.circuit_count import count_circuit

    for name, kw in (("heads_dense", {"heads": 3, "size": 4, "loader": "qrom"}),
                     ("state_prep", {"size": 8, "method": "qrom"})):
        prim = lookup(name)
        block = prim.block(prim.params(angle_bits=36, **kw))
        assert block.cost().differences(count_circuit(build_circuit(block))) == {}
