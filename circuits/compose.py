"""One composition model: a block as a program of child-block calls on named registers.

A :class:`Composite` describes its action as a list of ops (qdl.circuits.compose_ops) over
*program registers* (its signature's registers plus the ones it allocates):

- :class:`Alloc` / :class:`Free` — a fresh register in |0⟩ / give one back (in |0⟩);
- :class:`Call` — run a child block with each of its registers on a concatenation of
  segments ``(register, lo, hi)`` (optionally ``(register, lo, hi, stride)``: inside a loop
  the segment moves by ``stride`` wires per iteration);
- :class:`Loop` — ``count`` iterations of a body; counting walks the body twice (the first
  iteration and one steady-state iteration) and multiplies, so a stage with millions of
  calls counts in microseconds and is only ever enumerated by ``build()``;
- :class:`Parallel` (and ``Loop(..., parallel=True)``) — branches on disjoint wires at the
  same time: depth the slowest branch's, qubits the sum (qdl.circuits.compose_parallel).

Every face derives from that one list:

- **counts**: Σ calls × child counts (``children()`` aggregates them, loops multiplied);
- **qubits**: register liveness — the live program wires at each call plus the call's own
  ancillas (child qubits − child signature width), maximised over the program;
- **depths**: the schedule below;
- **build**: the same walk, emitting each call on its wires (loops unrolled).

The schedule is the stage-barrier rule of the staged fixed-point functions, made general.
Before every call with nonzero depth (T, Toffoli or rotation) but the first, a :class:`Sync`
(a CZ ladder there and back, the identity) brings every used program wire (or those of the
call's ``sync`` registers) to the current critical-path level L, registers still untouched
since allocation are reset (they are |0⟩) and so are the pool ancillas the call will get.
A call's span is then exactly its own depth D, except that a call whose first T layer is a
temporary AND onto a fresh target (``t_lead = 1``, the default; Gidney's construction
prepares the target's T off the critical path, qdl.passes.circuit_count) ends at L + D − 1
once L ≥ 1. Hence

    T-depth = Σ_calls D_i − Σ_{calls after the first T call} t_lead_i,
    Toffoli depth = Σ D'_i,  rotation depth = Σ D''_i,

and the tests check all three, the width and every count against the built circuit. Calls
without depth (Clifford-only: fan-outs, constant writes) need no barrier. A block may keep a
faster closed form (:meth:`Composite.fast_tally`) as long as a test compares it with this
derivation (:meth:`Composite.generic_tally`).

``Composite.schedule = "wire"`` replaces the barriers by the per-wire schedule of the built
circuit (ASAP over the wires each call touches; qdl.circuits.compose_wires): for gate-level
programs (the QLAM recorder, qdl.circuits.qlam.program), where a barrier before every gate
would serialise what the circuit overlaps. Counts and liveness are the same walk.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from qdl.circuits.block import Block, Register, Role, Signature
# the program's ops, re-exported: a Composite's ops() and its callers import them from here
from qdl.circuits.compose_ops import (  # noqa: F401
    FLAT, Alloc, Call, Free, Loop, Op, Parallel, Segment, call, call_flat, call_wires, gather,
    scoped)
from qdl.circuits.cost import DEPTHS, Cost

@dataclass(frozen=True)
class Sync(Block):
    """Identity on ``bits`` wires as CZ(q_i, q_{i+1}) for i ascending, then descending.

    Every pair appears twice and CZs commute, so the product is the identity; as a schedule it
    makes every wire wait for the latest one (Cliffords synchronise the wires they touch).
    Cost: 2(bits − 1) Clifford, depth 0.
    """

    bits: int
    name = "sync"
    self_inverse = True

    @property
    def signature(self) -> Signature:
        return Signature([Register("q", self.bits)])

    def leaf_cost(self) -> Cost:
        return Cost(qubits=self.bits, clifford=2 * max(0, self.bits - 1))

    def build(self, bb, *, q: list[int]) -> None:
        pairs = list(zip(q, q[1:]))
        for a, b in pairs + pairs[::-1]:
            bb.cz(a, b)

    def reference(self, *, q: int) -> dict[str, int]:
        return {"q": q}


def has_depth(cost: Cost) -> bool:
    return any(getattr(cost, f) for f in DEPTHS)


class _State:
    """Where the walk is: fresh (untouched) registers, used wires, whether depth started."""

    def __init__(self, fresh: dict[str, int], used: int, signature: Signature | None = None):
        self.fresh = fresh
        self.used = used
        self.signature = signature  # with ``widths`` (allocated registers): narrower barriers
        self.widths: dict[str, int] = {}
        self.named = False  # the signature's widths are in ``widths``
        self.started = False    # some call with depth has run (later ones get a barrier)
        self.t_started = False  # some call with T depth has run (later ones overlap by t_lead)

    def key(self) -> tuple:
        return (tuple(sorted(self.fresh.items())), self.used, self.started, self.t_started)


class _Tally:
    """What a stretch of the program contributes: children, depths, peak width."""

    def __init__(self) -> None:
        self.children: dict[Block, int] = {}
        self.depths = dict.fromkeys(DEPTHS, 0)
        self.peak = 0

    def add(self, other: "_Tally", times: int = 1) -> None:
        for block, mult in other.children.items():
            self.children[block] = self.children.get(block, 0) + mult * times
        for f in DEPTHS:
            self.depths[f] += other.depths[f] * times
        self.peak = max(self.peak, other.peak)


class Composite(Block):
    """A block whose faces all derive from :meth:`ops` (see the module docstring).

    Subclasses give ``signature`` and :meth:`ops`. ``fresh_per_register``: a register stays
    fresh (reset rather than synchronised) until a call touches it; otherwise the first call
    makes every fresh register used.
    """

    fresh_per_register = False
    #: "barrier" (above) or "wire": the per-wire schedule of qdl.circuits.compose_wires
    schedule = "barrier"

    def ops(self) -> list[Op]:
        raise NotImplementedError

    # -- the walk ------------------------------------------------------------------------------
    def register_width(self) -> int:
        """Total width of the signature (overridden where the signature is O(size) to build)."""
        return self.signature.width

    def _start(self) -> _State:
        fresh = {r.name: r.width for r in self.signature if r.role is Role.OUTPUT}
        return _State(fresh, self.register_width() - sum(fresh.values()), self.signature)

    def _tally(self) -> _Tally:
        # kept on the instance too: cost() asks five times (children, qubits, three depths),
        # and finding it by value hashes the whole program (count_key copies it first)
        mine = self.__dict__.get("_tally_of")
        if mine is not None and mine[0] == _GENERATION[0]:
            return mine[1]
        key = self.count_key()
        cached = _TALLIES.get(key)
        if cached is None:
            fast = self.fast_tally()
            cached = _TALLIES[key] = fast if fast is not None else self.generic_tally()
        object.__setattr__(self, "_tally_of", (_GENERATION[0], cached))
        return cached

    def generic_tally(self) -> _Tally:
        """The walk's tally of :meth:`ops`: children, depths, peak width (not memoised)."""
        if self.schedule == "wire":
            from qdl.circuits import compose_wires

            return compose_wires.tally(self.ops(), [(r.name, r.width) for r in self.signature])
        return _count(self.ops(), self._start(), self.fresh_per_register)

    def fast_tally(self) -> _Tally | None:
        """A faster closed form of :meth:`generic_tally` (None: none). A block that gives one
        must have a test comparing the two (e.g. ShiftAddConstant, in
        tests/circuits/qam/test_constant_multiplication.py)."""
        return None

    # -- face 2: cost (derived) ----------------------------------------------------------------
    def leaf_cost(self) -> Cost:  # a program without calls: its registers only
        return Cost(qubits=self.qubits())

    def children(self):
        return tuple(self._tally().children.items())

    def qubits(self) -> int:
        return max(self.register_width(), self._tally().peak)

    def t_depth(self) -> int:
        return self._tally().depths["t_depth"]

    def toffoli_depth(self) -> int:
        return self._tally().depths["toffoli_depth"]

    def rotation_depth(self) -> int:
        return self._tally().depths["rotation_depth"]

    # -- face 3: build (derived) ---------------------------------------------------------------
    def build(self, bb, **regs: list[int]) -> None:
        if self.schedule == "wire":
            from qdl.circuits import compose_wires

            compose_wires.build(bb, self.ops(), [(r.name, r.width) for r in self.signature],
                                regs)
            return
        from qdl.circuits.compose_build import build

        build(bb, self.ops(), self._start(), self.fresh_per_register, dict(regs), 0, None)


