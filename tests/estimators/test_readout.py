"""Readout cost models against the papers' formulas, exactly."""

import math

import numpy as np
import pytest

from qdl.errors import ParameterError
from qdl.estimators import readout
from qdl.estimators.readout_protocols import ae_distribution


@pytest.mark.parametrize("d,delta", [(64, 0.05), (1024, 0.01), (65536, 0.001), (10, 0.3)])
def test_tomography_sample_counts_are_the_papers(d, delta):
    s_inf = math.ceil(36 * math.log(d) / delta**2)
    s_l2 = math.ceil(36 * d * math.log(d) / delta**2)
    linf = readout.tomography_linf(d, delta)
    assert linf.constants["S"] == s_inf
    assert linf.stages == {"magnitudes": s_inf, "signs": s_inf}
    assert linf.samples == linf.queries == 2 * s_inf
    assert readout.tomography_linf(d, delta, sign_stage=False).queries == s_inf
    l2 = readout.tomography_l2(d, delta)
    assert l2.samples == l2.queries == 2 * s_l2


def test_tomography_grows_as_one_over_delta_squared():
    q = [readout.tomography_linf(4096, d).queries for d in (0.02, 0.01, 0.005)]
    assert q[1] / q[0] == pytest.approx(4, rel=1e-6)
    assert q[2] / q[1] == pytest.approx(4, rel=1e-6)


@pytest.mark.parametrize("eta", [0.5, 0.1, 1e-3, 1e-5])
def test_ae_evaluations_is_the_smallest_m_meeting_brassard_bound(eta):
    m = readout.ae_evaluations(eta)
    assert 2 * (math.pi / m + math.pi**2 / m**2) <= eta
    assert m == 1 or 2 * (math.pi / (m - 1) + math.pi**2 / (m - 1) ** 2) > eta
    assert m == pytest.approx(2 * math.pi / eta, rel=0.6 if eta > 0.2 else 0.1)


def test_ae_repetitions_meet_the_hoeffding_bound_and_are_odd():
    for failure in (0.2, 0.05, 0.01, 1e-6):
        k = readout.ae_repetitions(failure)
        gap = 8 / math.pi**2 - 0.5
        assert k % 2 == 1
        assert math.exp(-2 * k * gap**2) <= failure
        assert math.exp(-2 * (k - 2) * gap**2) > failure
    assert readout.ae_repetitions(0.01) == 25  # ⌈ln 100 / 0.19291⌉ = 24, made odd


@pytest.mark.parametrize("r,eps", [(10, 0.001), (8, 0.01), (30, 0.04), (1, 0.5)])
def test_dcd_queries_formula(r, eps):
    cost = readout.dcd(4096, r, eps, failure=0.01)
    m, k = readout.ae_evaluations(eps / r), readout.ae_repetitions(0.01)
    assert cost.constants["M"] == m and cost.constants["K"] == k
    assert cost.queries == r * k * (2 * m - 1)
    assert cost.samples == r * k


def test_dcd_grows_as_r_squared_over_epsilon_and_not_with_n():
    base = readout.dcd(1024, 10, 0.001).queries
    assert readout.dcd(1024, 20, 0.001).queries / base == pytest.approx(4, rel=2e-3)
    assert readout.dcd(1024, 10, 0.0005).queries / base == pytest.approx(2, rel=2e-3)
    assert readout.dcd(2**30, 10, 0.001).queries == base
    assert base == pytest.approx(4 * math.pi * 25 * 10**2 / 0.001, rel=2e-3)


def test_the_single_run_ae_bound_holds_for_the_exact_outcome_law():
    # Brassard et al. Thm 12: |ã − a| ≤ 2π√(a(1−a))/M + π²/M² with probability ≥ 8/π².
    bits = 7
    m = 1 << bits
    for a in (0.02, 0.3, 0.5, 0.77, 0.99):
        p = ae_distribution(a, bits)
        est = np.sin(np.pi * np.arange(m) / m) ** 2
        bound = 2 * math.pi * math.sqrt(a * (1 - a)) / m + math.pi**2 / m**2
        assert p[np.abs(est - a) <= bound].sum() >= 8 / math.pi**2


@pytest.mark.parametrize("call,match", [
    (lambda: readout.dcd(16, 17, 0.1), "larger than the state's size"),
    (lambda: readout.dcd(16, 4, 0.0), "epsilon must be a positive"),
    (lambda: readout.dcd(16, 4, -1.0), "epsilon must be a positive"),
    (lambda: readout.dcd(16, 0, 0.1), "rank must be a positive"),
    (lambda: readout.dcd(16, 4, 0.1, failure=1.0), "failure probability"),
    (lambda: readout.tomography_linf(1, 0.1), "size must be"),
    (lambda: readout.tomography_l2(16, float("nan")), "delta must be"),
    (lambda: readout.readout_cost("shadow", 16, precision=0.1), "unknown readout protocol"),
])
def test_bad_inputs_raise_parameter_errors(call, match):
    with pytest.raises(ParameterError, match=match):
        call()


@pytest.mark.parametrize("d,delta", [(64, 0.05), (4096, 0.01)])
def test_tomography_at_a_chosen_failure_extends_the_theorem(d, delta):
    # f = 1/d^0.83 gives back 36·ln d/δ² (up to rounding); smaller f costs (36/1.83)·ln(d/f)/δ²
    f0 = readout.tomography_failure(d)
    assert readout.tomography_samples(d, delta, "linf", f0) in (
        math.ceil(36 * math.log(d) / delta**2), math.ceil(36 * math.log(d) / delta**2) + 1)
    s = readout.tomography_linf(d, delta, failure=1e-6).constants["S"]
    assert s == math.ceil(36 / 1.83 * math.log(d / 1e-6) / delta**2)
    assert readout.tomography_l2(d, delta, failure=1e-6).constants["S"] == math.ceil(
        36 / 1.83 * d * math.log(d / 1e-6) / delta**2)
