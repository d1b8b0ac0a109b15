"""Schedules: which of a stage's (qubits, T-depth) points the network runs, and the frontier.

A stage whose element is a sum of L terms (a dot's products, an FFN's hidden units) can run
in k parallel groups for every k it offers (qdl.estimators.network.parallel.offered:
ways_options(L), or a constant-weight stage's feature groups × partial sums,
qdl.estimators.network.parallel_const);
each k is the same program with the groups in a parallel Loop and an adder tree
(docs/composition.md), so each point's counts, qubits and depths come from its own program.
The model file picks a point per layer:

    schedule: serial | parallel | {max_qubits: N}      # network-wide, or per layer in overrides

``serial`` is k = 1 (the default), ``parallel`` the largest k (L), ``{max_qubits: N}`` the
least T-depth point of at most N logical qubits (ties: fewer qubits). The network's logical
qubits are the widest stage's (stages run one after another, qubits reused), its T-depth the
sum over stages of T-depth × repetitions; so a network point under a cap N takes every
stage's best point under N, and the network frontier is that point for every N at which
some stage changes point, dominated points dropped.

Where a stage has several constructions (qdl.estimators.network.lower_weights: shift-and-add
constants or loaded weights; lower_reprepare: the input from a table or re-prepared), its
points at each k are the one ``optimize_for`` keeps (``construction`` None) and, beside them,
every other construction's (its label): ``serial`` and ``parallel`` stay with the objective's
construction, a qubit cap takes the least-T-depth point of any construction, and the
frontier is over all of them (a narrower construction extends it to fewer qubits).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from qdl import count_cache
from qdl.circuits.cost import Cost
from qdl.errors import ParameterError
from qdl.estimators.network.lowering import reuse_builds
from qdl.estimators.network.parallel import offered, ways_options


@dataclass(frozen=True)
class Point:
    """One schedule of one stage: ``groups`` parallel groups, one execution's cost, and the
    construction it forces (None: the one ``optimize_for`` keeps at these groups)."""

    groups: int
    cost: Cost
    construction: str | None = None

    @property
    def key(self) -> tuple[int, str | None]:
        """What identifies the point among its stage's (what lower_scheduled rebuilds)."""
        return (self.groups, self.construction)

    @property
    def qubits(self) -> int:
        return self.cost.qubits

    @property
    def t_depth(self) -> int:
        return self.cost.total_t_depth


def rule(value: Any) -> str | int:
    """``serial`` / ``parallel`` / a qubit cap from a model file's ``schedule`` value."""
    if isinstance(value, dict):
        return int(value["max_qubits"])
    if hasattr(value, "max_qubits"):
        return int(value.max_qubits)
    return str(value)


#: objectives a caller (``optimize_for``) may pass as the rule: the point minimising the key
OBJECTIVES = {"t_count": lambda p: (p.cost.total_t, p.t_depth, p.qubits),
              "t_depth": lambda p: (p.t_depth, p.qubits),
              "qubits": lambda p: (p.qubits, p.t_depth),
              "spacetime": lambda p: (p.qubits * p.t_depth, p.qubits)}


def pick(points: list[Point], how: str | int, where: str = "") -> Point:
    """The point a schedule rule (serial, parallel, a qubit cap) or an objective of
    OBJECTIVES takes (``points`` ascending in groups, the first serial)."""
    if how == "serial":
        return points[0]
    if how == "parallel":
        return [p for p in points if p.construction is None][-1]
    if how in OBJECTIVES:
        return min(points, key=OBJECTIVES[how])
    fits = [p for p in points if p.qubits <= how]
    if not fits:
        least = min(p.qubits for p in points)
        raise ParameterError(f"schedule max_qubits {how:,} is below the {least:,} logical "
                             f"qubits of {where or 'a stage'}'s narrowest schedule",
                             f"give max_qubits ≥ {least:,}, or a per-layer schedule in "
                             "overrides")
    return min(fits, key=lambda p: (p.t_depth, p.qubits))


def best_under(points: list[Point], cap: int) -> Point | None:
    """The least T-depth point of at most ``cap`` qubits (None: none fits). For
    ``optimize_for`` callers: with a cap of every point's qubits in turn this walks the
    stage's frontier."""
    fits = [p for p in points if p.qubits <= cap]
    return min(fits, key=lambda p: (p.t_depth, p.qubits)) if fits else None


def frontier(points: list[Point]) -> list[Point]:
    """Non-dominated points, fewest qubits first (T-depth strictly falling)."""
    from qdl.estimators.frontier import non_dominated

    return non_dominated(points, lambda p: p.qubits, lambda p: p.t_depth)


