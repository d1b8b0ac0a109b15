"""Classical weights in the lowering, and the choice among a layer's constructions.

A layer's weights are classical numbers (``weights: classical``, the default): a product
with one of them needs no weight register, it is a sum of shifted additions over the
weight's non-adjacent form (``FlooredConstantDot``, qdl.circuits.qam.floored_constant_dot:
each product floored like ``dot``, so every stage output is bit-for-bit the loaded-weight
one). But a stage's index ranges over output elements e = (position, feature) in
superposition, and the weight row W_j depends on the feature j. So the constant-weight stage
computes *every* feature of the element's position, y_j += Σ_k ⌊x_k·W_jk / 2^f⌋ into K = 2^⌈log2
d_out⌉ accumulators (d_out·L constant products per execution), and ``SelectCopy`` hands the
readout the accumulator the index names. The loaded-weight stage (``weights: quantum``, and the
alternative under ``classical``) reads row W_j from a QRAM table over j into an L·b-bit weight
register and runs one quantum×quantum ``dot`` (L products).

Per execution, with m(b, A) the AND of one constant product (worst case ⌈b/2⌉ NAF digits)
and mac(b) the quantum one: shift-and-add costs d_out·L·m against L·mac(b) + the table, and
saves the L·b weight qubits but adds K·A accumulator qubits. At (32, 24), A = 40, m = 943
against mac 4,125, so shift-and-add spends less T only for d_out ≤ 4: it wins on qubits, the
table wins on T and T-depth for wide layers. Neither is right for every objective, hence
:func:`choose`: the lowering builds both (their costs are exact and count in milliseconds)
and keeps the one that minimises ``optimize_for`` for one execution (the readout repeats both
equally often); the stage notes name it and the rejected one with its cost.

The feed-forward layer's first matrix is not addressed by the index (every hidden unit is
computed for the element's position), so there shift-and-add replaces the quantum product
one for one (m against mac per product) and drops the written weight register.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from qdl.circuits.compose import call_flat
from qdl.circuits.cost import Cost
from qdl.circuits.dtm.select_copy import SelectCopy
from qdl.circuits.qam.constant_multiplication import worst_case_weight
from qdl.circuits.qam.floored_constant_dot import FlooredConstantDot
from qdl.estimators.network.graph import index_bits
from qdl.estimators.network.parallel import offered

#: construction names shown in the report
SHIFT_ADD = "shift-and-add constants (dot_const, NAF)"
LOADED = "loaded weights (QRAM table + dot)"


def metric(cost: Cost, objective: str) -> int:
    """The number ``optimize_for`` minimises for one execution of a stage."""
    if objective == "t_count":
        return cost.total_t
    if objective == "t_depth":
        return cost.total_t_depth
    if objective == "qubits":
        return cost.qubits
    return cost.qubits * cost.total_t_depth  # spacetime


def summary(cost: Cost) -> dict[str, int]:
    return {"T": cost.total_t, "T-depth": cost.total_t_depth, "qubits": cost.qubits}


def choose(candidates, objective: str, force: str | None = None, *, explored: bool = True):
    """The candidate Stage of least ``metric`` (ties: fewer T, then fewer qubits, then the
    first given), or the one labelled ``force`` when there is one (a schedule point of another
    construction), its notes extended with the construction and the rejected ones' costs.

    ``explored``: the returned stage's ``alternatives`` hold every candidate as ``force``
    would return it, so the schedule reads all constructions' points off one lowering
    (qdl.estimators.network.schedule); False for a choice the schedule does not vary."""
    costs = [st.block.cost() for _, st in candidates]
    keys = [(metric(c, objective), c.total_t, c.qubits, i) for i, c in enumerate(costs)]
    best = min(range(len(candidates)), key=keys.__getitem__)
    labels = [label for label, _ in candidates]
    offers = sorted({k for _, st in candidates for k in offered(st.notes)})
    picks = {i: _chosen(candidates, costs, i, objective, offers) for i in range(len(candidates))}
    chosen = picks[labels.index(force) if force in labels else best]
    if explored and len(candidates) > 1:
        chosen.alternatives = tuple((labels[i], st) for i, st in picks.items())
    return chosen


def _chosen(candidates, costs, best: int, objective: str, offers: list[int]):
    """Candidate ``best`` with the notes :func:`choose` gives it."""
    label, stage = candidates[best]
    notes = {**stage.notes, "construction": label, "optimize_for": objective}
    rejected = [{"construction": lab, **summary(costs[i])}
                for i, (lab, _) in enumerate(candidates) if i != best]
    if rejected:
        notes["rejected"] = rejected
    if offers != [1]:  # the schedule explores every candidate's group counts
        notes["schedule"] = {"groups": 1, "terms": 1, **notes.get("schedule", {}),
                             "offers": offers}
    return replace(stage, notes=notes)


def constant_row(data: dict | None, j: int | None, key: str, length: int, bits: int) -> tuple:
    """Row j of the quantized weights, or (j None: counting) the worst case: ⌈b/2⌉ nonzero NAF
    digits at 0, 2, 4, … (worst_case_weight), the costliest b-bit weight for every product."""
    if j is None or data is None:
        return (worst_case_weight(bits),) * length
    return tuple(int(v) for v in data[key][j])


def constant_dot(w, s, length: int, x: str, y: tuple, bits: int, weights: tuple,
                 acc: int, at: tuple | None = None) -> None:
    """y (acc bits) += Σ_k ⌊x_k·weights_k / 2^f⌋, x_k the k-th ``bits``-bit slice of x (or
    of the segment ``at`` of it)."""
    block = floored_dot(bits, s.frac_bits, tuple(weights), acc)
    w.ops.append(call_flat(block, at or (x, 0, length * bits), y))  # x0 … x{L−1}, y


@lru_cache(maxsize=4096)
def floored_dot(bits: int, frac_bits: int, weights: tuple, acc: int) -> FlooredConstantDot:
    """One block per weight row and format: a node's schedule points build the same dots at
    every group count, and equal copies are compared weight by weight in every memo table."""
    return FlooredConstantDot(bits, frac_bits, weights, acc)


def all_features(w, s, length: int, outputs: int, data: dict | None, acc: int) -> None:
    """Every feature j of the position into its accumulator, then the one the index's ``out``
    field names into ``acc`` (SelectCopy; a single feature goes straight there). With
    ``s.ways`` > 1, in feature groups and partial sums (qdl.estimators.network.parallel_const)."""
    from qdl.estimators.network import parallel_const

    b = s.bits
    g, t = parallel_const.split(s.ways, length, outputs, b, acc)
    w.split = (g * t, outputs * length)
    w.schedule = {"offers": list(parallel_const.offers(length, outputs))}
    if g * t > 1:
        w.schedule.update(feature_groups=g, partial_sums=t)
        parallel_const.split_features(
            w, s, length, outputs, lambda j: constant_row(data, j, "weights", length, b),
            acc, g, t)
        return
    if outputs == 1:
        w.reg("acc", acc)
        constant_dot(w, s, length, "win", ("acc", 0, acc), b,
                     constant_row(data, 0, "weights", length, b), acc)
        return
    sel = index_bits(outputs)
    w.reg("accs", (1 << sel) * acc)
    w.reg("acc", acc)

    def feature(j):
        constant_dot(w, s, length, "win", w.at(j, "accs", 0, acc, acc), b,
                     constant_row(data, j, "weights", length, b), acc)

    w.loop(outputs, feature)
    lo, hi = w.offsets["out"]
    w.call(SelectCopy(sel, acc), select=("index", lo, hi), r=("accs", 0, (1 << sel) * acc),
           y=("acc", 0, acc))


__all__ = ["SHIFT_ADD", "LOADED", "choose", "metric", "constant_dot", "floored_dot",
           "all_features", "constant_row"]
