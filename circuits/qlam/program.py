"""Gate programs: the QLAM recorder on the composition model (qdl.circuits.compose).

A QLAM circuit is mostly a few multiplexed rotations whose size is exponential in the number
of qubits (a 2^20 × 2^20 dense matrix is 2^40 rotations in about 80 multiplexors), so a
QLAM block records a :class:`Program`: a list of composition ops (``Alloc``/``Free`` of
one-wire ancilla registers, calls of the gate blocks of qdl.circuits.qlam.wire_gates —
standard gates, multiplexors kept whole, measurements, global phases —, Gidney's AND and its
uncompute, whole lookups (qlam.calls), and ``Loop`` for a repeated body). Every face derives
from that list with the composition model's *per-wire* schedule
(:mod:`qdl.circuits.compose_wires`): counts are Σ calls × the called block's counts, the
width is the wire pool's size, the depths are the built circuit's levels (per wire, the
circuit counter's rules; a loop by max-plus powers, never enumerated), and the build emits the
same calls. Nothing here schedules or counts by itself.

Controlled versions are made while recording: inside ``with prog.controlled(c):`` every gate
is replaced by its controlled form (X→CX, CX→CCX, CCX→AND ladder + CCX, SWAP→CX·CCX·CX,
global phase→P on the control, multiplexor→mux(θ/2)·CX·mux(−θ/2)·CX), while ``frame()``
sections (compute/uncompute pairs such as basis-changing X gates or AND ladders) stay
uncontrolled because they cancel when the control is off. Ancillas come from a pool with the
Builder's policy (most recently released first), so the recorded width is the built width.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
import numpy as np

from qdl.circuits import compose_wires, wire_trace
from qdl.circuits.compose_wires import AllocWires, FreeWires
from qdl.circuits.block import Block, Register, Signature
from qdl.circuits.compose import FLAT, Alloc, Call, Free, Loop
from qdl.circuits.cost import ADDITIVE, Cost, rotation_t_count
from qdl.circuits.gates import And, AndUncompute
from qdl.circuits.qlam.program_wires import (
    WIRES, ancilla_names, grow_segs, wire_op, flat_wires)
from qdl.circuits.qlam.program_replay import replay_ops
from qdl.circuits.qlam.wire_gates import DEFAULT_EPS, GlobalPhase, Measure, Mux, gate

__all__ = ["DEFAULT_EPS", "WIRES", "Program", "ProgramBlock", "flat_wires"]

_AND, _ANDU, _MEASURE = And(), AndUncompute(), Measure()


class Program:
    """Composition ops on integer wires 0..width−1 (register ``q``) plus pooled ancillas."""

    def __init__(self, width: int):
        self.width = width
        # the Builder's pool policy, so recorded wires are the wires the walk and build use
        self._pool = compose_wires.Pool(width)
        self._lists: list[list] = [[]]
        self._ctrl: list[int | None] = [None]
        self._segs: list[tuple] = []

    @property
    def ops(self) -> list:
        """The op list being recorded (a repeated body while inside :meth:`repeat`)."""
        return self._lists[-1]

    # -- wires ---------------------------------------------------------------------------------
    @property
    def next(self) -> int:
        """Wires used so far: the program's width including its peak of ancillas."""
        return self._pool.size

    def alloc(self, n: int) -> list[int]:
        out = self._pool.alloc(n)
        if n == 1:
            self.ops.append(wire_op(Alloc, out[0]))
        elif n:  # one op for the lot (compose_wires.AllocWires walks them one by one)
            self.ops.append(AllocWires(ancilla_names(out)))
        return out

    def release(self, wires: Sequence[int]) -> None:
        self._pool.release(wires)  # one wire at a time in reverse: the same pool order
        if len(wires) == 1:
            self.ops.append(wire_op(Free, wires[0]))
        elif wires:
            self.ops.append(FreeWires(ancilla_names(list(reversed(wires)))))

    def seg(self, w: int) -> tuple:
        """The segment of program wire ``w`` (made once per wire: programs have 10⁵ calls)."""
        segs = self._segs
        if w < len(segs):
            return segs[w]
        self._grow_segs(w + 1)
        return segs[w]

    def segs(self, wires: Sequence[int]) -> tuple:
        """The segments of ``wires`` (a QROAM's calls list 10⁴ junk wires: gathered in C)."""
        segs, size = self._segs, self._pool.num_qubits  # (the Builder's attribute: 10⁴ calls)
        if len(segs) < size:
            self._grow_segs(size)
        if len(wires) < 2:
            return (segs[wires[0]],) if wires else ()
        return itemgetter(*wires)(segs)

    def _grow_segs(self, size: int) -> None:
        grow_segs(self._segs, self.width, size)  # (WIRES, v, v + 1) or (a<v>, 0, 1)

    def _call(self, block: Block, *wires: int) -> None:
        self._lists[-1].append(Call(block, ((FLAT, self.segs(wires)),)))

    def and_(self, a: int, b: int, t: int) -> None:
        """Gidney's temporary AND onto ``t`` (never controlled: it is undone by ``andu``)."""
        self._call(_AND, a, b, t)

    def andu(self, a: int, b: int, t: int) -> None:
        self._call(_ANDU, a, b, t)

    def raw_mux(self, axis: str, controls: Sequence[int], target: int, theta) -> None:
        """A multiplexor exactly as given (the active control is not applied)."""
        theta = None if theta is None else np.asarray(theta, dtype=float)
        self._call(Mux(axis, len(controls), theta), *controls, target)

    # -- control -------------------------------------------------------------------------------
    @property
    def control(self) -> int | None:
        return self._ctrl[-1]

    @contextmanager
    def frame(self) -> Iterator[None]:
        """Gates recorded here are not controlled (they are undone before the control matters)."""
        self._ctrl.append(None)
        try:
            yield
        finally:
            self._ctrl.pop()

    @contextmanager
    def controlled(self, c: int) -> Iterator[None]:
        """Record the controlled version of what follows (nested controls are ANDed)."""
        outer = self.control
        if outer is None:
            self._ctrl.append(c)
            yield
            self._ctrl.pop()
            return
        (flag,) = self.alloc(1)
        self.and_(outer, c, flag)
        self._ctrl.append(flag)
        yield
        self._ctrl.pop()
        self.andu(outer, c, flag)
        self.release([flag])

    @contextmanager
    def when_equal(self, wires: Sequence[int], value: int) -> Iterator[None]:
        """Control what follows on ``wires`` holding ``value`` (and on the active control)."""
        zeros = [w for i, w in enumerate(wires) if not (value >> i) & 1]
        controls = ([self.control] if self.control is not None else []) + list(wires)
        with self.frame():
            for w in zeros:
                self._raw("x", w)
            flags = []
            if len(controls) > 1:
                flags = self.alloc(len(controls) - 1)
                prev = controls[0]
                for c, f in zip(controls[1:], flags):
                    self.and_(prev, c, f)
                    prev = f
        self._ctrl.append(flags[-1] if flags else controls[0] if controls else None)
        yield
        self._ctrl.pop()
        with self.frame():
            if flags:
                prev_list = [controls[0]] + flags[:-1]
                for p, c, f in reversed(list(zip(prev_list, controls[1:], flags))):
                    self.andu(p, c, f)
                self.release(flags)
            for w in zeros:
                self._raw("x", w)

    # -- gates ---------------------------------------------------------------------------------
    def _raw(self, name: str, *wires: int) -> None:
        self._call(gate(name), *wires)

    def x(self, t: int) -> None:
        c = self.control
        self._raw("x", t) if c is None else self._raw("cx", c, t)

    def z(self, t: int) -> None:
        c = self.control
        self._raw("z", t) if c is None else self._raw("cz", c, t)

    def s(self, t: int) -> None:
        """S = P(π/2): Clifford alone; controlled, the two-T controlled phase."""
        if self.control is None:
            self._raw("s", t)
        else:
            self.phase(t, np.pi / 2)

    def sdg(self, t: int) -> None:
        if self.control is None:
            self._raw("sdg", t)
        else:
            self.phase(t, -np.pi / 2)

    def h(self, t: int) -> None:
        c = self.control
        if c is None:
            self._raw("h", t)
            return
        # H = RY(π/2)·Z, so controlled-H = CZ then a one-control multiplexed RY(0 | π/2)
        self._raw("cz", c, t)
        self.raw_mux("ry", (c,), t, np.array([0.0, np.pi / 2]))

    def cx(self, a: int, t: int) -> None:
        c = self.control
        self._raw("cx", a, t) if c is None else self._raw("ccx", c, a, t)

    def cz(self, a: int, b: int) -> None:
        c = self.control
        self._raw("cz", a, b) if c is None else self._raw("ccz", c, a, b)

    def ccx(self, a: int, b: int, t: int, name: str = "ccx") -> None:
        c = self.control
        if c is None:
            self._raw(name, a, b, t)
            return
        (f,) = self.alloc(1)
        self.and_(c, a, f)
        self._raw(name, f, b, t)
        self.andu(c, a, f)
        self.release([f])

    def ccz(self, a: int, b: int, t: int) -> None:
        self.ccx(a, b, t, name="ccz")

    def swap(self, a: int, b: int) -> None:
        if self.control is None:
            self._raw("swap", a, b)
            return
        self._raw("cx", b, a)  # CSWAP = CX(b,a) · CCX(c,a,b) · CX(b,a)
        self._raw("ccx", self.control, a, b)
        self._raw("cx", b, a)

    def phase(self, t: int, angle: float | None) -> None:
        """P(angle) = diag(1, e^{i·angle}) on ``t`` (None: no data, a rotation)."""
        c = self.control
        if c is None:
            theta = None if angle is None else np.array([angle], dtype=float)
            self.raw_mux("p", (), t, theta)
            return
        half = None if angle is None else angle / 2
        with self.frame():  # CP(a) = P(a/2)_c · CX · P(−a/2)_t · CX · P(a/2)_t
            self.phase(c, half)
            self._raw("cx", c, t)
            self.phase(t, None if half is None else -half)
            self._raw("cx", c, t)
            self.phase(t, half)

    def global_phase(self, angle: float | None) -> None:
        """Multiply by e^{i·angle}; None (no data) costs a controlled phase as a rotation."""
        c = self.control
        if c is None:
            if angle is not None:
                self._call(GlobalPhase(float(angle)))
        elif angle is None:
            self.raw_mux("p", (), c, None)
        else:
            with self.frame():
                self.phase(c, angle)

    def mux(self, axis: str, controls: Sequence[int], target: int,
            theta: np.ndarray | None) -> None:
        """Multiplexed RY/RZ: R(θ_c) on ``target`` when ``controls`` hold c (None: no data)."""
        c = self.control
        controls = tuple(controls)
        if c is None:
            self.raw_mux(axis, controls, target, theta)
            return
        half = None if theta is None else np.asarray(theta, dtype=float) / 2
        with self.frame():
            self.raw_mux(axis, controls, target, half)
            self._raw("cx", c, target)
            self.raw_mux(axis, controls, target, None if half is None else -half)
            self._raw("cx", c, target)

    def measure(self, t: int) -> None:
        self._call(_MEASURE, t)

    def replay(self, ops: list[tuple], wires: Sequence[int], inverse: bool = False) -> None:
        """Record another program's ``ops`` on ``wires`` (its wires 0..len−1), or their inverse
        (qdl.circuits.qlam.program_replay)."""
        replay_ops(self, ops, dict(enumerate(wires)), inverse)

    def repeat(self, count: int, body: Callable[[], None]) -> None:
        """Record ``body()`` ``count`` times, as one repeated op when that is exact.

        The first copy is recorded plainly; the rest become ``Loop(count − 1, ops)`` when the
        second copy leaves the ancilla pool as it found it (no new wire, the same free list),
        so every later copy reuses exactly the same wires (the per-wire schedule then counts
        the copies with max-plus matrix powers, qdl.circuits.compose_wires).
        """
        if count <= 2:
            for _ in range(count):
                body()
            return
        body()
        before = self._pool.key()
        self._lists.append([])
        body()
        ops = self._lists.pop()
        if self._pool.key() == before:
            self.ops.append(Loop(count - 1, tuple(ops)))
            return
        self.ops.extend(ops)
        for _ in range(count - 2):
            body()

    def call(self, sub: "Program", wires: Sequence[int]) -> None:
        """Record ``sub`` on ``wires`` as one call (no active control: the caller records
        controlled versions, :func:`record_program`); counted by its per-wire profile."""
        from qdl.circuits.qlam.subprogram import SubProgram

        assert self.control is None, "a sub-program call is not controlled by the caller"
        self._call(SubProgram(sub), *wires)

    # -- faces ---------------------------------------------------------------------------------
    def cost(self, eps: float = DEFAULT_EPS) -> Cost:
        """Counts, width and depths by the per-wire schedule (rotations synthesised to ε)."""
        return tally_cost(wire_trace.tally(self.ops, [(WIRES, self.width)], self), eps)

    def circuit(self, name: str = "program"):
        """The program alone as a QuantumCircuit (register ``q`` for wires 0..width−1)."""
        from qdl.circuits.builder import Builder

        bb = Builder()
        wires = bb.alloc(self.width)
        self.emit(bb, wires)
        return bb.to_circuit(Signature([Register("q", self.width)]), {"q": wires}, name=name)

    def emit(self, bb, wires: Sequence[int]) -> None:
        """Append the program to Builder ``bb``; ``wires`` are the builder wires of 0..width−1."""
        compose_wires.build(bb, self.ops, [(WIRES, self.width)], {WIRES: list(wires)})


