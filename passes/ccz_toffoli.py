"""Toffolis written as H·CCZ·H read back as Toffolis.

Action: CCX(a, b; t) = H_t · CCZ(a, b, t) · H_t exactly (H Z H = X on the target, controlled
on a·b), so an instruction sequence in which a CCZ's qubit t has an H immediately before it
and immediately after it *on that wire* (other wires may have gates in between: they commute
with everything on t) is replaced by one ``ccx(a, b, t)``. No cost change in qdl's count (both
are one ``toffoli`` unit); the point is that :mod:`qdl.passes.temporary_and` recognises
``ccx`` into a clean target, and PyZX writes the ``.qc`` suite's ``tof a b c`` that way
(Amy, Maslov, Mosca, IEEE TCAD 33, 1476 (2014), benchmark format). A CCZ whose wires do not
all allow this is left alone; the first wire (in CCZ argument order, last first) with an H on
both sides becomes the target.
"""

from __future__ import annotations

from qiskit import QuantumCircuit
from qiskit.circuit import CircuitInstruction
from qiskit.circuit.library import CCXGate

from qdl.passes.flatten import CircuitPass, empty_like


def ccz_to_toffolis(qc: QuantumCircuit) -> QuantumCircuit:
    """``qc`` with every H·CCZ·H (H's adjacent on one wire) written as a CCX."""
    data = list(qc.data)
    on_wire: dict = {}
    position: list[dict] = []  # per instruction: wire → index in that wire's list
    for i, inst in enumerate(data):
        position.append({})
        for q in (*inst.qubits, *inst.clbits):
            position[i][q] = len(on_wire.setdefault(q, []))
            on_wire[q].append(i)

    def lone_h(i: int | None) -> bool:
        return (i is not None and data[i].operation.name == "h" and not data[i].clbits
                and len(data[i].qubits) == 1)

    drop, replace = set(), {}
    for i, inst in enumerate(data):
        if inst.operation.name != "ccz" or inst.clbits:
            continue
        for t in reversed(inst.qubits):
            k, seq = position[i][t], on_wire[t]
            before = seq[k - 1] if k > 0 else None
            after = seq[k + 1] if k + 1 < len(seq) else None
            if lone_h(before) and lone_h(after) and not {before, after} & drop:
                drop |= {before, after}
                controls = [q for q in inst.qubits if q != t]
                replace[i] = CircuitInstruction(CCXGate(), (*controls, t), ())
                break
    if not replace:
        return qc
    out = empty_like(qc)
    for i, inst in enumerate(data):
        if i not in drop:
            out._append(replace.get(i, inst))
    return out


class CCZToToffoli(CircuitPass):
    """Qiskit pass form of :func:`ccz_to_toffolis`."""

    def transform(self, qc: QuantumCircuit) -> QuantumCircuit:
        return ccz_to_toffolis(qc)