_TALLIES: dict[Composite, _Tally] = {}
#: bumped by clear_tallies: a tally kept on an instance is from the current generation or
#: forgotten with the others
_GENERATION = [0]


def _step(op: Op, state: _State, per_register: bool) -> tuple[int, frozenset[str], int]:
    """Advance ``state`` over a non-loop op: (live wires, barrier width, fresh before)."""
    sync = 0
    fresh_before = frozenset(state.fresh)
    if isinstance(op, Alloc):
        state.fresh[op.name] = state.widths[op.name] = op.width
        fresh_before = frozenset(state.fresh)
    elif isinstance(op, Free):
        state.used -= op.width if state.fresh.pop(op.name, None) is None else 0
    elif has_depth(op.block.cost()):
        sync = _barrier(op, state)
    live = state.used + sum(state.fresh.values())
    if isinstance(op, Call):
        _touch(op, state, per_register)
    return live, sync, fresh_before


def _barrier(op: Call, state: _State) -> int:
    """Width of the barrier before a call with depth (0 before the first), which starts
    the program's depth."""
    sync = _narrowed_width(op, state) if state.started else 0
    state.started = True
    return sync


def _touch(op: Call, state: _State, per_register: bool) -> None:
    """The fresh registers a call touches become used (per register: those its segments
    name; else all of them, the program being one register)."""
    fresh = state.fresh
    if fresh:
        for name in (_registers(op) if per_register else list(fresh)):
            width = fresh.pop(name, None)
            if width is not None:
                state.used += width


