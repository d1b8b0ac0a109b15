"""Executable readout: numpy emulation and Aer sample the same laws; errors shrink with samples."""

import math

import numpy as np
import pytest
from scipy import stats

from qdl.estimators import chebyshev
from qdl.estimators.readout_aer import AerSampler
from qdl.estimators.readout_protocols import (NumpySampler, ae_distribution,
                                              hadamard_test_probability, run_protocol,
                                              sign_probabilities)

#: A sampler agrees with the exact law when the chi-square p-value is above this (fixed seeds).
P_MIN = 1e-3


def chi2_p(counts: np.ndarray, probs: np.ndarray, min_expected: float = 5.0) -> float:
    """Chi-square goodness of fit, bins with small expectation merged into one."""
    counts, probs = np.ravel(counts), np.ravel(probs)
    expected = probs * counts.sum()
    big = expected >= min_expected
    obs = np.append(counts[big], counts[~big].sum())
    exp = np.append(expected[big], expected[~big].sum())
    keep = exp > 0
    return float(stats.chisquare(obs[keep], exp[keep] * obs[keep].sum() / exp[keep].sum()).pvalue)


@pytest.fixture(scope="module")
def state():
    x = np.random.default_rng(7).normal(size=8)
    return x / np.linalg.norm(x)


@pytest.mark.parametrize("make", [lambda: NumpySampler(3), lambda: AerSampler(3, 8)],
                         ids=["numpy", "aer"])
def test_samplers_follow_the_exact_laws(make, state):
    sampler = make()
    shots = 20000
    counts = sampler.basis_counts(state, shots)
    assert counts.sum() == shots and chi2_p(counts, state**2) > P_MIN
    q = np.sqrt(np.random.default_rng(1).dirichlet(np.ones(8)))
    sc = sampler.sign_counts(state, q, shots)
    assert sc.shape == (2, 8) and chi2_p(sc, sign_probabilities(state, q)) > P_MIN
    w = chebyshev.orthonormal_basis(8, 3)[2]
    y = sampler.ae_outcomes(state, w, 5, 3000)
    law = ae_distribution(hadamard_test_probability(state, w), 5)
    assert chi2_p(np.bincount(y, minlength=32), law) > P_MIN


def test_numpy_and_aer_agree_with_each_other(state):
    a = NumpySampler(11).basis_counts(state, 20000)
    b = AerSampler(11, 8).basis_counts(state, 20000)
    seen = (a + b) > 0
    assert stats.chi2_contingency(np.stack([a[seen], b[seen]])).pvalue > P_MIN


def test_tomography_errors_shrink_and_meet_the_guarantees():
    x = chebyshev.smooth_test_vector(256)
    errs = []
    for delta in (0.2, 0.1, 0.05, 0.025):
        run = run_protocol("tomography_linf", x, precision=delta, seed=5)
        assert run.errors["linf"] <= delta
        errs.append(run.errors["l2"])
    assert errs == sorted(errs, reverse=True) and errs[0] > 2 * errs[-1]
    l2 = run_protocol("tomography_l2", x, precision=0.2, seed=5)
    assert l2.errors["l2"] <= math.sqrt(7) * 0.2
    # the sign stage matters: without it, negative amplitudes come back positive
    y = chebyshev.smooth_test_vector(64)
    unsigned = run_protocol("tomography_linf", y, precision=0.05, sign_stage=False, seed=5)
    signed = run_protocol("tomography_linf", y, precision=0.05, seed=5)
    assert unsigned.errors["linf"] > 0.05 >= signed.errors["linf"]
    big = np.abs(y) > 0.05
    assert np.array_equal(np.sign(signed.estimate[big]), np.sign(y[big]))


def test_dcd_estimation_error_shrinks_with_epsilon_and_truncation_with_rank():
    x = chebyshev.smooth_test_vector(4096)  # large N: numpy emulation only
    est = []
    for eps in (0.2, 0.05, 0.01):
        s = run_protocol("dcd", x, precision=eps, rank=8, seed=2).summary()
        assert s["estimation_error_l2"] <= eps
        est.append(s["estimation_error_l2"])
    assert est == sorted(est, reverse=True) and est[0] > 3 * est[-1]
    tails = [run_protocol("dcd", x, precision=0.05, rank=r, seed=2).summary()
             ["truncation_error_l2"] for r in (4, 8, 12)]
    assert tails == sorted(tails, reverse=True)
    assert tails[1] == pytest.approx(chebyshev.truncation_error(x, 8)["l2"])


def test_dcd_on_aer_reconstructs_like_numpy():
    x = chebyshev.smooth_test_vector(8)
    runs = [run_protocol("dcd", x, precision=0.3, rank=4, backend=b, seed=4)
            for b in ("numpy", "aer")]
    for run in runs:
        s = run.summary()
        assert s["estimation_error_l2"] <= 0.3
        assert run.queries >= s["model_queries"]
    assert np.allclose(runs[0].exact_coefficients, chebyshev.coefficients(x, 4))
