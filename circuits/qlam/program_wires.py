"""Names of a gate program's wires (qdl.circuits.qlam.program): its own wires 0..width−1 are
register ``q``, each pooled ancilla w is a one-wire register ``a<w>``. Every name, segment
and one-wire Alloc/Free is made once per wire and shared (a QROAM level of a program
allocates 10⁴ junk wires, and a program has 10⁵ calls)."""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter

from qdl.circuits.compose import Call

#: the register of a program's own wires 0..width−1 (an ancilla w is register "a<w>")
WIRES = "q"

_WIRE_OPS: dict = {}


def wire_op(kind: type, w: int):
    """Alloc or Free of the one-wire register ``a<w>`` (frozen, so made once per wire: the
    QROAMs' junk registers allocate 10⁴ wires per tree level)."""
    op = _WIRE_OPS.get((kind, w))
    if op is None:
        op = _WIRE_OPS[kind, w] = kind(f"a{w}", 1)
    return op


_NAMES: list[str] = []


def ancilla_name(w: int) -> str:
    """The one-wire ancilla register of program wire ``w`` (made once per wire)."""
    names = _NAMES
    if len(names) <= w:
        start = len(names)
        names.extend(f"a{v}" for v in range(start, w + 1))
        _ANCILLA_WIRES.update(zip(names[start:], range(start, w + 1)))
    return names[w]


def ancilla_names(wires: Sequence[int]) -> tuple[str, ...]:
    """:func:`ancilla_name` of each of ``wires`` (at least two), gathered in C."""
    ancilla_name(max(wires))
    return itemgetter(*wires)(_NAMES)


def wire_of(name: str, lo: int = 0) -> int:
    """The program wire of a one-wire ancilla register ``a<w>`` (or of ``q``[lo])."""
    if name == WIRES:
        return lo
    w = _ANCILLA_WIRES.get(name)
    if w is None:
        w = _ANCILLA_WIRES[name] = int(name[1:])
    return w


_ANCILLA_WIRES: dict[str, int] = {}


def flat_wires(op: Call) -> list[int]:
    """The program wires of a recorded gate call, in the block's register order."""
    return [wire_of(seg[0], seg[1]) for seg in op.wires[0][1]]


_Q_SEGS: list[tuple] = []  # (WIRES, v, v + 1)
_A_SEGS: list[tuple] = []  # (a<v>, 0, 1)


def grow_segs(segs: list, width: int, size: int) -> None:
    """Extend a program's segment list ``segs`` to ``size`` wires: wire v < ``width`` is
    ``(WIRES, v, v + 1)``, an ancilla v is ``(a<v>, 0, 1)``; shared by every program and
    copied in slices (a QROAM program has 10⁴ wires)."""
    if len(_Q_SEGS) < size:
        ancilla_name(size - 1)
        _Q_SEGS.extend((WIRES, v, v + 1) for v in range(len(_Q_SEGS), size))
        _A_SEGS.extend((_NAMES[v], 0, 1) for v in range(len(_A_SEGS), size))
    at = len(segs)
    if at < width:
        segs.extend(_Q_SEGS[at:min(width, size)])
    segs.extend(_A_SEGS[max(at, width):size])
