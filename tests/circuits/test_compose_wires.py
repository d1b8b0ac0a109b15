"""The program walk: repeated bodies by max-plus powers equal the unrolled walk and the circuit."""

import numpy as np
import pytest

from qdl.circuits.compose import Loop
from qdl.circuits.qlam.program import Program
from qdl.passes.circuit_count import count_circuit


def grow(prog):
    with prog.when_equal([0, 1], 2):
        prog.mux("ry", [2], 3, np.array([0.3, np.pi / 4]))
        prog.cx(3, 2)


@pytest.mark.parametrize("count", [3, 5, 16])
def test_repeat_counts_like_the_unrolled_program(count):
    folded, unrolled = Program(4), Program(4)
    with folded.controlled(1):
        folded.repeat(count, lambda: grow(folded))
    with unrolled.controlled(1):
        for _ in range(count):
            grow(unrolled)
    assert any(isinstance(op, Loop) for op in folded.ops)
    assert folded.cost() == unrolled.cost() == count_circuit(folded.circuit())


@pytest.mark.parametrize("outer,inner", [(3, 4), (5, 3)])
def test_nested_repeats(outer, inner):
    """A repeat inside a repeated body is composed symbolically (max-plus forms)."""
    def body(prog):
        prog.mux("rz", [0], 1, np.array([0.2, 1.1]))
        prog.repeat(inner, lambda: grow(prog))
        prog.ccx(0, 3, 1)

    folded, unrolled = Program(4), Program(4)
    folded.repeat(outer, lambda: body(folded))

    def flat_body():
        unrolled.mux("rz", [0], 1, np.array([0.2, 1.1]))
        for _ in range(inner):
            grow(unrolled)
        unrolled.ccx(0, 3, 1)

    for _ in range(outer):
        flat_body()
    assert folded.cost() == unrolled.cost() == count_circuit(folded.circuit())


def test_no_repeat_when_the_pool_changes():
    """A body that leaves the ancilla pool in another order is recorded unrolled."""
    prog = Program(2)
    kept = []

    def body():
        kept.extend(prog.alloc(1))
        prog.cx(0, kept[-1])

    prog.repeat(4, body)
    assert not any(isinstance(op, Loop) for op in prog.ops)
    assert prog.cost() == count_circuit(prog.circuit())


# -- the per-wire schedule as a Composite option ------------------------------------------------

from dataclasses import dataclass  # noqa: E402

from qdl.circuits.block import Register, Role, Signature  # noqa: E402
from qdl.circuits.compose import Alloc, Composite, Free, call, call_flat  # noqa: E402
from qdl.circuits.cost import DEPTHS  # noqa: E402
from qdl.circuits.gates import And, AndUncompute  # noqa: E402
from qdl.circuits.qam.addition import GidneyAdder  # noqa: E402
from qdl.circuits.qlam.wire_gates import Mux, gate  # noqa: E402
from qdl.passes.build import build_circuit  # noqa: E402
from qdl.passes.verify import verify_block  # noqa: E402


@dataclass(frozen=True)
class AddTwice(Composite):
    """|a⟩|b⟩|0⟩_f → |a⟩|b + 2a⟩|0⟩: AND of a's low bits onto scratch (and back), the adder
    (opaque: no wire rule) twice in a loop, CNOT fan-outs on disjoint wires in between."""

    bits: int
    count: int = 2
    schedule_name: str = "wire"
    name = "add_twice"

    @property
    def schedule(self):  # type: ignore[override]
        return self.schedule_name

    @property
    def signature(self):
        n = self.bits
        return Signature([Register("a", n), Register("b", n), Register("f", 2, Role.OUTPUT)])

    def ops(self):
        n = self.bits
        cx = gate("cx")
        and_ = (Alloc("s", 1), call_flat(And(), ("a", 0, 1), ("a", 1, 2), ("s", 0, 1)),
                call_flat(cx, ("s", 0, 1), ("f", 0, 1)), call_flat(cx, ("s", 0, 1), ("f", 0, 1)),
                call_flat(AndUncompute(), ("a", 0, 1), ("a", 1, 2), ("s", 0, 1)), Free("s", 1))
        body = (call(GidneyAdder(n), a=("b", 0, n), b=("a", 0, n)),  # b += a
                call_flat(cx, ("f", 1, 2), ("f", 0, 1)))
        return [*and_, Loop(self.count, body), *and_]

    def reference(self, *, a: int, b: int, f: int):
        n = self.bits
        return {"a": a, "b": (b + self.count * a) % (1 << n), "f": f}


@pytest.mark.parametrize("bits,count", [(2, 1), (3, 2), (3, 5)])
def test_a_wire_scheduled_composite_equals_its_circuit(bits, count):
    block = AddTwice(bits, count)
    assert block.cost().differences(count_circuit(build_circuit(block))) == {}
    assert verify_block(block).passed


def test_the_same_ops_under_the_barrier_schedule():
    """The option only changes the schedule: same counts but depths and barrier Cliffords."""
    wire, barrier = AddTwice(3, 3).cost(), AddTwice(3, 3, "barrier").cost()
    assert barrier.differences(count_circuit(build_circuit(AddTwice(3, 3, "barrier")))) == {}
    assert (wire.t, wire.and_, wire.toffoli) == (barrier.t, barrier.and_, barrier.toffoli)


