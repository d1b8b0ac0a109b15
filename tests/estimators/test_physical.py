"""Physical estimates: known answers of the Microsoft Resource Estimator (qdk 1.33.1, run
here) for the same inputs, the Cost mapping, constraints and bad inputs."""

import pytest

from qdl.circuits.cost import MIXED_FALLBACK, Cost, rotation_t_count
from qdl.errors import ParameterError
from qdl.estimators.physical import ErrorBudget, LogicalCounts, estimate

ISSUE = LogicalCounts(num_qubits=1000, t_count=10**9)
MIXED = LogicalCounts(num_qubits=100, t_count=10**6, rotation_count=1000, rotation_depth=100,
                      ccz_count=10, ccix_count=5, measurement_count=7)


def test_issue_example_ns_e4():
    e = estimate(ISSUE, "qubit_gate_ns_e4")
    assert (e.physical_qubits, e.runtime_ns, e.code_distance, e.t_factories) == (
        1_035_590, 6_000_000_000_000, 15, 14)
    assert (e.logical_qubits, e.logical_depth, e.t_states, e.factory_runs) == (
        2091, 10**9, 10**9, 71_428_572)
    assert e.physical_qubits_for_factories == 94_640
    assert e.logical_error_rate == pytest.approx(3e-18)


@pytest.mark.parametrize("prof, qec, qubits, runtime, d, factories", [
    ("qubit_maj_ns_e4", "floquet_code", 457_320, 3_309_081_600, 11, 15),
    ("qubit_gate_us_e3", "surface_code", 330_020, 12_634_675_200_000, 21, 11),
])
def test_mixed_counts(prof, qec, qubits, runtime, d, factories):
    e = estimate(MIXED, prof, qec, synthesis=MIXED_FALLBACK)  # the estimator's model
    assert (e.physical_qubits, e.runtime_ns, e.code_distance, e.t_factories) == (
        qubits, runtime, d, factories)
    # ⌈0.53·log2(1000 / (1e-3/3)) + 4.86⌉ = 17 T per rotation
    assert e.t_per_rotation == 17
    assert e.logical_depth == 7 + 1000 + 10**6 + 3 * 15 + 17 * 100 == 1_002_752
    assert e.t_states == 10**6 + 4 * 15 + 17 * 1000 == 1_017_060


def test_layout_and_budget():
    assert LogicalCounts(num_qubits=1000).layout_qubits() == 2000 + 90 + 1
    assert LogicalCounts(num_qubits=2).layout_qubits() == 4 + 4 + 1   # √16 exact
    assert ErrorBudget.split(0.003, MIXED) == ErrorBudget(0.001, 0.001, 0.001)
    assert ErrorBudget.split(0.002, ISSUE) == ErrorBudget(0.001, 0.001, 0.0)


def test_cost_mapping():
    cost = Cost(qubits=95, t=3, toffoli=2, and_=31, rotations=4, rotation_t=120,
                rotation_depth=2, measurements=31, t_depth=9)
    assert LogicalCounts.from_cost(cost).as_qdk() == {
        "numQubits": 95, "tCount": 3, "rotationCount": 4, "rotationDepth": 2, "cczCount": 2,
        "ccixCount": 31, "measurementCount": 31}


def test_constraints_known_answers():
    c = LogicalCounts(num_qubits=100, t_count=10**6, rotation_count=1000, rotation_depth=100)
    one = estimate(c, max_factories=1, synthesis=MIXED_FALLBACK)
    assert (one.physical_qubits, one.runtime_ns, one.t_factories) == (276_660, 113_090_402_000, 1)
    small = estimate(c, max_physical_qubits=600_000, synthesis=MIXED_FALLBACK)
    assert (small.physical_qubits, small.runtime_ns) == (569_380, 10_281_003_600)


def test_bad_inputs():
    with pytest.raises(ParameterError, match="fits in"):
        estimate(ISSUE, max_physical_qubits=600_000)
    with pytest.raises(ParameterError, match=r"\(0, 1\)"):
        estimate(ISSUE, error_budget=1.5)
    with pytest.raises(ParameterError, match="no work"):
        estimate(LogicalCounts(num_qubits=3))
    with pytest.raises(ParameterError, match="code distance 1?[0-9][0-9] on qubit_gate_ns_e3, "
                                             "above the largest distance 50"):
        estimate(LogicalCounts(num_qubits=10**6, t_count=10**30))


def test_needed_distance_beyond_the_cap_is_the_uncapped_formula():
    from qdl.estimators.qubit_profiles import profile, qec_scheme

    e3 = profile("qubit_gate_ns_e3")
    scheme = qec_scheme("surface_code", e3)
    # P(d) = 0.03·(1e-3/0.01)^((d+1)/2): P(55) = 3e-30 > 2.9e-30 ≥ P(57) = 3e-31
    assert scheme.needed_distance(e3, 2.9e-30) == 57
    assert scheme.distance_for(e3, 2.9e-30) is None
    assert scheme.distance_for(e3, 2.9e-20) == scheme.needed_distance(e3, 2.9e-20) == 37


def test_default_synthesis_is_the_logical_counts_model():
    # one model: ε_syn/R per rotation through rotation_t_count, as the logical report prices it
    e = estimate(MIXED)
    assert e.t_per_rotation == rotation_t_count((1e-3 / 3) / 1000) == 65
    assert e.t_states == 10**6 + 4 * 15 + 65 * 1000


def test_rotations_synthesised_by_the_caller_split_the_budget_in_two():
    e = estimate(MIXED, error_budget=0.002, t_per_rotation=40)
    assert e.t_per_rotation == 40 and e.t_states == 10**6 + 4 * 15 + 40 * 1000
    assert ErrorBudget.split(0.002, MIXED, synthesised=True) == ErrorBudget(0.001, 0.001, 0.0)
