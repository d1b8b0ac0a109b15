"""The iterative AE protocol (Grinko et al. 2021) with exact binomial sampling."""

import math

import numpy as np

from qdl.circuits.qlam.ae_protocol import find_next_k, iterative_ae
from qdl.circuits.qlam.amplitude_estimation import iterative_query_bound


def test_protocol_with_exact_binomial_sampling():
    rng = np.random.default_rng(1)
    for a in (0.0, 0.02, 0.5, 0.77, 1.0):
        theta = math.asin(math.sqrt(a))
        fails = 0
        for _ in range(100):
            res = iterative_ae(lambda k, n: rng.binomial(n, math.sin((2 * k + 1) * theta) ** 2),
                               0.01, 0.05)
            fails += abs(res.estimate - a) > 0.01
            assert res.interval[0] <= res.estimate <= res.interval[1]
        assert fails <= 5


def test_find_next_k_keeps_the_scaled_interval_in_one_half_turn():
    k, upper = find_next_k(0, True, 0.20, 0.22)
    big = 4 * k + 2
    lo, hi = big * 0.20 % (2 * math.pi), big * 0.22 % (2 * math.pi)
    assert k > 0 and lo <= hi
    assert hi <= math.pi if upper else lo >= math.pi
    assert find_next_k(k, upper, 0.20, 0.22)[0] == k  # no larger K fits: stay


def test_queries_stay_below_the_theorem_bound():
    rng = np.random.default_rng(2)
    for eps in (0.05, 0.01, 0.002):
        theta = math.asin(math.sqrt(0.37))
        res = iterative_ae(lambda k, n: rng.binomial(n, math.sin((2 * k + 1) * theta) ** 2),
                           eps, 0.05)
        assert res.queries <= iterative_query_bound(eps, 0.05)
        assert res.interval[1] - res.interval[0] <= 2 * eps
