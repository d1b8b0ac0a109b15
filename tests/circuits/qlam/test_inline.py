"""Builder-style blocks recorded into a QLAM program count and build as they do alone."""

from qdl.circuits.dtm.qroam_clean import QROAMClean
from qdl.circuits.dtm.qrom import QROM
from qdl.circuits.qam.comparison import LessThan
from qdl.circuits.qlam.inline import inline
from qdl.circuits.qlam.program import Program
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit


def recorded(block):
    prog = Program(block.signature.width)
    regs, pos = {}, 0
    for reg in block.signature:
        regs[reg.name] = list(range(pos, pos + reg.width))
        pos += reg.width
    inline(prog, block, **regs)
    return prog


def test_recorded_blocks_cost_what_they_cost_alone():
    for block in (QROM(11, 4, tuple(range(11))), QROAMClean(16, 2, 4, tuple(range(4)) * 4),
                  LessThan(5)):
        prog = recorded(block)
        assert prog.cost() == count_circuit(prog.circuit())
        assert prog.cost() == count_circuit(build_circuit(block))  # the block's own circuit
        assert prog.cost() == block.cost()  # the block's hierarchical count, Cliffords included
