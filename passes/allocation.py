"""Qubit allocation: map scratch-ancilla lifetimes onto fewer wires, only when that saves width.

Liveness analysis over the instruction list. A *scratch* qubit starts in |0⟩ and must end in
|0⟩ (by default the ancilla registers, see :func:`qdl.passes.flatten.clean_qubits`; from
``--input``, the qubits named by ``--ancillas``). It is *live* from its first use to the reset
that releases it; after the reset it is |0⟩, and its next use starts a new lifetime that may
run on a different wire. Lifetimes are assigned greedily in program order: a lifetime that
starts takes a released wire if there is one (its own first), else its own wire (else the
lowest untouched one). The left-to-right sweep colours an interval graph with as many colours
as its largest clique, and taking released wires first touches no more wires than that. A scratch
qubit that is never used takes no wire, and a reset of a never-used (hence |0⟩) qubit is
dropped.

The rewrite is applied only when it lowers the width: otherwise the circuit is returned as it
was (the identity assignment), so a permutation that saves nothing never happens. Qubits that
are not scratch (data, and *outputs*: clean qubits that hold results) never move. Scratch
qubits returned to |0⟩ without a reset stay live to the end: without a reset the pass cannot
know they are |0⟩ (:mod:`qdl.passes.temporary_and` creates resets, which is why it runs
first).

The result keeps every register that still has qubits, with its surviving qubits in order;
``metadata["qdl_origin"]`` maps each result qubit index to its index in the input circuit, so
:mod:`qdl.passes.equivalence` compares wire by wire.
"""

from __future__ import annotations

from heapq import heappop, heappush

from qiskit import QuantumCircuit
from qiskit.circuit import AncillaRegister, CircuitInstruction, QuantumRegister

from qdl.passes.flatten import CircuitPass, qubit_indices

ORIGIN = "qdl_origin"


def lifetime_order(qc: QuantumCircuit, scratch: frozenset[int]) -> list:
    """``qc.data`` in a topological order (same wires, same per-wire order, so the same
    circuit) that starts scratch lifetimes as late as it can: among the instructions whose
    predecessors are done, one that touches no idle scratch qubit goes first, then program
    order. A DAG round trip (any Qiskit pass) may have hoisted an independent Toffoli above the
    reset that frees the wire it could use; this undoes that."""
    index = qubit_indices(qc)
    clbit = {c: i for i, c in enumerate(qc.clbits)}
    wires = [[index[q] for q in inst.qubits] + [len(index) + clbit[c] for c in inst.clbits]
             for inst in qc.data]
    after: dict[int, list[int]] = {}
    pending = [0] * len(qc.data)
    last: dict[int, int] = {}
    for i, ws in enumerate(wires):
        for w in {*ws}:
            if w in last:
                after.setdefault(last[w], []).append(i)
                pending[i] += 1
            last[w] = i
    live: set[int] = set()

    def opens(i: int) -> bool:
        return any(w in scratch and w not in live for w in wires[i])

    waiting: dict[int, list[int]] = {}
    heap = []
    def ready(j: int) -> None:
        heappush(heap, (opens(j), j))
        for w in wires[j]:
            if w in scratch and w not in live:
                waiting.setdefault(w, []).append(j)

    for i in range(len(qc.data)):
        if not pending[i]:
            ready(i)
    order, done = [], [False] * len(qc.data)
    while heap:
        flag, i = heappop(heap)
        if done[i]:
            continue
        if flag != opens(i):
            heappush(heap, (opens(i), i))
            continue
        done[i] = True
        order.append(qc.data[i])
        inst = qc.data[i]
        if inst.operation.name == "reset":
            live.discard(wires[i][0])
        else:
            for w in wires[i]:
                if w in scratch and w not in live:
                    live.add(w)
                    for j in waiting.pop(w, []):
                        if not done[j]:
                            heappush(heap, (opens(j), j))
        for j in after.get(i, []):
            pending[j] -= 1
            if not pending[j]:
                ready(j)
    return order


def _lifetime_plan(qc: QuantumCircuit, scratch: frozenset[int], order: list):
    """Per instruction, the wire of each operand (None: not scratch, stays), or "drop" for
    a reset of a never-used scratch qubit."""
    index = qubit_indices(qc)
    occupant: dict[int, int] = {}  # scratch qubit → wire carrying its current lifetime
    released: list[int] = []  # wires whose lifetime ended in a reset: |0⟩ again
    plan = []
    for inst in order:
        qs = [index[q] for q in inst.qubits]
        if inst.operation.name == "reset" and qs[0] in scratch:
            wire = occupant.pop(qs[0], None)
            plan.append("drop" if wire is None else [wire])
            if wire is not None:
                released.append(wire)
            continue
        mapping = []
        for q in qs:
            if q not in scratch:
                mapping.append(None)
                continue
            if q not in occupant:
                taken = set(occupant.values())
                if released:  # a released wire first (its own, if free), so width can drop
                    wire = q if q in released else released[-1]
                    released.remove(wire)
                else:  # its own wire, unless an earlier lifetime runs there
                    wire = q if q not in taken else min(scratch - taken - {*released})
                occupant[q] = wire
            mapping.append(occupant[q])
        plan.append(mapping)
    return plan


def reuse_ancillas(qc: QuantumCircuit, scratch: frozenset[int]) -> QuantumCircuit:
    """``qc`` with its scratch lifetimes packed onto the fewest wires, if that saves any."""
    scratch = frozenset(scratch)
    if not scratch:
        return qc
    order = lifetime_order(qc, scratch)
    plan = _lifetime_plan(qc, scratch, order)
    used = {w for mapping in plan if mapping != "drop" for w in mapping if w is not None}
    dropped = scratch - used
    if not dropped:
        return qc
    qubits = qc.qubits
    regs = []
    for reg in qc.qregs:
        bits = [q for q in reg if qc.find_bit(q).index not in dropped]
        if len(bits) == len(reg):
            regs.append(reg)
        elif bits:
            kind = AncillaRegister if isinstance(reg, AncillaRegister) else QuantumRegister
            regs.append(kind(name=reg.name, bits=bits))
    out = QuantumCircuit(*regs, *qc.cregs, name=qc.name, global_phase=qc.global_phase,
                         metadata=dict(qc.metadata or {}))
    loose = [q for q in qubits if not qc.find_bit(q).registers
             and qc.find_bit(q).index not in dropped]
    if loose:
        out.add_bits(loose)
    previous = (qc.metadata or {}).get(ORIGIN)
    out.metadata[ORIGIN] = [previous[qc.find_bit(q).index] if previous else
                            qc.find_bit(q).index for q in out.qubits]
    for inst, mapping in zip(order, plan):
        if mapping == "drop":
            continue
        wires = tuple(q if w is None else qubits[w] for q, w in zip(inst.qubits, mapping))
        out._append(CircuitInstruction(inst.operation, wires, inst.clbits))
    return out


class ReuseAncillas(CircuitPass):
    """Qiskit pass form of :func:`reuse_ancillas`; ``clean`` here names the scratch qubits
    (default: the ancilla registers)."""

    def transform(self, qc: QuantumCircuit) -> QuantumCircuit:
        return reuse_ancillas(qc, self.clean_of(qc))
