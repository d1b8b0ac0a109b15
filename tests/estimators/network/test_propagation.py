"""The error budget's network-wide parts: success amplitudes from the built stage and from the
float forward pass, QLAM estimates in the union bound, the inter-layer propagation bound and
the truncation bound against the measured fixed-point drift."""

import math

import numpy as np
import pytest

from qdl.circuits.qlam.amplitude_estimation import iterative_query_bound
from qdl.estimators.budget import amplification
from qdl.estimators.network import spec as S
from qdl.estimators.network.account import account
from qdl.estimators.network.compile import compile_network
from qdl.estimators.network.calibration import float_calibration, success_amplitudes
from qdl.estimators.network.propagation import conv_norm, gains, lipschitz, spectral
from qdl.estimators.network.stage import guard_bits
from qdl.estimators.network.truncation import applies, compare

CONV = [{"type": "conv", "name": "conv", "out_channels": 2, "kernel": 3, "padding": 1},
        {"type": "batchnorm", "name": "bn"}, {"type": "relu", "name": "relu"}]


def spec(layers, bits=(16, 12), **kw):
    data = {"layers": layers, "input": {"channels": 1, "height": 4, "width": 4},
            "numerics": {"bits": bits[0], "frac_bits": bits[1]},
            "readout": {"protocol": "dcd", "rank": 2, "epsilon": 0.05}, **kw}
    return S.NetworkSpec.model_validate(data)


def test_qdac_amplitude_is_taken_on_the_register_the_stage_converts():
    net = compile_network(spec(CONV))
    acc = account(net)
    conv, bn = acc.stages[0].success, acc.stages[1].success
    # bn: 16-bit register, 2^(12−15); conv: 9 products accumulate with ⌈log2 9⌉ = 4 guard
    # bits (20), but the stage converts its copy saturated to 16 bits: no 2^-4 penalty
    assert bn["amplitude"] == 2**-3 and bn["qdac_bits"] == 16
    block = net.stages[0].stage.block
    assert block.output_width == 16 + guard_bits(9) == 20 and block.saturates
    assert conv["qdac_bits"] == 16 and conv["amplitude"] == 2**-3
    # 32 elements over a 5-qubit index: no padding; the cheaper repetition is taken
    assert conv["factor"] == amplification(2**-3)[0] == 2 * math.ceil(
        math.pi / (4 * math.asin(2**-3)) - 0.5) + 1


def test_forward_calibration_gives_the_amplitude_the_circuit_has():
    net = compile_network(spec(CONV, calibration={"source": "forward", "seed": 3}))
    acc = account(net)
    assert acc.calibration_source == "forward"
    measured = success_amplitudes(net, seed=3)  # ‖Y‖/(√2^a·2^(w−1)) on the fixed-point pass
    for s in acc.stages:
        assert s.success["amplitude"] == pytest.approx(measured[s.name], rel=2e-3)
    rms, _ = float_calibration(net, 3)
    assert acc.stages[2].success["rms"] == rms["relu"] != 1.0


def test_attention_post_selection_is_measured_on_the_forward_pass():
    net = compile_network(S.NetworkSpec.model_validate({
        "layers": [{"type": "attention", "heads": 2}], "input": {"tokens": 8, "dim": 4},
        "numerics": {"bits": 24, "frac_bits": 20},
        "readout": {"protocol": "dcd", "rank": 2, "epsilon": 0.05},
        "calibration": {"source": "forward"}}))
    measured, _ = float_calibration(net)
    post = measured["attention.values#postselection"]
    assert 0 < post < 1
    values = next(s for s in account(net).stages if s.name == "attention.values")
    assert values.success["parts"]["A·V post-selection"] == pytest.approx(math.sqrt(post))


def test_zero_values_leave_the_post_selection_to_the_fallback():
    """V = 0 has no amplitude state: no 0/0 post-selection (it was NaN, with a warning), so
    the stage takes the calibration's value or 1/N like a size-only report."""
    import warnings

    from qdl.estimators.network.calibration import seeded_input
    from qdl.estimators.network.forward import run

    net = compile_network(S.NetworkSpec.model_validate({
        "layers": [{"type": "attention", "heads": 2}], "input": {"tokens": 8, "dim": 4},
        "numerics": {"bits": 24, "frac_bits": 20},
        "readout": {"protocol": "dcd", "rank": 2, "epsilon": 0.05}}))
    x0, params = seeded_input(net, 7)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        real = run(net.nodes, net.graph, params, 0 * x0, 24, 20, fixed=False)
    assert "attention.values" not in real.postselection
    some = run(net.nodes, net.graph, params, x0, 24, 20, fixed=False)
    assert 0 < some.postselection["attention.values"] < 1


