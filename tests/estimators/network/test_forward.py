"""The numpy forward pass: its fixed-point arithmetic is the MAC's, overflow is counted, and
the float64 network on the same parameters gives the drift."""

import numpy as np

from qdl.circuits.qam.mac import fixed_product, signed
from qdl.estimators.network import spec as S
from qdl.estimators.network.compile import compile_network
from qdl.estimators.network.calibration import random_parameters
from qdl.estimators.network.forward import Arith, image_windows, run


def test_fixed_product_matches_the_mac_reference_exhaustively():
    ar = Arith(4, 1)
    for a in range(16):
        for b in range(16):
            want = signed(fixed_product(a, b, 4, 1), 4)
            assert ar.wrap(ar.mul(signed(a, 4), signed(b, 4)), 4) == want


def test_wrapping_is_counted():
    ar, count = Arith(4, 1), [0]
    assert list(ar.wrap(np.array([7, 8, -9, -8]), 4, count)) == [7, -8, 7, -8]
    assert count == [2]


def test_windows_are_zero_padded_row_major():
    x = np.arange(16).reshape(16, 1)
    win = image_windows(x, 4, 4, 3, 1, 1)
    assert win.shape == (16, 9)
    assert list(win[0]) == [0, 0, 0, 0, 0, 1, 0, 4, 5]


def test_fixed_point_network_tracks_the_float_network():
    spec = S.NetworkSpec.model_validate({
        "layers": [{"type": "conv", "out_channels": 2, "kernel": 3, "padding": 1},
                   {"type": "batchnorm"}, {"type": "relu"}],
        "input": {"channels": 1, "height": 4, "width": 4}, "numerics": {"bits": 8,
                                                                        "frac_bits": 3},
        "readout": {"protocol": "tomography_linf", "delta": 0.1}})
    net = compile_network(spec)
    params = random_parameters(net.nodes, 3)
    x0 = np.random.default_rng(1).integers(0, 4, (16, 1)) / 2
    fixed = run(net.nodes, net.graph, params, x0, 8, 3)
    real = run(net.nodes, net.graph, params, x0, 8, 3, fixed=False)
    for node in net.nodes:
        drift = np.abs(fixed.outputs[node.name] / 8 - real.outputs[node.name])
        assert drift.max() <= 0.5  # grid-valued data: only the batch-norm products round
    assert set(fixed.expected) == {n.name for n in net.nodes}
    assert all(v == 0 for v in fixed.overflows.values())


def test_success_amplitudes_follow_the_qdac_formula():
    from qdl.estimators.network.calibration import calibration, success_amplitudes

    spec = S.NetworkSpec.model_validate({
        "layers": [{"type": "conv", "out_channels": 2, "kernel": 3, "padding": 1},
                   {"type": "relu"}],
        "input": {"channels": 1, "height": 4, "width": 4}, "numerics": {"bits": 8,
                                                                        "frac_bits": 3},
        "readout": {"protocol": "tomography_linf", "delta": 0.1}})
    net = compile_network(spec)
    amps = success_amplitudes(net)
    relu = calibration(net).expected["relu"]
    assert amps["relu"] == np.linalg.norm(relu) / (np.sqrt(32) * 2 ** 7)
    assert 0 < amps["conv"] < 1


def test_outputs_the_conversion_saturates_are_counted():
    """A sum with a guard bit leaving the b-bit range at both ends: the stage's expected
    values keep the exact sum (the compute half's register), ``clamped`` counts the entries
    its conversion saturates, and the next layer gets them saturated."""
    spec = S.NetworkSpec.model_validate({
        "layers": [{"type": "linear", "out_features": 2}], "input": {"tokens": 4, "dim": 2},
        "numerics": {"bits": 4, "frac_bits": 1},
        "readout": {"protocol": "tomography_linf", "delta": 0.1}})
    net = compile_network(spec)
    x0 = np.array([[3.5, 3.5], [-4, -4], [1, 0.5], [-1.5, 0]])
    params = {"linear": {"w": np.array([[1.0, 1.0], [0.5, -1.0]])}}
    fixed = run(net.nodes, net.graph, params, x0, 4, 1)
    assert fixed.expected["linear"][:, 0].tolist() == [14, -16, 3, -3]
    assert fixed.clamped == {"linear": 2} and fixed.overflows == {"linear": 0}
    assert fixed.outputs["linear"][:2, 0].tolist() == [7, -8]
    assert fixed.saturated["linear"] == 2


def test_format_conversion_is_exact_up_and_floored_down_with_saturation_counted():
    """--verify's own-numerics layers: (4, 1) → (6, 3) keeps every value (range [−4, 4));
    back to (4, 1) floors; (6, 3) → (4, 2) saturates out-of-range values and counts them."""
    small, wide, fine = Arith(4, 1), Arith(6, 3), Arith(4, 2)
    x = np.arange(-8, 8)  # every (4, 1) value
    up = wide.convert(x, small)
    assert np.array_equal(up / 8, x / 2)
    assert np.array_equal(small.convert(up + 3, wide), x)  # +3/8 floors away
    sat = [0]
    out = fine.convert(up, wide, sat)
    assert out.min() == -8 and out.max() == 7 and sat[0] == 8  # |v| ≥ 2 outside [−2, 1.75]
