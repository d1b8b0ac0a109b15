"""QLAM blocks called as sub-programs: recorded once, counted by their per-wire profile.

An LCU over k operands (``be_sum``, ``be_product``, the ``lcu_heads`` select) records each
operand's gates under a control; when the operands are equal blocks (every size-only
instance) the same gates were recorded and walked k times. :func:`record_program` records a
block once (under a control, once on one more wire that carries the control) and calls it as
a :class:`SubProgram`, whose per-wire rule applies the max-plus *profile* of its whole walk
(qdl.circuits.compose_wires.profile) in O(wires²) per call, once it has been called
:data:`INLINE_CALLS` times on integer levels (those first calls run its compiled trace,
qdl.circuits.wire_trace: a symbolic walk costs about 60 of them). The
gates, wires and ancillas are those of the inline recording, so every count, the width and
the depths are equal (tests/circuits/qlam/test_program_counts.py compares them on every
field, controlled and not, inside a loop, past the inline calls, and with the built circuit).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from qdl.circuits import compose_wires, wire_trace
from qdl.circuits.block import Block, Register, Signature
from qdl.circuits.cost import Cost
from qdl.circuits.qlam.program import WIRES, Program, ProgramBlock
from qdl.errors import ParameterError


#: integer-level calls of a sub-program walked gate by gate (by its trace) before its profile
#: is made. Measured on the phase-gradient rotation of the QROM loaders (180 trace steps, 44
#: wires): a trace run 0.13 ms, the symbolic walk 8.6 ms, an application of the profile
#: 0.085 ms, so the profile pays after about 190 more calls; most sub-programs are called
#: once or twice, the rotation once per tree level (57 times over vit_b16's six loaders)
INLINE_CALLS = 64


@dataclass(frozen=True, eq=False)  # compared by identity, like the program it holds
class SubProgram(Block):
    """A recorded :class:`Program` called as one block on its wires 0..width−1.

    Counts: the program's. Depths: its per-wire profile (compose_wires.profile: one symbolic
    walk, the max-plus matrix from the levels of its wires and of the ancillas it takes from
    the caller's pool to their levels after it), applied at each call in O(wires²) instead
    of walking its gates again; exact because the profile *is* the walk, as a linear map.
    Build: the program's gates on the caller's wires and pool (the same ancillas the profile
    was applied to: the pool gives them in the same order)."""

    prog: Program
    name = "program"

    @property
    def signature(self) -> Signature:
        return Signature([Register(WIRES, self.prog.width)])

    @cached_property
    def _profile(self):
        return compose_wires.profile(self.prog.ops, [(WIRES, self.prog.width)], self.prog.next)

    def leaf_cost(self) -> Cost:
        return self.prog.cost()

    def wire_levels(self, walker, wires) -> None:
        if walker.vmax is max and "_profile" not in self.__dict__:
            walked = self.__dict__.get("_walked", 0)
            if walked < INLINE_CALLS:
                object.__setattr__(self, "_walked", walked + 1)
                wire_trace.walk_into(walker, self.prog.ops, [(WIRES, self.prog.width)],
                                     list(wires), self.prog)
                return
        try:
            compose_wires.apply(walker, self._profile, list(wires))
        except ParameterError:  # depths past 2^53: gate by gate, in Python integers
            if walker.vmax is not max:
                raise
            wire_trace.walk_into(walker, self.prog.ops, [(WIRES, self.prog.width)],
                                 list(wires), self.prog)

    def build(self, bb, *, q: list[int]) -> None:
        self.prog.emit(bb, q)


_SUBS: dict = {}


def record_program(prog: Program, block: ProgramBlock, **regs: list[int]) -> None:
    """``block.record(prog, **regs)``, as a call of the block's memoised program (or, under a
    control c, of its program recorded under a control on one more wire, called with c):
    the same gates on the same wires, recorded and profiled once per block."""
    ctrl = prog.control
    key = (block, ctrl is not None)
    sub = _SUBS.get(key)
    if sub is None:
        width = block.signature.width
        sub = Program(width + (ctrl is not None))
        at, own = 0, {}
        for reg in block.signature:
            own[reg.name], at = list(range(at, at + reg.width)), at + reg.width
        if ctrl is None:
            block.record(sub, **own)
        else:
            with sub.controlled(width):
                block.record(sub, **own)
        sub = _SUBS[key] = SubProgram(sub)
    wires = [w for reg in block.signature for w in regs[reg.name]]
    prog._call(sub, *wires, *([ctrl] if ctrl is not None else []))
