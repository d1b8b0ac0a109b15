"""CCZ gates read back from their Clifford+T expansions.

Action: the circuit's operator is unchanged (global phase included); a group of CX, T, T†, S,
S†, Z gates on three wires whose product is CCZ becomes one ``ccz`` gate. Why: PyZX phase
teleportation does better on CCZ gates (it writes them as phase gadgets) than on a 7-T
expansion someone else chose: the suite's mod_mult_55 reaches 20 T from the ``.qc`` file's
CCZ form but 27 from its PyZX-converted Clifford+T file (docs/passes.md), so level 3 also
hands PyZX this reading of a Clifford+T input (:mod:`qdl.passes.optimize`).

How it decides, exactly: a CNOT+phase circuit on wires with basis values x maps
|x⟩ ↦ e^{iφ(x)}|Ax⟩ with φ = π/4·Σ k_f·f(x) over parities f of x (Amy, Maslov, Mosca, IEEE
TCAD 33, 1476 (2014), §III); a group is replaced only when A is the identity and the k_f,
mod 8, are those of CCZ on its three wires a, b, c — π·abc = π/4·(a + b + c − (a⊕b) − (a⊕c)
− (b⊕c) + (a⊕b⊕c)), or every sign flipped (−π·abc = π·abc mod 2π). A group starts at a gate
and takes every later gate that acts only on its (at most three) wires, skipping gates on
other wires (they commute with the group), and stops at the first gate that acts on one of
its wires and something else, or is not CNOT+phase; a wire joins only if no skipped gate
touched it. The smallest group from each start that equals CCZ is taken (the CCZ sits where
the group started). Cost: O(gates × :data:`WINDOW`).
"""

from __future__ import annotations

from qiskit import QuantumCircuit
from qiskit.circuit import CircuitInstruction
from qiskit.circuit.library import CCZGate

from qdl.passes.flatten import empty_like, qubit_indices

#: The gates a group may hold, as phases k·π/4 (None: CX).
GROUP_GATES = {"cx": None, "t": 1, "tdg": 7, "s": 2, "sdg": 6, "z": 4}
#: Instructions looked at from each start.
WINDOW = 200
_CCZ = {m: (1 if bin(m).count("1") % 2 else 7) for m in range(1, 8)}
_CCZ_NEG = {m: 8 - k for m, k in _CCZ.items()}


def _match(data, index, start: int) -> list[int] | None:
    """Positions of the smallest group from ``start`` equal to CCZ, or None."""
    first = data[start]
    if first.operation.name not in GROUP_GATES:
        return None
    wires: list[int] = []  # the group's wires; wire j's input value is variable 1 << j
    val: dict[int, int] = {}
    poly: dict[int, int] = {}
    blocked: set[int] = set()  # wires touched by a skipped gate
    group: list[int] = []
    for i in range(start, min(len(data), start + WINDOW)):
        inst = data[i]
        qs = [index[q] for q in inst.qubits]
        inside = [q for q in qs if q in val]
        if not inside and i != start:
            blocked.update(qs)
            continue
        name = inst.operation.name
        new = [q for q in qs if q not in val]
        if (name not in GROUP_GATES or inst.clbits or len(wires) + len(new) > 3
                or blocked.intersection(new)):
            return None
        for q in new:
            val[q] = 1 << len(wires)
            wires.append(q)
        if name == "cx":
            val[qs[1]] ^= val[qs[0]]
        else:
            f = val[qs[0]]
            poly[f] = (poly.get(f, 0) + GROUP_GATES[name]) % 8
        group.append(i)
        terms = {f: k for f, k in poly.items() if k}
        if (len(wires) == 3 and all(val[q] == 1 << j for j, q in enumerate(wires))
                and terms in (_CCZ, _CCZ_NEG)):
            return group
    return None


def _wire_order(qc: QuantumCircuit, group) -> tuple:
    """The group's wires, the one its CXs target most last, as a Toffoli's target is written
    last (CCZ is symmetric, but PyZX's rewriting of a CCZ is not: mod_mult_55's TODD gives
    20 T with the expansion's target last, 34 with the wires in index order)."""
    first: dict = {}
    hits: dict = {}
    for inst in group:
        for q in inst.qubits:
            first.setdefault(q, len(first))
            hits.setdefault(q, 0)
        if inst.operation.name == "cx":
            hits[inst.qubits[1]] += 1
    return tuple(sorted(first, key=lambda q: (hits[q], first[q])))


def read_ccz(qc: QuantumCircuit) -> QuantumCircuit:
    """``qc`` with every group of gates equal to CCZ (see module doc) replaced by a ``ccz``."""
    data, index = qc.data, qubit_indices(qc)
    used: set[int] = set()
    placed: dict[int, tuple] = {}
    for start in range(len(data)):
        if start in used:
            continue
        group = _match(data, index, start)
        if group is not None and not used.intersection(group):
            used.update(group)
            placed[start] = _wire_order(qc, [data[i] for i in group])
    out = empty_like(qc)
    for i, inst in enumerate(data):
        if i in placed:
            out._append(CircuitInstruction(CCZGate(), placed[i], ()))
        elif i not in used:
            out._append(inst)
    return out
