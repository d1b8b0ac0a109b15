"""Parallel branches in the composition model: counts, qubits and all three depths derived
from the program equal the built circuit's; Aer(build) equals the reference; bad programs
are refused."""

from dataclasses import dataclass

import pytest

from qdl.circuits.block import Register, Role, Signature
from qdl.circuits.compose import Alloc, Composite, Free, Loop, Parallel, call
from qdl.circuits.qam.addition import GidneyAdder
from qdl.circuits.qam.controlled_addition import ControlledCopy
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


@dataclass(frozen=True)
class TreeSum(Composite):
    """|u⟩|v⟩|x_0…x_{k−1}⟩|p_0…p_{w−1}⟩ → |u + v⟩|v⟩|x⟩|p'⟩ with p'_0 = Σ p_j + Σ x_i (mod
    2^n; the other p'_j are partial sums): an optional serial add u += v first (so the fork
    has a barrier), then ``ways`` branches each add their share of the terms into their own
    p_j (a scratch copy per term, in a Loop), then an adder tree folds p_j into p_0 in
    ⌈log2 ways⌉ parallel levels."""

    bits: int
    terms: int
    ways: int
    lead_in: bool = True
    name = "tree_sum"

    @property
    def signature(self):
        n, k = self.bits, self.terms
        return Signature([Register("u", n), Register("v", n), Register("x", n * k),
                          Register("p", n * self.ways, Role.OUTPUT)])

    def groups(self):
        per, extra = divmod(self.terms, self.ways)
        at = 0
        for j in range(self.ways):
            size = per + (j < extra)
            yield j, at, size
            at += size

    def ops(self):
        from qdl.circuits.qam._staged import Fanout

        n = self.bits
        branches = []
        for j, at, size in self.groups():
            s = f"s{j}"
            term = ("x", n * at, n * at + n, n)
            body = (Alloc(s, n), call(Fanout(n), a=term, b=(s, 0, n)),
                    call(GidneyAdder(n), a=("p", j * n, j * n + n), b=(s, 0, n)),
                    call(Fanout(n), a=term, b=(s, 0, n)), Free(s, n))
            branches.append((Loop(size, body),))
        head = [call(GidneyAdder(n), a=("u", 0, n), b=("v", 0, n))] if self.lead_in else []
        return head + [Parallel(tuple(branches))] + self.tree()

    def tree(self):
        n, out, step = self.bits, [], 1
        while step < self.ways:
            pairs = [(j, j + step) for j in range(0, self.ways - step, 2 * step)]
            out.append(Parallel(tuple(
                (call(GidneyAdder(n), a=("p", a * n, a * n + n), b=("p", b * n, b * n + n)),)
                for a, b in pairs)))
            step *= 2
        return out

    def reference(self, *, u, v, x, p):
        n, mask = self.bits, (1 << self.bits) - 1
        parts = [(p >> (n * j)) & mask for j in range(self.ways)]
        for j, at, size in self.groups():
            parts[j] += sum((x >> (n * (at + i))) & mask for i in range(size))
        step = 1
        while step < self.ways:
            for a in range(0, self.ways - step, 2 * step):
                parts[a] = (parts[a] + parts[a + step]) & mask
            step *= 2
        u = (u + v) & mask if self.lead_in else u
        return {"u": u, "v": v, "x": x,
                "p": sum((v_ & mask) << (n * j) for j, v_ in enumerate(parts))}


@pytest.mark.parametrize("bits,terms,ways,lead_in", [
    (2, 4, 1, True), (2, 4, 2, True), (2, 5, 3, True), (3, 4, 4, True), (2, 4, 2, False)])
def test_parallel_counts_equal_the_built_circuit(bits, terms, ways, lead_in):
    block = TreeSum(bits, terms, ways, lead_in)
    assert block.cost() == count_circuit(build_circuit(block))


def test_depth_is_the_slowest_branch_plus_the_tree():
    n, add = 3, GidneyAdder(3).cost()
    serial, wide = TreeSum(n, 8, 1), TreeSum(n, 8, 8)
    lead = 1  # every adder after the first T call overlaps its barrier by one T layer
    assert serial.cost().t_depth == add.t_depth + 8 * (add.t_depth - lead)
    assert wide.cost().t_depth == add.t_depth + (1 + 3) * (add.t_depth - lead)
    assert wide.cost().and_ == serial.cost().and_ + 7 * add.and_
    # every branch holds its own scratch and adder ancillas at once
    scratch = n + add.qubits - 2 * n
    assert serial.cost().qubits == serial.signature.width + scratch
    assert wide.cost().qubits == wide.signature.width + 8 * scratch


def test_parallel_on_aer():
    result = verify_block(TreeSum(2, 3, 2))
    assert result.passed, result.failures


