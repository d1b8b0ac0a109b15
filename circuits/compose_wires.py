"""The per-wire schedule of the composition model (``Composite.schedule = "wire"``).

The barrier schedule of :mod:`qdl.circuits.compose` puts a Sync before every depth-bearing call,
so calls never overlap. A gate-level program (a QLAM circuit: multiplexors, single gates, ANDs)
needs the schedule of the built circuit itself, ASAP over the wires each call touches. Here
every program wire has a level per depth kind (T, Toffoli, rotation) plus one classical-bit
level, exactly as qdl.passes.circuit_count assigns them on the built circuit, and each call
moves the levels of its own wires:

- a block with a ``wire_levels(walker, wires)`` method (the gates of qdl.circuits.qlam.
  wire_gates, ``And``/``AndUncompute``, ``Sync``) applies the counter's rule for its gates to
  the levels of ``wires`` (its registers' wires, in signature order);
- any other block is *opaque*: it runs between two Syncs over every wire the program has used
  (live or back in the pool; the counts include those two Syncs and the build emits them).
  After the first Sync all wires are at L (per kind), the block's own ancillas included (the
  walk takes them from the pool and gives them back just before the first Sync, so they are
  among its wires and are the ones the block's build gets: most recently released first). The counter's rules are shift-invariant, so the block ends on each wire at
  most at L + D, D its own depths, reached on some wire; the second Sync puts every wire at
  exactly L + D (the argument of qdl.circuits.qlam.calls, now general).

Wires are the program's pool: the signature's registers first, then ``Alloc`` takes released
wires most recently released first, like :class:`~qdl.circuits.builder.Builder`, so a wire's
level carries over when the pool hands it out again (it is the same physical qubit) and the
program's width is the pool's size.

**Loops without enumeration.** Let v ∈ (ℤ ∪ {−∞})^{W+2} be the levels of one kind (W wires,
the classical bit, a constant 0 entry) before an iteration. Every rule is max-plus linear in v:
a Clifford sets its wires to max over them, a gate adds a constant, the AND's
max(L_a, L_b, L_t + 1) + 1, a multiplexor's exit levels (multiplexor.mux_levels) and a reset
(level := the constant entry + 0) are all of the form v'_i = max_j (M_ij + v_j). A body is a
composition of such maps, hence itself one matrix M (computed by walking the body once with
symbolic levels: each level a row vector of offsets). Because the body leaves the pool as it
found it after its first iteration (checked; the first may take new wires from the pool,
e.g. a called block's ancillas), iteration k + 1 sees the same wires as iteration k for
k ≥ 2, so iterations 2..count map v to M^⊗(count − 1) ⊗ v. The max-plus product is
associative, so the power is computed by repeated squaring in ⌈log₂ count⌉ + popcount(count) products of (W+2)² entries each: a
loop of 2^40 iterations costs 80 products, and the result is exactly the level vector of the
enumerated loop (tests/circuits/test_compose_wires.py compares both and the built circuit).
Once M's critical graph is reached the powers are periodic (M^{k+c} = λc + M^k, the max-plus
cyclicity theorem, λ the maximal cycle mean: the critical-path contribution of one iteration
in steady state), which is why the depth of a long loop grows by λ per iteration; repeated
squaring gets the same numbers without finding the transient.
"""

from __future__ import annotations

from dataclasses import dataclass

from qdl.circuits.block import Block
from qdl.circuits.builder import Builder
from qdl.circuits.compose import (
    FLAT, Alloc, Call, Free, Loop, Parallel, Sync, _Tally, ancillas, gather)
from qdl.circuits.cost import DEPTHS
# the max-plus algebra of loops and profiles (re-exported: callers apply profiles from here)
from qdl.circuits.maxplus import (  # noqa: F401
    EXACT_LIMIT, apply, array_max, matrices, maxplus, power, unit as _unit)

@dataclass(frozen=True)
class AllocWires:
    """One-wire registers ``names`` in |0⟩, allocated one after another: the same walk as
    ``Alloc(name, 1)`` for each name in order, as one op (a QROAM level of a gate program
    allocates 10⁴ junk wires, qdl.circuits.qlam.program)."""

    names: tuple[str, ...]


@dataclass(frozen=True)
class FreeWires:
    """``Free(name, 1)`` for each of ``names`` in order, as one op."""

    names: tuple[str, ...]


