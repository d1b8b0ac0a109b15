"""Large lookups kept whole in a QLAM program: counted by their closed forms, built gate by gate.

A QROM-loaded tree (:mod:`~qdl.circuits.qlam.qrom_loader`) over 2^20 amplitudes looks up
2^19 words on its last level; recording those lookups gate by gate makes counting take
minutes. Here a lookup is one call of the :class:`Program`'s composition ops, of a block
without per-wire rule: the per-wire schedule (qdl.circuits.compose_wires, "opaque" calls)
takes its ancillas from the pool, brackets it by two Syncs over every program wire (the free
pool wires included; a CZ ladder there and back, the identity, 2(W − 1) Cliffords each) and
moves every wire from the level L after the first Sync to L + D, D the block's own depths
(its t_depth, toffoli_depth, rotation_depth, which the DTM tests compare with its built
circuit). That is exact: the counter's level rules are shift-invariant, and the one reset (a
measured AND uncompute returns its target to 0) never decides a later AND of these lookups
(the target's L_t + 1 is below that AND's control, itself the output of an earlier AND), so
the call ends on every wire at most at L + D, reached on some wire, and the closing Sync puts
every wire at exactly L + D. The tests compare the program's cost with the built circuit's.

Blocks kept whole: the plain ``qrom`` and the dirty-qubit ``select_swap`` (both
self-inverse), and a ``qroam_clean`` split into its
super-word QROM and :class:`SwapNetwork` (Low, Kliuchnikov, Schaeffer, arXiv:1812.00954,
Fig. 1c), so that the unload is the same two calls in reverse order. Under an active control
the block is recorded gate by gate instead (its controlled version is made by the program).
"""

from __future__ import annotations

from dataclasses import dataclass

from qdl.circuits.block import Block, Register, Signature
from qdl.circuits.builder import Builder
from qdl.circuits.dtm.qroam_clean import QROAMClean
from qdl.circuits.dtm.qrom import QROM
from qdl.circuits.dtm.select_swap import SelectSwapQROM
from qdl.circuits.dtm.swaps import CSWAP, swap_with_zero_order

#: lookups of at least this many words are recorded as calls (below: gate by gate, which
#: lets the lookup interleave with its neighbours)
CALL_WORDS = 1 << 7


@dataclass(frozen=True)
class SwapNetwork(Block):
    """Swap-with-zero over K registers of b bits: R_l to position 0 for l = ``select``
    (``reverse``: the same controlled swaps in reverse order, its inverse).

    Cost: b(K − 1) controlled swaps (Toffoli + 2 CNOT each); qubits log2 K + K·b. The swaps
    form one dependency chain in either order (consecutive swaps share a wire: the
    selection bit within a stage, a register bit between stages): T-depth 3b(K − 1), Toffoli
    depth b(K − 1).
    """

    registers: int
    width: int
    reverse: bool = False
    name = "swap_with_zero"

    @property
    def k(self) -> int:
        return self.registers.bit_length() - 1

    @property
    def signature(self) -> Signature:
        return Signature([Register("select", self.k),
                          Register("regs", self.registers * self.width)])

    def children(self):
        return ((CSWAP, self.width * (self.registers - 1)),)

    def t_depth(self) -> int:
        return 3 * self.width * (self.registers - 1)

    def toffoli_depth(self) -> int:
        return self.width * (self.registers - 1)

    def rotation_depth(self) -> int:
        return 0

    def build(self, bb: Builder, *, select: list[int], regs: list[int]) -> None:
        order = swap_with_zero_order(self.registers, self.width)
        b = self.width
        for stage, i, j, bit in (reversed(order) if self.reverse else order):
            bb.call(CSWAP, c=[select[stage]], x=[regs[i * b + bit]], y=[regs[j * b + bit]])


def _call(prog, block: Block, regs: dict[str, list[int]]) -> None:
    """Record ``block`` on ``regs``: whole (an opaque call), or gate by gate under control."""
    from qdl.circuits.compose import Call
    from qdl.circuits.qlam.inline import inline

    if prog.control is not None:
        inline(prog, block, **regs)
        return
    prog.ops.append(Call(block, tuple((k, prog.segs(v)) for k, v in regs.items())))


def record_block(prog, block: Block, regs: dict[str, list[int]]) -> None:
    """Any block whose counts and depths are its own (closed forms, checked against its built
    circuit), kept whole like the lookups; gate by gate under an active control."""
    _call(prog, block, regs)


def record_lookup(prog, lookup: Block, address: list[int], target: list[int],
                  junk: list[int], unload: bool = False, dirty: list[int] = ()) -> None:
    """|i⟩|t⟩|0⟩ → |i⟩|t ⊕ d_i⟩|junk(i)⟩ by ``lookup`` (a QROM, a QROAMClean, or a
    SelectSwapQROM on the borrowed qubits ``dirty``) as calls, or its inverse (``unload``;
    the QROM and the select-swap QROAM are self-inverse: the same call)."""
    if isinstance(lookup, QROM):
        _call(prog, lookup, {"address": address, "target": target})
        return
    if isinstance(lookup, SelectSwapQROM):
        _call(prog, lookup, {"address": address, "target": target, "dirty": list(dirty)})
        return
    assert isinstance(lookup, QROAMClean)
    K, b, k = lookup.block, lookup.word_bits, lookup.k
    regs = target + junk
    steps = [(lookup.qrom(), {"address": address[k:], "target": regs}),
             (SwapNetwork(K, b, reverse=unload), {"select": address[:k], "regs": regs})]
    for block, wires in (reversed(steps) if unload else steps):
        _call(prog, block, wires)


def replay_call(prog, block: Block, regs: dict[str, list[int]], inverse: bool) -> None:
    """Re-record a call on other wires (Program.replay); its inverse is the same block except
    a swap network, whose inverse runs in reverse order."""
    if inverse and isinstance(block, SwapNetwork):
        block = SwapNetwork(block.registers, block.width, not block.reverse)
    _call(prog, block, regs)