def _program(ops, regs=(("a", 2), ("b", 2), ("c", 2), ("d", 2))):
    @dataclass(frozen=True)
    class Program(Composite):
        @property
        def signature(self):
            return Signature([Register(n, w) for n, w in regs])

        def ops(self):
            return ops

    return Program()


def test_branches_sharing_a_wire_are_refused():
    add = GidneyAdder(2)
    shared = Parallel(((call(add, a=("a", 0, 2), b=("b", 0, 2)),),
                       (call(add, a=("c", 0, 2), b=("b", 1, 2)),)))
    with pytest.raises(ValueError, match="disjoint"):
        _program([shared]).cost()


def test_a_branch_must_free_what_it_allocates():
    leaky = Parallel(((Alloc("s", 2), call(GidneyAdder(2), a=("a", 0, 2), b=("s", 0, 2))),))
    with pytest.raises(ValueError, match="free"):
        _program([leaky]).cost()


def test_parallel_does_not_nest():
    inner = Parallel(((call(GidneyAdder(2), a=("a", 0, 2), b=("b", 0, 2)),),))
    with pytest.raises(ValueError, match="nest"):
        _program([Parallel(((inner,),))]).cost()


@dataclass(frozen=True)
class LoopSum(TreeSum):
    """TreeSum written with parallel Loops: the branches are one body whose segments move
    by a stride per iteration (counted from one iteration); ``ways`` divides ``terms``."""

    name = "loop_sum"

    def ops(self):
        from qdl.circuits.qam._staged import Fanout

        n, per = self.bits, self.terms // self.ways
        term = ("x", 0, n, n)
        inner = (Alloc("s", n), call(Fanout(n), a=term, b=("s", 0, n)),
                 call(GidneyAdder(n), a=("p", 0, n), b=("s", 0, n)),
                 call(Fanout(n), a=term, b=("s", 0, n)), Free("s", n))
        # iteration j: its own partial sum p_j and its share x[j·per·n …]: the serial loop
        # inside moves along x, the parallel one moves the whole share (a Call per term)
        stride = {"x": per * n, "p": n}
        body = tuple(op if not hasattr(op, "wires") else type(op)(op.block, tuple(
            (r, tuple(s[:3] if s[0] == "s" else
                      (s[0], s[1] + k * n * (s[0] == "x"), s[2] + k * n * (s[0] == "x"),
                       stride[s[0]]) for s in segs)) for r, segs in op.wires))
                     for k in range(per) for op in inner)
        head = [call(GidneyAdder(n), a=("u", 0, n), b=("v", 0, n))] if self.lead_in else []
        return head + [Loop(self.ways, body, parallel=True)] + self.tree_loops()

    def tree_loops(self):
        n, out, step = self.bits, [], 1
        while step < self.ways:
            pairs = len(range(0, self.ways - step, 2 * step))
            out.append(Loop(pairs, (call(GidneyAdder(n), a=("p", 0, n, 2 * step * n),
                                         b=("p", step * n, step * n + n, 2 * step * n)),),
                            parallel=True))
            step *= 2
        return out


@pytest.mark.parametrize("bits,terms,ways,lead_in", [
    (2, 4, 2, True), (2, 6, 3, True), (2, 4, 4, False), (2, 2, 1, True)])
def test_parallel_loop_equals_explicit_branches_and_circuit(bits, terms, ways, lead_in):
    looped = LoopSum(bits, terms, ways, lead_in)
    assert looped.cost() == TreeSum(bits, terms, ways, lead_in).cost()
    assert looped.cost() == count_circuit(build_circuit(looped))


def test_parallel_loop_counts_without_enumerating():
    wide = LoopSum(2, 2**20, 2**20)
    # lead-in add, 2^20 terms, 2^20 − 1 tree adds
    assert wide.cost().and_ == (1 + 2**20 + 2**20 - 1) * GidneyAdder(2).cost().and_


def test_parallel_loop_iterations_sharing_wires_are_refused():
    add = GidneyAdder(2)
    overlapping = Loop(2, (call(add, a=("a", 0, 2, 1), b=("b", 0, 2)),), parallel=True)
    with pytest.raises(ValueError, match="share wires"):
        _program([overlapping]).cost()


def test_memoised_loop_bodies_count_as_a_fresh_walk():
    """An adder tree's level s is the same parallel-loop body at every group count k > s
    (qdl.circuits.compose_parallel._Body memoises its walk and tally per branch state), while
    the register the partial sums live in is k times wider: counted after the others or
    alone, every program gives the same cost, and the built circuit agrees."""
    from qdl.circuits import compose_parallel
    from qdl.circuits.block import clear_cost_cache

    sums = [LoopSum(2, 16, ways, lead_in) for ways in (16, 8, 4, 2) for lead_in in (True, False)]
    together = [s.cost() for s in sums]
    assert len(compose_parallel._BODIES) < sum(len(s.tree_loops()) + 1 for s in sums)
    alone = []
    for s in reversed(sums):
        clear_cost_cache()
        alone.append(s.cost())
    assert together == alone[::-1]
    assert sums[-1].cost() == count_circuit(build_circuit(sums[-1]))