class Pool(Builder):
    """The Builder's ancilla policy on program wire ids (most recently released first)."""

    def __init__(self, size: int = 0):
        super().__init__()
        self.alloc(size)

    @property
    def size(self) -> int:
        return self.num_qubits

    def key(self) -> tuple:
        return self.num_qubits, tuple(self._free)


class Walker:
    """Levels of the program wires (per id: [T, Toffoli, rotation]) and of the classical bits;
    ``vmax`` is max for integer levels and :func:`array_max` for max-plus forms.

    A wire's level list is replaced, never changed in place, so that a sync can give every
    wire it moves one shared list (an opaque call moves the 10⁴ junk wires of a QROAM). The
    one exception is :attr:`shared`, the list the last :meth:`sync_all` gave every wire: the
    next one updates it in place, which moves at once every wire still holding it, and reads
    and reassigns only the wires in :attr:`dirty`. Rule: whatever may have given a wire
    another list since the last sync_all adds it to ``dirty`` first (:meth:`touch`; the
    walk does it for the wires of each rule call, :meth:`grow` for new wires), so that every
    wire outside ``dirty`` holds ``shared``. An opaque call then costs O(wires touched since
    the previous one), not O(pool): a QROAM level's program syncs its 10⁴-wire pool twice
    per lookup call."""

    def __init__(self, levels: list, clbit: list, zero, vmax=max):
        self.levels = levels
        self.clbit = clbit
        self.zero = zero
        self.vmax = vmax
        self.shared: list | None = None  # None: no sync_all yet, every wire is "dirty"
        self.dirty: set[int] = set()

    def touch(self, wires) -> None:
        """``wires`` may get another level list (see the class docstring)."""
        self.dirty.update(wires)

    def sync(self, wires, add=(0, 0, 0)) -> None:
        """Every wire to the maximum of their levels (+ ``add``): a Clifford, a Toffoli."""
        lv = self.levels
        if self.vmax is max:  # integer levels: the common case, kept cheap
            t, f, r = zip(*[lv[w] for w in wires])
            top = [max(t) + add[0], max(f) + add[1], max(r) + add[2]]
        else:
            top = [self.vmax([lv[w][k] for w in wires]) + add[k] for k in range(3)]
        for w in wires:
            lv[w] = top

    def sync_all(self, add=(0, 0, 0)) -> None:
        """:meth:`sync` of every wire (an opaque call): over the wires touched since the
        previous sync_all and the shared list the others hold (class docstring)."""
        lv = self.levels
        if not lv:
            return
        shared, dirty = self.shared, self.dirty
        held = shared is not None and len(dirty) < len(lv)  # some wire still holds it
        rows = [lv[w] for w in dirty] + [shared] if held else lv
        if self.vmax is max:
            t, f, r = zip(*rows)
            top = [max(t) + add[0], max(f) + add[1], max(r) + add[2]]
        else:
            top = [self.vmax([w[k] for w in rows]) + add[k] for k in range(3)]
        if held:
            shared[:] = top  # every untouched wire moves with it
            for w in dirty:
                lv[w] = shared
        else:
            lv[:] = [top] * len(lv)
            self.shared = top
        dirty.clear()

    def measure(self, wire: int) -> None:
        self.clbit = [self.vmax(a, b) for a, b in zip(self.clbit, self.levels[wire])]

    def grow(self, size: int) -> None:
        """Wires new to the pool start at level 0."""
        lv = self.levels
        if len(lv) < size:  # one list for all: a level list is never changed in place
            self.dirty.update(range(len(lv), size))
            lv.extend([[self.zero() for _ in range(3)]] * (size - len(lv)))

    def opaque(self, block: Block) -> None:
        """``block`` between two Syncs of every pool wire: all end at L + D."""
        cost = block.cost()
        self.sync_all([getattr(cost, f) for f in DEPTHS])

    def depth(self) -> list:
        return [max([self.clbit[k]] + [lv[k] for lv in self.levels]) for k in range(3)]


