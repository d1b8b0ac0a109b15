"""Recording Builder-style blocks into a QLAM :class:`~qdl.circuits.qlam.program.Program`.

The DTM lookups (``qrom``, ``qroam_clean``) and the QAM comparator build their circuits on a
:class:`~qdl.circuits.builder.Builder`. A QLAM block that uses them (alias-sampling PREPARE,
unary-iteration SELECT, QROM-loaded state preparation) records a Program instead, so that its
cost and its circuit come from one gate list. :class:`ProgramBuilder` is the Builder
interface on top of a Program: a block's own ``build`` runs unchanged and its gates land in
the program, so those circuits are written once, in circuits/dtm and circuits/qam.

Gates go through the Program's control-aware methods; the temporary AND and its
measurement-based uncompute become calls of the same :class:`~qdl.circuits.gates.And`/:class:`~qdl.circuits.gates.AndUncompute`
blocks (``Program.and_``/``andu``), counted and built as everything else in the program.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from qdl.circuits.block import Block
from qdl.circuits.gates import AndUncompute
from qdl.circuits.qlam.program import Program


class ProgramBuilder:
    """The subset of the Builder API that gate-level blocks use, recording into ``prog``."""

    def __init__(self, prog: Program):
        self.prog = prog

    def alloc(self, n: int) -> list[int]:
        return self.prog.alloc(n)

    def release(self, qubits: Sequence[int]) -> None:
        self.prog.release(qubits)

    def gate(self, name: str, *qubits: int) -> None:
        if name == "and":  # Gidney's temporary AND: uncontrolled, like the Program's ladders
            self.prog.and_(*qubits)
            return
        method: Callable | None = getattr(self.prog, name, None)
        if method is None:
            raise ValueError(f"gate {name!r} cannot be recorded in a QLAM program")
        method(*qubits)

    def h(self, q: int) -> None:
        self.prog.h(q)

    def x(self, q: int) -> None:
        self.prog.x(q)

    def cx(self, c: int, t: int) -> None:
        self.prog.cx(c, t)

    def cz(self, a: int, b: int) -> None:
        self.prog.cz(a, b)

    def ccx(self, a: int, b: int, t: int) -> None:
        self.prog.ccx(a, b, t)

    def call(self, block: Block, **regs: Sequence[int]) -> None:
        if isinstance(block, AndUncompute):  # H, measure, if-CZ, reset: the Program's andu
            self.prog.andu(regs["a"][0], regs["b"][0], regs["t"][0])
            return
        block.build(self, **{k: list(v) for k, v in regs.items()})  # type: ignore[arg-type]


def inline(prog: Program, block: Block, **regs: Sequence[int]) -> None:
    """Record ``block`` acting on program wires ``regs`` (register name → wires)."""
    ProgramBuilder(prog).call(block, **regs)
