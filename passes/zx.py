"""Optional ZX-calculus T-count reduction with PyZX, for unitary Clifford+T circuits.

Two PyZX procedures, each applied only where it is exact and affordable:

- *phase teleportation* (Kissinger, van de Wetering, "Reducing the number of non-Clifford
  gates in quantum circuits", Phys. Rev. A 102, 022406 (2020), §4): ``pyzx.teleport_reduce``
  simplifies the circuit's ZX-diagram only to learn which phases can be fused and returns a
  *new* graph with the fused phases written back into the original circuit structure (the
  input graph is left as it was); ``pyzx.basic_optimization`` then cancels what meets.
- *TODD on phase-polynomial blocks* (Heyfron, Campbell, "An efficient quantum compiler that
  reduces T count", Quantum Sci. Technol. 4, 015004 (2019); PyZX's ``phase_block_optimize``,
  resynthesised by the parity-network algorithm of Amy, Azimzadeh, Mosca, QST 4, 015002
  (2018)): with ``todd=True``, the teleported circuit is cut into {CNOT, phase} blocks whose
  phase polynomials are re-expressed with fewer T. TODD shuffles columns at random: it runs
  with a fixed seed (:data:`TODD_SEED`), and Python's global random state is restored after.
  Its result is kept only when the sum-over-paths check
  (:func:`qdl.passes.verify_pathsum.pathsum_compare`) proves it equal to the teleported
  circuit, so level 3 never hands on a circuit its verifier cannot prove (adder_8: TODD
  reaches 167 T, unproven, and 173 T from teleportation is kept).

Conditions: no measurement, reset or conditional, every angle a multiple of π/4, at most
:data:`MAX_QUBITS` qubits and :data:`MAX_GATES` gates. PyZX expands each Toffoli into 7 T
gates while qdl counts a Toffoli as a catalysed 4-T unit, so a result is kept only when its qdl
t_count is lower than the input's (otherwise the input is returned). Every result is re-verified
by the optimiser's callers (:mod:`qdl.passes.equivalence`). Install with the ``zx`` extra;
without PyZX the pass returns its input unchanged and :func:`available` says so.
"""

from __future__ import annotations

import importlib.util
import random
from contextlib import contextmanager

from qiskit import QuantumCircuit, qasm2

from qdl.passes.circuit_count import count_circuit
from qdl.passes.flatten import CircuitPass, empty_like
from qdl.passes.verify_pathsum import pathsum_compare

MAX_QUBITS = 40
MAX_GATES = 4_000
#: TODD's cost grows quickly with the T-count of a phase block; above this it is not tried.
TODD_MAX_T = 600
TODD_SEED = 20
#: Gates PyZX reads from OpenQASM 2 without loss.
ZX_GATES = frozenset({"h", "x", "z", "s", "sdg", "t", "tdg", "cx", "cz", "ccx", "ccz", "swap"})


def available() -> bool:
    return importlib.util.find_spec("pyzx") is not None


def applicable(qc: QuantumCircuit) -> bool:
    return (qc.num_qubits <= MAX_QUBITS and len(qc.data) <= MAX_GATES
            and all(inst.operation.name in ZX_GATES for inst in qc.data))


def to_pyzx(qc: QuantumCircuit):
    """``qc`` (gates in :data:`ZX_GATES`) as a ``pyzx.Circuit`` on qubits 0..n−1, in order."""
    import pyzx

    plain = QuantumCircuit(qc.num_qubits)
    for inst in qc.data:
        plain.append(inst.operation, [qc.find_bit(q).index for q in inst.qubits])
    return pyzx.Circuit.from_qasm(qasm2.dumps(plain))


def from_pyzx(circuit) -> QuantumCircuit:
    """A ``pyzx.Circuit`` as a Qiskit circuit over Clifford+T names: PyZX writes its phase
    gates as ``rz``, which become T/S/Z gates here (rz(θ) = e^{−iθ/2}·p(θ))."""
    from qdl.passes.phase_folding import phase_gates

    loaded = qasm2.loads(circuit.to_basic_gates().to_qasm())
    out = QuantumCircuit(*loaded.qregs)
    for inst in loaded.data:
        if inst.operation.name in ("rz", "p", "u1"):
            theta = float(inst.operation.params[0])
            if inst.operation.name == "rz":
                out.global_phase -= theta / 2
            for gate in phase_gates(theta):
                out.append(gate, inst.qubits)
        else:
            out.append(inst.operation, inst.qubits)
    return out


@contextmanager
def _seeded(seed: int):
    state = random.getstate()
    random.seed(seed)
    try:
        yield
    finally:
        random.setstate(state)


def teleported(circuit):
    """PyZX phase teleportation plus basic optimisation of a ``pyzx.Circuit``."""
    import pyzx

    graph = pyzx.teleport_reduce(circuit.to_graph())  # returns the reduced copy
    fused = pyzx.Circuit.from_graph(graph).split_phase_gates()
    return pyzx.basic_optimization(fused.to_basic_gates())


def todd(circuit):
    """TODD on the phase blocks of a Clifford+T ``pyzx.Circuit`` (seeded, see module doc)."""
    import pyzx

    with _seeded(TODD_SEED):
        return pyzx.full_optimize(circuit.to_basic_gates())


def zx_reduce(qc: QuantumCircuit, *, use_todd: bool = False) -> QuantumCircuit:
    """``qc`` after PyZX phase teleportation (then TODD, if asked and cheaper), when that
    lowers qdl's t_count; else ``qc`` itself."""
    if not (available() and applicable(qc)):
        return qc
    best = count_circuit(qc).t_count
    reduced = teleported(to_pyzx(qc))
    result = from_pyzx(reduced)
    if use_todd and reduced.tcount() <= TODD_MAX_T:
        candidate = from_pyzx(todd(reduced))
        # kept only with a proof in hand: TODD's output is not always reachable by the
        # verifier's rewrite rules, and an unproven circuit is not handed on
        if (count_circuit(candidate).t_count < count_circuit(result).t_count
                and pathsum_compare(result, candidate) == "proved"):
            result = candidate
    if count_circuit(result).t_count >= best:
        return qc
    out = empty_like(qc)
    out.compose(result, qubits=list(range(qc.num_qubits)), inplace=True)
    return out


class ZXTCountReduction(CircuitPass):
    """Qiskit pass form of :func:`zx_reduce` (a no-op when PyZX is not installed)."""

    def __init__(self, use_todd: bool = False):
        super().__init__()
        self.use_todd = use_todd

    def transform(self, qc: QuantumCircuit) -> QuantumCircuit:
        return zx_reduce(qc, use_todd=self.use_todd)
