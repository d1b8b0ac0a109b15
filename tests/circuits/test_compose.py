"""The composition model: loops counted in closed form equal the unrolled program and the
built circuit on every field; Aer(build) equals the reference."""

from dataclasses import dataclass

import pytest

from qdl.circuits.block import Register, Role, Signature
from qdl.circuits.compose import Alloc, Composite, Free, Loop, call
from qdl.circuits.qam.addition import GidneyAdder
from qdl.circuits.qam.controlled_addition import ControlledCopy
from qdl.circuits.qam.subtraction import GidneySubtractor
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


@dataclass(frozen=True)
class Accumulate(Composite):
    """|x_0…x_{k−1}⟩|0⟩_y → |x⟩|Σ x_i mod 2^n⟩ via a scratch copy per term (copy, add,
    uncopy): a loop whose body moves along x by a stride and allocates scratch."""

    bits: int
    terms: int
    unrolled: bool = False
    name = "accumulate"

    @property
    def signature(self):
        n = self.bits
        return Signature([Register("x", n * self.terms), Register("c", 1),
                          Register("y", n, Role.OUTPUT)])

    def ops(self):
        n = self.bits
        copy = ControlledCopy(n)
        body = (Alloc("s", n), call(copy, c=("c", 0, 1), b=("x", 0, n, n), t=("s", 0, n)),
                call(GidneyAdder(n), a=("y", 0, n), b=("s", 0, n)),
                call(ControlledCopy(n, True), c=("c", 0, 1), b=("x", 0, n, n), t=("s", 0, n)),
                Free("s", n))
        if not self.unrolled:
            return [Loop(self.terms, body)]
        out = []
        for i in range(self.terms):
            for op in body:
                if hasattr(op, "wires"):
                    wires = tuple((r, tuple(seg[:3] if len(seg) == 3 else
                                            (seg[0], seg[1] + i * seg[3], seg[2] + i * seg[3])
                                            for seg in segs)) for r, segs in op.wires)
                    op = type(op)(op.block, wires)
                out.append(op)
        return out

    def reference(self, *, x: int, c: int, y: int):
        n = self.bits
        total = sum((x >> (n * i)) & ((1 << n) - 1) for i in range(self.terms)) if c else 0
        return {"x": x, "c": c, "y": (y + total) % (1 << n)}


@pytest.mark.parametrize("bits,terms", [(2, 1), (2, 3), (3, 4)])
def test_loop_closed_form_equals_unrolled_and_circuit(bits, terms):
    looped, flat = Accumulate(bits, terms), Accumulate(bits, terms, unrolled=True)
    assert looped.cost() == flat.cost() == count_circuit(build_circuit(looped))
    t_calls = sum(m for b, m in looped.children() if b.cost().t_depth)
    assert looped.cost().t_depth == sum(
        b.cost().t_depth * m for b, m in looped.children()) - (t_calls - 1)


def test_loop_on_aer():
    result = verify_block(Accumulate(2, 2))
    assert result.passed, result.failures


def test_huge_loop_counts_without_enumerating():
    block = Accumulate(8, 10**9)
    cost = block.cost()
    one = Accumulate(8, 1).cost()
    assert cost.and_ == one.and_ * 10**9
    assert cost.qubits == 8 * 10**9 + 1 + 8 + 8 + GidneyAdder(8).cost().qubits - 16


def test_unbalanced_loop_body_is_refused():
    @dataclass(frozen=True)
    class Leaky(Composite):
        @property
        def signature(self):
            return Signature([Register("a", 2), Register("b", 2)])

        def ops(self):
            return [Loop(3, (Alloc("s", 2), call(GidneySubtractor(2), a=("a", 0, 2),
                                                 b=("b", 0, 2))))]

    with pytest.raises(ValueError, match="loop body"):
        Leaky().cost()


