"""Counting a run of calls whose blocks grow by a fixed step in one size, in O(1) children.

Some programs call one block family at every size of an arithmetic progression: the rows of
a truncated real product (ControlledAdder(k) for k = 2 … n − 1, qdl.circuits.qam.
real_multiplication) or the shifted adders of a shift-and-add constant product
(GidneyAdder(A − e) for NAF digits e = 0, 2, 4, …, qdl.circuits.qam.constant_multiplication).
Listed call by call, that is n distinct children: at the declared maximum n = 2^24 the
tally takes minutes and gigabytes (issue 21: counting must be O(poly log n) in memory).

Over the sizes where a family is *affine* — every leaf gate count, every depth and the
ancilla count of member k are a·k + b — the sum over an arithmetic progression of c members
is c·(g(first) + g(last))/2 for each of them (the trapezoid rule, exact for affine g), so a
run costs three member evaluations whatever its length. :func:`run_sum` does that and checks
the family is affine at the run's ends (g(last) = g(first) + (c − 1)·(g(second) − g(first)));
each family's affine range is asserted over many sizes in tests/circuits/test_series.py.

The run's members are replaced by their *leaf* gates (And, AndUncompute, CX, …) with the
summed multiplicities, so reports of such a block list gates rather than adders; callers
use runs only past :data:`MIN_RUN` members, where listing adders is the cost problem.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from qdl.circuits.block import Block
from qdl.circuits.cost import ADDITIVE, DEPTHS, Cost

#: Runs shorter than this are listed member by member (the hierarchy stays visible).
MIN_RUN = 64


def leaf_counts(block: Block) -> dict[Block, int]:
    """The leaf gates of ``block`` (blocks without children) with their multiplicities."""
    out: dict[Block, int] = {}
    for child, mult in block.walk():
        if not child.children():
            out[child] = out.get(child, 0) + mult
    return out


@dataclass(frozen=True)
class RunSum:
    """What a run of ``count`` members contributes: leaves, depths, the widest ancillas."""

    leaves: dict
    depths: dict
    ancillas: int
    count: int

    def add_to(self, children: dict) -> dict:
        """``children`` (a tally's block → multiplicity) with this run's leaves added."""
        for block, mult in self.leaves.items():
            children[block] = children.get(block, 0) + mult
        return children


def _profile(block: Block) -> dict:
    cost = block.cost()
    out: dict = {("leaf", b): m for b, m in leaf_counts(block).items()}
    out.update({("depth", f): getattr(cost, f) for f in DEPTHS})
    out[("ancillas",)] = cost.qubits - block.signature.width
    return out


def run_sum(member: Callable[[int], Block], first: int, step: int, count: int) -> RunSum:
    """Σ over member(first), member(first + step), …, ``count`` members (count ≥ 1), for a
    family affine over those sizes; ValueError if its ends show it is not."""
    last = first + step * (count - 1)
    g0, g1 = _profile(member(first)), _profile(member(last))
    keys = g0.keys() | g1.keys()
    if count > 2:
        gs = _profile(member(first + step))
        for key in keys | gs.keys():
            a, b = g0.get(key, 0), gs.get(key, 0)
            if g1.get(key, 0) != a + (count - 1) * (b - a):
                raise ValueError(f"{type(member(first)).__name__} is not affine in its size "
                                 f"over {first}…{last} ({key})")
    total = {key: count * (g0.get(key, 0) + g1.get(key, 0)) // 2 for key in keys}
    return RunSum(leaves={k[1]: v for k, v in total.items() if k[0] == "leaf" and v},
                  depths={f: total.get(("depth", f), 0) for f in DEPTHS},
                  ancillas=max(g0[("ancillas",)], g1[("ancillas",)]), count=count)


def tally_cost(tally, register_width: int) -> Cost:
    """The Cost a composite with this tally reports (children summed, the tally's depths,
    qubits max(registers, peak)): how the tests compare a closed-form tally, whose children
    are leaves, with the walk's, whose children are the called blocks."""
    totals = dict.fromkeys(ADDITIVE, 0)
    for block, mult in tally.children.items():
        cost = block.cost()
        for f in ADDITIVE:
            totals[f] += getattr(cost, f) * mult
    return Cost(qubits=max(register_width, tally.peak), **tally.depths, **totals)
