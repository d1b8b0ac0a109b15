"""The Table-3 convention study: exact binomial K, failure intervals, ratios, ordering flip."""

import math

import pytest

from qdl.estimators import readout, readout_table3
from qdl.estimators import readout_conventions as rc

D = 65536


def test_binomial_median_repetitions_known_values():
    # success 0.9: K = 1 fails w.p. 0.1; K = 3 fails iff ≥ 2 runs fail: 0.1³ + 3·0.1²·0.9 = 0.028
    assert rc.binomial_median_repetitions(0.1, success=0.9) == 1
    assert rc.binomial_median_repetitions(0.03, success=0.9) == 3
    assert rc.binomial_median_repetitions(0.027, success=0.9) == 5
    # the exact tail is never looser than Hoeffding's bound
    for f in (0.1, 0.01, 1e-3, 1e-6):
        assert rc.binomial_median_repetitions(f) <= readout.ae_repetitions(f)


@pytest.mark.parametrize("k", [3, 9, 17, 25])
def test_failure_interval_brackets_the_rules(k):
    lo, hi = rc.failure_interval("hoeffding", k)
    assert readout.ae_repetitions(lo) == k and readout.ae_repetitions(hi * 0.9999) == k
    assert readout.ae_repetitions(hi * 1.0001) < k
    lo, hi = rc.failure_interval("binomial", k)
    assert rc.binomial_median_repetitions(lo) == k
    assert rc.binomial_median_repetitions(hi * 0.9999) == k
    assert rc.binomial_median_repetitions(hi * 1.0001) < k


def test_default_ratio_is_qdls_constant_ratio():
    const = readout_table3.constants(D)
    assert rc.ratio(rc.Convention(), D) == pytest.approx(const["model_tomography_over_dcd"],
                                                         rel=2e-3)
    assert rc.seed_ratio() == pytest.approx(3.96e-3 / 5.22e-4)


def test_ratio_moves_as_each_convention_predicts():
    base = rc.ratio(rc.Convention(), D)
    assert rc.ratio(rc.Convention(sign_stage=False), D) == pytest.approx(base / 2, rel=1e-6)
    # M evaluations instead of 2M − 1 calls: almost exactly twice the ratio
    assert rc.ratio(rc.Convention(ae_unit="evaluations"), D) == pytest.approx(2 * base, rel=1e-3)
    # K = 1 instead of 25
    assert rc.ratio(rc.Convention(confidence="single"), D) == pytest.approx(25 * base, rel=1e-9)
    # ℓ2 budget: η = ε/√r is √10 larger at r = 10, so M and the cost shrink by √10
    assert rc.ratio(rc.Convention(budget="l2"), D) == pytest.approx(math.sqrt(10) * base, rel=2e-3)


def test_shape_deviation_flags_conventions_that_break_r_squared():
    assert rc.dcd_shape_deviation(rc.Convention(), D) == pytest.approx(
        readout_table3.compare(D)["deviations"]["within_protocol"], abs=0.01)
    assert rc.dcd_shape_deviation(rc.Convention(budget="l2"), D) > 0.5
    assert rc.dcd_shape_deviation(rc.Convention(failure="total"), D) > 0.1


def test_ordering_flip_follows_the_crossover():
    rows = rc.ordering(D)
    base = rc.ratio(rc.Convention(), D)
    for r in rows:
        edge = rc.crossover_precision(base, r["rank"])
        if abs(r["precision"] / edge - 1) > 0.05:
            assert (r["model_cheaper"] == "tomography") == (r["precision"] > edge)
    flips = {(r["rank"], r["precision"]) for r in rows if r["flipped"]}
    assert flips == {(10, 0.04), (15, 0.02), (20, 0.01), (25, 0.01), (30, 0.004)}


def test_matching_repetitions_is_closest():
    m = rc.matching_repetitions(rc.Convention(), D)
    assert m["K"] == 9
    for k in (m["K"] - 2, m["K"] + 2):
        assert abs(rc.ratio(rc.Convention(), D, k=k) / rc.seed_ratio() - 1) >= \
            abs(m["ratio_over_seed"] - 1)


def test_section_has_verdict_and_tables():
    sec = rc.section(D)
    assert "ordering flip" in sec["verdict"] and len(sec["tables"]) == 3
    assert sec["consistent_conventions"] == []
