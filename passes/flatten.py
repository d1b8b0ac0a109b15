"""Flatten a Qiskit circuit to the gates qdl counts, and say which qubits start in |0⟩.

The optimisation passes (docs/passes.md) read circuits one instruction at a time, so nested
gates (Qiskit's ``MAJ``/``UMA``/``Carry`` sub-circuits, ``cp``, ``QFT``, multi-controlled X) are
first inlined through their definitions until every instruction is one that
:mod:`qdl.passes.circuit_count` knows by name: Cliffords, T/T†, CCX/CCZ, qdl's ``and``,
single-parameter rotations, measurements, resets, barriers and ``if_else``. Inlining a
definition is exact (no synthesis, no assumption about qubit states), so the flattened
circuit is the same operation as the input: DESIGN §2's trap of transpiling with
``qubits_initially_zero`` left at its default cannot happen here.

Which qubits start in |0⟩ matters to two passes (temporary ANDs, ancilla reuse). A Qiskit
circuit does not say, so the convention is the registers: qubits of an ``AncillaRegister`` or of
a register named ``anc`` (what :meth:`qdl.circuits.builder.Builder.to_circuit` emits) are clean
ancillas; every other qubit is data whose input value is unknown. Passes accept an explicit
set to override this (a block's OUTPUT registers start in |0⟩ too).
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable

from qiskit import QuantumCircuit
from qiskit.circuit import AncillaRegister, CircuitInstruction
from qiskit.converters import circuit_to_dag, dag_to_circuit
from qiskit.transpiler.basepasses import TransformationPass

from qdl.errors import QdlError
from qdl.passes.circuit_count import CLIFFORDS, FREE, ROTATIONS, T_GATES, TOFFOLIS

#: Instructions the passes understand without looking inside.
KNOWN = CLIFFORDS | T_GATES | TOFFOLIS | ROTATIONS | FREE | {"and", "measure", "if_else"}
#: Register name qdl's builder gives its ancillas.
ANCILLA_REGISTER = "anc"


def is_ancilla_register(reg) -> bool:
    return isinstance(reg, AncillaRegister) or reg.name == ANCILLA_REGISTER


def clean_qubits(qc: QuantumCircuit) -> frozenset[int]:
    """Indices of the qubits that start in |0⟩ by the register convention above."""
    out = set()
    for reg in qc.qregs:
        if is_ancilla_register(reg):
            out.update(qc.find_bit(q).index for q in reg)
    return frozenset(out)


def empty_like(qc: QuantumCircuit) -> QuantumCircuit:
    """A circuit with ``qc``'s registers (and loose bits), global phase and metadata (which
    may say the rotations' synthesis precision), but no gates."""
    out = QuantumCircuit(*qc.qregs, *qc.cregs, name=qc.name, global_phase=qc.global_phase,
                         metadata=dict(qc.metadata or {}))
    loose_q = [q for q in qc.qubits if not qc.find_bit(q).registers]
    loose_c = [c for c in qc.clbits if not qc.find_bit(c).registers]
    if loose_q:
        out.add_bits(loose_q)
    if loose_c:
        out.add_bits(loose_c)
    return out


def flatten(qc: QuantumCircuit) -> QuantumCircuit:
    """``qc`` with every instruction outside :data:`KNOWN` replaced by its definition."""
    out = empty_like(qc)
    _inline(out, qc, list(out.qubits), list(out.clbits))
    return out


def _inline(out: QuantumCircuit, qc: QuantumCircuit, qubits: list, clbits: list) -> None:
    qpos = {q: i for i, q in enumerate(qc.qubits)}
    cpos = {c: i for i, c in enumerate(qc.clbits)}
    for inst in qc.data:
        op = inst.operation
        qs = [qubits[qpos[q]] for q in inst.qubits]
        cs = [clbits[cpos[c]] for c in inst.clbits]
        if op.name in KNOWN:
            out._append(CircuitInstruction(op, tuple(qs), tuple(cs)))
        elif op.definition is not None:
            out.global_phase += op.definition.global_phase
            _inline(out, op.definition, qs, cs)
        else:
            raise QdlError(f"cannot optimise gate '{op.name}': it has no definition",
                           "decompose it into Clifford+T, Toffoli or rotations first")


def qubit_indices(qc: QuantumCircuit) -> dict:
    """Qubit object → index, for passes that walk ``qc.data``."""
    return {q: i for i, q in enumerate(qc.qubits)}


class CircuitPass(TransformationPass):
    """A transformation pass written as a function on circuits (the DAG round trip is exact).

    Subclasses implement :meth:`transform`. ``clean`` overrides the register convention for
    which qubits start in |0⟩."""

    def __init__(self, clean: Iterable[int] | None = None):
        super().__init__()
        self.clean = None if clean is None else frozenset(clean)

    def clean_of(self, qc: QuantumCircuit) -> frozenset[int]:
        return clean_qubits(qc) if self.clean is None else self.clean

    @abstractmethod
    def transform(self, qc: QuantumCircuit) -> QuantumCircuit:
        """The pass on a circuit (registers, clbits and global phase kept)."""

    def run(self, dag):
        return circuit_to_dag(self.transform(dag_to_circuit(dag)))


class Flatten(CircuitPass):
    """Pass form of :func:`flatten`."""

    def transform(self, qc: QuantumCircuit) -> QuantumCircuit:
        return flatten(qc)