class _Walk:
    """One traversal of the ops for counting (``bb`` None) or building (onto ``bb``)."""

    def __init__(self, start: list[tuple[str, int]], bb=None, regs=None):
        width = sum(w for _, w in start)
        self.pool = Pool(width)
        self.names: dict[str, list[int]] = {}
        at = 0
        for name, w in start:
            self.names[name] = list(range(at, at + w))
            at += w
        self.bb = bb
        self.phys: list[int] = [q for name, _ in start for q in regs[name]] if bb else []
        self.tally = _Tally()
        self.tally.peak = width
        self.walker = Walker([[0, 0, 0] for _ in range(width)], [0, 0, 0], lambda: 0)

    def run(self, ops, index: int = 0, times: int = 1) -> None:
        for op in ops:
            if isinstance(op, Alloc):
                ids = self.pool.alloc(op.width)
                self.names[op.name] = ids
                size = self.pool.size
                if size > len(self.walker.levels):  # a program allocates wire by wire
                    self.walker.grow(size)
                if self.bb is not None:
                    for i, q in zip(ids, self.bb.alloc(op.width)):
                        self._map(i, q)
                if size > self.tally.peak:
                    self.tally.peak = size
            elif isinstance(op, Free):
                ids = self.names.pop(op.name)
                self.pool.release(ids)
                if self.bb is not None:
                    self.bb.release([self.phys[i] for i in ids])
            elif isinstance(op, AllocWires):
                self._alloc_wires(op.names)
            elif isinstance(op, FreeWires):
                # released one after another = one release of the reversed list (the pool
                # returns the most recently released first)
                ids = [self.names.pop(name)[0] for name in op.names][::-1]
                self.pool.release(ids)
                if self.bb is not None:
                    self.bb.release([self.phys[i] for i in ids])
            elif isinstance(op, Call):
                self._call(op, index, times)
            elif isinstance(op, Loop) and not op.parallel:
                self._loop(op, times)
            elif isinstance(op, (Loop, Parallel)):
                raise ValueError("the per-wire schedule overlaps calls on disjoint wires by "
                                 "itself: write the branches one after another")

    def _alloc_wires(self, names: tuple[str, ...]) -> None:
        ids = self.pool.alloc(len(names))  # = one alloc(1) per name, in order (Builder)
        self.names.update(zip(names, map(list, zip(ids))))  # name → [its wire], in C
        size = self.pool.size
        if size > len(self.walker.levels):
            self.walker.grow(size)
        if self.bb is not None:
            for i, q in zip(ids, self.bb.alloc(len(ids))):
                self._map(i, q)
        if size > self.tally.peak:
            self.tally.peak = size

    def _map(self, i: int, q: int) -> None:
        self.phys.extend([-1] * (i + 1 - len(self.phys)))
        self.phys[i] = q

    def _borrow(self, block: Block) -> list[int]:
        """The pool wires ``block``'s own ancillas will get (taken and given back: the block
        takes the same ones again, most recently released first)."""
        extra = self.pool.alloc(ancillas(block))
        self.walker.grow(self.pool.size)
        if self.bb is not None:
            for i, q in zip(extra, self.bb.alloc(len(extra))):
                self._map(i, q)
            self.bb.release([self.phys[i] for i in extra])
        self.pool.release(extra)
        self.tally.peak = max(self.tally.peak, self.pool.size)
        return extra

    def _call(self, op: Call, index: int, times: int) -> None:
        block = op.block
        rule = getattr(block, "wire_levels", None)
        # an opaque call moves every pool wire: its own wires matter only to the build (the
        # QROAMs' calls name 10⁴ junk wires)
        ids = self._ids(op, block, index) if rule is not None or self.bb is not None else []
        children = self.tally.children
        children[block] = children.get(block, 0) + times
        extra = self._borrow(block) if ancillas(block) > 0 else []
        if rule is None:  # opaque: between two Syncs over every pool wire
            sync = Sync(self.pool.size)
            children[sync] = children.get(sync, 0) + 2 * times
            self.walker.opaque(block)
        else:
            self._apply(block, rule, ids + extra)
        if self.bb is not None:
            self._emit(op, block, ids, rule is None)

    def _apply(self, block: Block, rule, wires: list[int]) -> None:
        """A rule call on its wires (qdl.circuits.wire_trace records it instead)."""
        self.walker.touch(wires)
        rule(self.walker, wires)

    def _ids(self, op: Call, block: Block, index: int) -> list[int]:
        wired = op.wires
        if wired and wired[0][0] == FLAT:
            return gather(self.names, wired[0][1], index)
        return [i for reg in block.signature
                for i in gather(self.names, dict(wired)[reg.name], index)]

    def _emit(self, op: Call, block: Block, ids: list[int], opaque: bool) -> None:
        bb, phys = self.bb, self.phys
        wires = [phys[i] for i in ids]
        regs, at = {}, 0
        for reg in block.signature:
            regs[reg.name], at = wires[at:at + reg.width], at + reg.width
        if not opaque:
            bb.call(block, **regs)
            return
        everything = [phys[i] for i in range(self.pool.size)]
        bb.call(Sync(len(everything)), q=everything)
        bb.call(block, **regs)
        bb.call(Sync(len(everything)), q=everything)

    def _loop(self, op: Loop, times: int) -> None:
        if op.count == 0:
            return
        if self.bb is not None:
            for i in range(op.count):
                self.run(op.body, i, times)
            return
        if op.count > 1 and _strided(op):
            raise ValueError("a loop of the per-wire schedule repeats one body on the same "
                             "wires (no strided segments)")
        self.run(op.body, 0, times)  # the first iteration may grow the pool
        if op.count == 1:
            return
        before = self.pool.key()
        outer, width = self.walker, self.pool.size
        self.walker = symbolic(width)
        try:
            self.run(op.body, 0, times * (op.count - 1))
        finally:
            sym, self.walker = self.walker, outer
        if self.pool.key() != before:
            raise ValueError("a loop body must leave the wire pool as it found it after its "
                             "first iteration (free what it allocates, in reverse order)")
        apply(outer, sym, list(range(width)), op.count - 1)


