"""The build context blocks append their gates to.

A :class:`Builder` records gates on integer wires and hands out ancillas from a pool: a
released ancilla (returned in |0⟩) is reused by the next allocation, so the width of the final
circuit is the peak number of live qubits, the quantity the cost record calls ``qubits``.
Nothing is sent to Qiskit until :meth:`Builder.to_circuit`, because the width is only known
at the end (and because counting, which never builds, should not pay for importing Qiskit).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from qdl.circuits.block import Block, Signature

if TYPE_CHECKING:
    from qiskit import QuantumCircuit
    from qiskit.circuit import Gate


class Builder:
    """Records a flat circuit: gates, measurements, resets and classically controlled bodies."""

    def __init__(self) -> None:
        self.num_qubits = 0
        self.num_clbits = 0
        self._free: list[int] = []
        self._ops: list[tuple] = []
        self._stack: list[list[tuple]] = [self._ops]

    # -- wires ---------------------------------------------------------------------------------
    def alloc(self, n: int) -> list[int]:
        """``n`` qubits in |0⟩, reusing released ones first (most recently released first)."""
        free = self._free
        if n == 1 and free:  # programs allocate wire by wire
            return [free.pop()]
        # = popping n times (the top of the pool first), then new wires; in slices, since a
        # QROAM level takes 10⁴ junk wires at once
        reused = min(n, len(free))
        out = free[len(free) - reused:][::-1]
        del free[len(free) - reused:]
        if n > reused:
            out.extend(range(self.num_qubits, self.num_qubits + n - reused))
            self.num_qubits += n - reused
        return out

    def release(self, qubits: Sequence[int]) -> None:
        """Return ancillas to the pool; the caller guarantees they are back in |0⟩."""
        self._free.extend(reversed(qubits))

    # -- operations ----------------------------------------------------------------------------
    def gate(self, name: str, *qubits: int) -> None:
        """A standard gate by name (see qdl.circuits._qiskit_gates.STANDARD_GATES)."""
        self._stack[-1].append((name, qubits))

    def append(self, gate: Gate, qubits: Sequence[int]) -> None:
        """Append any Qiskit gate (rotations, user gates) on the given wires."""
        self._stack[-1].append((gate, tuple(qubits)))

    def h(self, q: int) -> None:
        self.gate("h", q)

    def x(self, q: int) -> None:
        self.gate("x", q)

    def cx(self, c: int, t: int) -> None:
        self.gate("cx", c, t)

    def cz(self, a: int, b: int) -> None:
        self.gate("cz", a, b)

    def ccx(self, a: int, b: int, t: int) -> None:
        self.gate("ccx", a, b, t)

    def measure(self, q: int) -> int:
        """Measure ``q`` into a fresh classical bit and return the bit's index."""
        c = self.num_clbits
        self.num_clbits += 1
        self._stack[-1].append(("measure", q, c))
        return c

    def reset(self, q: int) -> None:
        self._stack[-1].append(("reset", q))

    @contextmanager
    def if_bit(self, clbit: int) -> Iterator[None]:
        """Operations recorded inside run only when classical bit ``clbit`` is 1."""
        body: list[tuple] = []
        self._stack.append(body)
        try:
            yield
        finally:
            self._stack.pop()
        self._stack[-1].append(("if", clbit, body))

    def call(self, block: Block, **regs: Sequence[int]) -> None:
        """Apply ``block`` on the given wires (its own ancillas come from this pool).

        A composite block's operations are recorded as one scope, so the output circuit can
        keep it as a named gate (``to_circuit(hierarchy=True)``) or inline it (the default)."""
        wires = {k: list(v) for k, v in regs.items()}
        if not block.children():
            block.build(self, **wires)
            return
        body: list[tuple] = []
        self._stack.append(body)
        try:
            block.build(self, **wires)
        finally:
            self._stack.pop()
        args = tuple(w for reg in block.signature for w in wires[reg.name])
        self._stack[-1].append(("block", block, args, body))

    # -- output --------------------------------------------------------------------------------
    def to_circuit(self, signature: Signature, regs: dict[str, list[int]],
                   name: str = "circuit", hierarchy: bool = False) -> "QuantumCircuit":
        """A QuantumCircuit with one named register per signature register plus ``anc``.

        With ``hierarchy``, every child block whose circuit is unitary becomes a named gate
        with its own definition (one per distinct block), so emitted programs show adders and
        multipliers rather than a flat list of gates; blocks with mid-circuit measurements
        (measured uncomputation) are inlined, since a gate cannot contain a measurement."""
        from qiskit import ClassicalRegister, QuantumCircuit, QuantumRegister

        order: list[int] = []
        qregs = []
        for reg in signature:
            qregs.append(QuantumRegister(reg.width, reg.name))
            order.extend(regs[reg.name])
        used = set(order)
        ancillas = [q for q in range(self.num_qubits) if q not in used]
        if ancillas:
            qregs.append(QuantumRegister(len(ancillas), "anc"))
            order.extend(ancillas)
        qc = QuantumCircuit(*qregs, name=name)
        if self.num_clbits:
            qc.add_register(ClassicalRegister(self.num_clbits, "m"))
        position = {wire: i for i, wire in enumerate(order)}
        emitter = _Emitter(hierarchy)
        emitter.emit(qc, self._ops, [qc.qubits[position[w]] for w in range(self.num_qubits)])
        return qc