def test_pooling_estimates_are_inside_the_union_bound():
    layers = [{"type": "relu"}, {"type": "avgpool", "name": "pool"}]
    acc = account(compile_network(spec(layers)))
    # relu: r = 2 DCD coefficients; pool: one inner product per channel (1 channel)
    assert acc.estimates == 1 and acc.coefficients == 3
    assert acc.failure_per_coefficient == pytest.approx(0.005 / 3)
    pool = acc.stages[1]
    assert pool.estimate["failure_per_estimate"] == acc.failure_per_coefficient
    block = pool.compiled.stage.block.calls[0][0]
    assert block.delta == pytest.approx(acc.failure_per_coefficient)
    q = iterative_query_bound(block.eps, block.delta)
    assert pool.repetitions == math.ceil(q / (2 * block.powers + 1)) > 1


def test_spectral_norm_and_lipschitz_constants():
    w = np.random.default_rng(0).normal(size=(5, 9))
    assert spectral(w) == pytest.approx(np.linalg.norm(w, 2))
    net = compile_network(spec(CONV))
    conv, bn, relu = net.nodes
    # the circular-embedding norm, never above the windows' ⌈k/s⌉·‖W‖₂
    assert lipschitz(conv, {"w": w[:2]}) == pytest.approx(min(
        3 * np.linalg.norm(w[:2], 2), conv_norm(w[:2], 3, 4, 4, 1)))
    assert lipschitz(conv, None) == pytest.approx(3 * math.sqrt(2 * 9))  # |w| ≤ 1
    assert lipschitz(bn, {"scale": np.array([0.5, -2.0])}) == 2.0
    assert lipschitz(relu, None) == 1.0


def test_gains_multiply_along_paths_and_add_over_residual_branches():
    layers = [{"type": "residual", "name": "b", "body": [
        {"type": "batchnorm", "name": "bn"}, {"type": "relu", "name": "r"}]}]
    net = compile_network(spec(layers))
    g = gains(net.nodes, net.graph, {"b.bn": {"scale": np.array([3.0])}})
    # b.bn → b.r → b.add; the input also reaches b.add by the shortcut
    assert g == {"b.add": 1.0, "b.r": 1.0, "b.bn": 1.0}
    net2 = compile_network(spec([{"type": "batchnorm", "name": "bn1"},
                                 {"type": "batchnorm", "name": "bn2"}]))
    g2 = gains(net2.nodes, net2.graph, {"bn1": {"scale": np.array([3.0])},
                                        "bn2": {"scale": np.array([0.5])}})
    assert g2 == {"bn2": 1.0, "bn1": 0.5}


def test_attention_makes_the_bound_unbounded_and_the_report_says_so():
    net = compile_network(S.NetworkSpec.model_validate({
        "layers": [{"type": "ffn", "hidden": 4}, {"type": "attention", "heads": 2}],
        "input": {"tokens": 4, "dim": 4}, "numerics": {"bits": 16, "frac_bits": 12},
        "readout": {"protocol": "dcd", "rank": 2, "epsilon": 0.05}}))
    p = account(net).propagation
    assert math.isinf(p["relative_output_error"]) and p["not_lipschitz"] == "attention"
    # no global constant, but the truncation comparison has an a-posteriori rule for it
    # (qdl.estimators.network.rounding)
    assert applies(net) is None


@pytest.mark.parametrize("bits", [(12, 6), (16, 8)])
def test_measured_fixed_point_drift_stays_within_the_propagated_bound(bits):
    layers = [{"type": "residual", "name": "b", "body": CONV[:2] + [
        {"type": "relu", "name": "r"},
        {"type": "conv", "name": "c2", "out_channels": 1, "kernel": 3, "padding": 1}]},
        {"type": "avgpool", "name": "pool"}, {"type": "linear", "name": "fc",
                                              "out_features": 3}]
    net = compile_network(spec(layers, bits))
    assert applies(net) is None
    rows = compare(net, 7)
    assert all(r["saturated"] == 0 for r in rows)
    assert all(r["measured"] <= r["bound"] for r in rows)
    assert any(r["measured"] > 0 for r in rows)  # the passes do differ
    conv = rows[0]  # 9 products per entry, 32 entries
    assert conv["local_bound"] == conv["bound"] == math.sqrt(32) * 9 * 2.0 ** -bits[1]


def test_weight_gradient_estimates_are_items_and_backward_stages_stay_out_of_propagation():
    layers = [CONV[0], {"type": "relu", "name": "relu"},
              {"type": "conv", "name": "c2", "out_channels": 1, "kernel": 3, "padding": 1}]
    acc = account(compile_network(spec(layers, backward=True)))
    # k²·C_in·C_out weights per layer: 9·1·2 + 9·2·1 inner products
    assert acc.estimates == 36
    assert {s.name for s in acc.stages if s.estimate} == {"conv.grad_weight", "c2.grad_weight"}
    assert [r[0] for r in acc.propagation["rows"]] == ["conv", "relu", "c2"]
