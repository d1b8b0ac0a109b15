"""heads_dense: ⊕_k A_k with one α, on Aer; counts == circuit; the closed-form rotation count."""

import numpy as np
import pytest

from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block

PRIM = lookup("heads_dense")


def make(**params):
    return PRIM.block(PRIM.params(**params))


def softmax_rows(size: int, rng) -> np.ndarray:
    z = rng.normal(size=(size, size)) * 2
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("heads, size", [(2, 4), (3, 2), (1, 4)])
def test_rotations_encode_each_head_on_its_own_block(heads, size):
    rng = np.random.default_rng(heads * 10 + size)
    mats = [softmax_rows(size, rng) for _ in range(heads)]
    be = make(matrices=[m.tolist() for m in mats])
    result = verify_block(be)  # α · top-left block == target(), counts == circuit
    assert result.passed, result.failures
    alpha = max(np.linalg.norm(m) for m in mats)
    assert be.alpha == pytest.approx(alpha)
    want = np.zeros_like(be.target())  # independent: block diagonal, zero across heads
    for k, m in enumerate(mats):
        want[k * size:(k + 1) * size, k * size:(k + 1) * size] = m
    assert np.abs(be.target() - want).max() == 0.0 and be.error == 0.0


def test_signed_heads_of_different_norms():
    rng = np.random.default_rng(5)
    mats = [rng.normal(size=(2, 2)), 3 * rng.normal(size=(2, 2))]
    result = verify_block(make(matrices=[m.tolist() for m in mats]))
    assert result.passed, result.failures


@pytest.mark.parametrize("heads, block", [(2, 1), (1, None), (3, 1)])
def test_qrom_loader_encodes_the_rounded_matrices_on_aer(heads, block):
    rng = np.random.default_rng(heads)
    mats = [softmax_rows(2, rng) for _ in range(heads)]
    be = make(matrices=[m.tolist() for m in mats], loader="qrom", angle_bits=3, block=block)
    result = verify_block(be)
    assert result.passed, result.failures
    assert 0 < be.error < 0.5 * be.alpha
    finer = make(matrices=[m.tolist() for m in mats], loader="qrom", angle_bits=14)
    assert finer.error < 2e-3 * finer.alpha


@pytest.mark.parametrize("heads, n", [(1, 3), (2, 3), (3, 2), (12, 4)])
def test_rotation_count_is_the_closed_form(heads, n):
    """hN(N − 1) + h'(2N − 1) (h = 1: N² − 1), rotation depth about the same: no phases.
    CPREP pays for the h live heads only; PREP_norms loads every head (the flag angle)."""
    size, hp = 1 << n, 1 << max(0, (heads - 1).bit_length()) if heads > 1 else 1
    cost = make(heads=heads, size=size).cost()
    want = size * size - 1 if heads == 1 else heads * size * (size - 1) + hp * (2 * size - 1)
    assert cost.rotations == want
    assert cost.t_count == 0 and cost.qubits == 2 * n + (heads > 1) + (hp.bit_length() - 1)


@pytest.mark.parametrize("heads, n", [(3, 2), (12, 3), (5, 3)])
def test_qrom_lookups_hold_the_live_heads_words_only(heads, n):
    """The plain QROM (K = 1) over hN·2^ℓ words per CPREP level instead of h'N·2^ℓ:
    8(h' − h)·N(N − 1) fewer T (load + unload, 4W − 8 each, Babbush et al. 2018 §III.A),
    everything else (PREP_norms over h'·2^ℓ, the phase-gradient adders) unchanged."""
    size, hp = 1 << n, 1 << (heads - 1).bit_length()
    kw = {"size": size, "loader": "qrom", "angle_bits": 6, "block": 1}
    live, padded = make(heads=heads, **kw).cost(), make(heads=hp, **kw).cost()
    assert padded.t_count - live.t_count == 8 * (hp - heads) * size * (size - 1)
    assert live.qubits == padded.qubits and live.rotations == padded.rotations


def test_size_only_counts_equal_the_built_circuit():
    for kw in ({"heads": 3, "size": 4}, {"heads": 2, "size": 4, "loader": "qrom",
                                         "angle_bits": 4},
               {"heads": 3, "size": 4, "loader": "qrom", "angle_bits": 4},
               {"heads": 2, "size": 2, "loader": "qrom", "angle_bits": 3, "block": 1,
                "rotation": "controlled_ry"}):
        be = make(**kw)
        assert be.cost().differences(count_circuit(build_circuit(be))) == {}


def test_qrom_depth_is_linear_where_the_rotation_trees_are_quadratic():
    """4 heads, N = 64 → 128: the rotation trees' rotation depth (h'N² layers) grows 4×, the
    QROAM loader's T-depth (Σ_ℓ √(h'N·2^ℓ·b)) about 2×, with a constant number of rotations."""
    rot = [make(heads=4, size=s).cost() for s in (64, 128)]
    qrom = [make(heads=4, size=s, loader="qrom", angle_bits=10).cost() for s in (64, 128)]
    assert rot[0].rotation_depth >= 4 * 64 * 63
    assert 3.9 < rot[1].rotation_depth / rot[0].rotation_depth < 4.1
    assert 1.9 < qrom[1].t_depth / qrom[0].t_depth < 2.2
    assert qrom[0].rotations == qrom[1].rotations and qrom[0].rotation_depth <= 4


def test_bad_input_is_refused(monkeypatch):
    with pytest.raises(ValueError, match="real"):
        PRIM.params(matrices=[[[[1, 1], [0, 0]], [[0, 0], [1, 0]]]])
    with pytest.raises(ValueError, match="heads"):
        PRIM.params(size=4)
    from qdl.circuits.qlam import head_dense

    monkeypatch.setattr(head_dense, "MAX_TABLE_BITS", 4)  # 2 heads of 4 × 4: 2^5 words
    with pytest.raises(ValueError, match="loader rotations"):
        PRIM.params(matrices=[[[1.0] * 4] * 4] * 2, loader="qrom")
    assert PRIM.params(heads=2, size=4, loader="qrom")  # size only: a higher limit
    monkeypatch.setattr(head_dense, "MAX_SIZE_ONLY_BITS", 4)
    with pytest.raises(ValueError, match="loader rotations"):
        PRIM.params(heads=2, size=4, loader="qrom")