def tally_cost(tally, eps: float) -> Cost:
    """The cost record of a per-wire tally: Σ calls × child counts, rotations to ε."""
    totals = dict.fromkeys(ADDITIVE, 0)
    for child, mult in tally.children.items():
        child_cost = child.cost()
        for f in ADDITIVE:
            totals[f] += getattr(child_cost, f) * mult
    rot = totals["rotations"]
    totals["rotation_t"] = rot * rotation_t_count(eps) if rot else 0
    return Cost(qubits=tally.peak, **tally.depths, **totals)


_PROGRAMS: dict = {}


class ProgramBlock(Block):
    """A block whose cost and circuit both come from one recorded :class:`Program`.

    Subclasses implement ``record(prog, **regs)`` (regs: register name → program wires, in
    signature order). The cost is a leaf cost because the program's per-wire walk already is
    the exact hierarchical count; the memoised program is shared by ``cost()`` and ``build()``.
    """

    reference_kind = "unitary"
    persist_cost = True  # its count walks the whole program gate by gate

    def record(self, prog: Program, **regs: list[int]) -> None:
        raise NotImplementedError

    def program(self) -> Program:
        cached = _PROGRAMS.get(self)
        if cached is None:
            cached = Program(self.signature.width)
            regs, pos = {}, 0
            for reg in self.signature:
                regs[reg.name] = list(range(pos, pos + reg.width))
                pos += reg.width
            self.record(cached, **regs)
            _PROGRAMS[self] = cached
        return cached

    def leaf_cost(self) -> Cost:
        return self.program().cost()

    def build(self, bb, **regs: list[int]) -> None:
        self.program().emit(bb, [w for reg in self.signature for w in regs[reg.name]])
