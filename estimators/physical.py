"""Physical resource estimation: from logical counts to physical qubits, runtime and factories.

The standard model of Beverland et al., "Assessing requirements to scale to practical quantum
advantage", arXiv:2211.07629 (2022), Appendices D–E, as implemented by the Microsoft Resource
Estimator (whose numbers qdl reproduces; docs/physical.md lists every formula):

* layout (App. D, PSSPC): Q algorithmic qubits occupy Q_L = 2Q + ⌈√(8Q)⌉ + 1 logical qubits;
* rotations: each is synthesised to precision ε_syn/R (R rotations, ε_syn the rotation share
  of the error budget) with qdl's one synthesis model, qdl.circuits.cost.SYNTHESIS
  (⌈3·log2(R/ε_syn)⌉, Ross–Selinger), the model the logical counts use; the estimator's own
  ⌈0.53·log2(R/ε_syn) + 4.86⌉ (MIXED_FALLBACK) is selected with ``synthesis=`` to reproduce
  its numbers. A caller whose rotations are already synthesised within its own error budget
  (a network report) passes ``t_per_rotation`` and the budget is split in two;
* logical depth C = measurements + rotations + T + 3·(CCZ + CCiX) + T_rot·rotation_depth cycles;
* T states M = T + 4·(CCZ + CCiX) + T_rot·rotations;
* error budget ε: ε/3 each to logical errors, T distillation and rotation synthesis, or ε/2 each
  to the first two when there are no rotations;
* code distance: the smallest odd d with P(d) ≤ ε_log / (Q_L · C) (qubit_profiles);
* factories: the least-volume factory (factories module) with output error ≤ ε_T / M, and as
  many copies as needed to deliver M states in C cycles. If no factory fits in the runtime,
  the runtime is stretched to what the code distance's error budget allows; beyond that the
  distance grows.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from qdl.circuits.cost import SYNTHESIS, RotationSynthesis
from qdl.errors import ParameterError
from qdl.estimators.factories import Factory, find_factories
from qdl.estimators.qubit_profiles import (
    DEFAULT_PROFILE, QecScheme, QubitProfile, profile as lookup_profile, qec_scheme)

#: Logical cycles per CCZ/CCiX in the PSSPC layout (3 measurements in sequence).
CYCLES_PER_CCZ = 3
DEFAULT_ERROR_BUDGET = 1e-3


@dataclass(frozen=True)
class LogicalCounts:
    """The estimator's input (the fields of its ``LogicalCounts``)."""

    num_qubits: int
    t_count: int = 0
    rotation_count: int = 0
    rotation_depth: int = 0
    ccz_count: int = 0
    ccix_count: int = 0
    measurement_count: int = 0
    #: logical cycles of a parallel schedule's critical path (qdl's network schedules); None:
    #: the standard model's C, every operation in sequence
    scheduled_depth: int | None = None

    @classmethod
    def from_cost(cls, cost) -> "LogicalCounts":
        """qdl's Cost to the estimator's counts (docs/physical.md, "Mapping"): explicit T gates
        are T, Toffolis are CCZ, temporary ANDs are CCiX (both 4 T states and 3 cycles);
        rotations stay rotations, synthesised by the estimator's own model, so qdl's
        ``rotation_t`` is not added (that would count them twice)."""
        return cls(num_qubits=cost.qubits, t_count=cost.t, rotation_count=cost.rotations,
                   rotation_depth=cost.rotation_depth, ccz_count=cost.toffoli,
                   ccix_count=cost.and_, measurement_count=cost.measurements)

    def as_qdk(self) -> dict[str, int]:
        """The estimator's JSON field names (qsharp.estimator.LogicalCounts)."""
        return {"numQubits": self.num_qubits, "tCount": self.t_count,
                "rotationCount": self.rotation_count, "rotationDepth": self.rotation_depth,
                "cczCount": self.ccz_count, "ccixCount": self.ccix_count,
                "measurementCount": self.measurement_count}

    def layout_qubits(self) -> int:
        """Q_L = 2Q + ⌈√(8Q)⌉ + 1 (Beverland et al. App. D, Eq. (D1))."""
        q = self.num_qubits
        return 2 * q + (math.isqrt(8 * q - 1) + 1 if q > 0 else 0) + 1

    def t_per_rotation(self, rotation_budget: float,
                       synthesis: RotationSynthesis = SYNTHESIS) -> int:
        """T per rotation with each rotation synthesised to ε_syn / R."""
        if self.rotation_count == 0:
            return 0
        return synthesis.t_per_rotation(rotation_budget / self.rotation_count)

    def logical_depth(self, t_per_rotation: int) -> int:
        if self.scheduled_depth is not None:
            return self.scheduled_depth
        return (self.measurement_count + self.rotation_count + self.t_count
                + CYCLES_PER_CCZ * (self.ccz_count + self.ccix_count)
                + t_per_rotation * self.rotation_depth)

    def t_states(self, t_per_rotation: int) -> int:
        return (self.t_count + 4 * (self.ccz_count + self.ccix_count)
                + t_per_rotation * self.rotation_count)