def _narrowed_width(op: Call, state: _State) -> int:
    """Width of the barrier before ``op``: the used wires of its ``sync`` registers."""
    if op.sync is None:
        return state.used
    widths = state.widths
    if state.signature is not None and not state.named:  # signature widths, on first use
        state.named = True
        widths.update((r.name, r.width) for r in state.signature if r.name not in widths)
    return sum(widths[r] for r in op.sync if r not in state.fresh)


#: Blocks whose first T layer is a temporary AND onto one of *their registers* (not onto an
#: ancilla of their own): they overlap the previous call by one T layer only when that
#: register is fresh (reset, not synchronised). Class name → those registers. Blocks whose
#: first T layer is not such an AND at all have ``t_lead = 0``. tests/circuits/test_compose.py
#: measures the lead of every registry primitive against this table.
LEAD_NEEDS_FRESH = {"ReLU": ("y",), "ControlledCopy": ("t",)}
#: Blocks whose first T layer does not overlap a barrier at all (bucket brigade: its routers
#: start with a Toffoli).
NO_LEAD = frozenset({"BucketBrigadeQRAM"})


def t_lead(op: Call, fresh: frozenset[str]) -> int:
    """T layers by which ``op`` overlaps the barrier before it (0 or 1, see the module doc)."""
    block = op.block
    inner = getattr(block, "block", None)  # wrappers (a complemented accumulator) lead as theirs
    kind = type(inner if inner is not None else block).__name__
    lead = 0 if kind in NO_LEAD else getattr(block, "t_lead", 1)
    needs = LEAD_NEEDS_FRESH.get(kind, ())
    if not lead or not needs:
        return lead
    wired = dict(op.wires)
    if FLAT in wired:
        return 0
    return int(all(seg[0] in fresh for name in needs for seg in wired.get(name, ())))


