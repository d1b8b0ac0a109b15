"""The inverse of a recorded gate program, as ``Program.replay(..., inverse=True)`` records it.

A QROM-loaded tree unloads each small lookup with the inverse of its recorded load
(qdl.circuits.qlam.qrom_loader): ``replay`` walks the load's 10³ ops backwards through the
control-aware recording methods, remapping every wire. For a program of plain gates, ANDs
and their uncomputes with no active control, replay records each gate's inverse (S ↔ S†, AND
↔ its uncompute, the others self-inverse) on the mapped wires, and each release of the load as
an allocation from the new program's pool. When that pool hands every ancilla back its own
wire number — checked at each allocation — the map is the identity, so each recorded call
is the load's own call with the inverse block on the same segments, and nothing else needs
doing. :func:`inverse_program` does that, and replays when a check fails or an op is of
another kind; tests/circuits/qlam/test_program_inverse.py compares the op lists with replay.
"""

from __future__ import annotations

from qdl.circuits.compose import Alloc, Call, Free
from qdl.circuits.compose_wires import AllocWires, FreeWires
from qdl.circuits.gates import And, AndUncompute
from qdl.circuits.qlam.program import Program
from qdl.circuits.qlam.program_replay import inverse_gate
from qdl.circuits.qlam.program_wires import wire_of
from qdl.circuits.qlam.wire_gates import Gate


def inverse_program(prog: Program) -> Program:
    """A new program on ``prog.width`` wires holding ``prog``'s inverse (module docstring)."""
    inv = Program(prog.width)
    if _reverse_into(inv, prog.ops):
        return inv
    inv = Program(prog.width)
    inv.replay(prog.ops, list(range(prog.width)), inverse=True)
    return inv


def _reverse_into(inv: Program, ops: list) -> bool:
    """Record ``ops``' inverse into the empty ``inv``; False where the map is not the identity
    or an op is not a plain gate, AND or (de)allocation (``inv`` is then to be discarded)."""
    out = inv.ops
    inverses: dict[int, object] = {}
    for op in reversed(ops):
        kind = type(op)
        if kind is Call:
            block = op.block
            undo = inverses.get(id(block))
            if undo is None:
                if type(block) not in (Gate, And, AndUncompute):
                    return False
                undo = inverses[id(block)] = inverse_gate(block)
            out.append(Call(undo, op.wires))
        elif kind is Free:  # freed by the load: allocated by the inverse
            if op.width != 1 or inv.alloc(1) != [wire_of(op.name)]:
                return False
        elif kind is Alloc:
            if op.width != 1:
                return False
            inv.release([wire_of(op.name)])
        elif kind is FreeWires:  # its frees reversed, each one allocation
            wires = [wire_of(name) for name in reversed(op.names)]
            if inv.alloc(len(wires)) != wires:
                return False
        elif kind is AllocWires:  # its allocations reversed, each one release
            inv.release([wire_of(name) for name in op.names])
        else:
            return False
    return True