def lower_scheduled(node, setting, lower, data=None) -> tuple[list, dict[int, list[Point]]]:
    """The node's stages at the schedule its setting asks for, and every stage's points
    (by position in the node's stage list; single-point stages included).

    ``lower(node, setting, data)`` is the lowering; the points of a node are computed
    without data once per node shape and setting (repeated blocks share them), lowering once
    per offered k; the chosen stages are lowered with ``data`` (verification)."""
    serial = lower(node, replace(setting, ways=1))
    options = sorted({k for s in serial for k in offered(s.notes)})
    # every construction of a stage with alternatives (the objective's may lose at some k)
    others = sorted({c for s in serial if s.notes.get("rejected") for c in [
        s.notes["construction"]] + [r["construction"] for r in s.notes["rejected"]]})
    if options == [1] and not others:
        if data is not None:
            serial = lower(node, replace(setting, ways=1), data)
        return serial, {i: [Point(1, _cost(s.block))] for i, s in enumerate(serial)}
    key = (_shape(node), repr(replace(setting, ways=1, schedule=None)))
    points = _POINTS.get(key)
    if points is None:  # else from an earlier compile: this process's, or on disk
        stored = count_cache.key_of(key)
        points = count_cache.get("points", stored)
        if points is None:
            # the points are kept, not each stage's cost; a construction is built once per
            # group count it fits (lowering.reuse_builds)
            with count_cache.suspended(), reuse_builds():
                points = _points(node, setting, lower, serial, options, others)
            count_cache.put("points", stored, points)
        _POINTS[key] = points
    how = rule(getattr(setting, "schedule", "serial"))
    want = {i: pick(pts, how, serial[i].name).key for i, pts in points.items()}
    chosen = list(serial) if data is None else lower(node, replace(setting, ways=1), data)
    for k, c in sorted(set(want.values()) - {(1, None)}, key=lambda kc: (kc[0], kc[1] or "")):
        for i, stage in enumerate(lower(node, replace(setting, ways=k, construction=c), data)):
            if want[i] == (k, c):
                chosen[i] = stage if c is None else replace(stage, notes={
                    **stage.notes, "schedule": {**stage.notes.get("schedule", {}),
                                                "groups": k, "construction": c}})
    return chosen, points


def schedule_qlam(stage, setting) -> tuple[Any, list[Point]]:
    """A QLAM estimation stage outside the node lowering (a weight gradient's d_in·d_out
    inner products, qdl.estimators.network.backward) at the setting's rule, and its points:
    its estimates in k parallel groups on copies of their registers, k | the estimates."""
    block = stage.block
    points = [Point(k, _cost(replace(block, ways=k))) for k in ways_options(block.count)]
    k = pick(points, rule(getattr(setting, "schedule", "serial")), stage.name).groups
    notes = {**stage.notes, "schedule": {"groups": k, "terms": block.count}}
    return replace(stage, block=replace(block, ways=k), notes=notes), points


def _points(node, setting, lower, serial, options, others) -> dict[int, list[Point]]:
    """The objective's point at every offered k, then every other construction's (module
    docstring) where it is not already one of them."""
    points: dict[int, list[Point]] = {i: [] for i in range(len(serial))}
    seen: dict[int, set] = {i: set() for i in range(len(serial))}

    def record(i: int, stage, k: int, c: str | None) -> None:
        # a point is the stage lowered at ways = its groups and this construction (what
        # lower_scheduled rebuilds); a candidate that fits fewer groups at this k is not one
        groups = stage.notes.get("schedule", {}).get("groups", 1)
        label = stage.notes.get("construction")
        if groups == k and (k, label) not in seen[i]:
            seen[i].add((k, label))
            points[i].append(Point(groups, _cost(stage.block), c))

    for k in options:
        default = serial if k == 1 else lower(node, replace(setting, ways=k))
        for i, stage in enumerate(default):
            record(i, stage, k, None)
        # every other construction as a lowering forced to it would give the stage (one
        # lowering per k: lower_weights.choose keeps each candidate in ``alternatives``)
        for i, stage in enumerate(default):
            for c, alternative in stage.alternatives:
                if c in others:
                    record(i, alternative, k, c)
    # the objective's points first (pick: points[0] is serial), the others after
    return {i: sorted(pts, key=lambda p: p.construction is not None)
            for i, pts in points.items()}


#: (node shape, setting) → its stages' points
_POINTS: dict[tuple, dict[int, list[Point]]] = {}


def clear_points() -> None:
    """Forget memoised schedule points (benchmarks time counting from scratch)."""
    _POINTS.clear()


def _shape(node) -> tuple:
    """What a node's lowering depends on besides its name (the layer's fields, shapes)."""
    layer = node.layer if node.layer == "add" else repr(node.layer.model_copy(
        update={"name": None}))
    return (node.type, layer, node.inp, node.out)


def _cost(block) -> Cost:
    """One execution's cost; a stage's label does not enter it, so the repeated blocks of a
    network (qViT-B/16's twelve encoder blocks) are counted once."""
    if block is None:
        return Cost()
    if hasattr(block, "label"):
        block = replace(block, label="")
    return block.cost()
