"""The build context blocks append their gates to.

A :class:`Builder` records gates on integer wires and hands out ancillas from a pool: a
released ancilla (returned in |0⟩) is reused by the next allocation, so the width of the final
circuit is the peak number of live qubits, the quantity the cost record calls ``qubits``.
Nothing is sent to Qiskit until :meth:`Builder.to_circuit`, because the width is only known
at the end (and because counting, which never builds, should not pay for importing Qiskit).
"""

from __future__ import annotations

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
        out = []
        for _ in range(n):
            if self._free:
                out.append(self._free.pop())
            else:
                out.append(self.num_qubits)
                self.num_qubits += 1
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
        """Flatten ``block`` onto the given wires (its own ancillas come from this pool)."""
        block.build(self, **{k: list(v) for k, v in regs.items()})

    # -- output --------------------------------------------------------------------------------
    def to_circuit(self, signature: Signature, regs: dict[str, list[int]],
                   name: str = "circuit") -> QuantumCircuit:
        """A QuantumCircuit with one named register per signature register plus ``anc``."""
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
        _emit(qc, self._ops, [qc.qubits[position[w]] for w in range(self.num_qubits)])
        return qc


def _emit(qc: "QuantumCircuit", ops: list[tuple], qubits, scoped: bool = False) -> None:
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
                _emit(qc, op[2], qubits, scoped=True)
        else:
            gate = STANDARD_GATES[head] if isinstance(head, str) else head
            if scoped:
                qc.append(gate, [qubits[w] for w in op[1]], copy=False)
            else:
                qc._append(CircuitInstruction(gate, tuple(qubits[w] for w in op[1])))


def build_signature_wires(bb: Builder, signature: Signature) -> dict[str, list[int]]:
    """Allocate the wires of every register of ``signature`` (outputs start in |0⟩ too)."""
    return {reg.name: bb.alloc(reg.width) for reg in signature}


