"""T factories: unit formulas, unit counts and a known factory of the estimator."""

import math

import pytest

from qdl.estimators.factories import (
    SPACE_EFFICIENT, find_factories, pareto, successes_quantile, units_needed)
from qdl.estimators.qubit_profiles import profile, qec_scheme


def test_unit_formulas():
    assert SPACE_EFFICIENT.output_error(1e-3, 0) == pytest.approx(35e-9)
    assert SPACE_EFFICIENT.failure_probability(1e-3, 1e-5) == pytest.approx(0.015 + 356e-5)


def test_quantile_matches_direct_cdf():
    # P(X ≤ k) ≥ u with X ~ Bin(n, 1 − q): compare with the explicit sum
    for n, q, u in [(16, 0.05, 0.005), (40, 0.3, 0.0033), (5, 0.001, 0.005)]:
        k = successes_quantile(n, q, u)
        cdf = lambda k: sum(math.comb(n, j) * (1 - q)**j * q**(n - j) for j in range(k + 1))
        assert cdf(k) >= u and (k == 0 or cdf(k - 1) < u)


def test_units_needed_is_minimal():
    n = units_needed(15, SPACE_EFFICIENT, 0.05, 0.005)
    assert successes_quantile(n, 0.05, 0.005) >= 15 > successes_quantile(n - 1, 0.05, 0.005)


def test_known_factory_ns_e4():
    """The estimator's factory for 10^9 T on qubit_gate_ns_e4 (target 5e-13, d ≤ 15): two
    space-efficient rounds, 16 units at d = 3 then 1 at d = 13: 6,760 qubits, 83.2 µs."""
    p = profile("qubit_gate_ns_e4")
    found = find_factories(p, qec_scheme("surface_code", p), 5e-13, 15)
    best = min(found, key=lambda f: f.normalized_volume)
    assert (best.qubits, best.duration, best.outputs) == (6760, 83200, 1)
    assert [(r.unit, r.distance, r.units) for r in best.rounds] == [
        ("15-to-1 space efficient", 3, 16), ("15-to-1 space efficient", 13, 1)]
    assert best.output_error <= 5e-13
    assert pareto(found) == list(found)
