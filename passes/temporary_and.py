"""Toffoli pairs → temporary logical AND with measurement-based uncomputation.

Gidney, "Halving the cost of quantum addition", Quantum 2, 74 (2018), Fig. 3: a Toffoli that
computes a·b into a qubit known to be |0⟩, later undone by a Toffoli with the same controls
and target, is a *temporary AND*. The compute half needs 4 T (qdl's ``and`` gate,
:class:`qdl.circuits._qiskit_gates.AndGate`); the uncompute half measures the target in the X
basis and fixes the phase with a classically controlled CZ, 0 T
(:class:`qdl.circuits.gates.AndUncompute`, whose built circuit is spliced in as is). With 7-T
Toffolis this is 14 T → 4 T; in qdl's counting (a Toffoli is 4 T, Jones 2013) 2 ``toffoli`` →
1 ``and`` + 1 measurement, t_count 8 → 4, and Toffoli depth 2 → 1.

Soundness. The pair ``ccx(a, b, t) ... ccx(a, b, t)`` is rewritten only when

- ``t`` is |0⟩ before the first Toffoli: a clean ancilla never touched, or one that was reset,
  or the target of an earlier rewritten pair (which leaves it |0⟩);
- between the two, ``a``, ``b`` and ``t`` are only *read*: used as controls (CX/CCX controls)
  or by diagonal gates (Z, S, T, CZ, CCZ, phase rotations), which do not change their basis
  values. So on every branch of the superposition t = a·b when the second Toffoli comes, and
  Gidney's measured uncompute maps |a, b, a·b⟩ → |a, b, 0⟩ exactly.

Anything else touching those qubits (a write, H, a measurement, a reset, a conditional body)
drops the candidate, and the Toffolis stay.
"""

from __future__ import annotations

from functools import lru_cache

from qiskit import ClassicalRegister, QuantumCircuit
from qiskit.circuit import CircuitInstruction

from qdl.circuits._qiskit_gates import AndGate
from qdl.passes.flatten import CircuitPass, empty_like, qubit_indices

#: Gates diagonal in the computational basis: they never change a qubit's basis value.
DIAGONAL = frozenset({"z", "s", "sdg", "t", "tdg", "cz", "ccz", "rz", "p", "u1", "id",
                      "barrier"})
#: Gates whose listed argument positions are only read (controls).
CONTROLS = {"cx": (0,), "ccx": (0, 1), "cy": (0,)}


def read_only_positions(name: str, arity: int) -> tuple[int, ...]:
    """Argument positions whose basis value the gate ``name`` leaves unchanged."""
    if name in DIAGONAL:
        return tuple(range(arity))
    return CONTROLS.get(name, ())


@lru_cache(maxsize=1)
def and_uncompute_circuit() -> QuantumCircuit:
    """The built circuit of qdl's AndUncompute block on wires (a, b, t), one clbit."""
    from qdl.circuits.gates import AndUncompute
    from qdl.passes.build import build_circuit

    return build_circuit(AndUncompute())


def find_and_pairs(qc: QuantumCircuit, clean: frozenset[int]) -> dict[int, int]:
    """Compute-Toffoli instruction index → its uncompute-Toffoli index, for every pair that
    satisfies the conditions in the module docstring."""
    index = qubit_indices(qc)
    zero = set(clean)
    open_: dict[int, tuple[int, frozenset[int]]] = {}  # target → (instruction, controls)
    watchers: dict[int, set[int]] = {}  # qubit → targets of open candidates it belongs to
    pairs: dict[int, int] = {}

    def drop(target: int) -> None:
        _, controls = open_.pop(target)
        for q in (*controls, target):
            watchers.get(q, set()).discard(target)

    for i, inst in enumerate(qc.data):
        name = inst.operation.name
        qs = [index[q] for q in inst.qubits]
        if name == "ccx" and qs[2] in open_ and open_[qs[2]][1] == frozenset(qs[:2]):
            pairs[open_[qs[2]][0]] = i
            drop(qs[2])
            zero.add(qs[2])
            continue
        if name == "reset":
            for t in list(watchers.get(qs[0], ())):
                drop(t)
            zero.add(qs[0])
            continue
        fresh = name == "ccx" and qs[2] in zero and qs[0] != qs[2] != qs[1]
        read = read_only_positions(name, len(qs)) if name != "if_else" else ()
        written = [q for k, q in enumerate(qs) if k not in read]
        for q in written:
            for t in list(watchers.get(q, ())):
                drop(t)
            zero.discard(q)
        if fresh:
            open_[qs[2]] = (i, frozenset(qs[:2]))
            for q in qs:
                watchers.setdefault(q, set()).add(qs[2])
    return pairs


def toffolis_to_temporary_ands(qc: QuantumCircuit, clean: frozenset[int]) -> QuantumCircuit:
    """``qc`` with every matched Toffoli pair replaced by and + measured uncompute."""
    pairs = find_and_pairs(qc, clean)
    if not pairs:
        return qc
    uncompute = and_uncompute_circuit()
    out = empty_like(qc)
    creg = ClassicalRegister(len(pairs), "and_m")
    out.add_register(creg)
    ends = set(pairs.values())
    and_gate = AndGate()
    used = 0
    for i, inst in enumerate(qc.data):
        if i in pairs:
            out._append(CircuitInstruction(and_gate, inst.qubits, ()))
        elif i in ends:
            out.compose(uncompute, qubits=list(inst.qubits), clbits=[creg[used]], inplace=True)
            used += 1
        else:
            out._append(inst)
    return out


class ToffoliToTemporaryAnd(CircuitPass):
    """Qiskit pass: matched compute/uncompute Toffoli pairs become Gidney temporary ANDs."""

    def transform(self, qc: QuantumCircuit) -> QuantumCircuit:
        return toffolis_to_temporary_ands(qc, self.clean_of(qc))
