"""The trace of a recorded gate program, read off its wire numbers (qdl.circuits.wire_trace).

The generic compile of a trace walks the ops with compose_wires' counting walk: each call's
wires are found through register names (``a<w>`` → the pool wire its ``Alloc`` got), 10⁴
junk names enter and leave a dict at every QROAM level, and each call's ancillas and
children go through the blocks' value hashes. A :class:`~qdl.circuits.qlam.program.Program`
records its ancillas from a pool with the walk's own policy (most recently released first),
so the walk's pool hands ancilla ``a<w>`` the wire w, and every call's wires *are* its
recorded numbers (``q``[v] is v, ``a<w>`` is w): no name needs resolving. The walk's pool
also lends an opaque call its ancillas (taken and given back), which the recorder's does not;
that changes nothing: a loan of k ≤ (free wires) puts them back in the same order, and a
larger one reuses every free wire and adds new ones *below* them, in the order the recorder
creates them later. Every allocation is still checked (the ids the pool gives == the
recorded numbers, compared in C); a mismatch hands the ops to the generic compile. Everything else is the counting walk's own
bookkeeping in the same order — pool alloc/release, the borrowed ancillas (taken and given
back), children (counted per block object, merged by value at the end), the two Syncs of an
opaque call over the pool, growth and peak — so the result equals ``Trace.compile``'s:
tests/circuits/test_wire_trace.py compares both, step for step.
"""

from __future__ import annotations

from qdl.circuits.compose import FLAT, Alloc, Call, Free, Sync, ancillas
from qdl.circuits.compose_wires import AllocWires, FreeWires, Pool
from qdl.circuits.cost import DEPTHS
from qdl.circuits.qlam.program_wires import (
    WIRES, _ANCILLA_WIRES, ancilla_name, ancilla_names, wire_of)
from qdl.circuits.wire_trace import GROW, OPAQUE, RULE, Trace, step_code


def compile_recorded(ops, start: list[tuple[str, int]]) -> Trace | None:
    """The trace of a loop-free program's ``ops`` on its register ``q`` (``start``), or None
    where a wire is not its recorded number (the caller compiles generically)."""
    if len(start) != 1 or start[0][0] != WIRES:
        return None
    width = start[0][1]
    pool = Pool(width)
    wire = _ANCILLA_WIRES
    steps: list = []
    touched: set[int] = set()
    size = peak = width
    infos: dict[int, tuple] = {}  # id(block) → (block, code, rule, ancillas, depths, args)
    counts: dict[int, list] = {}  # id(block) → [block, calls]
    syncs: dict[int, int] = {}  # Sync width → calls
    groups: dict[str, tuple] = {}  # first name → (names, ids) of an allocation
    for op in ops:
        kind = type(op)
        if kind is Call:
            block = op.block
            info = infos.get(id(block))
            if info is None:
                info = infos[id(block)] = _info(block)
            _, code, rule, extra_n, depths, args = info
            seen = counts.get(id(block))
            if seen is None:
                counts[id(block)] = [block, 1]
            else:
                seen[1] += 1
            extra = []
            if extra_n:  # its own ancillas: taken from the pool and given back
                extra = pool.alloc(extra_n)
                pool.release(extra)
                if pool.size > size:
                    size = pool.size
                    steps.append((GROW, size))
                    peak = max(peak, size)
            if rule is None:  # opaque: between two Syncs over the pool
                syncs[size] = syncs.get(size, 0) + 2
                steps.append((OPAQUE, depths, tuple(sorted(touched))))
                touched = set()
                continue
            wiring = op.wires
            if not wiring or wiring[0][0] != FLAT:
                return None
            if code is None:
                continue
            ids = [s[1] if s[0] == WIRES else wire[s[0]] for s in wiring[0][1]]
            ids += extra
            touched.update(ids)
            steps.append((RULE, rule, ids) if code == RULE else (code, *ids, *args))
        elif kind is AllocWires or kind is Alloc:
            names = op.names if kind is AllocWires else (op.name,)
            if kind is Alloc and op.width != 1:
                return None
            ids = pool.alloc(len(names))
            if (ancilla_names(ids) if len(ids) > 1 else (ancilla_name(ids[0]),)) != names:
                return None  # the walk's pool has diverged from the recorder's
            if pool.size > size:
                size = pool.size
                steps.append((GROW, size))
                peak = max(peak, size)
            groups[names[0]] = (names, ids)
        elif kind is FreeWires:  # one release per name in order = one of the reverse
            names = op.names
            group = groups.get(names[-1])
            if group is not None and group[0] == names[::-1]:  # a whole allocation back
                pool.release(group[1])
            else:
                pool.release(list(map(wire.__getitem__, names))[::-1])
        elif kind is Free:
            if op.width != 1:
                return None
            pool.release([wire_of(op.name)])
        else:
            return None
    children: dict = {}
    for block, calls in counts.values():
        children[block] = children.get(block, 0) + calls
    for bits, calls in syncs.items():
        sync = Sync(bits)
        children[sync] = children.get(sync, 0) + calls
    return Trace(steps, tuple(sorted(touched)), children, width, max(peak, size))


def _info(block) -> tuple:
    rule = getattr(block, "wire_levels", None)
    if rule is None:
        cost = block.cost()
        return block, None, None, ancillas(block), tuple(getattr(cost, f) for f in DEPTHS), ()
    code, args = step_code(block)
    return block, code, rule, ancillas(block), None, args
