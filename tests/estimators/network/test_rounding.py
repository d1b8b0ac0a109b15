"""Rounding bounds of layer norm, attention and softmax, and the convolution operator norm:
the bounds hold against the measured fixed-vs-float drift and the exact operator norm."""

import math

import numpy as np
import pytest

from qdl.estimators.network import spec as S
from qdl.estimators.network.compile import compile_network
from qdl.estimators.network.forward import image_windows
from qdl.estimators.network.propagation import conv_norm
from qdl.estimators.network.truncation import applies, compare

TRANSFORMER = [{"type": "layernorm", "name": "ln1"},
               {"type": "attention", "name": "attn", "heads": 2},
               {"type": "ffn", "name": "mlp", "hidden": 8},
               {"type": "layernorm", "name": "ln2"},
               {"type": "softmax", "name": "sm"}]


def transformer(bits):
    return compile_network(S.NetworkSpec.model_validate({
        "layers": TRANSFORMER, "input": {"tokens": 8, "dim": 4},
        "numerics": {"bits": bits[0], "frac_bits": bits[1]},
        "readout": {"protocol": "dcd", "rank": 2, "epsilon": 0.05}}))


@pytest.mark.parametrize("bits,seed", [((16, 8), 7), ((12, 6), 3), ((20, 12), 11)])
def test_transformer_drift_stays_within_the_rounding_bounds(bits, seed):
    net = transformer(bits)
    assert applies(net) is None  # every layer has a rule now
    rows = {r["layer"]: r for r in compare(net, seed)}
    assert all(r["saturated"] == 0 for r in rows.values())
    for name, r in rows.items():
        assert math.isfinite(r["bound"]) and r["measured"] <= r["bound"], name
        assert r["local_bound"] <= r["bound"]
    # the statistics and the scores do round: the comparison is not vacuous
    assert rows["ln1"]["measured"] > 0 and rows["attn"]["measured"] > 0


def test_more_fraction_bits_tighten_the_attention_bound():
    coarse = {r["layer"]: r for r in compare(transformer((16, 8)), 7)}
    fine = {r["layer"]: r for r in compare(transformer((24, 16)), 7)}
    for name in ("ln1", "attn", "mlp"):
        assert fine[name]["bound"] < coarse[name]["bound"] / 50


def test_a_quantum_softmax_has_no_rule():
    net = compile_network(S.NetworkSpec.model_validate({
        "layers": [{"type": "softmax", "mode": "quantum"}], "input": {"tokens": 4, "dim": 4},
        "numerics": {"bits": 12, "frac_bits": 6},
        "readout": {"protocol": "dcd", "rank": 2, "epsilon": 0.05}}))
    assert "no rounding bound" in applies(net)


def _conv_matrix(w, h, wd, k, s, p, cin):
    n = h * wd * cin
    cols = []
    for i in range(n):
        x = np.zeros(n)
        x[i] = 1
        cols.append((image_windows(x.reshape(h * wd, cin), h, wd, k, s, p) @ w.T).ravel())
    return np.array(cols).T


@pytest.mark.parametrize("h,wd,k,s,p,cin,cout", [(5, 4, 3, 1, 1, 2, 3), (6, 6, 3, 2, 1, 3, 2),
                                                 (7, 5, 5, 2, 2, 1, 2), (4, 4, 1, 1, 0, 3, 3)])
def test_conv_norm_bounds_the_exact_operator_norm(h, wd, k, s, p, cin, cout):
    w = np.random.default_rng(h + k).normal(size=(cout, k * k * cin))
    exact = np.linalg.norm(_conv_matrix(w, h, wd, k, s, p, cin), 2)
    got = conv_norm(w, k, h, wd, p)
    assert exact <= got * (1 + 1e-9)
    if k == 1:  # a 1×1 convolution is W on every pixel: exact
        assert got == pytest.approx(exact)
    else:  # tighter than the windows' ⌈k/s⌉·‖W‖₂ on these weights
        assert got < math.ceil(k / s) * np.linalg.norm(w, 2)
