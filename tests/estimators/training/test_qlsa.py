import math

import pytest

from qdl.estimators.training.qlsa import (amplification_runs, filter_queries, solver_queries,
                                          walk_steps)


def test_walk_constants_are_the_published_ones():
    assert walk_steps(100, "rigorous") == 230500                 # Costa et al. 2022
    assert walk_steps(100, "empirical") == 184                   # Costa et al. 2023: 1.84κ


def test_filter_degree_meets_lin_tong_error():
    for kappa, eps in [(10, 1e-3), (1000, 1e-6)]:
        q = filter_queries(kappa, eps)
        ell = q // 2
        assert 2 * math.exp(-math.sqrt(2) * ell / kappa) <= eps
        assert 2 * math.exp(-math.sqrt(2) * (ell - 1) / kappa) > eps


def test_solver_counts_walk_plus_filter_and_two_preparations_per_walk_step():
    calls, preps = solver_queries(50, 1e-3, "rigorous")
    assert calls == math.ceil(2305 * 50) + filter_queries(50, 1e-3)
    assert preps == 2 * math.ceil(2305 * 50)


def test_amplitude_amplification_runs():
    assert amplification_runs(1.0) == 1
    assert amplification_runs(0.6) == 1
    assert amplification_runs(0.25) == 3           # one Grover round rotates 30° to 90°
    assert amplification_runs(1e-4) == 2 * math.ceil(math.pi / (4 * math.asin(0.01)) - 0.5) + 1
    with pytest.raises(ValueError):
        amplification_runs(0.0)
