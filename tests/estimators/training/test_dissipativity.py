import numpy as np
import pytest

from qdl.estimators.training.dissipativity import (Spectrum, dissipative_fraction, error_proxy,
                                                   linear_norm, mean_square_decay, mode_factors,
                                                   r_number)


def test_error_proxy_matches_direct_gd_on_a_diagonal_quadratic():
    # GD on ½θᵀHθ with H diagonal and θ₀ = ones: |θ_t,ν| = |1 − ηλ_ν|^t, so the mean
    # surviving amplitude is exactly the proxy (1/n)·Σ|1 − ηλ|^t.
    lams = np.array([0.5, 3.0, 12.0, 25.0])
    eta = 0.1
    theta = np.ones(4)
    spec = Spectrum.from_eigenvalues(lams)
    proxies = error_proxy(spec, eta, range(12))
    for t in range(12):
        assert proxies[t] == pytest.approx(np.abs(theta).mean(), rel=1e-12)
        theta = theta - eta * lams * theta


def test_histogram_is_weighted_eigenvalue_list():
    hist = Spectrum.from_histogram([0.0, 1.0, 3.0], [3, 1])
    listed = Spectrum.from_eigenvalues([0.5, 0.5, 0.5, 2.0])
    assert np.allclose(error_proxy(hist, 0.2, [0, 3, 7]), error_proxy(listed, 0.2, [0, 3, 7]))
    assert np.allclose(mean_square_decay(hist, 0.2, [5]), mean_square_decay(listed, 0.2, [5]))
    assert hist.modes == 4


def test_matrix_spectrum_and_dissipative_modes():
    spec = Spectrum.from_matrix([[2.0, 1.0], [1.0, 2.0]])        # eigenvalues 1 and 3
    assert np.allclose(sorted(spec.values), [1.0, 3.0])
    assert np.allclose(sorted(mode_factors(spec, 0.5)), [0.5, 0.5])
    assert dissipative_fraction(spec, 0.5) == 1.0
    assert dissipative_fraction(spec, 0.8) == 0.5               # |1 − 2.4| = 1.4
    assert dissipative_fraction(Spectrum.from_eigenvalues([-1.0, 1.0]), 0.1) == 0.5
    assert linear_norm(spec, 0.8) == pytest.approx(1.4)


def test_r_is_the_pnas_ratio_in_the_small_step_limit():
    # all modes dissipative and ηλ_max ≤ 1: 1 − a = ηλ_min, so c/(1 − a) = ‖F₂‖‖θ₀‖/λ_min
    spec = Spectrum.from_eigenvalues([0.4, 2.0, 5.0])
    eta, f2, th0 = 0.05, 0.3, 0.8
    r = r_number(linear_norm(spec, eta), eta * f2 * th0)
    assert r == pytest.approx(f2 * th0 / 0.4)
    assert r_number(1.01, 0.1) == float("inf")
    assert r_number(1.01, 0.0) == 0.0