@dataclass(frozen=True)
class SyncedLoop(Composite):
    """A parallel loop whose calls synchronise only register ``p`` (a narrowed barrier reads
    its width, Call.sync) beside a register ``q`` of any width: the body's memoised tally
    must follow p's width and ignore q's."""

    p_width: int
    q_width: int
    name = "synced_loop"

    @property
    def signature(self):
        return Signature([Register("p", self.p_width), Register("q", self.q_width),
                          Register("x", 8)])

    def ops(self):
        from qdl.circuits.compose import Call

        add = GidneyAdder(2)
        body = (Call(add, (("a", (("x", 0, 2, 4),)), ("b", (("x", 2, 4, 4),))), sync=("p",)),
                Call(add, (("a", (("x", 0, 2, 4),)), ("b", (("x", 2, 4, 4),))), sync=("p",)))
        return [call(add, a=("p", 0, 2), b=("q", 0, 2)), Loop(2, body, parallel=True)]


def test_memoised_bodies_follow_the_widths_their_barriers_read():
    from qdl.circuits.block import clear_cost_cache

    shapes = [(2, 2), (2, 6), (4, 2), (6, 6)]
    together = [SyncedLoop(p, q).cost() for p, q in shapes]
    alone = []
    for p, q in shapes:
        clear_cost_cache()
        alone.append(SyncedLoop(p, q).cost())
    assert together == alone
    assert together[0].clifford != together[2].clifford  # p's width reaches the barrier
    for p, q in shapes:
        assert SyncedLoop(p, q).cost() == count_circuit(build_circuit(SyncedLoop(p, q)))


@dataclass(frozen=True)
class FreshLoop(Composite):
    """A one-iteration parallel loop on an output register ``p`` that is fresh at the fork
    (reset, whole) or, after a first call, used (its touched wires only): the same body in
    two branch states, whose barriers differ."""

    touch_first: bool
    name = "fresh_loop"
    fresh_per_register = True

    @property
    def signature(self):
        return Signature([Register("x", 4), Register("p", 6, Role.OUTPUT)])

    def ops(self):
        add = GidneyAdder(2)
        body = (call(add, a=("p", 0, 2, 6), b=("x", 0, 2, 6)),
                call(add, a=("p", 0, 2, 6), b=("x", 2, 4, 6)))
        head = [call(add, a=("p", 2, 4), b=("x", 0, 2))] if self.touch_first else []
        return head + [Loop(1, body, parallel=True)]


def test_memoised_bodies_follow_the_fresh_registers():
    from qdl.circuits.block import clear_cost_cache

    together = [FreshLoop(first).cost() for first in (False, True)]
    alone = []
    for first in (True, False):
        clear_cost_cache()
        alone.append(FreshLoop(first).cost())
    assert together == alone[::-1]
    for first in (False, True):
        assert FreshLoop(first).cost() == count_circuit(build_circuit(FreshLoop(first)))


@dataclass(frozen=True)
class WideFork(Composite):
    """The same parallel loop after a call, beside a register ``w`` of any width: the fork
    barrier spans every used wire (w's included), so the loop's memoised effect
    (compose_parallel._loop_effect, keyed without the used wires) must give a barrier that
    grows with w while the body's counts stay."""

    w_width: int
    name = "wide_fork"

    @property
    def signature(self):
        return Signature([Register("w", self.w_width), Register("x", 8)])

    def ops(self):
        add = GidneyAdder(2)
        body = (call(add, a=("x", 0, 2, 4), b=("x", 2, 4, 4)),)
        return [call(add, a=("w", 0, 2), b=("x", 0, 2)), Loop(2, body, parallel=True)]


def test_memoised_loop_effects_follow_the_used_wires():
    from qdl.circuits import compose_parallel
    from qdl.circuits.block import clear_cost_cache

    widths = (2, 6, 10)
    together = [WideFork(w).cost() for w in widths]
    body = compose_parallel._BODIES[WideFork(2).ops()[1].body]
    assert len(body.effects) == 1  # one effect, replayed at every width
    alone = []
    for w in widths:
        clear_cost_cache()
        alone.append(WideFork(w).cost())
    assert together == alone
    # the fork's Sync spans w + 8 wires: 2(w + 8 − 1) Clifford more than the body's
    assert [c.clifford - together[0].clifford for c in together] == [0, 8, 16]
    for w in widths:
        assert WideFork(w).cost() == count_circuit(build_circuit(WideFork(w)))
