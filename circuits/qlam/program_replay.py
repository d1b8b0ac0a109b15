"""Replaying a recorded gate program into another, on other wires, or its inverse.

``Program.replay`` records another program's ops through the recording methods, so what is
replayed is counted and built like anything recorded directly: gates go through the
control-aware methods (under an active control each becomes its controlled form), the other
program's ancillas are allocated afresh from the recording program's pool, loops are
re-recorded with ``Program.repeat`` and sub-program calls are called again (or replayed into
when controlled or inverted). The inverse reverses the list: alloc ↔ release, Gidney's AND ↔
its uncompute, S ↔ S†, multiplexors and phases negated; a measurement has none.
qdl.circuits.qlam.program_inverse is the fast path for the common case (plain gates, the map
the identity).
"""

from __future__ import annotations

from qdl.circuits.block import Block
from qdl.circuits.compose import Alloc, Call, Free, Loop
from qdl.circuits.compose_wires import AllocWires, FreeWires
from qdl.circuits.gates import And, AndUncompute
from qdl.circuits.qlam.program_wires import flat_wires, wire_of
from qdl.circuits.qlam.wire_gates import Gate, GlobalPhase, Measure, Mux, gate

_AND, _ANDU = And(), AndUncompute()


def replay_ops(prog, ops: list, wmap: dict[int, int], inverse: bool) -> None:
    """Record ``ops`` into ``prog`` on the program wires ``wmap`` maps their wires to, or
    their inverse (module docstring)."""
    seq = reversed(ops) if inverse else ops
    sign = -1.0 if inverse else 1.0
    plain = prog.control is None  # (every op leaves the control stack as it found it)
    for op in seq:
        if plain and type(op) is Call and isinstance(op.block, (Gate, And, AndUncompute)):
            # uncontrolled: the gate (or its inverse) on the mapped wires; most ops are
            prog._call(inverse_gate(op.block) if inverse else op.block,
                       *[wmap[w] for w in flat_wires(op)])
        elif isinstance(op, (Alloc, Free)):
            w = wire_of(op.name)
            if isinstance(op, Alloc) != inverse:
                (wmap[w],) = prog.alloc(1)
            else:
                prog.release([wmap[w]])
        elif isinstance(op, (AllocWires, FreeWires)):
            # the op's one-wire allocs or frees in its order, or reversed for the inverse
            ws = [wire_of(name) for name in (reversed(op.names) if inverse else op.names)]
            if isinstance(op, AllocWires) != inverse:
                for w, new in zip(ws, prog.alloc(len(ws))):
                    wmap[w] = new
            else:  # one release per wire in this order = one release of the reverse
                prog.release([wmap[w] for w in reversed(ws)])
        elif isinstance(op, Loop):
            prog.repeat(op.count, lambda body=op.body: replay_ops(prog, body, wmap, inverse))
        elif isinstance(op.block, (Gate, And, AndUncompute, Mux, Measure, GlobalPhase)):
            _replay_gate(prog, op.block, [wmap[w] for w in flat_wires(op)], inverse, sign)
        elif type(op.block).__name__ == "SubProgram":  # qlam.subprogram (imports this)
            inner = dict(enumerate(wmap[w] for w in flat_wires(op)))
            if prog.control is None and not inverse:
                prog.call(op.block.prog, list(inner.values()))
            else:
                replay_ops(prog, op.block.prog.ops, inner, inverse)
        else:  # a lookup kept whole (qlam.calls)
            from qdl.circuits.qlam.calls import replay_call

            regs = {name: [wmap[wire_of(seg[0], seg[1])] for seg in segs]
                    for name, segs in op.wires}
            replay_call(prog, op.block, regs, inverse)


def _replay_gate(prog, block: Block, ws: list[int], inverse: bool, sign: float) -> None:
    if isinstance(block, (And, AndUncompute)):
        (prog.and_ if isinstance(block, And) != inverse else prog.andu)(*ws)
    elif isinstance(block, Gate):
        getattr(prog, (inverse_gate(block) if inverse else block).gate)(*ws)
    elif isinstance(block, Mux):
        theta = None if block.theta is None else sign * block.theta
        if block.axis == "p":
            prog.phase(ws[0], None if theta is None else float(theta[0]))
        else:
            prog.mux(block.axis, ws[:-1], ws[-1], theta)
    elif isinstance(block, GlobalPhase):
        prog.global_phase(sign * block.angle)
    else:
        if inverse:
            raise ValueError("a measurement has no inverse")
        prog.measure(ws[0])


#: inverses of the gates that are not their own (S·S† = 1); AND ↔ its uncompute
_INVERSES = {"s": "sdg", "sdg": "s"}


def inverse_gate(block: Block) -> Block:
    """The inverse of a gate, an AND or an AND's uncompute."""
    if isinstance(block, Gate):
        return gate(_INVERSES.get(block.gate, block.gate))
    return _ANDU if isinstance(block, And) else _AND
