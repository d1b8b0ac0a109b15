"""The quantum softmax stage computes softmax(x) = e^{x − max}/Σ (the float pass's truth), not
softmax(−x); and --verify checks it at numerics where its outputs say something."""

import numpy as np
import pytest

from qdl.estimators.network import spec as S
from qdl.estimators.network import verify as V
from qdl.estimators.network.compile import compile_network
from qdl.estimators.network.forward import run


def softmax_net(tokens=4, dim=2, bits=4, frac=1, verify=None):
    return compile_network(S.NetworkSpec.model_validate({
        "layers": [{"type": "softmax", "mode": "quantum"}],
        "input": {"tokens": tokens, "dim": dim}, "numerics": {"bits": bits, "frac_bits": frac},
        "readout": {"protocol": "tomography_linf", "delta": 0.1}, "verify": verify or {}}))


def float_softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("bits, frac", [(6, 3), (8, 4), (10, 6)])
def test_fixed_point_stage_is_the_float_softmax(bits, frac):
    """64 rows of 4 scores in [−2, 2): the stage's numpy model (the blocks' references) puts
    the largest output on the largest score and stays within 3·2^−f of the float softmax
    (measured: 1.8, 1.8, 2.5 ulps; the Newton reciprocal and exp's per-bit truncations)."""
    net = softmax_net(64, 4, bits, frac)
    x0 = np.random.default_rng(1).uniform(-2, 2, (64, 4))
    fwd = run(net.nodes, net.graph, {}, x0, bits, frac)
    name = net.nodes[0].name
    x = fwd.data[name]["x"] / 2 ** frac
    y = fwd.expected[name] / 2 ** frac
    assert np.all(y.argmax(axis=1) == x.argmax(axis=1))
    assert np.abs(y - float_softmax(x)).max() <= 3 / 2 ** frac
    assert fwd.overflows[name] == 0


def test_verified_softmax_has_informative_outputs():
    """--verify's default numerics for the quantum softmax, (6, 3), hold the (4, 1) network's
    values exactly and give eighths: at least 4 distinct nonzero outputs of 8 (at (4, 1):
    only 0 and ½), each row's largest score with the largest output."""
    ((stage, expected),), fwd = V.shrunk_stages(softmax_net())
    assert (stage.block.output_width, fwd.data[stage.name]["x"].dtype.kind) == (6, "i")
    nonzero = set(expected[expected != 0].tolist())
    assert len(nonzero) >= 4
    x = fwd.data[stage.name]["x"]
    assert np.all(expected.argmax(axis=1) == x.argmax(axis=1))
    assert np.abs(expected / 8 - float_softmax(x / 8)).max() <= 3 / 8
    section = V.verify_section(softmax_net(), [])
    assert section["numerics"]["quantum softmax"] == {"bits": 6, "frac_bits": 3}


def test_softmax_circuit_orders_like_the_float_softmax_on_aer():
    """The built stage on Aer (compute half, one token's two elements, (5, 2)): outputs
    bit-equal to numpy, whose larger output sits on the larger score (~10 s)."""
    net = softmax_net(verify={"softmax_bits": 5, "softmax_frac_bits": 2, "tokens": 1})
    ((stage, expected),), fwd = V.shrunk_stages(net)
    x = fwd.data[stage.name]["x"]
    assert x[0, 0] != x[0, 1]
    assert expected[0].argmax() == x[0].argmax() and expected[0].max() > expected[0].min()
    result = V.check_outputs(stage, expected, 0)
    assert result.passed, result.failures


def test_softmax_numerics_are_validated():
    with pytest.raises(ValueError, match="softmax_frac_bits"):
        S.VerifySize(softmax_bits=5, softmax_frac_bits=4)
