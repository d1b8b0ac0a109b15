"""Count-from-circuit: derive the cost record from a gate-level Qiskit circuit.

This is the independent half of the *count-from-hierarchy == count-from-circuit* invariant: it
knows nothing about blocks, only gates. Conventions (docs/costs.md):

- Clifford gates count 1 ``clifford`` each; T/T† count ``t``; CCX/CCZ count ``toffoli``; the
  ``and`` gate counts ``and``; measurements count ``measurements``; resets, barriers and delays
  are free. Gates in an ``if_else`` body are counted as if always applied (worst case).
- Single-parameter rotations (rz, rx, ry, p, u1) at multiples of π/2 are Cliffords, at odd
  multiples of π/4 are T gates, otherwise ``rotations`` with ``rotation_t`` from
  :func:`~qdl.circuits.cost.rotation_t_count` at the given precision.
- Any other gate with a definition is counted through its definition.
- Depths are longest paths over the circuit's dependency graph (qubits and classical bits),
  computed as-soon-as-possible: a T gate adds 1 T layer to its wire; CCX/CCZ is a unit adding 3
  T layers and 1 Toffoli layer to all its wires; ``and`` sets all its wires to
  max(L_a, L_b, L_t + 1) + 1 T layers (Gidney's construction: the target's T has no inputs) and
  adds 1 Toffoli layer; a rotation adds 1 rotation layer; Cliffords and measurements take no
  time but synchronise the wires they touch; a reset makes its wire fresh (level 0), since a
  reused ancilla is not a data dependency.
- ``qubits`` is the circuit's width (qdl's builder reuses released ancillas, so the width is
  the peak of live qubits).
"""

from __future__ import annotations

import math

from qiskit import QuantumCircuit
from qiskit.circuit import ParameterExpression
from qiskit.transpiler.basepasses import AnalysisPass
from qiskit.converters import dag_to_circuit

from qdl.circuits.cost import DEFAULT_ROTATION_EPS, Cost, rotation_t_count
from qdl.errors import QdlError

CLIFFORDS = frozenset({"h", "x", "y", "z", "s", "sdg", "sx", "sxdg", "cx", "cy", "cz", "swap",
                       "ecr", "iswap", "dcx"})
T_GATES = frozenset({"t", "tdg"})
TOFFOLIS = frozenset({"ccx", "ccz"})
ROTATIONS = frozenset({"rz", "rx", "ry", "p", "u1"})
FREE = frozenset({"barrier", "delay", "reset", "id", "global_phase"})



def _rotation_kind(angle) -> str:
    """'clifford', 't' or 'rotation' for a rotation by ``angle``."""
    if isinstance(angle, ParameterExpression):
        if angle.parameters:
            return "rotation"
        angle = float(angle)
    k = angle / (math.pi / 4)
    if abs(k - round(k)) > 1e-9:
        return "rotation"
    return "clifford" if round(k) % 2 == 0 else "t"


class _Counter:
    def __init__(self, num_qubits: int, num_clbits: int, eps: float):
        self.counts = dict.fromkeys(("t", "toffoli", "and_", "rotations", "clifford",
                                     "measurements"), 0)
        # levels: [t, toffoli, rotation] per qubit, and per classical bit
        self.q = [[0, 0, 0] for _ in range(num_qubits)]
        self.c = [[0, 0, 0] for _ in range(num_clbits)]
        self.eps = eps

    def _sync(self, wires: list[list[int]], add=(0, 0, 0)) -> None:
        top = [max(w[k] for w in wires) + add[k] for k in range(3)] if wires else [0, 0, 0]
        for w in wires:
            w[:] = top

    def run(self, qc: QuantumCircuit, qmap: list[int], cmap: list[int]) -> None:
        qindex = {bit: qmap[i] for i, bit in enumerate(qc.qubits)}
        cindex = {bit: cmap[i] for i, bit in enumerate(qc.clbits)}
        for inst in qc.data:
            op = inst.operation
            name = op.name
            qs = [qindex[b] for b in inst.qubits]
            wires = [self.q[i] for i in qs]
            if name in CLIFFORDS:
                self.counts["clifford"] += 1
                self._sync(wires)
            elif name in T_GATES:
                self.counts["t"] += 1
                wires[0][0] += 1
            elif name in TOFFOLIS:
                self.counts["toffoli"] += 1
                self._sync(wires, add=(3, 1, 0))
            elif name == "and":
                self.counts["and_"] += 1
                a, b, t = wires
                t_level = max(a[0], b[0], t[0] + 1) + 1
                self._sync(wires, add=(0, 1, 0))
                for w in wires:
                    w[0] = t_level
            elif name in ROTATIONS:
                kind = _rotation_kind(op.params[0])
                if kind == "clifford":
                    self.counts["clifford"] += 1
                elif kind == "t":
                    self.counts["t"] += 1
                    wires[0][0] += 1
                else:
                    self.counts["rotations"] += 1
                    wires[0][2] += 1
            elif name == "measure":
                self.counts["measurements"] += 1
                self.c[cindex[inst.clbits[0]]][:] = wires[0]
            elif name == "reset":
                wires[0][:] = [0, 0, 0]
            elif name in FREE:
                continue
            elif name == "if_else":
                self._if_else(inst, qs, cindex)
            elif op.definition is not None:
                sub = op.definition
                self.run(sub, qs, [cindex[b] for b in inst.clbits])
            else:
                raise QdlError(f"cannot count gate '{name}': it has no definition",
                               "decompose it into Clifford+T, Toffoli or rotations first")

    def _if_else(self, inst, qs: list[int], cindex) -> None:
        op = inst.operation
        cond = [self.c[cindex[b]] for b in inst.clbits]
        floor = [max((w[k] for w in cond), default=0) for k in range(3)]
        for i in qs:
            self.q[i][:] = [max(self.q[i][k], floor[k]) for k in range(3)]
        for body in op.blocks:
            if body is not None:
                self.run(body, qs, [cindex[b] for b in inst.clbits])

    def cost(self, num_qubits: int) -> Cost:
        levels = self.q + self.c
        depth = [max((w[k] for w in levels), default=0) for k in range(3)]
        return Cost(qubits=num_qubits, rotation_t=self.counts["rotations"] *
                    (rotation_t_count(self.eps) if self.counts["rotations"] else 0),
                    t_depth=depth[0], toffoli_depth=depth[1], rotation_depth=depth[2],
                    **self.counts)


def count_circuit(qc: QuantumCircuit, rotation_eps: float | None = None) -> Cost:
    """The cost record of a gate-level circuit (see the module docstring for conventions).

    Rotations are costed at ``rotation_eps``; when not given, at the precision the circuit
    says it was built for (``qc.metadata["rotation_eps"]``, set by qdl.passes.build), else at
    DEFAULT_ROTATION_EPS.
    """
    if rotation_eps is None:
        rotation_eps = (qc.metadata or {}).get("rotation_eps", DEFAULT_ROTATION_EPS)
    counter = _Counter(qc.num_qubits, qc.num_clbits, rotation_eps)
    counter.run(qc, list(range(qc.num_qubits)), list(range(qc.num_clbits)))
    return counter.cost(qc.num_qubits)


class CountResources(AnalysisPass):
    """Qiskit analysis pass: stores :func:`count_circuit` of the DAG in ``property_set['qdl_cost']``."""

    def __init__(self, rotation_eps: float = DEFAULT_ROTATION_EPS):
        super().__init__()
        self.rotation_eps = rotation_eps

    def run(self, dag):
        self.property_set["qdl_cost"] = count_circuit(dag_to_circuit(dag), self.rotation_eps)
        return dag