def measured_lead(block, fresh_outputs: bool) -> int:
    """T layers by which ``block`` overlaps a barrier at level 1 in the built circuit: every
    register wire gets a T (output registers too unless ``fresh_outputs``), a CZ ladder
    synchronises them, the block's ancillas are reset, then the block runs."""
    from qdl.circuits.block import Role
    from qdl.circuits.builder import Builder, build_signature_wires
    from qdl.circuits.compose import Sync, ancillas
    from qdl.circuits.compose_build import _refresh

    bb = Builder()
    regs = build_signature_wires(bb, block.signature)
    synced = [q for r in block.signature if not (fresh_outputs and r.role is Role.OUTPUT)
              for q in regs[r.name]]
    for q in synced:
        bb.gate("t", q)
    if len(synced) > 1:
        bb.call(Sync(len(synced)), q=synced)
    _refresh(bb, ancillas(block))
    bb.call(block, **regs)
    got = count_circuit(bb.to_circuit(block.signature, regs)).t_depth
    return 1 + block.cost().t_depth - got


def _lead_blocks():
    from qdl.estimators.network.modules import primitive
    from qdl.circuits.qam.saturation import Saturate
    from qdl.estimators.network.uncompute import Complemented

    dot = primitive("dot", length=2, bits=3, frac_bits=1)
    return [primitive("qrom", words=4, word_bits=2), primitive("select_swap", words=8, word_bits=2),
            primitive("bucket_brigade", address_bits=2, word_bits=2), dot,
            Complemented(dot, "y"), primitive("mac", bits=3, frac_bits=1),
            primitive("relu", bits=3), primitive("add", bits=3), primitive("sub", bits=3),
            primitive("compare", bits=3), primitive("ctrl_add", bits=3),
            primitive("qdac", size=4, bits=3, signed=True), ControlledCopy(3),
            primitive("exp", bits=4, frac_bits=1), primitive("reciprocal", bits=4, frac_bits=1),
            Saturate(5, 3), Saturate(5, 3, True)]


@pytest.mark.parametrize("block", _lead_blocks(), ids=lambda b: type(b).__name__)
def test_lead_table_matches_the_built_circuit(block):
    from qdl.circuits.compose import FLAT, Call, t_lead

    regs = tuple((r.name, ((r.name, 0, r.width),)) for r in block.signature)
    outputs = frozenset(r.name for r in block.signature if r.role is Role.OUTPUT)
    assert FLAT not in dict(regs)
    assert measured_lead(block, True) == t_lead(Call(block, regs), outputs)
    assert measured_lead(block, False) == t_lead(Call(block, regs), frozenset())


@dataclass(frozen=True)
class SumInto(Composite):
    """|x_0…x_{k−1}⟩|y⟩ → |x⟩|y + Σ x_i mod 2^n⟩, one adder per term; ``narrow``: each
    barrier spans only the operand in use and y (``Call.sync``), y holding the critical path."""

    bits: int
    terms: int
    narrow: bool
    name = "sum_into"

    @property
    def signature(self):
        return Signature([Register(f"x{i}", self.bits) for i in range(self.terms)]
                         + [Register("y", self.bits)])

    def ops(self):
        from dataclasses import replace

        n, out = self.bits, []
        for i in range(self.terms):
            op = call(GidneyAdder(n), a=("y", 0, n), b=(f"x{i}", 0, n))
            out.append(replace(op, sync=(f"x{i}", "y")) if self.narrow else op)
        return out

    def reference(self, *, y: int, **xs: int):
        return {**xs, "y": (y + sum(xs.values())) % (1 << self.bits)}


@pytest.mark.parametrize("bits,terms", [(2, 3), (3, 4)])
def test_narrowed_barriers_are_exact_and_cheaper(bits, terms):
    from qdl.circuits.compose import Sync

    wide, narrow = SumInto(bits, terms, False), SumInto(bits, terms, True)
    for block in (wide, narrow):
        assert block.cost() == count_circuit(build_circuit(block))
    assert dict(narrow.children())[Sync(2 * bits)] == terms - 1
    assert dict(wide.children())[Sync((terms + 1) * bits)] == terms - 1
    a, b = wide.cost(), narrow.cost()
    assert (a.t_depth, a.toffoli_depth, a.qubits) == (b.t_depth, b.toffoli_depth, b.qubits)
    assert a.clifford - b.clifford == 2 * (terms - 1) * (terms - 1) * bits


def test_narrowed_barriers_on_aer():
    assert verify_block(SumInto(2, 3, True)).passed
