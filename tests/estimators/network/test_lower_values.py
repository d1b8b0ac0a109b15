"""The A·V stage's construction: its layout, its cost, and the choice among the loaders."""

import pytest

from qdl.estimators.network import spec as S
from qdl.estimators.network.compile import compile_network
from qdl.estimators.network.lower_values import (QROAM, QROM, ROTATIONS, SHARED, V_TREE,
                                                 lookup_words, shared_block)
from qdl.estimators.network.lower_weights import metric
from qdl.estimators.network.modules import primitive


def values(tokens: int, dim: int, heads: int, optimize_for: str = "spacetime",
           frac_bits: int = 24):
    spec = S.NetworkSpec.model_validate({
        "layers": [{"type": "attention", "heads": heads}],
        "input": {"tokens": tokens, "dim": dim},
        "numerics": {"bits": frac_bits + 8, "frac_bits": frac_bits},
        "optimize_for": optimize_for,
        "readout": {"protocol": "dcd", "rank": 2, "epsilon": 0.1}})
    (stage,) = [cs.stage for cs in compile_network(spec).stages if cs.stage.name.endswith(
        ".values")]
    return stage


def test_layout_puts_the_head_bits_of_v_under_the_block_encoding_head_register():
    stage = values(200, 48, 3)  # n = 8, d/h = 16: m = 4, h' = 4: hb = 2
    assert dict(stage.block.registers) == {"vals": 8 + 4 + 2, "be": 8 + 1}
    (prep, pw), (be, bw) = stage.block.calls
    assert pw == (("state", "vals", 0),)
    assert dict((r, (reg, at)) for r, reg, at in bw) == {
        "sys": ("vals", 0), "head": ("vals", 12), "be": ("be", 0)}
    assert (be.heads, be.n) == (3, 8)


def test_cost_is_the_two_loads():
    """The stage is the V state preparation then ⊕_k A_k, nothing else: its cost is the sum."""
    stage = values(64, 16, 2, optimize_for="qubits")
    assert stage.notes["construction"] == ROTATIONS
    (prep, _), (be, _) = stage.block.calls
    c, p, b = stage.block.cost(), prep.cost(), be.cost()
    assert c.rotations == p.rotations + b.rotations == (2 ** 10 - 1) + (2 * 64 * 63 + 2 * 127)
    assert c.t_count == p.t_count + b.t_count == 0


@pytest.mark.parametrize("objective", ["t_count", "t_depth", "qubits", "spacetime"])
def test_the_kept_loader_minimises_the_objective_and_the_others_are_listed(objective):
    stage = values(256, 64, 4, objective)
    kept = stage.notes["construction"]
    rejected = {r["construction"]: r for r in stage.notes["rejected"]}
    K = shared_block(lookup_words(stage.node), 26)
    assert {kept, *rejected} == {ROTATIONS, QROAM, SHARED.format(K=K), QROM}
    mine = metric(stage.block.cost(), objective)
    key = {"t_count": "T", "t_depth": "T-depth", "qubits": "qubits"}.get(objective)
    for r in rejected.values():
        other = r[key] if key else r["qubits"] * r["T-depth"]
        assert mine <= other
    assert (kept == ROTATIONS) == (objective == "qubits")


def test_shared_block_minimises_the_lookups_t_count():
    from qdl.circuits.dtm.qroam_clean import qroam_clean_t_count
    from qdl.circuits.qlam.qrom_loader import lookup_block

    stage = values(577, 768, 12)  # qViT-B/16 @384²: n = 10, m = 6, hb = 4
    words = lookup_words(stage.node)
    assert sorted(words) == sorted([1 << e for e in range(1, 20)]
                                   + [12 << (10 + e) for e in range(10)]  # 12 heads, not 16
                                   + [1 << (4 + e) for e in range(11)])
    K = shared_block(words, 26)

    def total(k):  # the lookups as the loaders build them (lookup_block), twice each
        return sum(lookup_block(w, 26, None, k).cost().t_count for w in words)

    assert all(total(K) <= total(1 << j) for j in range(12)) and K == 128
    assert total(K) == sum(qroam_clean_t_count(w, 26, min(K, w // 2)) if w > 2 else
                           4 * (w - 2) for w in words)
    assert stage.notes["construction"] == SHARED.format(K=128)  # spacetime at qViT's size
    c = stage.block.cost()
    assert c.t_depth < 10 ** 6 and c.rotation_depth < 10  # Θ(N²) no more: 50,855,564 before


def test_v_beyond_the_qrom_state_prep_keeps_its_tree():
    wide = values(1 << 11, 2 ** 10, 16, "t_depth")  # V over 2^(11+6+4) = 2^21 amplitudes
    assert wide.notes["construction"].endswith(V_TREE + ")")
    (prep, _), (be, _) = wide.block.calls
    assert prep.name == "state_prep" and not hasattr(prep, "angle_bits")  # the tree
    assert be.loader == "qrom" and be.n == 11


def test_angle_bits_follow_the_fractional_bits():
    stage = values(256, 64, 4, "t_count", frac_bits=12)
    (prep, _), (be, _) = stage.block.calls
    assert prep.angle_bits == be.angle_bits == stage.notes["angle_bits"] == 14
    assert be == primitive("heads_dense", heads=4, size=256, loader="qrom", angle_bits=14,
                           block=None)
