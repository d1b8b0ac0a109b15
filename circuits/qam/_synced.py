"""Blocks run one after another on shared registers, with exact depths (private: no primitive).

A :class:`SyncedProgram` is a list of stages, each an existing block on slices of the
signature's registers and of internal registers (allocated in |0⟩ at the start and returned
in |0⟩ at the end). Its cost is the sum of the stages'; its depths follow the rule of
qdl.circuits.qam._staged: before every stage with T-depth but the first, a
:class:`~qdl.circuits.qam._staged.Sync` (a CZ ladder there and back, the identity) brings the
synchronised wires to the current critical-path level L and the pool ancillas the stage will
take are reset, so the stage runs from L and, since its critical path starts with a temporary
AND whose target T is prepared off the path, ends at L + D − 1. Hence

    T-depth = D_first + Σ_{later stages with D > 0} (D_i − 1),   Toffoli depth = Σ D'_i,

and the width is the signature plus the internal registers plus the hungriest stage's own
ancillas. Unlike StagedBlock there is no Bennett uncomputation and the synchronised set can be
narrower than every live wire (a dot product syncs the accumulator and the operand in use,
not the thousands of idle operands), which keeps the Sync Cliffords proportional to the work.
The tests check every field against the built circuit.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from qdl.circuits.block import Block
from qdl.circuits.builder import Builder
from qdl.circuits.cost import Cost
from qdl.circuits.qam._staged import Segment, Sync, _aggregate, _refresh

#: one stage: a block and, per register of its signature, the segments it runs on
Stage = tuple[Block, tuple[tuple[str, tuple[Segment, ...]], ...]]


def stage(block: Block, **regs: Segment | Sequence[Segment]) -> Stage:
    """``stage(adder, a=("acc", 2, 8), b=[("x", 0, 4), ("pad", 0, 2)])``."""
    spec = []
    for name, segs in regs.items():
        segs = (segs,) if isinstance(segs[0], str) else tuple(segs)
        spec.append((name, tuple(s for s in segs if s[2] > s[1])))
    return block, tuple(spec)


class SyncedProgram(Block):
    """Subclasses give ``signature``, :meth:`internal` and :meth:`stages`."""

    def internal(self) -> tuple[tuple[str, int], ...]:
        """Registers allocated in |0⟩ for the whole program and released in |0⟩ at its end."""
        return ()

    def stages(self) -> list[Stage]:
        raise NotImplementedError

    def sync_registers(self, spec) -> list[str] | None:
        """Registers synchronised before a stage; None (the default): all of them."""
        return None

    def _sync_names(self, spec) -> list[str]:
        names = self.sync_registers(spec)
        if names is None:
            return [r.name for r in self.signature] + [name for name, _ in self.internal()]
        return names

    def leaf_cost(self) -> Cost:
        """A program without stages is the identity."""
        return Cost(qubits=self.signature.width)

    def _widths(self) -> dict[str, int]:
        return {**{r.name: r.width for r in self.signature}, **dict(self.internal())}

    def stage_blocks(self) -> list[Block] | None:
        """The stages' blocks without their wiring, for counting faster; None: from stages().
        Only for programs that synchronise every register (the default sync_registers)."""
        return None

    def _schedule(self) -> list[tuple[Block, int, Cost]]:
        """(stage block, width of the Sync before it or 0, its cost), memoised per block."""
        return _schedule(self)

    def _make_schedule(self) -> list[tuple[Block, int, Cost]]:
        widths, out, started = self._widths(), [], False
        everything = sum(widths.values())
        blocks = self.stage_blocks()
        items = [(b, None) for b in blocks] if blocks is not None else self.stages()
        for block, spec in items:
            cost, sync = block.cost(), 0
            if cost.t_depth:
                if started:
                    names = None if spec is None else self.sync_registers(spec)
                    sync = everything if names is None else sum(widths[r] for r in names)
                started = True
            out.append((block, sync, cost))
        return out

    def children(self):
        pairs = []
        for block, sync, _ in self._schedule():
            if sync:
                pairs.append((Sync(sync), 1))
            pairs.append((block, 1))
        return _aggregate(pairs)

    def qubits(self) -> int:
        extra = max((_ancillas(b) for b, _, _ in self._schedule()), default=0)
        return self.signature.width + sum(w for _, w in self.internal()) + max(0, extra)

    def t_depth(self) -> int:
        depths = [c.t_depth for _, _, c in self._schedule() if c.t_depth]
        return sum(depths) - max(0, len(depths) - 1)

    def toffoli_depth(self) -> int:
        return sum(c.toffoli_depth for _, _, c in self._schedule())

    def rotation_depth(self) -> int:
        return sum(c.rotation_depth for _, _, c in self._schedule())

    def build(self, bb: Builder, **regs: list[int]) -> None:
        wires = dict(regs)
        for name, width in self.internal():
            wires[name] = bb.alloc(width)
        stages = self.stages()
        schedule = _schedule(self)
        assert [b for b, _ in stages] == [b for b, _, _ in schedule], "stage_blocks ≠ stages"
        for (block, spec), (_, sync, cost) in zip(stages, schedule):
            if sync:
                bb.call(Sync(sync), q=[q for r in self._sync_names(spec) for q in wires[r]])
                _refresh(bb, cost.qubits - block.signature.width)
            bb.call(block, **{name: [q for reg, lo, hi in segs for q in wires[reg][lo:hi]]
                              for name, segs in spec})
        for name, _ in reversed(self.internal()):
            bb.release(wires[name])


@lru_cache(maxsize=1 << 14)
def _schedule(program: SyncedProgram) -> list[tuple[Block, int, Cost]]:
    return program._make_schedule()


@lru_cache(maxsize=1 << 12)
def _ancillas(block: Block) -> int:
    """Qubits a stage uses beyond its own registers."""
    return block.cost().qubits - block.signature.width
