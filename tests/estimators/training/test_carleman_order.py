"""Carleman order ≥ 2 on cubic losses: the instance hits its R, the errors obey R^N and decay."""

import itertools

import numpy as np
import pytest

from qdl.estimators.training import carleman_order as co
from qdl.estimators.training.dissipativity import r_number


def test_instance_has_the_requested_r_and_a_gradient_field():
    a1, a2, th0 = co.cubic_instance(3, 0.6, 0.1, seed=4)
    a = np.linalg.norm(a1, 2)
    c = np.linalg.norm(a2, 2) * np.linalg.norm(th0)
    assert r_number(a, c) == pytest.approx(0.6)
    # A₂ = −ηF₂ with F₂ the gradient of a symmetric cubic form: F₂[i,(j,k)] symmetric in i,j,k
    t = (-a2 / 0.1).reshape(3, 3, 3)
    for p in itertools.permutations(range(3)):
        assert np.transpose(t, p) == pytest.approx(t)


def test_errors_respect_the_bound_and_fall_exponentially():
    out = co.study(2, [0.3, 0.7], [1, 2, 3, 4], steps=8, eta=0.1, seeds=[0, 1])
    for row in out["rows"]:
        assert row["within_bound"]
        assert all(b < a for a, b in zip(row["mean_error"], row["mean_error"][1:]))
        lo, hi = row["decay_ci"]
        assert 0 < lo <= row["decay_rate"] <= hi and row["decay_rate"] < row["R"]
    # a stronger nonlinearity decays more slowly
    assert out["rows"][0]["decay_rate"] < out["rows"][1]["decay_rate"]
    assert "exponential convergence" in co.verdict(out)


@pytest.mark.slow
def test_order_two_system_solved_on_aer():
    out = co.aer_order2_check(r_target=0.5)
    assert out["order"] == 2 and out["dimension"] == 4
    assert out["fidelity"] > 0.999
    # one step is exact at order 2: y₁(1) = a₁u + a₂u²
    assert out["truncation_error"] < 1e-12
