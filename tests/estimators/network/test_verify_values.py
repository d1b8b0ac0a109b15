"""--verify's A·V check (the QLAM value stage with data, post-selected) and the quantum
softmax stage's digital checks."""

import numpy as np
import pytest

from qdl.estimators.network import spec as S
from qdl.estimators.network import verify as V
from qdl.estimators.network import verify_values as VV
from qdl.estimators.network.compile import compile_network


def _attention(heads: int, tokens: int, dim: int = 2, frac_bits: int = 1):
    net = compile_network(S.NetworkSpec.model_validate({
        "layers": [{"type": "attention", "heads": heads}],
        "input": {"tokens": tokens, "dim": dim}, "numerics": {"bits": 4, "frac_bits": 1},
        "readout": {"protocol": "tomography_linf", "delta": 0.1},
        "verify": {"tokens": tokens, "channels": dim, "frac_bits": frac_bits,
                   "bits": frac_bits + 3}}))
    stages, fwd = V.shrunk_stages(net)
    (stage,) = [st for st, _ in stages if st.name.endswith(".values")]
    return stage, fwd.data[stage.name]


@pytest.mark.parametrize("heads, tokens", [(1, 4), (2, 5)])
def test_attention_values_post_selected_state_equals_numpy(heads, tokens):
    stage, data = _attention(heads, tokens)
    result = VV.check_values(stage, data)
    assert result.passed, result.failures
    assert result.cases == 1 << dict(stage.block.registers)["vals"]


def _post_selected(block) -> np.ndarray:
    """Aer's amplitudes of the lowest register ``vals`` with every other wire 0."""
    from qdl.passes.build import build_circuit
    from qdl.passes.verify import expand_for_aer

    return VV.low_amplitudes(expand_for_aer(build_circuit(block)),
                             dict(block.registers)["vals"])


@pytest.mark.parametrize("frac_bits, loader", [(1, "qrom"), (6, "rotations")])
def test_each_head_applies_its_attention_only_to_its_own_columns(frac_bits, loader):
    """Two heads with different A_k and different V slices (d/h = 2 columns each): with the
    ancillas 0 the state is (A_k V_k)[i, c']/(α‖V‖) on |i, c', k⟩, α = max_k ‖A_k‖_F, here
    from the forward pass's A and V alone (the QROM loaders: A and V as their rounded angles
    encode them). The lowering before this fix applied every A_k to all of V under a separate
    head register, so A_0·V_1 appeared in the state and this failed."""
    stage, data = _attention(2, 4, dim=4, frac_bits=frac_bits)
    assert loader in stage.notes["construction"].lower() or (
        loader == "rotations" and "rotation" in stage.notes["construction"])
    counts = V.check_counts(stage)  # the counted (size-only) stage == its built circuit
    assert counts.passed, counts.failures
    a, v = np.asarray(data["a"]), np.asarray(data["v"])
    assert a.shape == (2, 4, 4) and np.abs(a[0] - a[1]).max() > 0.05
    assert np.abs(v[:, :2] - v[:, 2:]).max() > 0
    block = VV.data_stage(stage, a, v)
    prep, be = block.calls[0][0], block.calls[1][0]
    if loader == "qrom":  # the matrices and vector the rounded angles encode
        a, x = be.head_matrices()[:2], prep.target_state().reshape(2, 2, 4)
        v = np.concatenate([x[0].T, x[1].T], axis=1)  # ‖V‖ = 1
        assert be.error < 0.5
    else:
        assert be.error == 0.0
    alpha = max(np.linalg.norm(a[k]) for k in range(2))
    want = np.zeros((2, 2, 4))  # [head k, column c' in the head, token i]
    for k in range(2):
        for c in range(2):
            want[k, c] = a[k] @ v[:, 2 * k + c]
    want = want.reshape(-1) / (alpha * np.linalg.norm(v))
    got = _post_selected(block)
    top = int(np.argmax(np.abs(want)))
    got = got / (got[top] / want[top]) * abs(got[top] / want[top])  # the global phase
    assert np.abs(got - want).max() < 1e-8
    # and the mixed products are absent: A_0 on head 1's columns is not what is there
    mixed = (a[0] @ v[:, 2]) / (alpha * np.linalg.norm(v))
    assert np.abs(got[(1 << 3) + np.arange(4)] - mixed).max() > 1e-3


@pytest.mark.parametrize("frac_bits, change", [(6, "entry"), (1, "heads")])
def test_a_wrong_attention_matrix_fails(monkeypatch, frac_bits, change):
    stage, data = _attention(2, 5, frac_bits=frac_bits)
    wrong = data["a"].copy()
    if change == "entry":  # rotation trees: exact angles
        wrong[1, 0, 3] += 1e-3
    else:  # the QROM loaders' 3-bit angles: the heads exchanged
        wrong = wrong[::-1]
    real = VV.expected_state
    monkeypatch.setattr(VV, "expected_state", lambda st, a, v: real(st, wrong, v))
    assert not VV.check_values(stage, data).passed


@pytest.mark.slow
def test_quantum_softmax_stage_verifies():
    """shift, exp, add, reciprocal and mac on Aer against numpy's model of the same blocks,
    at --verify's default softmax numerics (6, 3), where 8 outputs take at least 4 distinct
    nonzero values (at the network's (4, 1) they were all 0 or ½)."""
    net = compile_network(S.NetworkSpec.model_validate({
        "layers": [{"type": "softmax", "mode": "quantum"}],
        "input": {"tokens": 4, "dim": 2}, "numerics": {"bits": 4, "frac_bits": 1},
        "readout": {"protocol": "tomography_linf", "delta": 0.1}}))
    ((stage, expected),), _ = V.shrunk_stages(net)
    assert len(set(expected[expected != 0].tolist())) >= 4
    for result in (V.check_counts(stage), V.check_outputs(stage, expected, 0),
                   V.check_amplitudes(stage, expected)):
        assert result.passed, (result.block, result.failures)
