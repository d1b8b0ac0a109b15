"""The qRAM n² tests on synthetic infidelities with known laws."""

import numpy as np
import pytest

from qdl.estimators import qram_scaling as qs

N = np.arange(1, 7, dtype=float)


def test_seed_law_data_is_recognised():
    gamma, k = 1e-3, 12.0
    y = 1 - np.exp(-k * gamma * N**2)
    out = qs.n_scaling(N, y, np.zeros_like(y), gamma, tol=0.01)
    lo, hi = out["exponent_saturating_ci"]
    assert lo <= 2 <= hi and out["exponent_saturating"] == pytest.approx(2, abs=1e-3)
    seed = next(f for f in out["fits"] if f["model"].startswith("seed"))
    assert seed["params"]["k"] == pytest.approx(k, rel=1e-4) and seed["chi2"] < 1e-6


def test_linear_data_rejects_n_squared():
    y = 0.01 + 0.03 * N
    out = qs.n_scaling(N, y, np.zeros_like(y), 1e-3, tol=0.01)
    assert not out["n2_inside_ci"]["saturating power 1−exp(−c·n^p)"]
    seed = next(f for f in out["fits"] if f["model"].startswith("seed"))
    assert seed["p_value"] < 1e-6


def test_sigmas_combine_error_and_tolerance():
    assert qs.sigmas([0.5, 0.1], [0.0, 0.03], 0.02) == pytest.approx([0.01, np.hypot(0.03, 0.002)])


def test_joint_law_recovers_one_k():
    rows = [{"address_bits": n, "damping_rate": g, "infidelity": 1 - np.exp(-7 * g * n * n),
             "std_error": 0.0} for g in (3e-4, 1e-3) for n in range(1, 6)]
    j = qs.joint_seed_law(rows, tol=0.01)
    assert j["params"]["k"] == pytest.approx(7, rel=1e-4) and j["dof"] == 9


def test_word_extrapolation_is_the_linear_prediction_with_a_band():
    w = np.array([1.0, 2, 3, 4, 5])
    y = 0.05 + 0.04 * w
    out = qs.word_scaling(w, y, np.full(5, 0.005), address_bits=2, tol=0.0)
    e32, e64 = out["extrapolation"]
    assert e32["linear_prediction"] == pytest.approx(0.05 + 0.04 * 32)
    assert e32["ci"][0] < e32["linear_prediction"] < e32["ci"][1]
    assert not e32["physical"] and "outside [0, 1]" in e32["note"]
    assert e64["ci"][1] - e64["ci"][0] > e32["ci"][1] - e32["ci"][0]
