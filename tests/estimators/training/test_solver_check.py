import numpy as np
import pytest

from qdl.estimators.training.carleman import history_system
from qdl.estimators.training.solver_check import (cks_coefficients, hermitian_block_encoding,
                                                  run_solver_check)


def test_dilation_block_encoding_is_a_hermitian_unitary_with_m_in_the_corner():
    m = np.array([[0.3, 0.2], [0.2, -0.5]])
    u = hermitian_block_encoding(m)
    assert np.allclose(u @ u.T, np.eye(4))
    assert np.allclose(u, u.T)
    assert np.allclose(u[:2, :2], m)


@pytest.mark.parametrize("kappa,eps", [(2.0, 1e-2), (5.0, 1e-3)])
def test_chebyshev_series_approximates_the_inverse_within_its_bound(kappa, eps):
    c, degree, bound = cks_coefficients(kappa, eps)
    x = np.concatenate([np.linspace(1 / kappa, 1, 200), -np.linspace(1 / kappa, 1, 200)])
    series = np.zeros(2 * len(c))
    series[1::2] = c
    approx = np.polynomial.chebyshev.chebval(x, series)
    err = np.abs(approx - 1 / x).max()
    assert err <= bound <= eps
    assert degree == 2 * len(c) - 1


@pytest.mark.parametrize("steps,padding,dim", [(1, 0, 4), (2, 1, 8)])
def test_gd_history_system_solved_on_aer(steps, padding, dim):
    a1 = np.diag([1 - 0.1 * 3.0, 1 - 0.1 * 0.5])
    ell = history_system(a1, steps, padding)
    rhs = np.zeros(len(ell))
    rhs[:2] = [0.6, 0.8]
    check = run_solver_check(ell, rhs, eps=1e-2)
    assert check.dimension == dim
    assert check.fidelity >= 0.999
    assert 0 < check.success_probability < 1


def test_solver_check_fails_on_a_wrong_polynomial():
    # too loose a target: a visibly worse state, so the fidelity check can fail
    a1 = np.array([[0.7, 0.05], [0.05, 0.8]])
    ell = history_system(a1, 3, 0)
    rhs = np.zeros(len(ell))
    rhs[:2] = [0.6, 0.8]
    assert run_solver_check(ell, rhs, eps=0.9).fidelity < run_solver_check(ell, rhs, eps=1e-3).fidelity
