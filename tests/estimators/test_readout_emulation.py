"""The batch readout emulation against qdl's protocols and their exact laws."""

import math

import numpy as np
import pytest
from scipy.fft import dct

from qdl.estimators import chebyshev
from qdl.estimators import readout_emulation as em
from qdl.estimators.readout_protocols import ae_distribution
from qdl.estimators.natural_qnn.stats import chi_square_agreement


def test_dct_is_the_orthonormal_chebyshev_basis():
    x = np.random.default_rng(0).normal(size=50)
    assert dct(x, type=2, norm="ortho")[:7] == pytest.approx(
        chebyshev.orthonormal_basis(50, 7) @ x, abs=1e-12)


def test_small_register_law_is_the_exact_ae_law():
    a = np.array([0.1, 0.5, 0.93])
    values, probs = em.ae_median_law(a, bits=4)
    for i, ai in enumerate(a):
        assert probs[i] == pytest.approx(ae_distribution(float(ai), 4), abs=1e-12)
        assert values[i] == pytest.approx(np.sin(np.pi * np.arange(16) / 16) ** 2)


def test_window_keeps_the_stated_mass():
    bits, w = 12, em.WINDOW
    for a in (0.05, 0.37, 0.5, 0.81):
        exact = ae_distribution(a, bits)
        m = 1 << bits
        omega = math.asin(math.sqrt(a)) / math.pi
        peak = int(np.floor(m * omega))
        inside = sum(exact[(peak + k) % m] + exact[(m - peak - k) % m]
                     for k in range(-w, w + 1))
        assert inside >= 1 - 2 / (math.pi**2 * w)


def test_median_of_runs_follows_the_order_statistic_law():
    rng = np.random.default_rng(1)
    values = np.array([[0.1, 0.4, 0.2, 0.9]])
    probs = np.array([[0.1, 0.3, 0.4, 0.2]])
    runs, draws = 5, 20000
    got = em.median_of_runs(np.repeat(values, draws, 0), np.repeat(probs, draws, 0), runs, rng)
    # exact: P(median ≤ v) = P(Bin(5, F(v)) ≥ 3), F the law's CDF over sorted values
    order = np.argsort(values[0])
    cdf = np.cumsum(probs[0][order])
    tail = [sum(math.comb(runs, j) * c**j * (1 - c) ** (runs - j) for j in range(3, 6))
            for c in cdf]
    exact = {float(values[0][order][i]): tail[i] - (tail[i - 1] if i else 0.0)
             for i in range(4)}
    counts = {v: int(np.sum(got == v)) for v in exact}
    assert chi_square_agreement(counts, exact, alpha=1e-4)["passed"]


def test_dcd_batch_error_is_truncation_plus_at_most_epsilon():
    rng = np.random.default_rng(2)
    h = np.abs(rng.normal(size=(20, 3, 4, 4)))
    for rank in (8, 48):
        out = em.dcd_batch(h, rank, 0.01, rng)
        flat, est = h.reshape(20, -1), out.reshape(20, -1)
        coeff = dct(flat, type=2, norm="ortho", axis=1)
        tail = np.linalg.norm(coeff[:, rank:], axis=1)
        err = np.linalg.norm(est - flat, axis=1)
        norms = np.linalg.norm(flat, axis=1)
        # orthonormal basis: err² = tail² + estimation², estimation ≤ ε·‖h‖ (w.p. ≥ 1 − r·δ_f)
        assert np.all(err >= tail - 1e-12)
        assert np.mean(np.sqrt(np.maximum(err**2 - tail**2, 0)) <= 0.01 * norms) >= 0.9


def test_tomography_batch_meets_its_linf_guarantee():
    rng = np.random.default_rng(3)
    h = rng.normal(size=(10, 64))
    h[3] = 0
    out = em.tomography_batch(h, 0.1, rng)
    assert np.all(out[3] == 0)
    norms = np.linalg.norm(h, axis=1, keepdims=True)
    ok = np.max(np.abs(out - h), axis=1) <= 0.1 * norms[:, 0]
    assert ok.sum() >= 9
