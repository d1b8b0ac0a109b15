"""Parallel branches in the composition model: the rules behind :class:`~qdl.circuits.compose.
Parallel` and ``Loop(..., parallel=True)`` (docs/composition.md, "Parallel branches").

A fork barrier over every used program wire, then each branch by the serial rule with its
barriers over its own *scope* (the wire intervals its calls touch; whole registers for those it
allocates or that were fresh at the fork), so depth = max over branches, qubits = live wires at
the fork + Σ the wires each branch adds, counts = Σ. A parallel Loop is counted from one
iteration (depth that iteration's, counts and added qubits × count) and built as the Parallel of
its unrolled iterations. The build (qdl.circuits.compose_build) holds each branch's pool wires
until the last branch has run, so no two branches share an ancilla and the built circuit's
width and depths are the counted ones (tests/circuits/test_compose_parallel.py).
"""

from __future__ import annotations

from functools import lru_cache

from qdl.circuits.compose import (
    DEPTHS, Alloc, Call, Loop, Parallel, _count, _State, _sync, _Tally, has_depth)

#: a branch's scope: register → merged (lo, hi) wire intervals, or None for the whole register
Scope = dict


def _raw(ops):
    """(register, lo, hi, stride, outer stride) of the segments of the calls directly in
    ``ops`` (strides 0 when absent) and the wires of their loops, expanded over the
    iterations (stride 0; the outer stride is a parallel loop's, see :func:`unroll`)."""
    for op in ops:
        if isinstance(op, Call):
            for _, segs in op.wires:
                for seg in segs:
                    yield (seg[0], seg[1], seg[2], seg[3] if len(seg) > 3 else 0,
                           seg[4] if len(seg) > 4 else 0)
        elif isinstance(op, Loop):
            if op.parallel:
                raise ValueError("Parallel ops do not nest (a branch is a serial program)")
            for reg, lo, hi, stride, outer in _raw(op.body):
                if op.count == 0 or hi <= lo:
                    continue
                if stride <= hi - lo:  # consecutive iterations overlap or abut: one interval
                    yield (reg, lo, hi + (op.count - 1) * stride, 0, outer)
                else:
                    for i in range(op.count):
                        yield (reg, lo + i * stride, hi + i * stride, 0, outer)
        elif isinstance(op, Parallel):
            raise ValueError("Parallel ops do not nest (a branch is a serial program)")


def _allocated(ops) -> set[str]:
    out: set[str] = set()
    for op in ops:
        if isinstance(op, Alloc):
            out.add(op.name)
        elif isinstance(op, Loop):
            out |= _allocated(op.body)
    return out


