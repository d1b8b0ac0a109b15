import math

import numpy as np
import pytest

from qdl.estimators.natural_qnn.data import load_digits_split
from qdl.estimators.natural_qnn.emulator import (classical_forward, exact_distribution,
                                                 sample_layers)
from qdl.estimators.natural_qnn.experiment import classical_limit_check
from qdl.estimators.natural_qnn.model import Network
from qdl.estimators.natural_qnn.stats import chi_square_agreement
from qdl.estimators.natural_qnn.training import TrainSettings, train


@pytest.fixture(scope="module")
def split():
    return load_digits_split(100, 200, 0)


@pytest.mark.parametrize("scheme", ["rotation", "weak_measurement"])
def test_classical_limit_reproduces_binarized_network_on_every_test_input(split, scheme):
    net = Network.init(64, [24, 12], 10, np.random.default_rng(3), scheme=scheme, a=1.0, g=0.8)
    train(net, split.x_train, split.y_train, TrainSettings(epochs=3), seed=1)
    limit = net.with_quantumness(0.0, math.pi / 2)
    reference = classical_forward(limit, split.x_test)
    sampled = sample_layers(limit, split.x_test, np.random.default_rng(9), shots=5)
    for (_, spins), ref in zip(sampled, reference):
        assert np.array_equal(spins, np.broadcast_to(ref, spins.shape))
    assert classical_limit_check(net, split.x_test)["exact"]


def test_quantum_network_is_not_the_classical_one(split):
    net = Network.init(64, [24, 12], 10, np.random.default_rng(3), a=2.0)
    sampled = sample_layers(net, split.x_test, np.random.default_rng(0), shots=2)[-1][1]
    assert not np.array_equal(sampled, np.broadcast_to(classical_forward(net, split.x_test)[-1],
                                                       sampled.shape))


@pytest.mark.parametrize("scheme,a,g", [("rotation", 1.0, math.pi / 2),
                                        ("weak_measurement", 0.5, 1.0)])
def test_emulator_samples_follow_the_exact_distribution(scheme, a, g):
    rng = np.random.default_rng(5)
    net = Network.init(4, [3, 3], 2, rng, scheme=scheme, a=a, g=g)
    x = rng.uniform(-1, 1, 4)
    layers = sample_layers(net, x[None, :], np.random.default_rng(11), shots=20000)
    bits = [((1 - s[:, 0, :]) / 2).astype(int) for _, s in layers]
    patterns = [b @ (1 << np.arange(b.shape[1])) for b in bits]
    counts: dict = {}
    for key in zip(*patterns):
        counts[tuple(int(k) for k in key)] = counts.get(tuple(int(k) for k in key), 0) + 1
    exact = exact_distribution(net, x)
    assert sum(exact.values()) == pytest.approx(1.0)
    assert chi_square_agreement(counts, exact)["passed"]
