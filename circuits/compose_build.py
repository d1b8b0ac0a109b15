"""Building a barrier-scheduled program (qdl.circuits.compose): the counting walk again, with
every call emitted on its wires, the barriers (a :class:`~qdl.circuits.compose.Sync` over the
used wires or a branch's scope) and the resets of fresh registers and pool ancillas emitted
before each depth-bearing call, and loops unrolled. The built circuit's counts, width and
depths are the counted ones (the tests compare them on every block)."""

from __future__ import annotations

from qdl.circuits.compose import (
    Alloc, Call, Free, Loop, Parallel, Sync, _count, _parallel, _State, _step, ancillas)
from qdl.circuits.compose_ops import call_wires


def _refresh(bb, count: int) -> None:
    """Reset the next ``count`` pool ancillas the call will get (they are in |0⟩ already).

    A block may release an ancilla that is |0⟩ but was last touched late (a padding wire
    that only met CNOTs); resetting it is free and makes it a fresh wire again, so the next
    call's first AND starts right after the barrier. The pool order is unchanged."""
    spare = bb.alloc(count)
    for q in spare:
        bb.reset(q)
    bb.release(spare)


def _sync_wires(wires: dict[str, list[int]], fresh: frozenset[str], scope: dict | None,
                sync: tuple[str, ...] | None = None) -> list[int]:
    """The used wires a barrier spans: every non-fresh program wire (or those of the call's
    ``sync`` registers, whole), or a branch's scope."""
    if scope is None or sync is not None:
        return [q for name, w in wires.items() if name not in fresh
                and (sync is None or name in sync) for q in w]
    out: list[int] = []
    for reg, ivs in scope.items():
        if reg in wires and reg not in fresh:
            w = wires[reg]
            out.extend(w if ivs is None else [q for lo, hi in ivs for q in w[lo:hi]])
    return out


def _barrier(bb, wires, fresh, scope, width: int, op: Call | None) -> None:
    """The Sync before a call (or a fork: ``op`` None), resets of fresh registers and of the
    pool ancillas the call's block will get."""
    used = _sync_wires(wires, fresh, scope, op.sync if op is not None else None)
    assert len(used) == width, (len(used), width)  # the count's barrier is the build's
    bb.call(Sync(width), q=used)
    for q in (q for name in fresh for q in wires[name]):
        bb.reset(q)
    if op is not None:
        _refresh(bb, ancillas(op.block))


def build(bb, ops, state: _State, per_register: bool, wires: dict[str, list[int]],
          index: int, scope: dict | None) -> None:
    """Emit ``ops`` (the counting walk, loops unrolled, barriers and resets emitted)."""
    for op in ops:
        if isinstance(op, Loop) and op.parallel and op.count > 0:
            op = _parallel().unroll(op)
        if isinstance(op, Loop):
            for i in range(op.count):
                build(bb, op.body, state, per_register, wires, i, scope)
        elif isinstance(op, Parallel):
            if scope is not None:
                raise ValueError("Parallel ops do not nest (a branch is a serial program)")
            _build_parallel(bb, op, state, per_register, wires, index)
        else:
            first = scope is not None and not state.started
            live, sync, fresh = _step(op, state, per_register)
            if isinstance(op, Alloc):
                wires[op.name] = bb.alloc(op.width)
            elif isinstance(op, Free):
                bb.release(wires.pop(op.name))
            else:
                if sync:
                    _barrier(bb, wires, fresh, scope, sync, op)
                elif first and state.started:  # a branch's first depth call: after the fork
                    _refresh(bb, ancillas(op.block))
                bb.call(op.block, **call_wires(op, wires, index))


def _build_parallel(bb, op: Parallel, state: _State, per_register: bool,
                    wires: dict[str, list[int]], index: int) -> None:
    """The branches one after another on their wires after the fork's barrier, each
    branch's pool wires held until the last has run (no two branches share an ancilla)."""
    from qdl.circuits.compose_parallel import (
        _branch_state, _deep, _fork_width, _join, _scopes, _share_fresh, _walk)

    walked = _walk(op.branches)
    _share_fresh(op, state, walked)
    scopes = _scopes(state.fresh, index, walked)
    sync = _fork_width(state, _deep((op,)))
    if sync:
        _barrier(bb, wires, frozenset(state.fresh), None, sync, None)
    held: list[list[int]] = []
    subs = []
    for branch, scope in zip(op.branches, scopes):
        sub = _branch_state(state, scope)
        base = sub.used + sum(sub.fresh.values())
        build(bb, branch, sub, per_register, wires, index, scope)
        subs.append(sub)
        # the pool wires this branch used are the top of the pool (it is a stack): hold them
        held.append(bb.alloc(max(0, _count(branch, _branch_state(state, scope),
                                           per_register).peak - base)))
    for wires_held in reversed(held):
        bb.release(wires_held)
    _join(state, subs, scopes)
