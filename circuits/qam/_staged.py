"""Straight-line fixed-point programs with Bennett uncomputation (private: no primitive).

The approximate functions (reciprocal, inv_sqrt, arccos, exp) are short programs over
fixed-point registers: allocate a fresh register, run a verified block on slices of registers,
repeat. :class:`StagedBlock` turns such a program into one block that is garbage free:

    forward ops;  write the result into the fresh output y (an XOR-into block);  the inverse
    of every forward op in reverse order (Bennett, "Logical reversibility of computation",
    IBM J. Res. Dev. 17, 525 (1973)).

Every inverse is an existing block (a multiplier's measured uncompute, an adder for a
subtractor, ...; see :func:`inverse`), so the program is written once.

A staged program is a :class:`~qdl.circuits.compose.Composite` (the one composition model):
counts, width (register liveness) and depths (the barrier schedule: T-depth
D_first + Σ (D_i − 1) over later stages, every stage here starting with a temporary AND) all
derive from :meth:`StagedBlock.ops`, and so does the circuit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qdl.circuits.block import Block, Register, Role, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.compose import Alloc, Call, Composite, Free, Op, Segment, Sync, call
from qdl.circuits.gates import CX
from qdl.circuits.qam.addition import GidneyAdder
from qdl.circuits.qam.constant_addition import ConstantAdder
from qdl.circuits.qam.controlled_addition import ControlledAdder, ControlledCopy
from qdl.circuits.qam.multiplication import SchoolbookMultiplier
from qdl.circuits.qam.subtraction import GidneySubtractor

#: The composition model's ``Call``/``call``, under the names the staged programs use.
Run = Call
run = call


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


class StagedBlock(Composite):
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


def output_signature(inputs: Sequence[Register], width: int, signed: bool = False) -> Signature:
    """The inputs (unchanged) and the fresh result ``y``."""
    return Signature(list(inputs) + [Register("y", width, Role.OUTPUT, signed)])
