"""inverse_program records exactly the ops of Program.replay(..., inverse=True)."""

import numpy as np
import pytest

from qdl.circuits.dtm.qroam_clean import QROAMClean
from qdl.circuits.dtm.qrom import QROM
from qdl.circuits.dtm.select_swap import SelectSwapQROM
from qdl.circuits.qlam import program_inverse
from qdl.circuits.qlam.inline import inline
from qdl.circuits.qlam.program import Program
from qdl.passes.circuit_count import count_circuit


def replayed(prog: Program) -> Program:
    inv = Program(prog.width)
    inv.replay(prog.ops, list(range(prog.width)), inverse=True)
    return inv


def lookup_program(lookup, controls: int, bits: int) -> Program:
    regs = {"address": list(range(controls)), "target": list(range(controls, controls + bits))}
    width = controls + bits
    for name in ("junk", "dirty"):
        if name in [r.name for r in lookup.signature]:
            extra = lookup.signature[name].width
            regs[name] = list(range(width, width + extra))
            width += extra
    prog = Program(width)
    inline(prog, lookup, **regs)
    return prog


@pytest.mark.parametrize("lookup,controls,bits", [
    (QROM(8, 3, None), 3, 3), (QROM(13, 4, tuple(range(13))), 4, 4),
    (QROAMClean(32, 3, 4, None), 5, 3), (SelectSwapQROM(16, 2, 2, None), 4, 2)])
def test_the_inverse_of_a_lookup_is_the_replayed_inverse(lookup, controls, bits):
    prog = lookup_program(lookup, controls, bits)
    assert program_inverse._reverse_into(Program(prog.width), prog.ops)  # the fast path
    fast, slow = program_inverse.inverse_program(prog), replayed(prog)
    assert fast.ops == slow.ops and fast.next == slow.next
    assert fast.cost() == slow.cost() == count_circuit(fast.circuit())


def test_other_ops_are_replayed():
    """A multiplexor has no plain inverse here: the whole program is replayed."""
    prog = Program(3)
    prog.cx(0, 1)
    prog.mux("ry", [0], 2, np.array([0.2, 0.5]))
    (a,) = prog.alloc(1)
    prog.and_(0, 1, a)
    prog.s(a)
    prog.andu(0, 1, a)
    prog.release([a])
    assert not program_inverse._reverse_into(Program(prog.width), prog.ops)
    # (a multiplexor is compared by identity: each replay makes its own, with equal angles)
    assert repr(program_inverse.inverse_program(prog).ops) == repr(replayed(prog).ops)
