"""The fast paths of the per-wire walk equal the generic walk.

- ``Walker.sync_all`` reads only the wires touched since the previous one (the others share
  one list, moved in place): it must give the levels of a sync over every wire;
- a loop-free program's compiled trace (qdl.circuits.wire_trace) must give the children, the
  peak and every wire's levels of compose_wires' walk, from level 0 (``tally``) and from any
  levels of a caller (``walk_into``), on random gate programs with ANDs, Toffolis,
  multiplexors, measurements, controlled sections, opaque lookups with ancillas and
  sub-program calls, and on the programs of the QROM-loaded QLAM primitives.
"""

import random

import numpy as np
import pytest

from qdl.circuits import compose_wires, wire_trace
from qdl.circuits.compose_wires import Walker
from qdl.circuits.compose import FLAT, Alloc, Call, Free
from qdl.circuits.dtm.qrom import QROM
from qdl.circuits.qlam.calls import record_lookup
from qdl.circuits.qlam import program_trace
from qdl.circuits.qlam.program import WIRES, Program
from qdl.circuits.qlam.wire_gates import gate
from qdl.circuits.registry import lookup


def full_sync_all(walker, add):
    """The rule itself: every wire to the maximum over every wire, plus ``add``."""
    top = [max(lv[k] for lv in walker.levels) + add[k] for k in range(3)]
    walker.levels[:] = [list(top) for _ in walker.levels]


@pytest.mark.parametrize("seed", range(6))
def test_sync_all_over_touched_wires_equals_the_sync_over_all(seed):
    rng = random.Random(seed)
    fast = Walker([[0, 0, 0] for _ in range(12)], [0, 0, 0], lambda: 0)
    slow = [[0, 0, 0] for _ in range(12)]
    for _ in range(200):
        if rng.random() < 0.15:
            add = (rng.randrange(3), rng.randrange(2), rng.randrange(3))
            fast.sync_all(add)
            ref = Walker(slow, [0, 0, 0], lambda: 0)
            full_sync_all(ref, add)
        else:  # a rule on a few wires, touched first as the walk does
            wires = rng.sample(range(12), rng.randrange(1, 4))
            add = (rng.randrange(4), rng.randrange(2), rng.randrange(2))
            fast.touch(wires)
            fast.sync(wires, add)
            Walker(slow, [0, 0, 0], lambda: 0).sync(wires, add)
        assert [list(lv) for lv in fast.levels] == slow


def random_program(seed: int, width: int = 6, steps: int = 150, lookups: bool = True
                   ) -> Program:
    """Gates of every kind the walk has a rule for, on random wires (AND targets and lookup
    registers allocated from the pool, so ancillas are reused in varied orders)."""
    rng = random.Random(seed)
    sub = Program(3)
    sub.ccx(0, 1, 2)
    (f,) = sub.alloc(1)
    sub.and_(0, 2, f)
    sub.mux("ry", [f], 1, np.array([0.3, 1.2]))
    sub.andu(0, 2, f)
    sub.release([f])
    prog = Program(width)
    ands = []
    for _ in range(steps):
        kind = rng.choice(["1q", "2q", "2q", "tof", "and", "andu", "mux", "rot", "measure",
                           "lookup" if lookups else "ctrl", "ctrl", "sub"])
        w = rng.sample(range(width), 3)
        if kind == "1q":
            getattr(prog, rng.choice(["x", "h", "s", "z", "sdg"]))(w[0])
        elif kind == "2q":
            getattr(prog, rng.choice(["cx", "cz", "swap"]))(w[0], w[1])
        elif kind == "tof":
            getattr(prog, rng.choice(["ccx", "ccz"]))(*w)
        elif kind == "and":
            (t,) = prog.alloc(1)
            prog.and_(w[0], w[1], t)
            ands.append((w[0], w[1], t))
        elif kind == "andu" and ands:
            a, b, t = ands.pop()
            prog.andu(a, b, t)
            prog.release([t])
        elif kind == "mux":
            theta = None if rng.random() < 0.3 else np.array(
                [rng.choice([0.0, np.pi / 4, 0.7]) for _ in range(4)])
            prog.mux("rz", w[:2], w[2], theta)
        elif kind == "rot":  # one rotation: Clifford, T or generic angle, or no data
            prog.phase(w[0], rng.choice([None, np.pi / 4, 0.3, np.pi / 2, -0.75 * np.pi]))
            prog.mux("ry", (), w[1], np.array([rng.choice([0.2, np.pi / 4, np.pi])]))
        elif kind == "measure":
            prog.measure(w[0])
        elif kind == "lookup":  # opaque, with 1 ancilla of its own from the pool
            target = prog.alloc(2)
            data = tuple(rng.randrange(4) for _ in range(4))
            record_lookup(prog, QROM(4, 2, data), w[:2], target, [])
            prog.cx(target[0], w[2])
            record_lookup(prog, QROM(4, 2, data), w[:2], target, [], unload=True)
            prog.release(target)
        elif kind == "ctrl":
            with prog.controlled(w[0]):
                prog.cx(w[1], w[2])
                prog.mux("ry", [w[1]], w[2], np.array([0.1, 0.2]))
        elif kind == "sub":
            prog.call(sub, w)
    for a, b, t in reversed(ands):
        prog.andu(a, b, t)
        prog.release([t])
    return prog


