"""Toffolis → temporary logical ANDs with measurement-based uncomputation.

Gidney, "Halving the cost of quantum addition", Quantum 2, 74 (2018), Fig. 3: a Toffoli that
computes a·b into a qubit known to be |0⟩, later undone by a Toffoli with the same controls
and target, is a *temporary AND*. The compute half needs 4 T (qdl's ``and`` gate,
:class:`qdl.circuits._qiskit_gates.TemporaryAndGate`); the uncompute half measures the target in the X
basis and fixes the phase with a classically controlled CZ, 0 T
(:class:`qdl.circuits.gates.AndUncompute`, whose built circuit is spliced in as is). With 7-T
Toffolis this is 14 T → 4 T; in qdl's counting (a Toffoli is 4 T, Jones 2013) 2 ``toffoli`` →
1 ``and`` + 1 measurement, t_count 8 → 4, and Toffoli depth 2 → 1.

Soundness, by symbolic simulation. Every qubit's basis value is tracked as a polynomial over
GF(2) (algebraic normal form) in *path variables*: one per data qubit at the start, and a
fresh one whenever a gate that is not a classical reversible gate acts (H, rotations, an
unknown gate), as in the sum-over-paths view of :mod:`qdl.passes.phase_folding`. X, CX, CCX
and SWAP update the polynomials exactly; diagonal gates (Z, S, T, CZ, CCZ, phase rotations)
and measurements leave them alone; a reset makes the value 0. Two rewrites follow:

- a Toffoli ``ccx(a, b, t)`` whose target's polynomial is 0 (t is |0⟩ on every branch of the
  superposition) becomes qdl's ``and`` gate;
- a Toffoli whose target's polynomial equals the product of its controls' polynomials (t = a·b
  on every branch) becomes Gidney's measured uncompute, which maps |a, b, a·b⟩ → |a, b, 0⟩.

Equal polynomials are equal functions, so both rewrites are exact whatever happens between
the compute and the uncompute (in Qiskit's VBE adder the carry is rewritten by a second
Toffoli and restored before its uncompute). Products that would exceed
:data:`MAX_TERMS` monomials are replaced by an opaque variable, memoised by their factors so
the same product seen twice is the same variable: information is lost, never invented.
"""

from __future__ import annotations

from functools import lru_cache

from qiskit import ClassicalRegister, QuantumCircuit
from qiskit.circuit import CircuitInstruction

from qdl.circuits._qiskit_gates import TemporaryAndGate
from qdl.passes.ccz_toffoli import ccz_to_toffolis
from qdl.passes.flatten import CircuitPass, empty_like, qubit_indices

#: Gates diagonal in the computational basis (plus measurement): basis values unchanged.
DIAGONAL = frozenset({"z", "s", "sdg", "t", "tdg", "cz", "ccz", "rz", "p", "u1", "id",
                      "barrier", "delay", "global_phase", "measure"})
#: Largest polynomial (in monomials) kept explicit.
MAX_TERMS = 64

Poly = frozenset  # of monomials; a monomial is an int bitmask of variables, 0 is the constant 1


class _Values:
    """Basis value of every qubit as a GF(2) polynomial over path variables."""

    def __init__(self, num_qubits: int, clean: frozenset[int]):
        self.next_var = 0
        self.products: dict[tuple, Poly] = {}
        self.poly = [Poly() if q in clean else self.fresh() for q in range(num_qubits)]

    def fresh(self) -> Poly:
        self.next_var += 1
        return Poly({1 << (self.next_var - 1)})

    def product(self, p: Poly, q: Poly) -> Poly:
        key = (p, q) if hash(p) <= hash(q) else (q, p)
        if key in self.products:
            return self.products[key]
        if len(p) * len(q) > MAX_TERMS * MAX_TERMS:
            out = self.fresh()
        else:
            terms: set[int] = set()
            for m in p:
                for n in q:
                    terms ^= {m | n}
            out = Poly(terms) if len(terms) <= MAX_TERMS else self.fresh()
        self.products[key] = out
        return out

    def apply(self, name: str, qs: list[int]) -> None:
        poly = self.poly
        if name in DIAGONAL:
            return
        if name == "x":
            poly[qs[0]] = poly[qs[0]] ^ {0}
        elif name == "cx":
            poly[qs[1]] = poly[qs[1]] ^ poly[qs[0]]
        elif name == "ccx":
            poly[qs[2]] = poly[qs[2]] ^ self.product(poly[qs[0]], poly[qs[1]])
        elif name == "and" and not poly[qs[2]]:
            poly[qs[2]] = self.product(poly[qs[0]], poly[qs[1]])
        elif name == "swap":
            poly[qs[0]], poly[qs[1]] = poly[qs[1]], poly[qs[0]]
        elif name == "reset":
            poly[qs[0]] = Poly()
        else:
            for q in qs:
                poly[q] = self.fresh()


@lru_cache(maxsize=1)
def and_uncompute_circuit() -> QuantumCircuit:
    """The built circuit of qdl's AndUncompute block on wires (a, b, t), one clbit."""
    from qdl.circuits.gates import AndUncompute
    from qdl.passes.build import build_circuit

    return build_circuit(AndUncompute())


def classify_toffolis(qc: QuantumCircuit, clean: frozenset[int]) -> dict[int, str]:
    """Instruction index → "compute" or "uncompute" for every Toffoli that can be rewritten."""
    index = qubit_indices(qc)
    values = _Values(qc.num_qubits, clean)
    found = {}
    for i, inst in enumerate(qc.data):
        name = inst.operation.name
        qs = [index[q] for q in inst.qubits]
        if name == "ccx" and len({*qs}) == 3:
            a, b, t = (values.poly[q] for q in qs)
            if not t:
                found[i] = "compute"
            elif t == values.product(a, b):
                found[i] = "uncompute"
        values.apply(name, qs)
    return found


def toffolis_to_temporary_ands(qc: QuantumCircuit, clean: frozenset[int]) -> QuantumCircuit:
    """``qc`` with computing Toffolis as ``and`` and uncomputing ones measured."""
    found = classify_toffolis(qc, clean)
    if not found:
        return qc
    uncompute = and_uncompute_circuit()
    out = empty_like(qc)
    measured = sum(1 for kind in found.values() if kind == "uncompute")
    creg = ClassicalRegister(measured, "and_m") if measured else None
    if creg is not None:
        out.add_register(creg)
    and_gate = TemporaryAndGate()
    used = 0
    for i, inst in enumerate(qc.data):
        kind = found.get(i)
        if kind == "compute":
            out._append(CircuitInstruction(and_gate, inst.qubits, ()))
        elif kind == "uncompute":
            out.compose(uncompute, qubits=list(inst.qubits), clbits=[creg[used]], inplace=True)
            used += 1
        else:
            out._append(inst)
    return out


class ToffoliToTemporaryAnd(CircuitPass):
    """Qiskit pass: matched compute/uncompute Toffoli pairs become Gidney temporary ANDs."""

    def transform(self, qc: QuantumCircuit) -> QuantumCircuit:
        clean = self.clean_of(qc)
        out = toffolis_to_temporary_ands(qc, clean)
        if out is qc and clean:
            # Toffolis written H·CCZ·H (PyZX's reading of the .qc suite's `tof`) are found
            # too; the rewritten form is kept only if some of them became ANDs
            out = toffolis_to_temporary_ands(ccz_to_toffolis(qc), clean)
            if not any(i.operation.name == "and" for i in out.data):
                return qc
        return out
