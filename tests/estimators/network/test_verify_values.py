"""--verify's A·V check (the QLAM value stage with data, post-selected) and the quantum
softmax stage's digital checks."""

import numpy as np
import pytest

from qdl.estimators.network import spec as S
from qdl.estimators.network import verify as V
from qdl.estimators.network import verify_values as VV
from qdl.estimators.network.compile import compile_network


def _attention(heads: int, tokens: int):
    net = compile_network(S.NetworkSpec.model_validate({
        "layers": [{"type": "attention", "heads": heads}],
        "input": {"tokens": tokens, "dim": 2}, "numerics": {"bits": 4, "frac_bits": 1},
        "readout": {"protocol": "tomography_linf", "delta": 0.1}}))
    stages, fwd = V.shrunk_stages(net)
    (stage,) = [st for st, _ in stages if st.name.endswith(".values")]
    return stage, fwd.data[stage.name]


@pytest.mark.parametrize("heads, tokens", [(1, 4), (2, 5)])
def test_attention_values_post_selected_state_equals_numpy(heads, tokens):
    stage, data = _attention(heads, tokens)
    result = VV.check_values(stage, data)
    assert result.passed, result.failures
    assert result.cases == (1 << dict(stage.block.registers)["vals"]) * (
        2 if heads == 2 else 1)


def test_a_wrong_attention_matrix_fails(monkeypatch):
    stage, data = _attention(2, 5)
    wrong = data["a"].copy()
    wrong[1, 0, 3] += 1e-3
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
