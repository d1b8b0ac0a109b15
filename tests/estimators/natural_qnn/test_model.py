import math

import numpy as np
import pytest

from qdl.estimators.natural_qnn.model import (htanh, kraus_operators, mean_spin, prob_minus,
                                              rotation_angle)


@pytest.mark.parametrize("g", [0.0, 0.3, math.pi / 4, 1.2, math.pi / 2])
def test_kraus_operators_are_complete_and_give_the_outcome_probabilities(g):
    k0, k1 = kraus_operators(g)
    assert np.allclose(k0.T @ k0 + k1.T @ k1, np.eye(2))
    for theta in np.linspace(0, math.pi, 7):
        psi = np.array([math.cos(theta / 2), math.sin(theta / 2)])  # RY(theta)|0>
        z = (math.pi / 2 - theta) * 2 / math.pi  # htanh_1(z) = 1 - 2 theta/pi
        assert prob_minus(np.array([z]), "weak_measurement", 1.0, g)[0] == pytest.approx(
            np.linalg.norm(k1 @ psi) ** 2)


def test_projective_and_uninformative_limits():
    k0, k1 = kraus_operators(math.pi / 2)
    assert np.allclose(k0, np.diag([1, 0])) and np.allclose(k1, np.diag([0, 1]))
    k0, k1 = kraus_operators(0.0)
    assert np.allclose(k0, np.eye(2) / math.sqrt(2)) and np.allclose(k1, k0)


def test_classical_limit_probabilities_are_exactly_zero_or_one():
    z = np.array([-3.0, -1e-9, 0.0, 1e-9, 2.0])
    assert list(htanh(z, 0)) == [-1, -1, 1, 1, 1]
    for scheme in ("rotation", "weak_measurement"):
        assert list(prob_minus(z, scheme, 0.0, math.pi / 2)) == [1, 1, 0, 0, 0]


def test_rotation_angle_and_mean_spin():
    z = np.linspace(-2, 2, 9)
    assert np.allclose(rotation_angle(z, 1.0), math.pi / 2 * (1 - np.clip(z, -1, 1)))
    for scheme, g in (("rotation", math.pi / 2), ("weak_measurement", 0.7)):
        mean, slope = mean_spin(z, scheme, 1.0, g)
        assert np.allclose(mean, 1 - 2 * prob_minus(z, scheme, 1.0, g))
        eps = 1e-6
        inside = np.abs(z) < 1 - 1e-3
        numeric = (mean_spin(z + eps, scheme, 1.0, g)[0] - mean_spin(z - eps, scheme, 1.0, g)[0])
        assert np.allclose(slope[inside], numeric[inside] / (2 * eps), atol=1e-5)
