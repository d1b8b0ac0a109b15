"""A loop-free gate program compiled once for the per-wire walk (qdl.circuits.compose_wires).

Walking a QLAM program (qdl.circuits.qlam.program) on integer levels resolves, at every call,
the call's wires through register names and segments, looks up the block's rule and its
ancillas, updates a children dict, and runs the rule through two method calls: about 8 µs
a gate, 4·10⁴ gates for the QROM-loaded presets of vit_b16. None of that depends on the
levels: a program walked from its own start (its registers from wire 0, an empty pool) takes
the same pool wires in the same order every time. So the walk is done once without levels
(the same ``_Walk`` bookkeeping: pool, ancillas, children, peak) and records a *trace*:

- a two-wire Clifford (cx, cz, swap): ``(SYNC, a, b)``, both wires to the maximum of their
  levels; one-wire Cliffords and global phases move no level and are dropped;
- a Toffoli (ccx, ccz): ``(TOFFOLI, a, b, t)``, the three wires to their maximum + (3, 1, 0);
- Gidney's AND and its uncompute: ``(AND, a, b, t)`` / ``(ANDU, a, b, t)``, the rules of
  qdl.circuits.gates.And / AndUncompute written out;
- a rotation (a multiplexor without controls): ``(SHIFT, t, dT, dR)``, the wire's T and
  rotation levels + the rotation's own depths (qdl.circuits.qlam.multiplexor.mux_levels);
- any other rule call (multiplexors, measurements, sub-programs): ``(RULE, rule, wires)``;
- an opaque call: ``(OPAQUE, depths, touched)``, ``touched`` the wires the steps since the
  previous opaque call may have moved (Walker.touch before the sync_all: the Walker's rule);
- a pool growth: ``(GROW, size)``.

Running the trace applies exactly the rules the generic walk applies, in the same order, to
the same wires (every rule above is the generic one inlined for integer levels), so the
levels, the classical bits' level, the children and the peak are those of the generic walk;
tests/circuits/test_wire_trace.py compares both on every program it builds and on the
QLAM primitives. Programs with loops keep the generic walk (their bodies are walked by
max-plus powers, which a trace does not replace).
"""

from __future__ import annotations

from qdl.circuits.block import Block
from qdl.circuits.compose_ops import Loop
from qdl.circuits import compose_wires
from qdl.circuits.compose_wires import Walker, _Walk
from qdl.circuits.compose import _Tally
from qdl.circuits.cost import DEPTHS
from qdl.circuits.gates import And, AndUncompute
from qdl.circuits.qlam.wire_gates import CLIFFORD_ARITY, TOFFOLIS, Gate, GlobalPhase, Mux

SYNC, TOFFOLI, AND, ANDU, SHIFT, RULE, OPAQUE, GROW = range(8)


class Trace:
    """The steps of one walk of some ops (module docstring), with its children (times 1),
    peak, start width and the wires moved after the last opaque call."""

    def __init__(self, steps: list, touched: tuple, children: dict, width: int, peak: int):
        self.steps = steps
        self.touched = touched  # the caller's next sync_all must read them (Walker.touch)
        self.children = children
        self.width = width
        self.peak = peak

    @classmethod
    def compile(cls, ops, start: list[tuple[str, int]]) -> "Trace":
        """By compose_wires' own counting walk, rule calls recorded (:class:`_Compile`)."""
        walk = _Compile(start)
        walk.run(ops)
        return cls(walk.steps, tuple(sorted(walk.walker.touched)), walk.tally.children,
                   sum(w for _, w in start), max(walk.tally.peak, walk.pool.size))

    def run(self, walker: Walker) -> None:
        """Move ``walker``'s integer levels (wire i of the program = ``walker.levels[i]``)."""
        assert walker.vmax is max, "a trace runs on integer levels"
        lv = walker.levels
        # the maxima as conditional expressions: about twice as fast as max() calls here
        for step in self.steps:
            code = step[0]
            if code == SYNC:
                _, a, b = step
                p, q = lv[a], lv[b]
                if p is not q:  # (the same list: both already at the maximum)
                    t, u = p[0], q[0]
                    f, g = p[1], q[1]
                    r, s = p[2], q[2]
                    lv[a] = lv[b] = [t if t > u else u, f if f > g else g, r if r > s else s]
            elif code == AND or code == TOFFOLI:
                # AND: max(L_a, L_b, L_t + 1) + 1 on T, Toffoli + 1 (gates.And);
                # Toffoli: the maximum + (3, 1, 0) (wire_gates.Gate)
                _, a, b, c = step
                p, q, o = lv[a], lv[b], lv[c]
                t, u, v = p[0], q[0], o[0]
                if code == AND:
                    v += 1
                t = t if t > u else u
                t = t if t > v else v
                f, g, h = p[1], q[1], o[1]
                f = f if f > g else g
                r, s, w = p[2], q[2], o[2]
                r = r if r > s else s
                lv[a] = lv[b] = lv[c] = [t + (1 if code == AND else 3), (f if f > h else h) + 1,
                                         r if r > w else w]
            elif code == ANDU:  # the bit waits for t, the CZ for the bit, t reset (gates)
                _, a, b, c = step
                p, q, o = lv[a], lv[b], lv[c]
                k = walker.clbit
                t, f, r = o
                walker.clbit = [k[0] if k[0] > t else t, k[1] if k[1] > f else f,
                                k[2] if k[2] > r else r]
                u, g, s = p
                t, f, r = (t if t > u else u), (f if f > g else g), (r if r > s else s)
                u, g, s = q
                lv[a] = lv[b] = [t if t > u else u, f if f > g else g, r if r > s else s]
                lv[c] = [0, 0, 0]
            elif code == SHIFT:
                _, a, t, r = step
                p = lv[a]
                lv[a] = [p[0] + t, p[1], p[2] + r]
            elif code == RULE:
                step[1](walker, step[2])
            elif code == OPAQUE:
                walker.touch(step[2])
                walker.sync_all(step[1])
            else:  # GROW
                walker.grow(step[1])
                lv = walker.levels
        walker.touch(self.touched)

    def tally(self) -> _Tally:
        """compose_wires.tally of the ops: children, depths (from level 0), peak."""
        walker = Walker([[0, 0, 0] for _ in range(self.width)], [0, 0, 0], _zero)
        self.run(walker)
        out = _Tally()
        out.children = dict(self.children)
        out.peak = self.peak
        for f, level in zip(DEPTHS, walker.depth()):
            out.depths[f] = level
        return out

    def walk_into(self, outer: Walker, ids: list[int]) -> None:
        """compose_wires.walk_into: the ops on ``outer``'s wires ``ids`` (registers, then the
        ancillas it lends), exact at any depth (Python integers)."""
        inner = Walker([list(outer.levels[i]) for i in ids], list(outer.clbit), outer.zero)
        self.run(inner)
        outer.touch(ids)
        levels = inner.levels
        for j, i in enumerate(ids):
            outer.levels[i] = levels[j]
        outer.clbit = inner.clbit