@dataclass(frozen=True)
class ErrorBudget:
    logical: float
    t_states: float
    rotations: float

    @classmethod
    def split(cls, total: float, counts: LogicalCounts, synthesised: bool = False
              ) -> "ErrorBudget":
        """ε/3 each, or ε/2 to logical errors and T states when there are no rotations or
        they were synthesised within the caller's own budget (``synthesised``)."""
        if not 0 < total < 1:
            raise ParameterError(f"error budget must lie in (0, 1), got {total}",
                                 "use for example 0.001")
        if counts.rotation_count > 0 and not synthesised:
            return cls(total / 3, total / 3, total / 3)
        return cls(total / 2, total / 2, 0.0)


@dataclass(frozen=True)
class PhysicalEstimate:
    profile: str
    qec: str
    error_budget: float
    code_distance: int
    logical_qubits: int
    logical_depth: int
    algorithmic_logical_depth: int
    t_states: int
    t_per_rotation: int
    logical_cycle_time_ns: int
    logical_error_rate: float
    physical_qubits_per_logical_qubit: int
    t_factories: int
    factory_runs: int
    factory: Factory | None
    physical_qubits_for_algorithm: int
    physical_qubits_for_factories: int

    @property
    def physical_qubits(self) -> int:
        return self.physical_qubits_for_algorithm + self.physical_qubits_for_factories

    @property
    def runtime_ns(self) -> int:
        return self.logical_depth * self.logical_cycle_time_ns

    @property
    def runtime_seconds(self) -> float:
        return self.runtime_ns * 1e-9

    def section(self) -> dict:
        """The report's ``physical`` section (docs/report-schema.md)."""
        out = {"profile": self.profile, "physical_qubits": self.physical_qubits,
               "runtime_seconds": self.runtime_seconds, "code_distance": self.code_distance,
               "t_factories": self.t_factories, "logical_qubits": self.logical_qubits,
               "logical_depth": self.logical_depth, "t_states": self.t_states,
               "logical_error_rate": self.logical_error_rate}
        details = asdict(self)
        details.pop("factory")
        details.update(runtime_ns=self.runtime_ns,
                       factory=self.factory.as_dict() if self.factory else None)
        return {**out, **{k: v for k, v in details.items() if k not in out}}


