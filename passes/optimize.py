"""Optimisation levels: the passes of docs/passes.md assembled, with the cost after each.

| level | passes (in order) | target |
|---|---|---|
| 0 | none (the circuit as given) | — |
| 1 | flatten, Toffoli pairs → temporary ANDs, phase folding, inverse-pair cancellation | T-count |
| 2 | level 1, then ancilla reuse | + qubits |
| 3 | level 2, then PyZX phase teleportation (if installed, small circuits), T-depth-1 Toffolis under the qubit budget | + T-depth |

Level 3's qubit budget defaults to four qubits more than level 2 leaves (or the input's width,
if ancilla reuse saved more than that): one set of Selinger ancillas, shared by every Toffoli.

Every pass is a Qiskit ``TransformationPass`` (``qdl.passes.<module>``) usable in any
``PassManager``; :func:`optimize_circuit` runs them one at a time to record, per pass, the
cost before and after (counted by :func:`qdl.passes.circuit_count.count_circuit`) and the time.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from qiskit import QuantumCircuit
from qiskit.circuit.library import (CCXGate, CXGate, CZGate, HGate, SdgGate, SGate, SwapGate,
                                    TdgGate, TGate, XGate)
from qiskit.converters import circuit_to_dag, dag_to_circuit
from qiskit.transpiler.passes import InverseCancellation

from qdl.circuits.cost import Cost
from qdl.errors import UsageError
from qdl.passes.allocation import ReuseAncillas
from qdl.passes.circuit_count import count_circuit
from qdl.passes.flatten import Flatten, clean_qubits
from qdl.passes.phase_folding import PhaseFolding
from qdl.passes.tdepth import ANCILLAS_PER_TOFFOLI, TDepthOneToffoli
from qdl.passes.temporary_and import ToffoliToTemporaryAnd
from qdl.passes.zx import ZXTCountReduction, available as zx_available

LEVELS = (0, 1, 2, 3)
#: Fields shown per pass in the report.
SHOWN = ("t_count", "t_depth", "qubits", "toffoli", "and", "t", "rotations", "measurements")


def inverse_cancellation():
    """Qiskit's InverseCancellation over the self-inverse gates and inverse pairs qdl emits."""
    return InverseCancellation([CXGate(), CCXGate(), HGate(), XGate(), CZGate(), SwapGate(),
                                (TGate(), TdgGate()), (SGate(), SdgGate())])


def level_passes(level: int, qubit_budget: int, clean: Iterable[int] | None = None) -> list:
    """The passes of optimisation ``level`` (see the module table)."""
    if level not in LEVELS:
        raise UsageError(f"unknown optimisation level {level}", "use 0, 1, 2 or 3")
    passes = []
    if level >= 1:
        passes += [Flatten(), ToffoliToTemporaryAnd(clean), PhaseFolding(),
                   inverse_cancellation()]
    if level >= 2:
        passes.append(ReuseAncillas(clean))
    if level >= 3:
        if zx_available():
            passes.append(ZXTCountReduction())
        passes.append(TDepthOneToffoli(qubit_budget))
    return passes


@dataclass
class PassStep:
    name: str
    before: Cost
    after: Cost
    seconds: float

    def as_dict(self) -> dict:
        before, after = self.before.as_dict(), self.after.as_dict()
        return {"pass": self.name, "seconds": round(self.seconds, 4),
                "before": {k: before[k] for k in SHOWN}, "after": {k: after[k] for k in SHOWN}}


@dataclass
class Optimization:
    level: int
    original: QuantumCircuit
    circuit: QuantumCircuit
    steps: list[PassStep] = field(default_factory=list)

    @property
    def before(self) -> Cost:
        return self.steps[0].before if self.steps else count_circuit(self.original)

    @property
    def after(self) -> Cost:
        return self.steps[-1].after if self.steps else self.before

    def section(self) -> dict:
        """What ``report.sections["optimization"]`` shows."""
        before, after = self.before.as_dict(), self.after.as_dict()
        return {"level": self.level, "before": {k: before[k] for k in SHOWN},
                "after": {k: after[k] for k in SHOWN},
                "passes": [s.as_dict() for s in self.steps]}


def block_clean_qubits(block, circuit: QuantumCircuit) -> frozenset[int]:
    """Qubits of a block's built circuit that start in |0⟩: its OUTPUT registers (laid out
    first, in signature order, by :func:`qdl.passes.build.build_circuit`) and its ancillas."""
    from qdl.circuits.block import Role

    out, pos = set(clean_qubits(circuit)), 0
    for reg in block.signature:
        if reg.role is Role.OUTPUT:
            out.update(range(pos, pos + reg.width))
        pos += reg.width
    return frozenset(out)


def run_pass(pass_, qc: QuantumCircuit) -> QuantumCircuit:
    """One pass on one circuit, outside a PassManager (keeps registers and global phase)."""
    if hasattr(pass_, "transform"):
        return pass_.transform(qc)
    out = dag_to_circuit(pass_.run(circuit_to_dag(qc)))
    out.name = qc.name
    return out


def optimize_circuit(qc: QuantumCircuit, level: int, *, qubit_budget: int | None = None,
                     clean: Iterable[int] | None = None) -> Optimization:
    """Run optimisation ``level`` on ``qc``, counting before and after every pass.

    ``clean`` lists the qubits known to start in |0⟩ (default: the ancilla registers, see
    :func:`qdl.passes.flatten.clean_qubits`); ``qubit_budget`` caps level 3's width."""
    clean = clean_qubits(qc) if clean is None else frozenset(clean)
    result = Optimization(level, qc, qc)
    cost = count_circuit(qc)
    for pass_ in level_passes(level, qubit_budget or 0, clean):
        if isinstance(pass_, TDepthOneToffoli) and qubit_budget is None:
            pass_.max_qubits = max(qc.num_qubits, cost.qubits + ANCILLAS_PER_TOFFOLI)
        start = time.perf_counter()
        out = run_pass(pass_, result.circuit)
        seconds = time.perf_counter() - start
        after = count_circuit(out)
        result.steps.append(PassStep(type(pass_).__name__, cost, after, seconds))
        result.circuit, cost = out, after
    return result
