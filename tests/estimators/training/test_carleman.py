import math

import numpy as np
import pytest

from qdl.estimators.training.carleman import (carleman_initial, carleman_matrix, carleman_trajectory,
                                              gd_trajectory, history_system, linear_system,
                                              step_norm_bound, truncation_order)
from qdl.estimators.training.dissipativity import r_number


def _instance(strength, seed=0):
    rng = np.random.default_rng(seed)
    h = np.array([[3.0, 0.5], [0.5, 2.0]])
    eta = 0.1
    f2 = rng.normal(size=(2, 4))
    f2 *= strength / np.linalg.norm(f2, 2)
    return np.eye(2) - eta * h, -eta * f2, np.array([0.3, -0.2])


@pytest.mark.parametrize("strength", [0.5, 1.0, 2.0])
def test_truncation_error_falls_with_order_and_stays_under_the_r_bound(strength):
    a1, a2, th0 = _instance(strength)
    steps = 25
    gd = gd_trajectory(a1, a2, th0, steps)
    a = np.linalg.norm(a1, 2)
    c = np.linalg.norm(a2, 2) * np.linalg.norm(th0)
    r = r_number(a, c)
    assert r < 1
    errors = []
    for order in range(1, 6):
        err = np.linalg.norm(carleman_trajectory(a1, a2, th0, order, steps) - gd, axis=1)
        assert err[0] == pytest.approx(0.0, abs=1e-15)
        # every step t ≤ T, not just the last one
        assert err.max() <= np.linalg.norm(th0) * r ** order
        errors.append(err.max())
    assert all(later < earlier for earlier, later in zip(errors, errors[1:]))


def test_error_grows_then_saturates_with_steps_at_fixed_order():
    a1, a2, th0 = _instance(1.0)
    gd = gd_trajectory(a1, a2, th0, 40)
    err = np.linalg.norm(carleman_trajectory(a1, a2, th0, 2, 40) - gd, axis=1)
    assert err[1] > 0 and err[:5].argmax() == 4          # grows over the first steps
    assert err[-1] < err.max()                          # dissipation then shrinks it


def test_quadratic_loss_is_exact_at_order_one():
    a1, _, th0 = _instance(1.0)
    zero = np.zeros((2, 4))
    assert np.allclose(carleman_trajectory(a1, zero, th0, 1, 10), gd_trajectory(a1, zero, th0, 10))
    assert truncation_order(0.0, 1e-3, 1.0, nonlinear=False) == 1


def test_truncation_order_formula():
    assert truncation_order(0.5, 1e-3, 1.0, nonlinear=True) == 10       # 2^-10 < 1e-3 < 2^-9
    assert truncation_order(0.1, 1e-3, 2.0, nonlinear=True) == math.ceil(math.log10(2000))
    with pytest.raises(ValueError, match="does not converge"):
        truncation_order(1.2, 1e-3, 1.0, nonlinear=True)


@pytest.mark.parametrize("order,steps,padding", [(1, 4, 4), (2, 3, 3), (3, 2, 1)])
def test_norm_sparsity_and_condition_bounds_hold_on_built_systems(order, steps, padding):
    a1, a2, th0 = _instance(1.0, seed=order)
    scale = np.linalg.norm(th0)
    b = carleman_matrix(a1, a2 * scale, order)
    a, c = np.linalg.norm(a1, 2), np.linalg.norm(a2, 2) * scale
    assert np.linalg.norm(b, 2) <= step_norm_bound(a, c, order) + 1e-12
    ell = history_system(b, steps, padding)
    s1 = int((np.abs(a1) > 0).sum(axis=1).max())
    s2 = int((np.abs(a2) > 0).sum(axis=1).max())
    sys = linear_system(2, steps, padding, order, a, c, s1, s2)
    assert int((np.abs(ell) > 1e-15).sum(axis=1).max()) <= sys.row_sparsity
    assert np.linalg.norm(ell, 2) <= sys.norm_bound + 1e-12
    assert np.linalg.cond(ell) <= sys.kappa_bound
    assert 2 ** sys.rows_log2 == pytest.approx(ell.shape[0])
    # the history system's solution is the Carleman trajectory
    rhs = np.zeros(ell.shape[0])
    rhs[:b.shape[0]] = carleman_initial(th0 / scale, order)
    y = np.linalg.solve(ell, rhs)
    assert np.allclose(y[-b.shape[0]:], np.linalg.matrix_power(b, steps) @ rhs[:b.shape[0]])


def test_kappa_bound_is_linear_in_t_when_dissipative():
    k = [linear_system(1000, t, t, 1, 0.9, 0.0, 8, 0).kappa_bound for t in (10, 100, 1000)]
    assert k[1] / k[0] == pytest.approx(201 / 21)
    assert k[2] / k[1] == pytest.approx(2001 / 201)
    grow = linear_system(1000, 100, 100, 1, 1.01, 0.0, 8, 0).kappa_bound
    assert grow == pytest.approx((1 + 1.01) * 201 * 1.01 ** 100)
