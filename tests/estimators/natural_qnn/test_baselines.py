"""Classical baselines of the qubit-neuron network and the paired test, on known answers."""

import math

import numpy as np
import pytest

from qdl.estimators.natural_qnn import baselines
from qdl.estimators.natural_qnn.emulator import classical_forward, predict
from qdl.estimators.natural_qnn.model import Network, prob_minus
from qdl.estimators.natural_qnn.stats import chi_square_agreement, paired_test


def test_paired_test_known_values():
    t = paired_test([1.0, 2.0, 3.0], [0.0, 0.0, 0.0])
    # t = 2/(1/√3) = 3.464 on 2 dof: two-sided p = 0.0742; Wilcoxon exact, 3 positive: 2/8
    assert t["mean_difference"] == 2 and t["stderr"] == pytest.approx(1 / math.sqrt(3))
    assert t["t_test_p"] == pytest.approx(0.0742, abs=5e-4)
    assert t["wilcoxon_p"] == pytest.approx(0.25)
    assert t["ci"][0] < 2 < t["ci"][1]
    same = paired_test([0.1, 0.2], [0.1, 0.2])
    assert same["t_test_p"] == 1.0 and same["wilcoxon_p"] is None


def test_paired_test_false_positive_rate_is_alpha():
    rng = np.random.default_rng(3)
    hits = 0
    for _ in range(400):
        base = rng.normal(0.2, 0.05, 15)
        hits += paired_test(base + rng.normal(0, 0.01, 15),
                            base + rng.normal(0, 0.01, 15))["t_test_p"] < 0.05
    assert 0.02 <= hits / 400 <= 0.085


@pytest.mark.parametrize("scheme,a,g", [("rotation", 1.5, math.pi / 2),
                                        ("weak_measurement", 0.7, 1.1)])
def test_mean_activation_is_one_minus_twice_the_kraus_probability(scheme, a, g):
    z = np.linspace(-3, 3, 41)
    assert baselines.mean_activation(z, a, g, scheme) == pytest.approx(
        1 - 2 * prob_minus(z, scheme, a, g), abs=1e-12)


def _net(a, scheme="rotation", g=math.pi / 2):
    return Network.init(6, [4, 3], 3, np.random.default_rng(5), scheme=scheme, a=a, g=g)


def test_sbn_equals_binarized_network_in_the_classical_limit():
    net = _net(0.0)
    x = np.random.default_rng(1).uniform(-1, 1, (50, 6))
    spins = classical_forward(net, x)[-1]
    expected = np.argmax(spins @ net.readout_w.T + net.readout_b, axis=-1)
    assert np.array_equal(baselines.sbn_predict(net, x, 3, seed=9), np.tile(expected, (3, 1)))


def test_sbn_and_emulator_draw_the_same_prediction_law():
    net = _net(1.5)
    x = np.random.default_rng(2).uniform(-1, 1, (1, 6))
    shots = 20000
    sbn = np.bincount(baselines.sbn_predict(net, x, shots, seed=4).ravel(), minlength=3)
    emu = np.bincount(predict(net, x, np.random.default_rng(8), shots).ravel(), minlength=3)
    exact = {k: emu[k] / shots for k in range(3)}
    # emulator frequencies stand in for the law; the SBN's counts must agree with them
    assert chi_square_agreement({k: int(sbn[k]) for k in range(3)}, exact, alpha=1e-4)["passed"]


def test_mean_field_gradients_match_finite_differences():
    net = _net(1.2)
    rng = np.random.default_rng(0)
    x, y = rng.uniform(-1, 1, (8, 6)), rng.integers(0, 3, 8)
    _, grads = baselines.mean_field_gradients(net, x, y)
    params = [net.weights[0], net.biases[0], net.weights[1], net.biases[1], net.readout_w]
    for p, g in zip(params, grads):
        idx = np.unravel_index(np.argmax(np.abs(g)), g.shape)
        old = p[idx]
        p[idx] = old + 1e-6
        up = baselines.mean_field_gradients(net, x, y)[0]
        p[idx] = old - 1e-6
        down = baselines.mean_field_gradients(net, x, y)[0]
        p[idx] = old
        assert (up - down) / 2e-6 == pytest.approx(g[idx], rel=1e-4, abs=1e-9)


def test_compare_runs_every_comparison_on_a_tiny_problem():
    from qdl.estimators.natural_qnn.data import load_digits_split
    from qdl.estimators.natural_qnn.training import TrainSettings

    split = load_digits_split(40, 60, 0)
    out = baselines.compare(split, [6], "rotation", 1.0, math.pi / 2, [0, 1],
                            TrainSettings(epochs=2), shots=3, members=2)
    assert len(out["per_seed"]) == 2 and len(out["tests"]) == len(baselines.COMPARISONS)
    assert "classical stochastic binary network" in baselines.verdict(out)


def test_holm_adjustment_known_values():
    from qdl.estimators.natural_qnn.stats import holm

    # m = 3: sorted 0.01·3 = 0.03, 0.02·2 = 0.04, 0.04·1 → max(0.04, 0.04) = 0.04
    assert holm([0.04, 0.01, 0.02]) == pytest.approx([0.04, 0.03, 0.04])
    assert holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])
