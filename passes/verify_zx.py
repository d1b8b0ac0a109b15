"""ZX-calculus proof that two unitary circuits are equal on the inputs that matter (PyZX).

Duncan, Kissinger, Perdrix, van de Wetering, "Graph-theoretic simplification of quantum
circuits with the ZX-calculus", Quantum 4, 279 (2020), §7 ("verifying equality"): if the
diagram of V = original† · optimised rewrites, by the sound rules of ``pyzx.full_reduce``, to
bare wires each joining input k to output k, then V is the identity up to a scalar, i.e. the
two circuits are equal up to a global phase. Rewriting is sound, so a reduction to wires is a
proof; a failure to reduce proves nothing, and is reported as *undecided*, never as a
difference.

Clean wires. Wires in ``zero`` (ancillas that start in |0⟩ and must end in |0⟩ in both
circuits, as padded by :mod:`qdl.passes.equivalence`) are closed with the state |0⟩ on the
input side and the effect ⟨0| on the output side before rewriting, which leaves the map
P = ⟨0|V|0⟩ on the other wires. If P reduces to wires times a scalar c with |c| = 1 (PyZX
tracks scalars exactly), then for every input ψ, V(ψ ⊗ 0) has a component of norm 1 along
c·ψ ⊗ 0, and V is unitary, so V(ψ ⊗ 0) = c·(ψ ⊗ 0): the optimised circuit equals the original
on every input whose clean wires are |0⟩, and returns them to |0⟩.
"""

from __future__ import annotations

from qiskit import QuantumCircuit

from qdl.passes import zx

SCALAR_TOLERANCE = 1e-9


def zx_applicable(*circuits: QuantumCircuit) -> bool:
    return zx.available() and all(
        qc.num_qubits <= zx.MAX_QUBITS
        and all(inst.operation.name in zx.ZX_GATES for inst in qc.data) for qc in circuits)


def zx_prove_equal(original: QuantumCircuit, optimized: QuantumCircuit,
                   zero: frozenset[int] = frozenset()) -> bool:
    """True when PyZX rewrites original† · optimised (``zero`` wires closed by |0⟩ and ⟨0|)
    to the identity with a unit scalar; False means undecided. Both circuits act on the same
    wires, in the same order."""
    import pyzx
    from pyzx.utils import EdgeType

    composed = zx.to_pyzx(original).adjoint()
    composed.add_circuit(zx.to_pyzx(optimized))
    graph = composed.to_graph()
    if zero:
        n = original.num_qubits
        plug = "".join("0" if q in zero else "/" for q in range(n))
        graph.apply_state(plug)
        graph.apply_effect(plug)
    pyzx.full_reduce(graph)
    ins, outs = list(graph.inputs()), list(graph.outputs())
    if len(ins) != len(outs) or graph.num_vertices() != 2 * len(ins):
        return False
    for a, b in zip(ins, outs):
        if not graph.connected(a, b) or graph.edge_type(graph.edge(a, b)) != EdgeType.SIMPLE:
            return False
    if zero:
        return abs(abs(complex(graph.scalar.to_number())) - 1) < SCALAR_TOLERANCE
    return True