def _zero() -> int:
    return 0


class _Steps:
    """The compiling walk's walker: records pool growth and opaque calls as steps."""

    def __init__(self, steps: list, size: int):
        self.steps = steps
        self.size = size
        self.touched: set[int] = set()

    @property
    def levels(self) -> range:
        """As many entries as the pool has wires (the walk grows the walker past that)."""
        return range(self.size)

    def grow(self, size: int) -> None:
        if size > self.size:
            self.steps.append((GROW, size))
            self.size = size

    def opaque(self, block: Block) -> None:
        cost = block.cost()
        self.steps.append((OPAQUE, tuple(getattr(cost, f) for f in DEPTHS),
                           tuple(sorted(self.touched))))
        self.touched = set()


class _Compile(_Walk):
    """compose_wires' counting walk with the rule calls recorded, not applied."""

    def __init__(self, start: list[tuple[str, int]]):
        super().__init__(start)
        self.steps: list = []
        self.walker = _Steps(self.steps, self.pool.size)  # type: ignore[assignment]

    def _apply(self, block: Block, rule, wires: list[int]) -> None:
        step = _step(block, rule, wires)
        if step is not None:
            self.steps.append(step)
            self.walker.touched.update(wires)

    def _loop(self, op: Loop, times: int) -> None:
        raise AssertionError("trace_of compiles loop-free ops only")



def _step(block: Block, rule, wires: list[int]) -> tuple | None:
    """The step of a rule call (None: it moves no level)."""
    code, args = step_code(block)
    if code is None:
        return None
    return (RULE, rule, list(wires)) if code == RULE else (code, *wires, *args)


def step_code(block: Block) -> tuple[int | None, tuple]:
    """How a trace runs ``block``'s rule: an inlined code and the step's constants after the
    wires, RULE, or None (no level moves)."""
    kind = type(block)
    if kind is Gate:
        name = block.gate
        if name in TOFFOLIS:
            return TOFFOLI, ()
        # one wire: max over it is its own level
        return (None if CLIFFORD_ARITY[name] == 1 else SYNC), ()
    if kind is And:
        return AND, ()
    if kind is AndUncompute:
        return ANDU, ()
    if kind is Mux and block.controls == 0:  # mux_levels with no control: entry + S(0),
        cost = block.cost()  # S(0) the rotation's own T / rotation depth (0 or 1)
        return SHIFT, (cost.t_depth, cost.rotation_depth)
    return (None if kind is GlobalPhase else RULE), ()


def trace_of(ops, start: list[tuple[str, int]], holder) -> Trace | None:
    """``holder``'s memoised trace of ``ops`` (None: the ops have a loop). Valid while the op
    list is the same object of the same length (a program only appends)."""
    memo = holder.__dict__.get("_wire_trace")
    if memo is not None and memo[0] is ops and memo[1] == len(ops):
        return memo[2]
    trace = None
    if not any(type(op) is Loop for op in ops):  # loops nest only inside loops
        from qdl.circuits.qlam.program_trace import compile_recorded  # (it imports this)

        trace = compile_recorded(ops, start)
        if trace is None:
            trace = Trace.compile(ops, start)
    holder.__dict__["_wire_trace"] = (ops, len(ops), trace)
    return trace


def tally(ops, start: list[tuple[str, int]], holder) -> _Tally:
    """:func:`compose_wires.tally`, by the memoised trace when the ops have no loop."""
    trace = trace_of(ops, start, holder)
    return compose_wires.tally(ops, start) if trace is None else trace.tally()


def walk_into(outer: Walker, ops, start: list[tuple[str, int]], ids: list[int], holder) -> None:
    """:func:`compose_wires.walk_into`, by the memoised trace when the ops have no loop."""
    trace = trace_of(ops, start, holder)
    if trace is None:
        compose_wires.walk_into(outer, ops, start, ids)
    else:
        trace.walk_into(outer, ids)