def same_tally(a, b) -> None:
    assert a.children == b.children
    assert a.peak == b.peak
    assert a.depths == b.depths


@pytest.mark.parametrize("seed", range(8))
def test_trace_tally_equals_the_walk(seed):
    prog = random_program(seed)
    start = [(WIRES, prog.width)]
    trace = wire_trace.Trace.compile(prog.ops, start)
    assert any(step[0] == wire_trace.OPAQUE for step in trace.steps)
    same_tally(trace.tally(), compose_wires.tally(prog.ops, start))


@pytest.mark.parametrize("seed", range(8))
def test_trace_walk_into_equals_the_walk(seed):
    """From a caller's uneven levels, after a sync_all (a shared list in play), and through
    the caller's next sync_all."""
    prog = random_program(seed, steps=60)
    start = [(WIRES, prog.width)]
    trace = wire_trace.Trace.compile(prog.ops, start)
    rng = random.Random(seed)
    size = trace.peak + 3
    levels = [[rng.randrange(20), rng.randrange(9), rng.randrange(20)] for _ in range(size)]
    ids = rng.sample(range(size), trace.peak)
    walkers = []
    for run in (lambda o: compose_wires.walk_into(o, prog.ops, start, ids),
                lambda o: trace.walk_into(o, ids)):
        outer = Walker([list(lv) for lv in levels], [1, 0, 2], lambda: 0)
        outer.touch([0])
        outer.levels[0] = [25, 3, 1]
        run(outer)
        mid = [list(lv) for lv in outer.levels]
        outer.sync_all((1, 0, 0))
        walkers.append((mid, outer.clbit, [list(lv) for lv in outer.levels]))
    assert walkers[0] == walkers[1]


def same_trace(a, b) -> None:
    assert a.steps == b.steps
    assert a.touched == b.touched
    assert a.children == b.children
    assert (a.width, a.peak) == (b.width, b.peak)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("lookups", [False, True])
def test_trace_from_recorded_wires_equals_the_walk_compile(seed, lookups):
    """Read off the recorded wire numbers, step for step the counting walk's trace (opaque
    lookups borrowing ancillas from the pool included)."""
    prog = random_program(seed, lookups=lookups)
    start = [(WIRES, prog.width)]
    fast = program_trace.compile_recorded(prog.ops, start)
    assert fast is not None
    same_trace(fast, wire_trace.Trace.compile(prog.ops, start))


def test_trace_from_recorded_wires_declines_other_wires():
    """An ancilla the pool would not give that wire (ops not from a Program's recorder)."""
    ops = [Alloc("a5", 1), Call(gate("cx"), ((FLAT, ((WIRES, 0, 1), ("a5", 0, 1))),)),
           Free("a5", 1)]
    assert program_trace.compile_recorded(ops, [(WIRES, 2)]) is None
    same_tally(wire_trace.trace_of(ops, [(WIRES, 2)], Program(2)).tally(),
               compose_wires.tally(ops, [(WIRES, 2)]))


def program_of(block):
    while not hasattr(block, "program"):
        block = block.children()[0][0]
    return block.program()


@pytest.mark.parametrize("name,params", [
    ("state_prep", {"size": 256, "method": "qrom", "angle_bits": 6}),
    ("state_prep", {"size": 1024, "method": "qrom", "angle_bits": 5, "block": 4}),
    ("heads_dense", {"heads": 3, "size": 16, "loader": "qrom", "angle_bits": 5}),
    ("heads_dense", {"heads": 2, "size": 64, "loader": "qrom", "angle_bits": 4, "block": 1}),
    ("block_encoding", {"size": 8, "loader": "qrom", "angle_bits": 4}),
])
def test_primitive_programs_trace_like_the_walk(name, params):
    prim = lookup(name)
    prog = program_of(prim.block(prim.params(**params)))
    start = [(WIRES, prog.width)]
    trace = wire_trace.trace_of(prog.ops, start, prog)
    assert trace is not None
    same_tally(trace.tally(), compose_wires.tally(prog.ops, start))
    fast = program_trace.compile_recorded(prog.ops, start)
    if fast is not None:
        same_trace(fast, wire_trace.Trace.compile(prog.ops, start))
    for step in trace.steps:  # and every sub-program they call
        if step[0] == wire_trace.RULE and hasattr(step[1].__self__, "prog"):
            sub = step[1].__self__.prog
            sub_start = [(WIRES, sub.width)]
            same_trace(program_trace.compile_recorded(sub.ops, sub_start),
                       wire_trace.Trace.compile(sub.ops, sub_start))
            same_tally(wire_trace.trace_of(sub.ops, sub_start, sub).tally(),
                       compose_wires.tally(sub.ops, sub_start))
