"""Straight-line fixed-point programs with Bennett uncomputation (private: no primitive).

The approximate functions (reciprocal, inv_sqrt, arccos, exp) are short programs over
fixed-point registers: allocate a fresh register, run a verified block on slices of registers,
repeat. :class:`StagedBlock` turns such a program into one block that is garbage free:

    forward ops;  write the result into the fresh output y (an XOR-into block);  the inverse
    of every forward op in reverse order (Bennett, "Logical reversibility of computation",
    IBM J. Res. Dev. 17, 525 (1973)).

Every inverse is an existing block (a multiplier's measured uncompute, an adder for a
subtractor, ...; see :func:`inverse`), so the program is written once.

Depth is exact by construction. Before every stage with T-depth (but the first) a
:class:`Sync` (a CZ ladder there and back, the identity) brings every live program wire to the
current critical-path level L, so stages cannot overlap. A stage whose critical path starts with
a temporary AND on its inputs (every And-built block here) then ends at L + D − 1: the AND's
target T is prepared off the critical path (qdl.passes.circuit_count), which isolated counting
credits as one layer of its depth D. Hence T-depth = D_first + Σ (D_i − 1) over later stages
with D_i > 0, Toffoli depth = Σ D'_i, and width = the peak of live program wires plus the
running stage's own ancillas. The tests check all three against the built circuit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qdl.circuits.block import Block, Register, Role, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.cost import Cost
from qdl.circuits.gates import CX
from qdl.circuits.qam.addition import GidneyAdder
from qdl.circuits.qam.constant_addition import ConstantAdder
from qdl.circuits.qam.controlled_addition import ControlledAdder, ControlledCopy
from qdl.circuits.qam.multiplication import SchoolbookMultiplier
from qdl.circuits.qam.subtraction import GidneySubtractor

#: (program register, lo, hi): the wires register[lo:hi]
Segment = tuple[str, int, int]


@dataclass(frozen=True)
class Alloc:
    """A fresh program register of ``width`` qubits in |0⟩."""

    name: str
    width: int


@dataclass(frozen=True)
class Free:
    """Release a program register; the program guarantees it is back in |0⟩."""

    name: str
    width: int


@dataclass(frozen=True)
class Run:
    """Run ``block`` with each of its registers on a concatenation of segments."""

    block: Block
    wires: tuple[tuple[str, tuple[Segment, ...]], ...]


def run(block: Block, **regs: Segment | Sequence[Segment]) -> Run:
    """``run(mult, a=("x", 0, n), b=[("p", f, f + n)])``: a segment or a list of segments."""
    spec = []
    for name, segs in regs.items():
        segs = (segs,) if isinstance(segs[0], str) else tuple(segs)
        spec.append((name, segs))
    return Run(block, tuple(spec))


Op = Alloc | Free | Run


def inverse(block: Block) -> Block:
    """The block that undoes ``block`` on the states the program leaves it."""
    if getattr(block, "self_inverse", False):
        return block
    if hasattr(block, "inverted"):  # blocks that know their own inverse (karatsuba's)
        return block.inverted()
    if isinstance(block, ControlledCopy):
        return ControlledCopy(block.bits, not block.uncompute)
    if isinstance(block, SchoolbookMultiplier):
        return SchoolbookMultiplier(block.bits, block.bits_b, not block.inverse)
    if isinstance(block, ConstantAdder):
        return ConstantAdder(block.bits, -block.value % (1 << block.bits))
    if isinstance(block, ControlledAdder):
        return ControlledAdder(block.bits, block.carry_out, not block.subtract)
    if isinstance(block, GidneySubtractor):
        return GidneyAdder(block.bits)
    if isinstance(block, GidneyAdder):
        return GidneySubtractor(block.bits)
    raise TypeError(f"no inverse known for {type(block).__name__}")


def invert(ops: Sequence[Op]) -> list[Op]:
    out: list[Op] = []
    for op in reversed(ops):
        if isinstance(op, Alloc):
            out.append(Free(op.name, op.width))
        elif isinstance(op, Free):
            out.append(Alloc(op.name, op.width))
        else:
            out.append(Run(inverse(op.block), op.wires))
    return out


@dataclass(frozen=True)
class Sync(Block):
    """Identity on ``bits`` wires as CZ(q_i, q_{i+1}) for i ascending, then descending.

    Every pair appears twice and CZs commute, so the product is the identity; as a schedule it
    makes every wire wait for the latest one (Cliffords synchronise the wires they touch).
    Cost: 2(bits − 1) Clifford, depth 0.
    """

    bits: int
    name = "sync"
    self_inverse = True

    @property
    def signature(self) -> Signature:
        return Signature([Register("q", self.bits)])

    def leaf_cost(self) -> Cost:
        return Cost(qubits=self.bits, clifford=2 * max(0, self.bits - 1))

    def build(self, bb: Builder, *, q: list[int]) -> None:
        pairs = list(zip(q, q[1:]))
        for a, b in pairs + pairs[::-1]:
            bb.cz(a, b)

    def reference(self, *, q: int) -> dict[str, int]:
        return {"q": q}


@dataclass(frozen=True)
class Fanout(Block):
    """|a⟩|b⟩ → |a⟩|b ⊕ a⟩ by ``bits`` CNOTs (copy into a fresh register, or erase a copy).

    Cost: n CNOT, depth 0, qubits 2n.
    """

    bits: int
    name = "fanout"
    self_inverse = True

    @property
    def signature(self) -> Signature:
        return Signature([Register("a", self.bits), Register("b", self.bits)])

    def children(self):
        return ((CX, self.bits),)

    def build(self, bb: Builder, *, a: list[int], b: list[int]) -> None:
        for qa, qb in zip(a, b):
            bb.cx(qa, qb)

    def reference(self, *, a: int, b: int) -> dict[str, int]:
        return {"a": a, "b": b ^ a}


def _aggregate(pairs: Sequence[tuple[Block, int]]) -> tuple[tuple[Block, int], ...]:
    counts: dict[Block, int] = {}
    for block, mult in pairs:
        counts[block] = counts.get(block, 0) + mult
    return tuple(counts.items())


class StagedBlock(Block):
    """|inputs⟩|0⟩_y → |inputs⟩|F(inputs)⟩_y for a program F given by :meth:`forward`.

    Subclasses give ``signature`` (inputs THRU, the output ``y``), :meth:`forward` (ops over
    the signature's registers and the ones they allocate) and :meth:`result` (the Run that
    XORs the result into y; default: :class:`Fanout` of :meth:`result_segments`).
    """

    def forward(self) -> list[Op]:
        raise NotImplementedError

    def result_segments(self) -> tuple[Segment, ...]:
        raise NotImplementedError

    def result(self) -> Run:
        width = self.signature["y"].width
        return run(Fanout(width), a=self.result_segments(), b=("y", 0, width))

    def ops(self) -> list[Op]:
        fwd = self.forward()
        return fwd + [self.result()] + invert(fwd)

    #: False: every stage makes all fresh registers "used" (synchronised from then on).
    #: True: a register stays fresh (reset, not synchronised) until a stage touches it, so
    #: a program writing each stage into its own output register keeps the stage rule below.
    fresh_per_register = False

    def _schedule(self) -> list[tuple[Op, int, int, frozenset[str]]]:
        """(op, live program wires when it runs, width of the sync before it or 0, the
        registers still fresh) per op.

        The sync covers the wires already used; fresh registers (outputs and allocations not
        yet touched by a stage) are |0⟩ and left out (they are reset instead, so the stage
        finds them fresh)."""
        fresh = {r.name: r.width for r in self.signature if r.role is Role.OUTPUT}
        used = self.signature.width - sum(fresh.values())
        started = False
        out = []
        for op in self.ops():
            sync = 0
            if isinstance(op, Alloc):
                fresh[op.name] = op.width
            elif isinstance(op, Free):
                used -= op.width if fresh.pop(op.name, None) is None else 0
            elif op.block.cost().t_depth:
                sync, started = (used if started else 0), True
            out.append((op, used + sum(fresh.values()), sync, frozenset(fresh)))
            if isinstance(op, Run):
                touched = ({reg for _, segs in op.wires for reg, _, _ in segs}
                           if self.fresh_per_register else set(fresh))
                for name in touched & fresh.keys():
                    used += fresh.pop(name)
        return out

    def children(self):
        pairs = []
        for op, _, sync, _ in self._schedule():
            if sync:
                pairs.append((Sync(sync), 1))
            if isinstance(op, Run):
                pairs.append((op.block, 1))
        return _aggregate(pairs)

    def qubits(self) -> int:
        peak = self.signature.width
        for op, live, _, _ in self._schedule():
            if isinstance(op, Run):
                cost = op.block.cost()
                peak = max(peak, live + cost.qubits - op.block.signature.width)
            elif isinstance(op, Alloc):
                peak = max(peak, live)  # live already counts the allocation
        return peak

    def _runs(self) -> list[Cost]:
        return [op.block.cost() for op in self.ops() if isinstance(op, Run)]

    def t_depth(self) -> int:
        depths = [c.t_depth for c in self._runs() if c.t_depth]
        return sum(depths) - max(0, len(depths) - 1)

    def toffoli_depth(self) -> int:
        return sum(c.toffoli_depth for c in self._runs())

    def rotation_depth(self) -> int:
        return sum(c.rotation_depth for c in self._runs())

    def build(self, bb: Builder, **regs: list[int]) -> None:
        wires: dict[str, list[int]] = dict(regs)
        for op, _, sync, fresh in self._schedule():
            if isinstance(op, Alloc):
                wires[op.name] = bb.alloc(op.width)
            elif isinstance(op, Free):
                bb.release(wires.pop(op.name))
            else:
                if sync:
                    used = [q for name, w in wires.items() if name not in fresh for q in w]
                    bb.call(Sync(sync), q=used)
                    for q in (q for name in fresh for q in wires[name]):
                        bb.reset(q)
                    _refresh(bb, op.block.cost().qubits - op.block.signature.width)
                bb.call(op.block, **{name: [q for reg, lo, hi in segs for q in wires[reg][lo:hi]]
                                     for name, segs in op.wires})


def _refresh(bb: Builder, count: int) -> None:
    """Reset the next ``count`` pool ancillas the stage will get (they are in |0⟩ already).

    A block may release an ancilla that is |0⟩ but was last touched late (a padding wire
    that only met CNOTs); resetting it is free and makes it a fresh wire again, so the next
    stage's first AND starts right after the sync. The pool order is unchanged."""
    spare = bb.alloc(count)
    for q in spare:
        bb.reset(q)
    bb.release(spare)


def output_signature(inputs: Sequence[Register], width: int, signed: bool = False) -> Signature:
    """The inputs (unchanged) and the fresh result ``y``."""
    return Signature(list(inputs) + [Register("y", width, Role.OUTPUT, signed)])
