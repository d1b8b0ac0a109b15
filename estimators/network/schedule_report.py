"""The report's ``schedule`` section: per stage and for the network, the (logical qubits,
T-depth) frontier of the schedules (qdl.estimators.network.schedule), the chosen point, and
with ``--physical`` a physical estimate (runtime against physical qubits) of every point.

Conventions (also written into the section): a stage's point is one execution (its T-depth
is ``total_t_depth``, rotation layers included); the network's qubits are the widest stage's
and its T-depth is Σ_stages T-depth × repetitions, rotations priced at the budget's T per
rotation, exactly as the report's totals. A network point under a qubit cap N takes every
stage's least-T-depth point of at most N qubits; the frontier is that point at every N where
some stage changes point, dominated points dropped.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from qdl.circuits.cost import Cost
from qdl.estimators.network.schedule import Point, frontier
from qdl.estimators.totals import sequential_total

#: the table shows a network point when its T-depth is at most this share of the last shown
#: one (the first and the last point always); the JSON's ``points`` keep every one
SHOWN_STEP = 0.5


def stage_points(net, acc) -> list[tuple[Any, list[Point]]]:
    """(accounted stage, its points with rotations priced as the totals price them)."""
    out = []
    for st in acc.stages:
        found = net.points.get(st.name) or [Point(1, st.compiled.cost)]
        block = st.compiled.stage.block
        if hasattr(block, "ways"):  # a QLAM stage: its estimates at the budget's failure
            # (qdl.estimators.network.estimates.at_failure), in each point's groups
            found = [replace(p, cost=replace(block, ways=p.groups).cost()) for p in found]
        out.append((st, [replace(p, cost=p.cost.priced(acc.t_per_rotation)) for p in found]))
    return out


def network_frontier(stages: list[tuple[Any, list[Point]]]) -> list[dict[str, Any]]:
    """Non-dominated network points, fewest qubits first: each a dict with the network's
    ``qubits``, ``total_t_depth``, ``total_t`` and the groups per stage (``choice``).

    A sweep over caps: every stage starts at its narrowest frontier point; each event (a
    stage's next frontier point, in qubit order) moves that stage and the sums by its change,
    so the walk is linear in the number of points."""
    fronts = [(st, frontier(pts)) for st, pts in stages]
    at = [0] * len(fronts)
    depth = sum(f[0].t_depth * st.repetitions for st, f in fronts)
    total_t = sum(f[0].cost.total_t * st.repetitions for st, f in fronts)
    start = max(f[0].qubits for _, f in fronts)
    events = sorted((p.qubits, i, j) for i, (_, f) in enumerate(fronts)
                    for j, p in enumerate(f) if j)
    out = [_point(start, depth, total_t, fronts, at)]
    for n, (qubits, i, j) in enumerate(events):
        st, f = fronts[i]
        depth += (f[j].t_depth - f[at[i]].t_depth) * st.repetitions
        total_t += (f[j].cost.total_t - f[at[i]].cost.total_t) * st.repetitions
        at[i] = j
        if n + 1 < len(events) and events[n + 1][0] == qubits:
            continue  # several stages change at the same cap: one point
        if qubits <= start:
            out[0] = _point(start, depth, total_t, fronts, at)
        elif depth < out[-1]["total_t_depth"]:
            out.append(_point(qubits, depth, total_t, fronts, at))
    return out


def _point(qubits, depth, total_t, fronts, at) -> dict[str, Any]:
    return {"qubits": qubits, "total_t_depth": depth, "total_t": total_t,
            "choice": {st.name: f[j].key for (st, f), j in zip(fronts, at)}}


def point_cost(stages, choice: dict[str, tuple]) -> Cost:
    """The network totals at one choice of point (Point.key) per stage (for the physical
    estimate)."""
    return sequential_total((next(p for p in pts if p.key == choice[st.name]).cost,
                             st.repetitions) for st, pts in stages)


def scheduled_cycles(cost: Cost, t_per_rotation: int) -> int:
    """Logical cycles of the schedule's critical path: 3 per Toffoli/AND layer (the standard
    model's CCZ time, qdl.estimators.physical.CYCLES_PER_CCZ), 1 per further T layer,
    T_rot per rotation layer. ``cost``'s depths are unpriced sums over stages × repetitions."""
    from qdl.estimators.physical import CYCLES_PER_CCZ

    plain_t = max(0, cost.t_depth - cost.toffoli_depth)
    return (CYCLES_PER_CCZ * cost.toffoli_depth + plain_t
            + t_per_rotation * cost.rotation_depth)


def shown(points: list[dict]) -> list[dict]:
    """The points the table lists (see SHOWN_STEP)."""
    out = []
    for i, p in enumerate(points):
        if not out or i == len(points) - 1 or p["total_t_depth"] <= SHOWN_STEP * out[-1][
                "total_t_depth"]:
            out.append(p)
    return out


def schedule_section(net, acc, physical=None) -> dict[str, Any]:
    """The ``schedule`` section; ``physical(cost)`` (optional) gives a point's physical
    estimate as a dict, or raises QdlError (the row then says why)."""
    from qdl.errors import QdlError

    stages = stage_points(net, acc)
    points = network_frontier(stages)
    totals = acc.totals
    chosen = {st.name: chosen_key(st.compiled.stage) for st, _ in stages}
    rows = []
    for p in shown(points):
        rows.append({"qubits": p["qubits"], "total_t_depth": p["total_t_depth"],
                     "total_t": p["total_t"], "split_stages": sum(
                         1 for g, _ in p["choice"].values() if g > 1),
                     "other_constructions": sum(
                         1 for _, c in p["choice"].values() if c is not None),
                     "chosen": p["choice"] == chosen})
    if not any(r["chosen"] for r in rows):
        rows.append({"qubits": totals.qubits, "total_t_depth": totals.total_t_depth,
                     "total_t": totals.total_t, "split_stages": sum(
                         1 for g, _ in chosen.values() if g > 1), "other_constructions": sum(
                         1 for _, c in chosen.values() if c is not None), "chosen": True})
        rows.sort(key=lambda r: (r["qubits"], -r["total_t_depth"]))
    if physical is not None:
        for row, p in zip(rows, [_match(points, r, chosen) for r in rows]):
            try:
                row.update(physical(point_cost(stages, p)))
            except QdlError as exc:
                row["physical"] = exc.what
    layers = []
    for st, pts in stages:
        if len(pts) < 2:
            continue
        pick = next(p for p in pts if p.key == chosen[st.name])
        fast = [p for p in pts if p.construction is None][-1]
        # the chosen point, the serial T-depth and the all-terms-at-once point (k = terms);
        # every point is in ``points`` (a table of ten columns is cut in a terminal)
        layers.append({"stage": st.name, "terms": st.compiled.stage.notes.get("schedule", {}).get("terms", 1),
                       "groups": pick.groups, "qubits": pick.qubits, "t_depth": pick.t_depth,
                       "construction": pick.construction or "", "serial_t_depth": pts[0].t_depth,
                       "parallel_qubits": fast.qubits, "parallel_t_depth": fast.t_depth})
    fewest, fastest = points[0], points[-1]
    section: dict[str, Any] = {
        "summary": (f"{len(points)} network point{'s' if len(points) > 1 else ''} from {fewest['qubits']:,} logical qubits "
                    f"at T-depth {fewest['total_t_depth']:.3g} to {fastest['qubits']:,} at "
                    f"{fastest['total_t_depth']:.3g}; the model runs {totals.qubits:,} at "
                    f"{totals.total_t_depth:.3g} (schedule {_rule_text(net.spec.schedule)})."),
        "rule": _rule_text(net.spec.schedule),
        "conventions": [
            "stage point: one execution; T-depth = total_t_depth (rotation layers included)",
            "network: qubits of the widest stage, T-depth Σ stage T-depth × repetitions "
            "(the report's totals); rotations priced at the budget's T per rotation",
            "a network point under a qubit cap N: every stage at its least-T-depth point of "
            f"≤ N qubits; rows shown where T-depth falls to ≤ {SHOWN_STEP:g}× the last shown",
            "k groups of L/k terms at once, adder tree of ⌈log2 k⌉ levels "
            "(docs/network.md, Schedules); copies of shared operands by CNOT fan-out"],
        "network": rows,
        "stages": layers,
        "points": {st.name: [[p.groups, p.qubits, p.t_depth] + (
                       [p.construction] if p.construction else []) for p in pts]
                   for st, pts in stages if len(pts) > 1},
        "charts": [{"title": "Network qubits–T-depth frontier",
                    "x_label": "logical qubits", "y_label": "T-depth (network)",
                    "x": [p["qubits"] for p in points],
                    "series": {"T-depth": [p["total_t_depth"] for p in points]}}],
    }
    phys = [r for r in rows if "runtime_seconds" in r]
    if physical is not None:
        section["conventions"].append(
            "physical columns: the physical section's machine and hardware share, logical "
            "depth = the schedule's critical path (3 cycles per Toffoli/AND layer, 1 per T "
            "layer, T_rot per rotation layer) instead of every operation in sequence; "
            "factories sized to deliver the T states in that time; routing space for a "
            "layer's parallel ANDs is not added to the standard layout")
    if len(phys) > 1:
        section["charts"].append({
            "title": "Physical estimate of each shown point", "x_label": "physical qubits",
            "y_label": "runtime [s]", "x": [r["physical_qubits"] for r in phys],
            "series": {"runtime [s]": [r["runtime_seconds"] for r in phys]}})
    return section


def chosen_key(stage) -> tuple:
    """The Point.key of the point a compiled stage runs."""
    sched = stage.notes.get("schedule", {})
    return (sched.get("groups", 1), sched.get("construction"))


def _match(points: list[dict], row: dict, chosen: dict[str, tuple]) -> dict[str, tuple]:
    if row["chosen"]:
        return chosen
    return next(p["choice"] for p in points if p["qubits"] == row["qubits"]
                and p["total_t_depth"] == row["total_t_depth"])


def _rule_text(rule) -> str:
    if hasattr(rule, "max_qubits"):
        return f"max_qubits {rule.max_qubits:,}"
    return str(rule)