class EstimationProblem:
    """The fixed inputs of one estimate and the quantities derived from them."""

    def __init__(self, counts: LogicalCounts, profile_name: str, qec: str, budget: float,
                 synthesis: RotationSynthesis = SYNTHESIS, t_per_rotation: int | None = None):
        self.counts = counts
        self.profile: QubitProfile = lookup_profile(profile_name)
        self.scheme: QecScheme = qec_scheme(qec, self.profile)
        self.budget = ErrorBudget.split(budget, counts, synthesised=t_per_rotation is not None)
        self.total_budget = budget
        self.layout = counts.layout_qubits()
        self.t_rot = (t_per_rotation if t_per_rotation is not None
                      else counts.t_per_rotation(self.budget.rotations, synthesis))
        self.depth = counts.logical_depth(self.t_rot)
        self.states = counts.t_states(self.t_rot)
        if self.states == 0 and self.depth == 0:
            raise ParameterError("the logical counts describe no work (no T states, no depth)",
                                 "give at least one T gate, rotation, Toffoli or measurement")
        self.target = self.budget.t_states / self.states if self.states else None

    def distance(self, cycles: int) -> int:
        required = self.budget.logical / (self.layout * cycles)
        d = self.scheme.distance_for(self.profile, required)
        if d is None:
            # say how far off it is: the distance needed, not only that none up to the cap
            # works (the cap is the Azure estimator's, and a user picks a profile by it)
            needed = self.scheme.needed_distance(self.profile, required)
            raise ParameterError(
                f"{self.layout:,} logical qubits over {cycles:,} cycles need a logical error "
                f"rate of {required:.2g} per qubit-cycle: code distance {needed} on "
                f"{self.profile.name}, above the largest distance {self.scheme.max_distance}",
                "choose a profile with a lower physical error rate (e.g. qubit_gate_ns_e4), "
                "raise the error budget, or shorten the circuit")
        return d

    def max_cycles(self, d: int) -> int:
        """Most cycles distance d affords within the logical error budget."""
        rate = self.scheme.logical_error_rate(self.profile, d)
        return math.floor(self.budget.logical / (self.layout * rate))

    def factories(self, d: int) -> tuple[Factory, ...]:
        return find_factories(self.profile, self.scheme, self.target, d)

    def factories_descending(self, d: int) -> tuple[Factory, ...]:
        """Factories for distances tried from high to low: the last search is reused while
        every factory it found fits within distance d (as the estimator does)."""
        top, found = getattr(self, "_descending", (None, ()))
        if top is None or top > d:
            found = self.factories(d)
            top = max((f.rounds[-1].distance for f in found), default=0)
            self._descending = (top, found)
        return found

    def copies(self, factory: Factory, d: int, cycles: int) -> int:
        """Factories needed to deliver every T state within ``cycles`` logical cycles: each
        copy completes ⌊runtime / factory duration⌋ whole runs."""
        runs_each = cycles * self.scheme.logical_cycle_time(d) // factory.duration
        return -(-self.states // (factory.outputs * runs_each))

    def cycles_for(self, factory: Factory, copies: int, d: int) -> int:
        """Logical cycles ``copies`` factories need to deliver every T state."""
        runs = -(-self.states // (copies * factory.outputs))
        return -(-(runs * factory.duration) // self.scheme.logical_cycle_time(d))

    def result(self, d: int, cycles: int, factory: Factory | None, copies: int
               ) -> PhysicalEstimate:
        runs = -(-self.states // (copies * factory.outputs)) if factory else 0
        per_logical = self.scheme.physical_qubits(d)
        return PhysicalEstimate(
            profile=self.profile.name, qec=self.scheme.name, error_budget=self.total_budget,
            code_distance=d, logical_qubits=self.layout, logical_depth=cycles,
            algorithmic_logical_depth=self.depth, t_states=self.states,
            t_per_rotation=self.t_rot,
            logical_cycle_time_ns=self.scheme.logical_cycle_time(d),
            logical_error_rate=self.scheme.logical_error_rate(self.profile, d),
            physical_qubits_per_logical_qubit=per_logical, t_factories=copies,
            factory_runs=runs, factory=factory,
            physical_qubits_for_algorithm=self.layout * per_logical,
            physical_qubits_for_factories=copies * factory.qubits if factory else 0)


def estimate(counts: LogicalCounts, profile: str = DEFAULT_PROFILE, qec: str = "surface_code",
             error_budget: float = DEFAULT_ERROR_BUDGET, max_factories: int | None = None,
             max_physical_qubits: int | None = None, synthesis: RotationSynthesis = SYNTHESIS,
             t_per_rotation: int | None = None) -> PhysicalEstimate:
    """The physical cost of running ``counts`` once on the named machine (see module doc)."""
    problem = EstimationProblem(counts, profile, qec, error_budget, synthesis, t_per_rotation)
    if max_factories is not None and max_factories < 1 and problem.states:
        raise ParameterError(f"max_factories must be at least 1, got {max_factories}",
                             "allow one factory or more")
    if max_physical_qubits is not None:
        return _with_max_qubits(problem, max_physical_qubits, max_factories)
    return _unconstrained(problem, max_factories)


def least_volume(candidates):
    return min(candidates, key=lambda f: f.normalized_volume, default=None)


def _unconstrained(problem: EstimationProblem, max_factories: int | None) -> PhysicalEstimate:
    cycles = problem.depth
    while True:
        d = problem.distance(cycles)
        if not problem.states:
            return problem.result(d, cycles, None, 0)
        cycle_time = problem.scheme.logical_cycle_time(d)
        allowed = problem.max_cycles(d)
        factories = problem.factories(d)
        # First choice: a factory that finishes within the algorithm's runtime.
        fits = [f for f in factories if f.duration <= cycles * cycle_time and
                (max_factories is None or problem.copies(f, d, cycles) <= max_factories)]
        best = least_volume(fits)
        if best is not None:
            return problem.result(d, cycles, best, problem.copies(best, d, cycles))
        # Otherwise stretch the runtime as far as this distance's error budget allows.
        if max_factories is None:
            options = [(f, -(-f.duration // cycle_time)) for f in factories]
        else:
            options = [(f, problem.cycles_for(f, max_factories, d)) for f in factories]
        options = [(f, c) for f, c in options if c <= allowed]
        if options:
            best, need = min(options, key=lambda fc: (fc[0].normalized_volume, fc[1]))
            return problem.result(d, need, best, problem.copies(best, d, need))
        cycles = allowed + 1


def _with_max_qubits(problem: EstimationProblem, max_qubits: int, max_factories: int | None
                     ) -> PhysicalEstimate:
    """Fastest estimate within ``max_qubits`` physical qubits, trying every distance."""
    d_min = problem.distance(problem.depth)
    if not problem.states:
        if problem.layout * problem.scheme.physical_qubits(d_min) <= max_qubits:
            return problem.result(d_min, problem.depth, None, 0)
        raise ParameterError(f"the algorithm alone needs more than {max_qubits:,} physical "
                             "qubits", "raise max_physical_qubits or the error budget")
    best: PhysicalEstimate | None = None
    for d in reversed(problem.scheme.distances(d_min)):
        algorithm = problem.layout * problem.scheme.physical_qubits(d)
        allowed = problem.max_cycles(d)
        if algorithm >= max_qubits or allowed < problem.depth:
            continue
        cached = problem.factories_descending(d)
        spare = max_qubits - algorithm
        factory = least_volume(f for f in cached if f.qubits <= spare)
        if factory is None:
            continue
        copies = spare // factory.qubits
        cycles = max(problem.cycles_for(factory, copies, d), problem.depth)
        if cycles > allowed or (max_factories is not None and copies > max_factories):
            continue
        result = problem.result(d, cycles, factory, copies)
        if best is None or result.runtime_ns < best.runtime_ns:
            best = result
    if best is None:
        raise ParameterError(f"no estimate fits in {max_qubits:,} physical qubits",
                             "raise max_physical_qubits or the error budget")
    return best
