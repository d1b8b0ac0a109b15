import math

import pytest

from qdl.estimators.natural_qnn.data import load_digits_split
from qdl.estimators.natural_qnn.stats import chi_square_quantile, mean_and_error
from qdl.estimators.natural_qnn.sweep import critical_g, summarise, train_and_score
from qdl.estimators.natural_qnn.training import TrainSettings


def _row(param, value, err, stderr=0.01):
    return {param: value, "error": err, "error_stderr": stderr, "vote_error": err,
            "vote_error_stderr": stderr}


def test_critical_g_interpolates_the_halfway_crossing():
    rows = [_row("g", math.pi / 2, 0.1), _row("g", 1.0, 0.3), _row("g", 0.5, 0.7)]
    level = (0.1 + 0.9) / 2
    assert critical_g(rows) == pytest.approx(1.0 + (level - 0.3) / 0.4 * (0.5 - 1.0))
    assert critical_g(rows[:2]) is None


def test_summary_reports_minimum_inside_quantum_regime_with_error_bars():
    rows = [_row("a", 0.0, 0.20, 0.02), _row("a", 1.0, 0.15, 0.01), _row("a", 4.0, 0.5)]
    best = summarise("a", rows)["min_error"]
    assert best["a"] == 1.0 and best["inside_quantum_regime"]
    assert best["improvement"] == pytest.approx(0.05)
    assert best["improvement_in_stderr"] == pytest.approx(0.05 / math.hypot(0.02, 0.01))


def test_stats_helpers():
    assert mean_and_error([1.0, 3.0]) == (2.0, 1.0)
    # table value 29.59; Wilson–Hilferty is within 1 % at this dof
    assert chi_square_quantile(10, 1e-3) == pytest.approx(29.59, rel=0.01)


def test_training_learns_digits():
    split = load_digits_split(300, 300, 0)
    _, scores = train_and_score(split, [32], "rotation", 1.0, math.pi / 2, 0,
                                TrainSettings(epochs=10), shots=5)
    assert scores["error"] < 0.3 and scores["vote_error"] < 0.3  # chance is 0.9
