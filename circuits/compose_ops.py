"""The ops of a composition program (qdl.circuits.compose): registers allocated and freed,
calls of child blocks on segments of them, serial and parallel loops, parallel branches.

These are the program's vocabulary only; what a program of them counts, how its depth is
scheduled and how it is built are in qdl.circuits.compose (barrier schedule), compose_parallel
(parallel branches) and compose_wires (per-wire schedule).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from qdl.circuits.block import Block

#: (register, lo, hi) or (register, lo, hi, stride): register[lo + i·stride : hi + i·stride]
#: in iteration i of the innermost enclosing loop (i = 0 outside loops); a fifth entry moves
#: the segment of a serial loop inside a parallel one with the parallel index (see unroll).
Segment = tuple


@dataclass(frozen=True)
class Alloc:
    """A fresh program register of ``width`` qubits in |0⟩."""

    name: str
    width: int


@dataclass(frozen=True)
class Free:
    """Release a program register; the program guarantees it is back in |0⟩."""

    name: str
    width: int


@dataclass(frozen=True)
class Call:
    """Run ``block`` with each of its registers on a concatenation of segments.

    ``sync``: the program registers the barrier before this call covers (None: every used
    one). A narrower set is exact when it holds the wire at the critical-path level and every
    wire the call touches (a constant-weight dot syncs its accumulator and the operand in
    use, not thousands of idle operands); the tests compare the result with the circuit."""

    block: Block
    wires: tuple[tuple[str, tuple[Segment, ...]], ...]
    sync: tuple[str, ...] | None = None


def call_flat(block: Block, *segs: Segment) -> Call:
    """``block`` with its registers, in signature order, on the concatenation of ``segs``
    (compact for blocks with thousands of registers, e.g. a dot's a0…a{L−1}, b0…)."""
    return Call(block, ((FLAT, tuple(segs)),))


#: The register name of a flat call's single wiring entry.
FLAT = "*"


def call_wires(op: Call, wires: dict[str, list[int]], i: int = 0) -> dict[str, list[int]]:
    """Register name → builder wires for ``op`` in loop iteration ``i``."""
    if op.wires and op.wires[0][0] == FLAT:
        flat, at, out = gather(wires, op.wires[0][1], i), 0, {}
        for reg in op.block.signature:
            out[reg.name], at = flat[at:at + reg.width], at + reg.width
        return out
    return {name: gather(wires, segs, i) for name, segs in op.wires}


@dataclass(frozen=True)
class Loop:
    """``count`` iterations of ``body`` (segments with a stride move per iteration).

    ``parallel``: the iterations run at once, each on its own wires — the same schedule as
    a :class:`Parallel` of ``count`` branches (iteration i's strided segments moved by
    i·stride), counted from one iteration: depth its depth, counts × count, added qubits ×
    count. Its strided segments must not overlap across iterations and its unstrided ones
    may only be the registers it allocates (each iteration gets its own)."""

    count: int
    body: tuple = field(default_factory=tuple)
    parallel: bool = False


@dataclass(frozen=True)
class Parallel:
    """Branches (each a tuple of ops) on disjoint wires, run at the same time.

    Schedule: one barrier over every used program wire before the branches (the *fork*, as
    before a call), then each branch runs its ops by the serial rule with barriers over its
    own wires only (the segments its calls touch, whole registers for the ones it allocates
    or that were fresh at the fork), so a branch ends L + d_b after the fork and

        depth(Parallel) = max_b d_b   (T, Toffoli and rotation depth each),
        qubits = live wires at the fork + Σ_b (ancillas and registers branch b adds),

    counts = Σ over branches. Branches must touch disjoint wires and free what they allocate;
    a register fresh at the fork that several branches touch is synchronised at the fork. The build emits the
    branches one after another on disjoint wires: after each branch its pool wires are held
    until the last branch ends, so no two branches share an ancilla.
    """

    branches: tuple = field(default_factory=tuple)


Op = Alloc | Free | Call | Loop | Parallel


def call(block: Block, **regs: Segment | Sequence[Segment]) -> Call:
    """``call(mult, a=("x", 0, n), b=[("p", f, f + n)])``: a segment or a list of segments."""
    spec = []
    for name, segs in regs.items():
        segs = (segs,) if isinstance(segs[0], str) else tuple(segs)
        spec.append((name, segs))
    return Call(block, tuple(spec))


def scoped(registers: Sequence[tuple[str, int]], body: Sequence[Op]) -> list[Op]:
    """``body`` with ``registers`` ((name, width) pairs) allocated before it in |0⟩ and
    freed after it, in reverse order (the body returns them to |0⟩)."""
    regs = [(name, width) for name, width in registers if width]
    return ([Alloc(n, w) for n, w in regs] + list(body)
            + [Free(n, w) for n, w in reversed(regs)])


def gather(wires: dict[str, list[int]], segs: tuple[Segment, ...], i: int = 0) -> list[int]:
    """The wires of a concatenation of segments in loop iteration ``i``."""
    out: list[int] = []
    for seg in segs:
        if len(seg) == 3:  # unstrided (every program call): no shift
            out.extend(wires[seg[0]][seg[1]:seg[2]])
            continue
        reg, lo, hi, stride = seg[:4]
        shift = stride * i
        out.extend(wires[reg][lo + shift:hi + shift])
    return out
