"""T factories: rounds of 15-to-1 distillation units, and the search for the cheapest ones.

Model of Beverland et al., arXiv:2211.07629, Appendix C, with the Microsoft Resource
Estimator's default distillation units:

=========================  ==============================  =============================
unit                       physical level (d = 1)          logical level (distance d)
=========================  ==============================  =============================
15-to-1 RM prep            31 qubits, 24 measurement times 31 patches, 11 logical cycles
15-to-1 space efficient    12 qubits, 45 measurement times 20 patches, 13 logical cycles
=========================  ==============================  =============================

Both take 15 input T states of error ε and output one of error 35·ε³ + 7.1·ε_c, failing
(detectably) with probability 15·ε + 356·ε_c, where ε_c is the Clifford error of the level: the
profile's Clifford error at the physical level, the code's logical error rate P(d) at distance
d. A unit is usable at a level only if ε_c ≤ ε_T / 10 (ε_T the physical T gate error).

A factory is 1 to 3 rounds (4 if 3 cannot reach the target), each round n_i copies of one unit
at one level, the levels non-decreasing and the physical level only in the first round. The
rounds run one after the other on shared qubits: a factory's footprint is the largest round's,
its duration the sum of the rounds'. Working back from the last round, n_i is the smallest
number of units such that, with probability at least 1 − 0.01/k (k rounds), enough of them
succeed to feed the next round: the 0.01/k-quantile of Binomial(n_i, 1 − failure) times the
unit's outputs must cover the next round's inputs.

The search walks these factories with code distances up to the algorithm's distance (pruned as
``_search`` explains) and keeps the Pareto frontier of (physical qubits per output T state, duration); the estimator
then takes the factory of least normalised volume (qubits · duration / outputs) that fits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from statistics import NormalDist

from qdl.estimators.qubit_profiles import QecScheme, QubitProfile

#: Success probability a factory run must reach, split evenly over its rounds (Appendix C).
FACTORY_FAILURE_BUDGET = 0.01
MAX_ROUNDS, MAX_EXTRA_ROUNDS = 3, 4
#: A round needing this many units is not a reasonable factory.
MAX_UNITS = 10**15


@dataclass(frozen=True)
class DistillationUnit:
    name: str
    physical_qubits: int
    physical_cycles: int
    logical_patches: int
    logical_cycles: int
    inputs: int = 15
    outputs: int = 1

    @staticmethod
    def failure_probability(eps_in: float, eps_clifford: float) -> float:
        return 15 * eps_in + 356 * eps_clifford

    @staticmethod
    def output_error(eps_in: float, eps_clifford: float) -> float:
        return 35 * eps_in**3 + 7.1 * eps_clifford


RM_PREP = DistillationUnit("15-to-1 RM prep", 31, 24, 31, 11)
SPACE_EFFICIENT = DistillationUnit("15-to-1 space efficient", 12, 45, 20, 13)
UNITS = (RM_PREP, SPACE_EFFICIENT)


@dataclass(frozen=True)
class Level:
    """Where a unit runs: on physical qubits (distance 1) or on patches of distance d."""

    distance: int
    physical: bool
    qubits_per_site: int
    cycle_time: int
    clifford_error: float

    def qubits(self, unit: DistillationUnit) -> int:
        return self.qubits_per_site * (unit.physical_qubits if self.physical
                                       else unit.logical_patches)

    def duration(self, unit: DistillationUnit) -> int:
        return self.cycle_time * (unit.physical_cycles if self.physical else unit.logical_cycles)


@dataclass(frozen=True)
class Round:
    unit: str
    distance: int
    units: int
    qubits: int
    duration: int


@dataclass(frozen=True)
class Factory:
    rounds: tuple[Round, ...]
    #: T states one run delivers (with probability ≥ 1 − 0.01)
    outputs: int
    output_error: float
    input_states: int
    qubits: int = field(init=False)
    duration: int = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "qubits", max(r.qubits for r in self.rounds))
        object.__setattr__(self, "duration", sum(r.duration for r in self.rounds))

    @property
    def normalized_qubits(self) -> float:
        return self.qubits / self.outputs

    @property
    def normalized_volume(self) -> float:
        return self.qubits * self.duration / self.outputs

    def as_dict(self) -> dict:
        return {"physical_qubits": self.qubits, "duration_ns": self.duration,
                "output_t_states": self.outputs, "input_t_states": self.input_states,
                "output_error_rate": self.output_error,
                "rounds": [{"unit": r.unit, "code_distance": r.distance, "units": r.units,
                            "physical_qubits": r.qubits, "duration_ns": r.duration}
                           for r in self.rounds]}


@lru_cache(maxsize=65536)
def successes_quantile(n: int, failure: float, u: float) -> int:
    """Smallest k with P(X ≤ k) ≥ u for X ~ Binomial(n, 1 − failure): the number of units that
    succeed except with probability about u.

    Exact summation, except for n ≥ 1000 with variance n·p·q > 80 where, like the estimator
    (Rust crate ``probability``), the normal expansion of Moorhead (2013) is used."""
    p = 1.0 - failure
    if n >= 1000 and n * p * failure > 80:
        return math.floor(_moorhead_quantile(n, p, u))
    # Walk the number of failures m = n − k upwards while P(F ≥ m) ≥ u, F ~ Binomial(n, failure).
    log_q, log_p = math.log(failure), math.log1p(-failure)
    cdf, m = 0.0, 0
    while m < n:
        cdf += math.exp(math.lgamma(n + 1) - math.lgamma(m + 1) - math.lgamma(n - m + 1)
                        + m * log_q + (n - m) * log_p)
        if 1.0 - cdf < u:
            break
        m += 1
    return n - m


def _moorhead_quantile(n: int, p: float, u: float) -> float:
    """Inverse binomial CDF by the Cornish–Fisher-type expansion of S. Moorhead, "Efficient
    evaluation of the inverse binomial cumulative distribution function where the number of
    trials is large" (Oxford, 2013), p. 7, in the form the estimator evaluates it."""
    w = NormalDist().inv_cdf(u)
    v = n * p * (1 - p)
    s = math.sqrt(v)
    a = 2 * p - 1
    b = (p + 1) * (p - 2)
    p2, p3, p4 = p * p, p**3, p**4
    return (n * p + s * w + (p + 1) / 3 - a * w**2 / 6
            + w**3 * (2 * p2 - 2 * p - 1) / (72 * s) - w * (7 * p2 - 7 * p + 1) / 36
            # the estimator's second-order term reads (3w⁴ + 7w² − 16/1620); kept as is
            + a * b * (3 * w**4 + 7 * w**2 - 16 / 1620) / v
            + (w**5 * (4 * p4 - 8 * p3 - 48 * p2 + 52 * p - 23) / 17280
               + w**3 * (256 * p4 - 512 * p3 - 147 * p2 + 403 * p - 137) / 38880
               - w * (433 * p4 - 866 * p3 - 921 * p2 + 1354 * p - 671) / 38880) / (s * v)
            + a * (w**6 * (p2 - p + 1) * (p2 - p + 19) / 34020
                   + w**4 * (9 * p4 - 18 * p3 - 35 * p2 + 44 * p - 25) / 15120
                   + w**2 * (923 * p4 - 1846 * p3 + 5271 * p2 - 4348 * p + 5189) / 408240
                   - 4 * b * (23 * p2 - 23 * p + 2) / 25515) / (v * v))