def _strided(op: Loop) -> bool:
    return any(len(seg) > 3 and seg[3] for o in op.body if isinstance(o, Call)
               for _, segs in o.wires for seg in segs)


def symbolic(width: int) -> Walker:
    """A walker whose levels are max-plus forms of ``width`` wire levels, the classical
    bits' level and a constant (entries width and width + 1)."""
    size = width + 2
    return Walker([[_unit(size, w) for _ in range(3)] for w in range(width)],
                  [_unit(size, width) for _ in range(3)], lambda: _unit(size, width + 1),
                  array_max)


def walk_into(outer: Walker, ops, start: list[tuple[str, int]], ids: list[int]) -> None:
    """Walk ``ops`` (registers ``start`` then its ancillas, on the caller's wires ``ids``)
    gate by gate on ``outer``'s integer levels: exact at any depth (Python integers), for
    profiles whose float entries would pass 2^53."""
    walk = _Walk(start)
    walk.walker = Walker([list(outer.levels[i]) for i in ids], list(outer.clbit), outer.zero)
    walk.run(ops)
    outer.touch(ids)
    for j, i in enumerate(ids):
        outer.levels[i] = walk.walker.levels[j]
    outer.clbit = walk.walker.clbit


def profile(ops, start: list[tuple[str, int]], size: int) -> Walker:
    """The per-wire profile of ``ops`` over its ``size`` pool wires (the registers ``start``
    then its ancillas, in the order it takes them): one symbolic walk, its max-plus matrix.
    A caller applies it with :func:`apply` to the wires it passes and the ancillas it lends
    (``wire_levels`` of a called sub-program), without walking ``ops`` again."""
    walk = _Walk(start)
    walk.walker = symbolic(size)
    walk.run(ops)
    if walk.pool.size != size:
        raise ValueError(f"the profile spans {size} wires, the ops use {walk.pool.size}")
    return walk.walker


def tally(ops, start: list[tuple[str, int]]) -> _Tally:
    """Children, depths (the circuit counter's, per wire) and width of ``ops`` on the
    registers ``start`` ((name, width), laid out from wire 0)."""
    walk = _Walk(start)
    walk.run(ops)
    walk.tally.peak = max(walk.tally.peak, walk.pool.size)
    for f, level in zip(DEPTHS, walk.walker.depth()):
        walk.tally.depths[f] = level
    return walk.tally


def build(bb, ops, start: list[tuple[str, int]], regs: dict[str, list[int]]) -> None:
    """Emit ``ops`` onto ``bb`` (loops unrolled, opaque calls between their Syncs)."""
    _Walk(start, bb, regs).run(ops)