def chain(prog: Program) -> None:
    """A body whose two rotation chains cross: its steady state is reached after a transient."""
    prog.mux("rz", [0], 1, None)
    prog.mux("ry", [2, 3], 0, None)
    prog.ccx(1, 2, 3)


@pytest.mark.parametrize("count", [1, 2, 3, 7, 12])
def test_a_loop_equals_its_enumeration_and_its_circuit(count):
    looped, flat = Program(4), Program(4)
    looped.ops.append(Loop(count, tuple(_recorded(chain))))
    for _ in range(count):
        chain(flat)
    assert looped.cost() == flat.cost() == count_circuit(looped.circuit())


def test_a_long_loop_grows_by_its_cycle_mean():
    """Polylog in the count: 2^40 iterations by 80 max-plus products; past the transient the
    depth grows by the same amount per iteration (the body's critical cycle mean λ)."""
    def depths(count):
        prog = Program(4)
        prog.ops.append(Loop(count, tuple(_recorded(chain))))
        cost = prog.cost()
        return [getattr(cost, f) for f in DEPTHS]

    step = [b - a for a, b in zip(depths(20), depths(21))]
    assert step == [b - a for a, b in zip(depths(40), depths(41))]
    big = 1 << 40
    assert depths(big) == [d + (big - 20) * s for d, s in zip(depths(20), step)]


def _recorded(body) -> list:
    prog = Program(4)
    body(prog)
    return prog.ops


def test_wire_loops_refuse_moving_segments_and_parallel_ops():
    @dataclass(frozen=True)
    class Moving(Composite):
        schedule = "wire"
        name = "moving"

        @property
        def signature(self):
            return Signature([Register("x", 4)])

        def ops(self):
            return [Loop(3, (call_flat(gate("cx"), ("x", 0, 1, 1), ("x", 1, 2, 1)),))]

    with pytest.raises(ValueError, match="no strided segments"):
        Moving().cost()


def test_a_mux_block_alone_counts_like_its_circuit():
    from qdl.circuits.builder import Builder

    for theta in (None, np.array([0.1, np.pi / 4, 0.3, np.pi / 2])):
        block = Mux("ry", 2, theta)
        bb = Builder()
        c, t = bb.alloc(2), bb.alloc(1)
        block.build(bb, c=c, t=t)
        circ = bb.to_circuit(block.signature, {"c": c, "t": t})
        assert block.cost().differences(count_circuit(circ)) == {}


# -- one op for many one-wire allocs (AllocWires / FreeWires) ----------------------------------

def _interleaved(prog: Program) -> None:
    """Allocs and releases of several wires at once, in an order that reuses pool wires out
    of index order; which wire the pool hands back decides the depth (a[2] leaves deep, a[0]
    shallow, and c[0] starts a Toffoli chain)."""
    a = prog.alloc(3)
    prog.and_(0, 1, a[0])
    prog.cx(a[0], a[2])
    b = prog.alloc(2)
    prog.s(b[1])
    for _ in range(3):
        prog.ccx(b[0], b[1], a[2])
    prog.andu(0, 1, a[0])  # (a counting test: a[2] is left dirty on purpose)
    prog.release([a[2], a[0]])  # not the allocation order
    c = prog.alloc(3)  # two reused (most recently released first), one new
    for _ in range(3):
        prog.ccx(0, 1, c[0])
    prog.release(c)
    prog.release(b)
    prog.cx(a[1], 2)
    prog.release([a[1]])


def _one_by_one(ops: list) -> list:
    """The same ops with every AllocWires/FreeWires spelled as its one-wire Allocs/Frees."""
    from qdl.circuits.compose_wires import AllocWires, FreeWires

    out = []
    for op in ops:
        if isinstance(op, AllocWires):
            out += [Alloc(name, 1) for name in op.names]
        elif isinstance(op, FreeWires):
            out += [Free(name, 1) for name in op.names]
        else:
            out.append(op)
    return out


def test_multi_wire_ops_walk_as_their_one_wire_ops():
    from qdl.circuits import compose_wires
    from qdl.circuits.compose_wires import AllocWires, FreeWires

    prog = Program(3)
    _interleaved(prog)
    assert any(isinstance(op, AllocWires) for op in prog.ops)
    assert any(isinstance(op, FreeWires) for op in prog.ops)
    start = [("q", 3)]
    one = compose_wires.tally(_one_by_one(prog.ops), start)
    many = compose_wires.tally(prog.ops, start)
    assert (many.children, many.depths, many.peak) == (one.children, one.depths, one.peak)
    assert prog.cost() == count_circuit(prog.circuit())
    # the inverse replay releases and allocates the same wires as the one-wire ops would
    inv = Program(3)
    inv.replay(prog.ops, [0, 1, 2], inverse=True)
    ref = Program(3)
    ref.replay(_one_by_one(prog.ops), [0, 1, 2], inverse=True)
    assert _one_by_one(inv.ops) == _one_by_one(ref.ops)
    assert inv.cost() == count_circuit(inv.circuit())
