"""Weighted fits on synthetic data with known answers: estimates, CI coverage, χ², AIC."""

import numpy as np
import pytest

from qdl.errors import ParameterError
from qdl.estimators import fits


def test_power_law_recovers_exact_exponent():
    x = np.arange(1, 8, dtype=float)
    f = fits.power_law(x, 3 * x**1.5, np.full(7, 0.01))
    assert f.params["p"] == pytest.approx(1.5, abs=1e-6)
    assert f.params["A"] == pytest.approx(3, rel=1e-6)
    assert f.chi2 == pytest.approx(0, abs=1e-6) and f.dof == 5


def test_confidence_interval_covers_the_truth_95_percent_of_the_time():
    rng = np.random.default_rng(7)
    x = np.linspace(1, 6, 8)
    sigma = 0.05 * np.ones_like(x)
    hits, chi2 = 0, []
    trials = 400
    for _ in range(trials):
        y = 0.2 * x**2 + rng.normal(0, sigma)
        f = fits.power_law(x, y, sigma)
        hits += f.ci["p"][0] <= 2 <= f.ci["p"][1]
        chi2.append(f.chi2_dof)
    assert 0.92 <= hits / trials <= 0.98
    assert np.mean(chi2) == pytest.approx(1.0, abs=0.1)


def test_linear_fit_and_prediction_band():
    x = np.array([1.0, 2, 3, 4])
    f = fits.linear(x, 1 + 2 * x, np.full(4, 0.1))
    assert f.params["a"] == pytest.approx(1) and f.params["b"] == pytest.approx(2)
    # the band of a single parameter is t·σ_param
    from scipy import stats
    assert f.half_width([0, 1]) == pytest.approx(stats.t.ppf(0.975, 2) * f.errors["b"])
    assert f.ci["b"][1] - f.params["b"] == pytest.approx(f.half_width([0, 1]))


def test_p_value_rejects_a_wrong_model():
    x = np.arange(1, 9, dtype=float)
    y = 0.1 * x**2
    lin = fits.linear(x, y, np.full(8, 0.01))
    assert lin.p_value < 1e-6 and lin.chi2_dof > 10
    power = fits.power_law(x, y, np.full(8, 0.01))
    w = fits.akaike_weights([power, lin])
    assert sum(w) == pytest.approx(1) and w[0] > 0.999


def test_log_log_slope():
    x = np.array([8.0, 16, 32, 64])
    f = fits.log_log_slope(x, 5 * x**0.5, 0.01 * 5 * x**0.5)
    assert f.params["p"] == pytest.approx(0.5, abs=1e-9)


def test_bad_sigma_is_a_clear_error():
    with pytest.raises(ParameterError, match="σ must be positive"):
        fits.linear([1, 2, 3], [1, 2, 3], [0.1, 0.0, 0.1])
