"""Gate programs: the compact gate list QLAM blocks are counted from and built from.

A QLAM circuit is mostly a few multiplexed rotations whose size is exponential in the number
of qubits (a 2^20 × 2^20 dense matrix is 2^40 rotations in about 80 multiplexors), so a
QLAM block records a :class:`Program` — standard gates, multiplexors kept whole, global
phases, ancilla allocation — and derives both faces from that one list:

- ``cost()`` walks the list with the depth conventions of qdl.passes.circuit_count (a
  multiplexor in closed form, :func:`~qdl.circuits.qlam.multiplexor.mux_levels`), never
  expanding a multiplexor, never importing Qiskit;
- ``emit(bb, regs)`` expands it gate by gate onto a :class:`~qdl.circuits.builder.Builder`.

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

import numpy as np

from qdl.circuits.block import Block
from qdl.circuits.cost import Cost
from qdl.circuits.qlam.multiplexor import control_order, gray_angles

DEFAULT_EPS = 1e-3


class Program:
    """A recorded gate list on integer wires 0..width−1 plus pooled ancillas."""

    def __init__(self, width: int):
        from qdl.circuits.builder import Builder

        self.width = width
        # the Builder's own pool, so recorded wires follow exactly the policy of the build
        self._pool = Builder()
        self._pool.alloc(width)
        self._lists: list[list[tuple]] = [[]]
        self._ctrl: list[int | None] = [None]

    @property
    def ops(self) -> list[tuple]:
        """The op list being recorded (a repeated body while inside :meth:`repeat`)."""
        return self._lists[-1]

    # -- wires ---------------------------------------------------------------------------------
    @property
    def next(self) -> int:
        """Wires used so far: the program's width including its peak of ancillas."""
        return self._pool.num_qubits

    def alloc(self, n: int) -> list[int]:
        out = self._pool.alloc(n)
        self.ops.append(("alloc", tuple(out)))
        return out

    def release(self, wires: Sequence[int]) -> None:
        self._pool.release(wires)
        self.ops.append(("release", tuple(wires)))

    def _pool_state(self) -> tuple[int, list[int]]:
        return self._pool.num_qubits, list(self._pool._free)

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
        self.ops.append(("g", "and", (outer, c, flag)))
        self._ctrl.append(flag)
        yield
        self._ctrl.pop()
        self.ops.append(("g", "andu", (outer, c, flag)))
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
                    self.ops.append(("g", "and", (prev, c, f)))
                    prev = f
        self._ctrl.append(flags[-1] if flags else controls[0] if controls else None)
        yield
        self._ctrl.pop()
        with self.frame():
            if flags:
                prev_list = [controls[0]] + flags[:-1]
                for p, c, f in reversed(list(zip(prev_list, controls[1:], flags))):
                    self.ops.append(("g", "andu", (p, c, f)))
                self.release(flags)
            for w in zeros:
                self._raw("x", w)

    # -- gates ---------------------------------------------------------------------------------
    def _raw(self, name: str, *wires: int) -> None:
        self.ops.append(("g", name, wires))

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
        self.ops.append(("mux", "ry", (c,), t, np.array([0.0, np.pi / 2])))

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
        self.ops.append(("g", "and", (c, a, f)))
        self._raw(name, f, b, t)
        self.ops.append(("g", "andu", (c, a, f)))
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
            self.ops.append(("mux", "p", (), t, theta))
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
                self.ops.append(("gphase", float(angle)))
        elif angle is None:
            self.ops.append(("mux", "p", (), c, None))
        else:
            with self.frame():
                self.phase(c, angle)

    def mux(self, axis: str, controls: Sequence[int], target: int,
            theta: np.ndarray | None) -> None:
        """Multiplexed RY/RZ: R(θ_c) on ``target`` when ``controls`` hold c (None: no data)."""
        c = self.control
        controls = tuple(controls)
        if c is None:
            self.ops.append(("mux", axis, controls, target, theta))
            return
        half = None if theta is None else np.asarray(theta, dtype=float) / 2
        with self.frame():
            self.ops.append(("mux", axis, controls, target, half))
            self._raw("cx", c, target)
            self.ops.append(("mux", axis, controls, target, None if half is None else -half))
            self._raw("cx", c, target)

    def measure(self, t: int) -> None:
        self.ops.append(("measure", t))

    def replay(self, ops: list[tuple], wires: Sequence[int], inverse: bool = False) -> None:
        """Record another program's ``ops`` on ``wires`` (its wires 0..len−1), or their inverse.

        Gates go through the public, control-aware methods, and the other program's
        ancillas are allocated afresh from this pool, so the result is counted and built
        like anything recorded here. The inverse reverses the list: alloc ↔ release,
        AND ↔ its uncompute, multiplexors and phases negated; a measurement has none.
        """
        self._replay(ops, dict(enumerate(wires)), inverse)

    def _replay(self, ops: list[tuple], wmap: dict[int, int], inverse: bool) -> None:
        seq = reversed(ops) if inverse else ops
        sign = -1.0 if inverse else 1.0
        for op in seq:
            head = op[0]
            if (head == "alloc") != inverse and head in ("alloc", "release"):
                wmap.update(zip(op[1], self.alloc(len(op[1]))))
            elif head in ("alloc", "release"):
                self.release([wmap[w] for w in op[1]])
            elif head == "g":
                name, ws = op[1], [wmap[w] for w in op[2]]
                if name in ("and", "andu"):
                    flip = {"and": "andu", "andu": "and"}
                    self.ops.append(("g", flip[name] if inverse else name, tuple(ws)))
                else:
                    getattr(self, name)(*ws)
            elif head == "mux":
                _, axis, controls, target, theta = op
                theta = None if theta is None else sign * np.asarray(theta, dtype=float)
                if axis == "p":
                    self.phase(wmap[target], None if theta is None else float(theta[0]))
                else:
                    self.mux(axis, [wmap[c] for c in controls], wmap[target], theta)
            elif head == "gphase":
                self.global_phase(sign * op[1])
            elif head == "measure":
                if inverse:
                    raise ValueError("a measurement has no inverse")
                self.measure(wmap[op[1]])
            elif head == "repeat":
                body = op[2]
                self.repeat(op[1], lambda: self._replay(body, wmap, inverse))
            elif head == "call":  # a lookup kept whole (qlam.calls)
                from qdl.circuits.qlam.calls import replay_call

                replay_call(self, op[1], {k: [wmap[w] for w in ws] for k, ws in op[2]}, inverse)

    def repeat(self, count: int, body: Callable[[], None]) -> None:
        """Record ``body()`` ``count`` times, as one repeated op when that is exact.

        The first copy is recorded plainly; the rest become ("repeat", count − 1, ops) when the
        second copy leaves the ancilla pool as it found it (no new wire, the same free list),
        so every later copy reuses exactly the same wires
        (the walk then counts the copies with max-plus matrix powers, qlam.walk).
        """
        if count <= 2:
            for _ in range(count):
                body()
            return
        body()
        before = self._pool_state()
        self._lists.append([])
        body()
        ops = self._lists.pop()
        if self._pool_state() == before:
            self.ops.append(("repeat", count - 1, ops))
            return
        self.ops.extend(ops)
        for _ in range(count - 2):
            body()

    # -- faces ---------------------------------------------------------------------------------
    def cost(self, eps: float = DEFAULT_EPS) -> Cost:
        from qdl.circuits.qlam.walk import walk_cost

        return walk_cost(self.ops, self.next, eps)

    def circuit(self, name: str = "program"):
        """The program alone as a QuantumCircuit (register ``q`` for wires 0..width−1)."""
        from qdl.circuits.block import Register, Signature
        from qdl.circuits.builder import Builder

        bb = Builder()
        wires = bb.alloc(self.width)
        self.emit(bb, wires)
        return bb.to_circuit(Signature([Register("q", self.width)]), {"q": wires}, name=name)

    def emit(self, bb, wires: Sequence[int], seed: int = 7) -> None:
        """Append the gates to Builder ``bb``; ``wires`` are the builder wires of 0..width−1.

        A multiplexor without data gets seeded random angles (generic, so every emitted
        angle is a rotation, as the worst-case count assumes).
        """
        from qiskit.circuit.library import GlobalPhaseGate, PhaseGate, RYGate, RZGate

        from qdl.circuits.gates import And, AndUncompute

        gates = {"ry": RYGate, "rz": RZGate, "p": PhaseGate}
        rng = np.random.default_rng(seed)
        wmap = dict(enumerate(wires))

        def run(ops: list[tuple]) -> None:
            for op in ops:
                head = op[0]
                if head == "alloc":
                    wmap.update(zip(op[1], bb.alloc(len(op[1]))))
                elif head == "release":
                    bb.release([wmap[w] for w in op[1]])
                elif head == "g":
                    ws = [wmap[w] for w in op[2]]
                    if op[1] == "and":
                        bb.call(And(), a=[ws[0]], b=[ws[1]], t=[ws[2]])
                    elif op[1] == "andu":
                        bb.call(AndUncompute(), a=[ws[0]], b=[ws[1]], t=[ws[2]])
                    else:
                        bb.gate(op[1], *ws)
                elif head == "mux":
                    _, axis, controls, target, theta = op
                    if theta is None:
                        theta = rng.uniform(0.1, 2 * np.pi - 0.1, 1 << len(controls))
                    phi = gray_angles(np.asarray(theta, dtype=float)) if controls else theta
                    order = control_order(len(controls)) if controls else []
                    t = wmap[target]
                    for i, angle in enumerate(phi):
                        bb.append(gates[axis](float(angle)), [t])
                        if controls:
                            bb.cx(wmap[controls[order[i]]], t)
                elif head == "gphase":
                    bb.append(GlobalPhaseGate(op[1]), [])
                elif head == "measure":
                    bb.measure(wmap[op[1]])
                elif head == "repeat":
                    for _ in range(op[1]):
                        run(op[2])
                elif head == "call":  # qlam.calls: sync, the block, sync
                    from qdl.circuits.qlam.calls import sync_pairs

                    pairs = sync_pairs([wmap[w] for w in op[3]])
                    for a, b in pairs:
                        bb.gate("cz", a, b)
                    bb.call(op[1], **{k: [wmap[w] for w in ws] for k, ws in op[2]})
                    for a, b in pairs:
                        bb.gate("cz", a, b)

        run(self.ops)


_PROGRAMS: dict = {}


class ProgramBlock(Block):
    """A block whose cost and circuit both come from one recorded :class:`Program`.

    Subclasses implement ``record(prog, **regs)`` (regs: register name → program wires, in
    signature order). The cost is a leaf cost because the program walk already is the exact
    hierarchical count; the memoised program is shared by ``cost()`` and ``build()``.
    """

    reference_kind = "unitary"

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