def _is_unitary(ops: list[tuple]) -> bool:
    for op in ops:
        if op[0] in ("measure", "reset", "if"):
            return False
        if op[0] == "block" and not _is_unitary(op[3]):
            return False
    return True


def _touched(ops: list[tuple], out: dict[int, None]) -> dict[int, None]:
    """Wires used by unitary ``ops``, in first-use order (a dict keeps insertion order)."""
    for op in ops:
        if op[0] == "block":
            out.update(dict.fromkeys(op[2]))
            _touched(op[3], out)
        else:
            out.update(dict.fromkeys(op[1]))
    return out


def _gate_name(block: Block) -> str:
    text = "_".join(f"{k}{v}" for k, v in block.params().items())
    name = re.sub(r"\W+", "_", f"{type(block).__name__}_{text}").strip("_")
    if len(name) > 48:  # data-carrying blocks: keep names short but distinct
        digest = hashlib.sha1(repr(block).encode()).hexdigest()[:10]
        name = f"{type(block).__name__}_{digest}"
    return name


class _Emitter:
    """Turns recorded operations into Qiskit instructions, optionally keeping block gates."""

    def __init__(self, hierarchy: bool):
        self.hierarchy = hierarchy
        self.gates: dict[Block, object] = {}

    def emit(self, qc: "QuantumCircuit", ops: list[tuple], qubits, scoped: bool = False) -> None:
        from qiskit.circuit import CircuitInstruction

        from qdl.circuits._qiskit_gates import STANDARD_GATES

        # Inside an if_test scope only the public append records into the body; the fast
        # _append would silently put the gate in the outer circuit (unconditionally).
        clbits = qc.clbits
        for op in ops:
            head = op[0]
            if head == "measure":
                qc.measure(qubits[op[1]], clbits[op[2]])
            elif head == "reset":
                qc.reset(qubits[op[1]])
            elif head == "if":
                with qc.if_test((clbits[op[1]], 1)):
                    self.emit(qc, op[2], qubits, scoped=True)
            elif head == "block":
                if self.hierarchy and _is_unitary(op[3]):
                    wires = list(_touched(op[3], dict.fromkeys(op[2])))
                    gate = self._gate(op[1], op[3], wires)
                    qc.append(gate, [qubits[w] for w in wires], copy=False)
                else:
                    self.emit(qc, op[3], qubits, scoped)
            else:
                gate = STANDARD_GATES[head] if isinstance(head, str) else head
                if scoped:
                    qc.append(gate, [qubits[w] for w in op[1]], copy=False)
                else:
                    qc._append(CircuitInstruction(gate, tuple(qubits[w] for w in op[1])))

    def _gate(self, block: Block, body: list[tuple], wires: list[int]):
        gate = self.gates.get(block)
        if gate is None:
            from qiskit import QuantumCircuit

            sub = QuantumCircuit(len(wires), name=_gate_name(block))
            local = {w: sub.qubits[i] for i, w in enumerate(wires)}
            self.emit(sub, body, local)
            gate = self.gates[block] = sub.to_gate()
        return gate


def build_signature_wires(bb: Builder, signature: Signature) -> dict[str, list[int]]:
    """Allocate the wires of every register of ``signature`` (outputs start in |0⟩ too)."""
    return {reg.name: bb.alloc(reg.width) for reg in signature}


