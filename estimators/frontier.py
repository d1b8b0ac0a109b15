"""The space–time frontier: fewer T factories (qubits) against a longer runtime.

For every code distance d from the largest down to the smallest the error budget allows, the
least-volume factory that fits in the runtime d affords is copied n times, n from the fewest
that still deliver every T state in time up to the number that keeps pace with the algorithm;
each (d, n) gives one (physical qubits, runtime) point and the non-dominated points are the
frontier (the Microsoft estimator's "frontier" estimate type; Beverland et al. Sec. IV.C).
"""

from __future__ import annotations

from qdl.circuits.cost import SYNTHESIS, RotationSynthesis
from qdl.estimators.physical import (
    DEFAULT_ERROR_BUDGET, LogicalCounts, PhysicalEstimate, least_volume, EstimationProblem)
from qdl.estimators.qubit_profiles import DEFAULT_PROFILE


def frontier(counts: LogicalCounts, profile: str = DEFAULT_PROFILE, qec: str = "surface_code",
             error_budget: float = DEFAULT_ERROR_BUDGET,
             synthesis: RotationSynthesis = SYNTHESIS) -> list[PhysicalEstimate]:
    """Pareto-optimal estimates, fastest first (runtime ascending, qubits descending)."""
    problem = EstimationProblem(counts, profile, qec, error_budget, synthesis)
    d_min = problem.distance(problem.depth)
    if not problem.states:
        return [problem.result(d_min, problem.depth, None, 0)]
    points: list[PhysicalEstimate] = []
    for d in reversed(problem.scheme.distances(d_min)):
        allowed = problem.max_cycles(d)
        if allowed < problem.depth:
            continue
        cycle_time = problem.scheme.logical_cycle_time(d)
        factory = least_volume(f for f in problem.factories_descending(d)
                                if -(-f.duration // cycle_time) <= allowed)
        if factory is None:
            continue
        copies = problem.copies(factory, d, allowed)
        while True:
            need = problem.cycles_for(factory, copies, d)
            result = problem.result(d, max(need, problem.depth), factory, copies)
            points.append(result)
            if need <= problem.depth or result.factory_runs <= 1:
                break
            copies += 1
    return non_dominated(points)


def non_dominated(points: list, first=lambda p: p.runtime_ns,
                  second=lambda p: p.physical_qubits) -> list:
    """Points no other point beats on both measures (default: runtime and physical qubits),
    ascending in the first, strictly falling in the second (also the network schedules'
    qubits–T-depth frontier, qdl.estimators.network.schedule)."""
    front: list = []
    for p in sorted(points, key=lambda p: (first(p), second(p))):
        if not front or second(p) < second(front[-1]):
            front.append(p)
    return front


def frontier_section(points: list[PhysicalEstimate]) -> list[dict]:
    """The report's ``physical_frontier`` section: one row per frontier point."""
    return [{"physical_qubits": p.physical_qubits, "runtime_seconds": p.runtime_seconds,
             "code_distance": p.code_distance, "t_factories": p.t_factories,
             "logical_depth": p.logical_depth} for p in points]
