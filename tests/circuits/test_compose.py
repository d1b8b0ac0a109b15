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