def units_needed(needed: int, unit: DistillationUnit, failure: float, u: float) -> int | None:
    """Fewest units whose guaranteed outputs cover ``needed`` states (None: unreasonably many)."""
    def enough(n: int) -> bool:
        return successes_quantile(n, failure, u) * unit.outputs >= needed

    n = -(-needed // unit.outputs)
    while not enough(n):
        n *= 2
        if n >= MAX_UNITS:
            return None
    low = n // 2
    while low < n:
        mid = (low + n) // 2
        if enough(mid):
            n = mid
        else:
            low = mid + 1
    return n


def build_factory(placements, t_error: float) -> Factory | None:
    """The factory running ``placements`` = ((unit, level), ...) in order, or None if invalid."""
    k = len(placements)
    errors, failures = [t_error], []
    for unit, level in placements:
        q = unit.failure_probability(errors[-1], level.clifford_error)
        out = unit.output_error(errors[-1], level.clifford_error)
        if out > errors[-1] or not 0 < q < 1:
            return None
        errors.append(out)
        failures.append(q)
    u = FACTORY_FAILURE_BUDGET / k
    counts = [0] * k
    needed = placements[-1][0].outputs
    for i in range(k - 1, -1, -1):
        unit = placements[i][0]
        n = units_needed(needed, unit, failures[i], u)
        if n is None:
            return None
        counts[i] = n
        needed = unit.inputs * n
    rounds = tuple(Round(unit.name, level.distance, n, n * level.qubits(unit),
                         level.duration(unit))
                   for (unit, level), n in zip(placements, counts))
    last_unit = placements[-1][0]
    outputs = successes_quantile(counts[-1], failures[-1], u) * last_unit.outputs
    return Factory(rounds, outputs, errors[-1], needed)


def _levels(profile: QubitProfile, scheme: QecScheme, max_distance: int):
    """(physical level, [logical level per odd distance 1..max_distance])."""
    physical = Level(1, True, 1, profile.measurement_time, profile.clifford_error)
    logical = [Level(d, False, scheme.physical_qubits(d), scheme.logical_cycle_time(d),
                     scheme.logical_error_rate(profile, d))
               for d in scheme.distances(1, max_distance)]
    return physical, logical


def _usable(level: Level, t_error: float) -> bool:
    return level.clifford_error <= 0.1 * t_error


def trivial_factory(profile: QubitProfile, scheme: QecScheme, distance: int) -> Factory:
    """No distillation: physical T states are already good enough; one patch per T state."""
    r = Round("trivial 1-to-1", distance, 1, scheme.physical_qubits(distance),
              scheme.logical_cycle_time(distance))
    return Factory((r,), 1, scheme.logical_error_rate(profile, distance), 1)


def pareto(factories):
    """Factories not dominated in (normalised qubits, duration), sorted by normalised qubits."""
    front: list[Factory] = []
    for f in sorted(factories, key=lambda f: (f.normalized_qubits, f.duration)):
        if not front or f.duration < front[-1].duration:
            front.append(f)
    return front


@lru_cache(maxsize=256)
def find_factories(profile: QubitProfile, scheme: QecScheme, target_error: float,
                   max_distance: int) -> tuple[Factory, ...]:
    """Pareto-optimal factories whose output error is ≤ ``target_error`` using code distances
    ≤ ``max_distance`` (empty if none exists)."""
    t_error = profile.t_gate_error
    if target_error > t_error:
        return (trivial_factory(profile, scheme, max_distance),)
    physical, logical = _levels(profile, scheme, max_distance)
    usable = [lvl for lvl in logical if _usable(lvl, t_error)]
    physical_ok = _usable(physical, t_error)
    found: list[Factory] = []
    for k in range(1, MAX_EXTRA_ROUNDS + 1):
        if k > MAX_ROUNDS and found:
            break
        for units in product(UNITS, repeat=k):
            found.extend(_search(units, physical if physical_ok else None, usable, t_error,
                                 target_error))
    return tuple(pareto(found))


def _search(units, physical, logical, t_error, target):
    """Factories for this unit sequence over non-decreasing levels (physical first only).

    Depth-first over the rounds, distances ascending. A round before the last stops raising
    its distance once the level's Clifford terms are below a tenth of the input-error terms
    (a larger distance then costs more qubits and time for no useful gain); the last round
    takes the three smallest distances that reach the target. docs/physical.md shows this
    pruning reproduces the Microsoft estimator's choices."""
    k = len(units)
    found: list[Factory] = []
    # Logical levels in the first round start at d = 3: distance 1 there means physical qubits.
    first = ([physical] if physical is not None else []) + [l for l in logical if l.distance > 1]

    def extend(i: int, placed: tuple, eps: float, levels) -> None:
        unit, hits = units[i], 0
        for level in levels:
            c = level.clifford_error
            out = unit.output_error(eps, c)
            if out > eps or not 0 < unit.failure_probability(eps, c) < 1:
                continue
            here = placed + ((unit, level),)
            if i == k - 1:
                if out <= target:
                    factory = build_factory(here, t_error)
                    if factory is not None:
                        found.append(factory)
                    hits += 1
                    if hits == 3:
                        return
                continue
            extend(i + 1, here, out, [l for l in logical if l.distance >= level.distance])
            if 356 * c <= 1.5 * eps and 7.1 * c <= 3.5 * eps**3:
                return

    extend(0, (), t_error, first)
    return found