def _merge(intervals: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    out: list[list[int]] = []
    for lo, hi in sorted(intervals):
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return tuple((lo, hi) for lo, hi in out)


def _walk(branches) -> list[tuple[list, set[str]]]:
    """Each branch's :func:`_raw` segments and :func:`_allocated` registers, walked once for
    the fork's checks and scopes."""
    return [(list(_raw(branch)), _allocated(branch)) for branch in branches]


def _scopes(fresh: dict[str, int], index: int, walked: list) -> list[Scope]:
    """Each branch's scope from its :func:`_walk`; raises unless the branches are disjoint
    (module rule)."""
    scopes = []
    for raw, local in walked:
        spans: dict[str, list[tuple[int, int]]] = {}
        for reg, lo, hi, stride, _ in raw:
            if hi > lo:
                spans.setdefault(reg, []).append((lo + stride * index, hi + stride * index))
        scope: Scope = {}
        for reg in set(spans) | local:
            whole = reg in local or reg in fresh
            scope[reg] = None if whole else _merge(spans[reg])
        scopes.append(scope)
    if len(scopes) < 2:
        return scopes
    claimed: dict[str, list[tuple[int, int, int]]] = {}
    for b, scope in enumerate(scopes):
        for reg, ivs in scope.items():
            if ivs is not None:
                claimed.setdefault(reg, []).extend((lo, hi, b) for lo, hi in ivs)
    for reg, ivs in claimed.items():
        ivs.sort()
        for (_, hi, b), (lo2, _, b2) in zip(ivs, ivs[1:]):
            if lo2 < hi and b != b2:
                raise ValueError(f"parallel branches {b} and {b2} share wires of register "
                                 f"'{reg}' (branches must touch disjoint wires)")
    return scopes


def _share_fresh(op: Parallel, state: _State, walked: list) -> None:
    """A register fresh at the fork that several branches touch (partial sums side by side
    in one register) is synchronised at the fork like a used one: a branch's barriers then
    cover only its own wires of it. ``walked``: the branches' :func:`_walk` (a Loop: its
    body's; every iteration touches the registers the first touches)."""
    seen: dict[str, int] = {}
    times = min(op.count, 2) if isinstance(op, Loop) else 1
    for raw, _ in walked:
        for reg in {seg[0] for seg in raw} & state.fresh.keys():
            seen[reg] = seen.get(reg, 0) + times
    for reg, count in seen.items():
        if count > 1:
            state.used += state.fresh.pop(reg)


def _width(ivs) -> int:
    return sum(hi - lo for lo, hi in ivs)


def _branch_state(state: _State, scope: Scope) -> _State:
    """The walk state a branch starts from: its fresh registers, its used wires; no barrier
    before its first depth call (the fork's barrier serves), T leads as in the program."""
    fresh = {r: w for r, w in state.fresh.items() if r in scope}
    used = sum(_width(ivs) for r, ivs in scope.items() if ivs is not None)
    sub = _State(fresh, used, state.signature)
    sub.widths, sub.named = dict(state.widths), state.named  # for calls with narrowed barriers
    sub.t_started = state.t_started
    return sub


def _join(state: _State, subs: list[_State], scopes: list[Scope]) -> None:
    """Advance the program state past the branches (fresh registers they touched are used)."""
    for sub, scope in zip(subs, scopes):
        for reg in scope:
            if reg in state.fresh and reg not in sub.fresh:
                state.used += state.fresh.pop(reg)
        state.started |= sub.started
        state.t_started |= sub.t_started


def _fork_width(state: _State, deep: bool) -> int:
    """Width of the barrier before the branches: every used wire once some call with depth
    has run and the branches have depth (0: none, as before a serial call)."""
    return state.used if state.started and deep else 0


def _deep(ops) -> bool:
    """Whether any call in ``ops`` has depth (the fork then needs its barrier)."""
    return any(has_depth(b.cost()) for op in ops for b, _ in _calls(op))


def _calls(op):
    """(block, multiplicity) of every call in ``op`` (loops multiplied)."""
    if isinstance(op, Call):
        yield op.block, 1
    elif isinstance(op, Loop):
        for inner in op.body:
            for block, m in _calls(inner):
                yield block, m * op.count
    elif isinstance(op, Parallel):
        for branch in op.branches:
            for inner in branch:
                yield from _calls(inner)


def count(op, state: _State, per_register: bool, tally: _Tally) -> None:
    """Fold a Parallel (or a parallel Loop, from its first iteration) into ``tally``."""
    live = state.used + sum(state.fresh.values())
    if isinstance(op, Loop):
        _count_loop(op, state, per_register, tally, live)
        return
    walked = _walk(op.branches)
    _share_fresh(op, state, walked)
    scopes = _scopes(state.fresh, 0, walked)
    _fork(state, _deep((op,)), tally)
    subs, extra, depths = [], 0, dict.fromkeys(DEPTHS, 0)
    for branch, scope in zip(op.branches, scopes):
        sub = _branch_state(state, scope)
        base = sub.used + sum(sub.fresh.values())
        part = _count(branch, sub, per_register)
        _check_freed(sub, base)
        _add_children(tally, part, 1)
        for f in DEPTHS:
            depths[f] = max(depths[f], part.depths[f])
        extra += max(0, part.peak - base)
        subs.append(sub)
    for f in DEPTHS:
        tally.depths[f] += depths[f]
    tally.peak = max(tally.peak, live + extra)
    _join(state, subs, scopes)


def _count_loop(op: Loop, state: _State, per_register: bool, tally: _Tally, live: int) -> None:
    """A parallel Loop: its body counted once (memoised per body and branch state, see
    :class:`_Body`), counts and added qubits × count, depth the body's.

    The loop's whole effect on the walk (:func:`_loop_effect`) is memoised too, in
    :attr:`_Body.effects` on what it reads of ``state``: a network's schedule points repeat
    each adder-tree level's loop at every group count."""
    body = _body(op.body)
    fresh = state.fresh
    key = (per_register, op.count > 1, state.started, state.t_started,
           tuple([(r, fresh[r]) for r in body.touched if r in fresh]) if fresh else (),
           tuple([_sync_width(state, r) for r in body.syncs]) if body.syncs else ())
    effect = body.effects.get(key)
    walked = effect is None
    if walked:  # (this advances ``state``)
        effect = body.effects[key] = _loop_effect(op, body, state, per_register)
    forks, pre, children, depths, extra, popped, used, started, t_started = effect
    count = op.count
    into = tally.children
    fork = state.used - used + pre if walked else state.used + pre  # (_fork_width)
    if forks and fork:
        barrier = _sync(fork)
        into[barrier] = into.get(barrier, 0) + 1
    for block, mult in children:
        into[block] = into.get(block, 0) + mult * count
    for f, d in zip(DEPTHS, depths):
        tally.depths[f] += d
    if live + extra * count > tally.peak:
        tally.peak = live + extra * count
    if walked:
        return
    for reg in popped:
        del fresh[reg]
    state.used += used
    state.started, state.t_started = started, t_started


def _loop_effect(op: Loop, body: "_Body", state: _State, per_register: bool) -> tuple:
    """What a parallel Loop does to the walk from ``state`` (advanced), as a function of the
    state's used wires U: whether it forks (a barrier of U + ``pre`` wires), the body's
    children (per iteration), depths, the qubits each iteration adds, the registers it makes
    used and the used wires they add, and the flags after it."""
    before, used = set(state.fresh), state.used
    if op.count > 1:  # every iteration touches the fresh registers the first touches
        for reg in body.registers & state.fresh.keys():
            state.used += state.fresh.pop(reg)
    scope = body.scope(state.fresh)
    pre, forks = state.used - used, state.started and body.deep  # (_fork_width)
    sub = _branch_state(state, scope)
    base = sub.used + sum(sub.fresh.values())
    part = body.tally(sub, per_register)
    _check_freed(sub, base)
    _join(state, [sub], [scope])  # (a loop's iterations touch the registers its first touches)
    popped = tuple(r for r in before if r not in state.fresh)
    return (forks, pre, tuple(part.children.items()), tuple(part.depths[f] for f in DEPTHS),
            max(0, part.peak - base), popped, state.used - used, state.started,
            state.t_started)


def _fork(state: _State, deep: bool, tally: _Tally) -> None:
    """Count the barrier before the branches (:func:`_fork_width`)."""
    width = _fork_width(state, deep)
    if width:
        barrier = _sync(width)
        tally.children[barrier] = tally.children.get(barrier, 0) + 1


def _check_freed(sub: _State, base: int) -> None:
    if sub.used + sum(sub.fresh.values()) != base:
        raise ValueError("a parallel branch must free what it allocates")


def _add_children(tally: _Tally, part: _Tally, times: int) -> None:
    children = tally.children
    for block, mult in part.children.items():
        children[block] = children.get(block, 0) + mult * times


class _Body:
    """A parallel Loop's body, walked and checked once: its iterations touch disjoint wires
    (:func:`_check_translates`), the registers it touches, whether it has depth, and
    memoised scopes and tallies. A stage's schedule points repeat the same bodies at every
    group count (an adder tree's level s is the same body for every k > s), so each is
    counted once per branch state."""

    def __init__(self, body: tuple):
        self.body = body
        self.walked = _walk((body,))
        _check_translates(self.walked[0])
        self.registers = {seg[0] for seg in self.walked[0][0]}
        self.deep = _deep(body)
        #: registers the narrowed barriers of its calls cover (their widths enter the walk)
        self.syncs = sorted({r for op in _leaf_calls(body) if op.sync is not None
                             for r in op.sync})
        #: registers whose freshness at the loop the walk reads (its segments' and its own)
        self.touched = tuple(sorted(self.registers | self.walked[0][1]))
        self._scopes: dict[frozenset, Scope] = {}
        self._parts: dict[tuple, tuple[_Tally, tuple]] = {}
        #: the loop's effect on the walk per state it reads (:func:`_count_loop`)
        self.effects: dict[tuple, tuple] = {}

    def scope(self, fresh: dict[str, int]) -> Scope:
        key = frozenset(self.registers & fresh.keys())
        found = self._scopes.get(key)
        if found is None:
            found = self._scopes[key] = _scopes(fresh, 0, self.walked)[0]
        return found

    def tally(self, sub: _State, per_register: bool) -> _Tally:
        """``_count(body, sub)``, memoised on what the walk reads of ``sub``: its fresh
        registers, used wires, T start and the widths of the registers in :attr:`syncs`
        (not the other registers' widths: a stage's partial-sum register is k times wider
        at k groups, and no barrier of the body reads it); ``sub`` is advanced."""
        key = (per_register, tuple(sorted(sub.fresh.items())), sub.used, sub.t_started,
               tuple(_sync_width(sub, r) for r in self.syncs))
        found = self._parts.get(key)
        if found is None:
            part = _count(self.body, sub, per_register)
            self._parts[key] = (part, (tuple(sub.fresh), sub.used, sub.started, sub.t_started))
            return part
        part, (fresh, sub.used, sub.started, sub.t_started) = found
        sub.fresh = {r: sub.fresh[r] for r in fresh}
        return part


#: a parallel Loop's body → its :class:`_Body`
_body = lru_cache(maxsize=None)(_Body)


def _leaf_calls(ops):
    for op in ops:
        if isinstance(op, Call):
            yield op
        elif isinstance(op, Loop):
            yield from _leaf_calls(op.body)


def _sync_width(state: _State, reg: str) -> int | None:
    if reg in state.widths:
        return state.widths[reg]
    if state.signature is not None and reg in state.signature.names():
        return state.signature[reg].width
    return None


def clear() -> None:
    """Forget the walked bodies and their tallies (with qdl.circuits.compose.clear_tallies)."""
    _body.cache_clear()


def unroll(op: Loop) -> Parallel:
    """A parallel Loop as explicit branches: iteration i's strided segments moved by
    i·stride; inside a serial loop of the body, a segment (register, lo, hi, stride, outer)
    moves by ``stride`` with that loop and by i·outer with the parallel one."""
    return Parallel(tuple(tuple(_shifted(inner, i, True) for inner in op.body)
                          for i in range(op.count)))


def _shifted(op, i: int, top: bool):
    if isinstance(op, Loop):
        return Loop(op.count, tuple(_shifted(inner, i, False) for inner in op.body))
    if not isinstance(op, Call):
        return op

    def move(s):
        if top and len(s) > 3:
            return (s[0], s[1] + s[3] * i, s[2] + s[3] * i)
        if not top and len(s) > 4:
            return (s[0], s[1] + s[4] * i, s[2] + s[4] * i, s[3])
        return s

    return Call(op.block, tuple((name, tuple(move(s) for s in segs)) for name, segs in op.wires),
                op.sync)


def _check_translates(walked: tuple[list, set[str]]) -> None:
    """The iterations of a parallel Loop touch disjoint wires: per register one stride s
    and a span of at most s; unstrided segments only on registers the body allocates.
    ``walked``: the body's :func:`_walk`."""
    raw, local = walked
    spans: dict[str, list[tuple]] = {}
    for reg, lo, hi, stride, outer in raw:
        if reg not in local and hi > lo:
            spans.setdefault(reg, []).append((lo, hi, stride or outer))
    for reg, segs in spans.items():
        strides = {s for _, _, s in segs}
        span = max(hi for _, hi, _ in segs) - min(lo for lo, _, _ in segs)
        if len(strides) != 1 or 0 in strides or span > strides.pop():
            raise ValueError(f"the iterations of a parallel loop share wires of register "
                             f"'{reg}' (branches must touch disjoint wires)")
