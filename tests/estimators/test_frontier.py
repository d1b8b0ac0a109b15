"""The space–time frontier."""

from qdl.circuits.cost import MIXED_FALLBACK
from qdl.estimators.frontier import frontier
from qdl.estimators.physical import LogicalCounts, estimate


def test_frontier_is_a_tradeoff_starting_at_the_default_estimate():
    counts = LogicalCounts(num_qubits=100, t_count=10**6, rotation_count=1000, rotation_depth=100)
    points = frontier(counts, synthesis=MIXED_FALLBACK)  # the estimator's synthesis model
    assert len(points) > 5
    runtimes = [p.runtime_ns for p in points]
    qubits = [p.physical_qubits for p in points]
    assert runtimes == sorted(runtimes) and qubits == sorted(qubits, reverse=True)
    assert len(set(runtimes)) == len(runtimes)
    fastest = estimate(counts, synthesis=MIXED_FALLBACK)
    assert (points[0].runtime_ns, points[0].physical_qubits) == (fastest.runtime_ns,
                                                                  fastest.physical_qubits)
    # points the estimator's frontier also lists (qdk 1.33.1)
    assert (8_699_292_000, 636_020) in zip(runtimes, qubits)
    assert points[-1].t_factories < points[0].t_factories
