"""Qubit allocation: map ancilla lifetimes onto as few physical qubits as possible.

Liveness analysis over the instruction list. A clean ancilla (see
:func:`qdl.passes.flatten.clean_qubits`) is *live* from its first use to the reset that
releases it; after the reset it is |0⟩, and its next use starts a new lifetime that may run
on a different physical qubit. Lifetimes are assigned greedily in program order: a lifetime
that starts takes the most recently released physical ancilla (the pool of
:class:`qdl.circuits.builder.Builder`, applied after the fact), or a new one. An ancilla that
is never used takes none, and a reset of a never-used (hence |0⟩) ancilla is dropped.

The result's width is the peak number of simultaneously live qubits, which is optimal for
the given order (interval graphs are coloured optimally by the greedy left-to-right sweep).
Returned-to-|0⟩ ancillas that are not reset are kept live to the end: without a reset the
pass cannot know they are |0⟩. :mod:`qdl.passes.temporary_and` turns the common case (a
Toffoli uncomputed by its mirror) into a measured uncompute with a reset, which is why it runs
first.

Data qubits (every non-ancilla register) keep their registers and positions; the ancilla
registers are replaced by one register ``anc`` after them, as qdl's builder lays circuits out.
"""

from __future__ import annotations

from qiskit import QuantumCircuit
from qiskit.circuit import AncillaRegister, CircuitInstruction

from qdl.passes.flatten import CircuitPass, is_ancilla_register, qubit_indices


def reuse_ancillas(qc: QuantumCircuit, clean: frozenset[int]) -> QuantumCircuit:
    """``qc`` with its clean ancilla lifetimes packed onto the fewest physical ancillas."""
    index = qubit_indices(qc)
    # only ancilla registers move: a clean OUTPUT register still has to be read at its place
    movable_regs = [r for r in qc.qregs
                    if is_ancilla_register(r) and all(index[q] in clean for q in r)]
    movable = {index[q] for r in movable_regs for q in r}
    if not movable:
        return qc
    data_regs = [r for r in qc.qregs if r not in movable_regs]
    assigned: dict[int, int] = {}  # movable qubit index → physical ancilla slot
    free: list[int] = []
    slots = 0
    plan = []  # (instruction, slot per qubit or None) in program order
    for inst in qc.data:
        qs = [index[q] for q in inst.qubits]
        if inst.operation.name == "reset" and qs[0] in movable:
            if qs[0] in assigned:
                slot = assigned.pop(qs[0])
                plan.append((inst, [slot]))
                free.append(slot)
            continue
        mapping = []
        for q in qs:
            if q not in movable:
                mapping.append(None)
                continue
            if q not in assigned:
                if free:
                    assigned[q] = free.pop()
                else:
                    assigned[q] = slots
                    slots += 1
            mapping.append(assigned[q])
        plan.append((inst, mapping))
    anc = AncillaRegister(slots, "anc") if slots else None
    out = QuantumCircuit(*data_regs, *([anc] if anc else []), *qc.cregs, name=qc.name,
                         global_phase=qc.global_phase, metadata=dict(qc.metadata or {}))
    for inst, mapping in plan:
        qubits = tuple(q if slot is None else anc[slot]
                       for q, slot in zip(inst.qubits, mapping))
        out._append(CircuitInstruction(inst.operation, qubits, inst.clbits))
    return out


class ReuseAncillas(CircuitPass):
    """Qiskit pass form of :func:`reuse_ancillas` (peak width, by liveness)."""

    def transform(self, qc: QuantumCircuit) -> QuantumCircuit:
        return reuse_ancillas(qc, self.clean_of(qc))
