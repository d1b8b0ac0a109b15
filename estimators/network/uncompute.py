"""The uncompute half of a stage program: the inverse of every compute call, in reverse order.

A stage (qdl.estimators.network.stage) computes y_e, converts it, then undoes every load and
compute call (Bennett 1973), so that every digital register is back in |0⟩. Each inverse is
an existing block: table lookups, ReLU, comparisons, staged functions and constant writes XOR
their result and are their own inverse; an adder's is the subtractor; an accumulating block
(``dot``, ``mac``: c += f) is undone by :class:`Complemented` (c − f = ¬(¬c + f)); ReLU's by
:class:`ReluUncompute` (measurement-based, no T).
"""

from __future__ import annotations

from dataclasses import dataclass

from qdl.circuits.block import Block, Register, Signature
from qdl.circuits.compose import Call, Loop, Op, Parallel
from qdl.circuits.gates import Clifford
from qdl.circuits.qam._staged import StagedBlock
from qdl.circuits.qam._staged import inverse as staged_inverse

#: Blocks that XOR their result into a register by CNOTs: each is its own inverse, phases
#: included. (A block that writes its result with temporary ANDs, like ``relu`` or the QAM
#: ``compare``, is not: an AND onto a target in |1⟩ is not a Toffoli.)
_XOR_INTO = {"qrom", "select_swap", "qroam_clean", "bucket_brigade", "xor_const", "fanout",
             "exp", "reciprocal", "less_than", "select_copy",
             "dcd_reprepare"}
#: Accumulating blocks (register += f(inputs)) and the register they accumulate into.
_ACCUMULATOR = {"dot": "y", "mac": "c", "dot_const_floored": "y"}


@dataclass(frozen=True)
class Complemented(Block):
    """|…⟩|c⟩ → |…⟩|c − f(…) mod 2^n⟩ for an accumulating block c ← c + f(…): X^n on c, the
    block, X^n on c, since ¬(¬c + f) = −(−c − 1 + f) − 1 = c − f. Cost: the block's plus 2n X;
    width and depths the block's."""

    block: Block
    register: str

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.block.name

    @property
    def signature(self) -> Signature:
        return self.block.signature

    def children(self):
        return ((Clifford("x"), 2 * self.signature[self.register].width), (self.block, 1))

    def build(self, bb, **regs: list[int]) -> None:
        for q in regs[self.register]:
            bb.x(q)
        bb.call(self.block, **regs)
        for q in regs[self.register]:
            bb.x(q)

    def reference(self, **values: int) -> dict[str, int]:
        width = self.signature[self.register].width
        mask = (1 << width) - 1
        out = self.block.reference(**{**values, self.register: values[self.register] ^ mask})
        return {**out, self.register: out[self.register] ^ mask}


@dataclass(frozen=True)
class ReluUncompute(Block):
    """|x⟩|max(x, 0)⟩ → |x⟩|0⟩: the inverse of :class:`~qdl.circuits.qam.activation.ReLU`,
    each y_i = x_i·¬sign erased by Gidney's measured AND uncompute (Quantum 2, 74 (2018),
    Fig. 3): X on the sign, n − 1 ``AndUncompute``, X on the sign. Cost: 0 T, n − 1
    measurements, 2(n − 1) + 2 Clifford; depth 0; qubits 2n."""

    bits: int
    name = "relu_uncompute"

    @property
    def signature(self) -> Signature:
        return Signature([Register("x", self.bits, signed=True),
                          Register("y", self.bits, signed=True)])

    def children(self):
        from qdl.circuits.gates import AndUncompute

        if self.bits == 1:
            return ()
        return ((Clifford("x"), 2), (AndUncompute(), self.bits - 1))

    def leaf_cost(self):
        from qdl.circuits.cost import Cost

        return Cost(qubits=2 * self.bits)

    def build(self, bb, *, x: list[int], y: list[int]) -> None:
        from qdl.circuits.gates import AndUncompute

        if self.bits == 1:
            return
        bb.x(x[-1])
        for i in range(self.bits - 1):
            bb.call(AndUncompute(), a=[x[i]], b=[x[-1]], t=[y[i]])
        bb.x(x[-1])

    def relu(self, x: int) -> int:
        return 0 if (x >> (self.bits - 1)) & 1 else x

    def accepts(self, *, x: int, y: int) -> bool:
        return y == self.relu(x)

    def reference(self, *, x: int, y: int) -> dict[str, int]:
        return {"x": x, "y": y ^ self.relu(x)}


def undo(block: Block) -> Block:
    """The block that undoes ``block`` inside a stage program (one object per block: the
    schedule points' uncompute halves then share their blocks, found by identity)."""
    found = _UNDO.get(block)
    if found is None:
        found = _UNDO[block] = _undo(block)
    return found


#: block → the block that undoes it (undo)
_UNDO: dict[Block, Block] = {}


def _undo(block: Block) -> Block:
    if isinstance(block, Complemented):
        return block.block
    if block.name == "relu":
        return ReluUncompute(block.bits)
    if block.name in _ACCUMULATOR:
        return Complemented(block, _ACCUMULATOR[block.name])
    if block.name in _XOR_INTO or isinstance(block, StagedBlock) or getattr(
            block, "self_inverse", False):
        return block
    return staged_inverse(block)


def uncompute(ops) -> list[Op]:
    out: list[Op] = []
    for op in reversed(list(ops)):
        if isinstance(op, Loop):
            out.append(Loop(op.count, tuple(uncompute(op.body)), op.parallel))
        elif isinstance(op, Parallel):
            out.append(Parallel(tuple(tuple(uncompute(b)) for b in op.branches)))
        else:
            out.append(Call(undo(op.block), op.wires))
    return out
