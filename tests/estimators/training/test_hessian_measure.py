"""The measured Hessian: exact gradients, Lanczos against the dense spectrum, pruning."""

import numpy as np
import pytest

from qdl.estimators.training import hessian_measure as hm


def test_gradient_matches_finite_differences():
    net = hm.MLP(3)
    rng = np.random.default_rng(0)
    theta = rng.normal(0, 0.3, net.size)
    x, y = rng.random((7, 64)), rng.integers(0, 10, 7)
    _, g = net.loss_grad(theta, x, y)
    for i in rng.choice(net.size, 8, replace=False):
        e = np.zeros(net.size)
        e[i] = 1e-6
        fd = (net.loss_grad(theta + e, x, y)[0] - net.loss_grad(theta - e, x, y)[0]) / 2e-6
        assert fd == pytest.approx(g[i], abs=1e-8)


def test_lanczos_agrees_with_the_dense_spectrum_and_pruning_keeps_the_fraction():
    m = hm.measure(hidden=3, keep_fraction=0.25, train_steps=20, samples=120, lanczos_k=3)
    weights = 64 * 3 + 10 * 3
    assert m["kept_parameters"] == round(0.25 * weights) + 3 + 10
    assert m["lanczos_vs_dense"] < 1e-6
    eig = m["eigenvalues"]
    assert len(eig) == m["kept_parameters"] and np.all(np.diff(eig) >= 0)


def test_the_measurement_repeats_exactly():
    """The Lanczos start vector is seeded (ARPACK's default is random per call), so the same
    parameters give the same report, bit for bit."""
    kw = dict(hidden=2, keep_fraction=0.2, train_steps=5, samples=60, lanczos_k=3)
    a, b = hm.measure(**kw), hm.measure(**kw)
    assert list(a["lanczos_top"]) == list(b["lanczos_top"])
    assert list(a["lanczos_bottom"]) == list(b["lanczos_bottom"])