def _count(ops, state: _State, per_register: bool) -> _Tally:
    """The tally of ``ops`` from ``state`` (advanced), loops in closed form."""
    tally = _Tally()
    for op in ops:
        kind = type(op)
        if kind is Call:
            _count_call(op, state, per_register, tally)
            continue
        if kind is Loop:
            if op.count == 0:
                continue
            if op.parallel:
                _parallel().count(op, state, per_register, tally)
                continue
            before = state.key()
            first = _count(op.body, state, per_register)
            if op.count == 1:
                tally.add(first)
                continue
            after = state.key()
            if after == before:  # iteration 2 starts where 1 did: the same walk again
                tally.add(first, op.count)
                continue
            tally.add(first)
            steady = _count(op.body, state, per_register)
            if state.key() != after:
                raise ValueError("a loop body must leave the program as it found it "
                                 "(free what it allocates) after its first iteration")
            tally.add(steady, op.count - 1)
            continue
        if kind is Parallel:
            _parallel().count(op, state, per_register, tally)
            continue
        live, _, _ = _step(op, state, per_register)
        if isinstance(op, Alloc):
            tally.peak = max(tally.peak, live)
    return tally


def _count_call(op: Call, state: _State, per_register: bool, tally: _Tally) -> None:
    """:func:`_step` and the tally of one call, in one pass (the walk's inner loop: a
    network's schedule points walk 10⁵ calls), with the same :func:`_barrier` and
    :func:`_touch`."""
    block = op.block
    cost = block.cost()
    fresh = state.fresh
    children = tally.children
    t_depth = cost.t_depth
    if t_depth or cost.toffoli_depth or cost.rotation_depth:
        sync = _barrier(op, state)
        if sync:
            barrier = _sync(sync)
            children[barrier] = children.get(barrier, 0) + 1
        depths = tally.depths
        depths["t_depth"] += t_depth
        depths["toffoli_depth"] += cost.toffoli_depth
        depths["rotation_depth"] += cost.rotation_depth
        if t_depth:
            if state.t_started:  # the lead reads the registers still fresh before the call
                depths["t_depth"] -= t_lead(op, fresh)
            state.t_started = True
    live = state.used + sum(fresh.values()) if fresh else state.used
    peak = live + ancillas(block)
    if peak > tally.peak:
        tally.peak = peak
    children[block] = children.get(block, 0) + 1
    _touch(op, state, per_register)


def _registers(op: Call) -> tuple[str, ...]:
    """The program registers a call's segments name (memoised by its wiring)."""
    return _by_identity(_REGISTERS, op.wires, lambda wires: tuple(
        {seg[0]: None for _, segs in wires for seg in segs}))


def program_hash(ops: tuple) -> int:
    """``hash(ops)``, memoised by identity: a program's tuple of ops is hashed whenever the
    block holding it is looked up, and hashing it walks every op and segment."""
    return _by_identity(_HASHES, ops, hash)


def _by_identity(table: dict, obj, make):
    """``make(obj)`` memoised in ``table`` by the object's identity (a tuple of ops or
    segments: hashing it by value is what the memo saves)."""
    found = table.get(id(obj))
    if found is None or found[0] is not obj:  # (kept alive below, so its id stays its own)
        found = table[id(obj)] = (obj, make(obj))
    return found[1]


#: id(program) → (the program, its hash)
_HASHES: dict[int, tuple] = {}
#: id(wiring) → (the wiring, its registers)
_REGISTERS: dict[int, tuple] = {}


@lru_cache(maxsize=None)  # one Sync per width: the walk counts thousands of barriers
def _sync(width: int) -> Sync:
    return Sync(width)


_ANCILLAS: dict[Block, int] = {}


def ancillas(block: Block) -> int:
    """Qubits ``block`` needs beyond its registers (memoised: wide signatures are slow)."""
    out = _ANCILLAS.get(block)
    if out is None:
        out = _ANCILLAS[block] = block.cost().qubits - block.signature.width
    return out


def clear_tallies() -> None:
    """Forget memoised program tallies (benchmarks time counting from scratch)."""
    _TALLIES.clear()
    _GENERATION[0] += 1
    _ANCILLAS.clear()
    _REGISTERS.clear()
    _HASHES.clear()
    _parallel().clear()


def _parallel():
    """The parallel-branch rules (qdl.circuits.compose_parallel; imported late: it builds on
    this module)."""
    from qdl.circuits import compose_parallel

    return compose_parallel
