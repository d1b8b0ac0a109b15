"""T-depth reduction: T-depth-1 Toffolis with four ancillas, under a qubit budget.

Selinger, "Quantum circuits of T-depth one", Phys. Rev. A 87, 042302 (2013), §3: the doubly
controlled Z is the phase polynomial

    4·abc = a + b + c − (a⊕b) − (a⊕c) − (b⊕c) + (a⊕b⊕c),

so CCZ = T on a, b, c and a⊕b⊕c, T† on a⊕b, a⊕c, b⊕c. With the four XOR parities copied into
four clean ancillas by CNOTs, the seven phases act on seven different wires and run in one T
layer; the CNOTs are undone, the ancillas return to |0⟩ and are reused by the next Toffoli.
A Toffoli is H(t)·CCZ·H(t). Cost per Toffoli: 7 T (t_count 4 → 7 in qdl's convention, where a
Toffoli is a catalysed 4-T unit), 18 CX + 2 H, T-depth 3 → 1; width +4 per ancilla set.

Budget. ``max_qubits`` caps the result's width: the pass adds ⌊(max_qubits − width)/4⌋ sets
of four ancillas (none if the budget does not allow one set, and the circuit is returned
unchanged) and gives each Toffoli the set whose wires are least advanced in T layers, so
independent Toffolis run in parallel on different sets. The other non-Clifford layers are
already as parallel as their wires allow: the count (:mod:`qdl.passes.circuit_count`)
schedules every gate as soon as its wires are ready.
"""

from __future__ import annotations

from qiskit import QuantumCircuit
from qiskit.circuit import AncillaRegister, CircuitInstruction
from qiskit.circuit.library import CXGate, HGate, TdgGate, TGate

from qdl.passes.flatten import CircuitPass, empty_like

#: Parities (subsets of the controls a, b and the target c) copied into the four ancillas,
#: and whether their phase is T (+) or T† (−).
PARITIES = ((("a", "b"), False), (("a", "c"), False), (("b", "c"), False),
            (("a", "b", "c"), True))
ANCILLAS_PER_TOFFOLI = 4


def selinger_ccz(qc: QuantumCircuit, a, b, c, anc) -> None:
    """Append the T-depth-1 CCZ on (a, b, c) using the four |0⟩ ancillas ``anc``."""
    wires = {"a": a, "b": b, "c": c}
    copies = [(wires[w], anc[k]) for k, (names, _) in enumerate(PARITIES) for w in names]
    cx, t, tdg = CXGate(), TGate(), TdgGate()
    for ctrl, tgt in copies:
        qc._append(CircuitInstruction(cx, (ctrl, tgt), ()))
    for q in (a, b, c):
        qc._append(CircuitInstruction(t, (q,), ()))
    for k, (_, positive) in enumerate(PARITIES):
        qc._append(CircuitInstruction(t if positive else tdg, (anc[k],), ()))
    for ctrl, tgt in reversed(copies):
        qc._append(CircuitInstruction(cx, (ctrl, tgt), ()))


def t_depth_one_toffolis(qc: QuantumCircuit, max_qubits: int) -> QuantumCircuit:
    """Every CCX of ``qc`` as Selinger's T-depth-1 circuit, within ``max_qubits`` qubits."""
    sets = (max_qubits - qc.num_qubits) // ANCILLAS_PER_TOFFOLI
    toffolis = sum(1 for inst in qc.data if inst.operation.name == "ccx")
    sets = min(sets, toffolis)
    if sets <= 0:
        return qc
    out = empty_like(qc)
    reg = AncillaRegister(sets * ANCILLAS_PER_TOFFOLI, "tdepth_anc")
    out.add_register(reg)
    groups = [reg[k * ANCILLAS_PER_TOFFOLI:(k + 1) * ANCILLAS_PER_TOFFOLI] for k in range(sets)]
    # T layers reached on each wire so far (the count's ASAP schedule, T gates only): enough
    # to hand each Toffoli the ancilla set that is free earliest.
    level = {q: 0 for q in out.qubits}
    h = HGate()
    for inst in qc.data:
        name = inst.operation.name
        if name != "ccx":
            out._append(inst)
            if name in ("t", "tdg"):
                level[inst.qubits[0]] += 1
            elif len(inst.qubits) > 1:
                top = max(level[q] for q in inst.qubits)
                for q in inst.qubits:
                    level[q] = top
            continue
        a, b, c = inst.qubits
        anc = min(groups, key=lambda g: max(level[q] for q in g))
        out._append(CircuitInstruction(h, (c,), ()))
        selinger_ccz(out, a, b, c, anc)
        out._append(CircuitInstruction(h, (c,), ()))
        top = max(level[q] for q in (a, b, c, *anc)) + 1
        for q in (a, b, c, *anc):
            level[q] = top
    return out


class TDepthOneToffoli(CircuitPass):
    """Qiskit pass: Selinger T-depth-1 Toffolis while the width stays ≤ ``max_qubits``."""

    def __init__(self, max_qubits: int):
        super().__init__()
        self.max_qubits = max_qubits

    def transform(self, qc: QuantumCircuit) -> QuantumCircuit:
        return t_depth_one_toffolis(qc, self.max_qubits)
