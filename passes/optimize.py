"""Optimisation levels: the passes of docs/passes.md assembled, with the cost after each.

| level | passes (in order) | aims at |
|---|---|---|
| 0 | none (the circuit as given) | — |
| 1 | flatten, inverse-pair cancellation, Toffoli pairs → temporary ANDs, phase folding, cancellation | T-count |
| 2 | level 1, then ancilla reuse (only when it saves width) | + qubits |
| 3, target ``t_count`` | level 2, then PyZX phase teleportation and TODD (if installed; on each segment between measurements when there are any) | T-count |
| 3, target ``t_depth`` | level 2, then PyZX phase teleportation, T-depth-1 Toffolis under the qubit budget, T-par | T-depth |

Every pass has an objective (:data:`OBJECTIVE`); a pass whose result is worse on it (ties
broken by the target, then T-count, T-depth, width, Clifford count), or worse on the target, is undone and
reported as not kept, so no level ever ends worse than its input on what it aims at.

Level 3's qubit budget (target ``t_depth``) defaults to four qubits more than level 2 leaves
(or the input's width, if ancilla reuse saved more than that): one set of Selinger ancillas,
shared by every Toffoli. T-par (:mod:`qdl.passes.tpar`) gets clean ancillas only from an
explicit budget (the width left under it after the Toffoli pass); by default it keeps the
width.

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
from qdl.passes.ccz_reading import read_ccz
from qdl.passes.circuit_count import count_circuit
from qdl.passes.flatten import Flatten, clean_qubits, flatten
from qdl.passes.phase_folding import PhaseFolding
from qdl.passes.tdepth import ANCILLAS_PER_TOFFOLI, TDepthOneToffoli
from qdl.passes.tpar import TPar
from qdl.passes.temporary_and import ToffoliToTemporaryAnd
from qdl.passes.zx import ZXTCountReduction, available as zx_available
from qdl.passes.zx_segments import ZXSegments

LEVELS = (0, 1, 2, 3)
#: What level 3 aims at: ``t_count`` (TODD on phase blocks; T-count is never traded away) or
#: ``t_depth`` (Selinger's T-depth-1 Toffolis under the qubit budget, 7 T each, then T-par).
TARGETS = ("t_count", "t_depth")
#: Fields shown per pass in the report.
SHOWN = ("t_count", "t_depth", "qubits", "toffoli", "and", "t", "rotations", "measurements")
#: The cost field each pass exists to lower; a pass whose result is worse on it is undone.
OBJECTIVE = {"InverseCancellation": "t_count", "ToffoliToTemporaryAnd": "t_count",
             "PhaseFolding": "t_count", "ReuseAncillas": "qubits",
             "ZXTCountReduction": "t_count", "ZXSegments": "t_count",
             "TDepthOneToffoli": "t_depth",
             "TPar": "t_depth"}


def inverse_cancellation():
    """Qiskit's InverseCancellation over the self-inverse gates and inverse pairs qdl emits."""
    return InverseCancellation([CXGate(), CCXGate(), HGate(), XGate(), CZGate(), SwapGate(),
                                (TGate(), TdgGate()), (SGate(), SdgGate())])


def level_passes(level: int, qubit_budget: int, clean: Iterable[int] | None = None,
                 scratch: Iterable[int] | None = None, target: str = "t_count") -> list:
    """The passes of optimisation ``level`` (see the module table).

    ``clean``: qubits that start in |0⟩; ``scratch``: those of them that must also end in
    |0⟩ (ancilla reuse may move only these); both default to the ancilla registers."""
    if level not in LEVELS:
        raise UsageError(f"unknown optimisation level {level}", "use 0, 1, 2 or 3")
    if target not in TARGETS:
        raise UsageError(f"unknown optimisation target '{target}'", "use t_count or t_depth")
    passes = []
    if level >= 1:
        # cancellation first: an H·H pair on a Toffoli's target hides that the target is |0⟩
        passes += [Flatten(), inverse_cancellation(), ToffoliToTemporaryAnd(clean),
                   PhaseFolding(), inverse_cancellation()]
    if level >= 2:
        passes.append(ReuseAncillas(scratch if scratch is not None else clean))
    if level >= 3:
        if zx_available():
            # the whole circuit when it is unitary, else each segment between measurements
            passes += [ZXTCountReduction(use_todd=target == "t_count"),
                       ZXSegments(use_todd=target == "t_count")]
        if target == "t_depth":
            passes += [TDepthOneToffoli(qubit_budget), TPar()]
    return passes


def _rank(cost: Cost, objective: str | None, target: str) -> tuple:
    # Clifford count last: a pass that gains nothing else must not add CNOTs (T-par
    # re-synthesises every CNOT network; with no T-depth gain its result is undone)
    fields = [f for f in (objective, target, "t_count", "t_depth", "qubits", "clifford") if f]
    return tuple(getattr(cost, f) for f in dict.fromkeys(fields))


@dataclass
class PassStep:
    name: str
    before: Cost
    after: Cost
    seconds: float
    kept: bool = True
    proof: str | None = None  # a pass that proves its own rewrite says how

    def as_dict(self) -> dict:
        before, after = self.before.as_dict(), self.after.as_dict()
        return {"pass": self.name, "seconds": round(self.seconds, 4), "kept": self.kept,
                "objective": OBJECTIVE.get(self.name),
                "before": {k: before[k] for k in SHOWN}, "after": {k: after[k] for k in SHOWN},
                **({"proof": self.proof} if self.proof else {})}


@dataclass
class Optimization:
    level: int
    target: str
    original: QuantumCircuit
    circuit: QuantumCircuit
    steps: list[PassStep] = field(default_factory=list)

    @property
    def before(self) -> Cost:
        return self.steps[0].before if self.steps else count_circuit(self.original)

    @property
    def after(self) -> Cost:
        kept = [s for s in self.steps if s.kept]
        return kept[-1].after if kept else self.before

    def section(self) -> dict:
        """What ``report.sections["optimization"]`` shows."""
        before, after = self.before.as_dict(), self.after.as_dict()
        return {"level": self.level, "target": self.target, "before": {k: before[k] for k in SHOWN},
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


def _from_the_input_too(pass_, original: QuantumCircuit, current: QuantumCircuit,
                       out: QuantumCircuit, first: str = "t_count") -> QuantumCircuit:
    """PyZX (or T-par) also started from the flattened input, when levels 1–2 left the same
    wires and no measurement (then both starts are the same operation on the same registers):
    phase folding first can hide from TODD a cancellation it finds on the raw circuit, or the
    other way round (csla_mux_3: 57 T after folding, 45 T from the input); PyZX's rewriting
    can hide parallelism from T-par (qcla_com_7: T-depth 22 after it, 11 from the input).
    PyZX also starts from the input with its Toffoli expansions read back as CCZ gates.
    The cheaper one wins, compared on ``first``, then T-count and T-depth."""
    if (current.num_qubits != original.num_qubits or current.qregs != original.qregs
            or any(i.operation.name in ("measure", "reset", "if_else") for i in current.data)):
        return out
    key = (lambda c: (getattr(count_circuit(c), first), count_circuit(c).t_count,
                      count_circuit(c).t_depth))
    flat = flatten(original)
    starts = [flat]
    if isinstance(pass_, ZXTCountReduction):
        # the input's 7-T expansions read back as CCZ gates (exact; passes/ccz_reading.py):
        # PyZX does better on those (mod_mult_55: 20 T against 27 from the expansion)
        read = read_ccz(flat)
        if "ccz" in read.count_ops():
            starts.append(read)
    for start in starts:
        other = pass_.transform(start)
        # no more Toffolis than before: a CCZ left as read would win only by qdl's
        # convention (a catalysed 4-T unit) against the 7 T it had in the input
        if (key(other) < key(out)
                and count_circuit(other).toffoli <= count_circuit(out).toffoli):
            out = other
    return out


def optimize_circuit(qc: QuantumCircuit, level: int, *, qubit_budget: int | None = None,
                     clean: Iterable[int] | None = None, scratch: Iterable[int] | None = None,
                     target: str = "t_count") -> Optimization:
    """Run optimisation ``level`` on ``qc``, counting before and after every pass.

    ``clean`` lists the qubits known to start in |0⟩ (default: the ancilla registers, see
    :func:`qdl.passes.flatten.clean_qubits`) and ``scratch`` those of them that must end in
    |0⟩ too (default: all of ``clean``; the others are outputs and never move);
    ``qubit_budget`` caps the width of level 3 with target ``t_depth``. A pass whose result
    ranks worse on its own objective (:data:`OBJECTIVE`, then the target), or is worse on the
    target, is undone and recorded with ``kept=False``."""
    clean = clean_qubits(qc) if clean is None else frozenset(clean)
    scratch = clean if scratch is None else frozenset(scratch)
    if not scratch <= clean:
        raise UsageError("a scratch qubit must start in |0⟩",
                         "declare scratch qubits among the clean ones")
    result = Optimization(level, target, qc, qc)
    cost = count_circuit(qc)
    for pass_ in level_passes(level, qubit_budget or 0, clean, scratch, target):
        if isinstance(pass_, TDepthOneToffoli) and qubit_budget is None:
            pass_.max_qubits = max(qc.num_qubits, cost.qubits + ANCILLAS_PER_TOFFOLI)
        if isinstance(pass_, TPar) and qubit_budget is not None:
            pass_.ancillas = max(0, qubit_budget - cost.qubits)
        start = time.perf_counter()
        out = run_pass(pass_, result.circuit)
        if isinstance(pass_, ZXTCountReduction):
            out = _from_the_input_too(pass_, qc, result.circuit, out)
        elif isinstance(pass_, TPar):
            out = _from_the_input_too(pass_, qc, result.circuit, out, "t_depth")
        seconds = time.perf_counter() - start
        after = count_circuit(out)
        name = type(pass_).__name__
        objective = OBJECTIVE.get(name)
        kept = objective is None or (
            _rank(after, objective, target) <= _rank(cost, objective, target)
            and getattr(after, target) <= getattr(cost, target))
        result.steps.append(PassStep(name, cost, after, seconds, kept,
                                     getattr(pass_, "proof", None)))
        if kept:
            result.circuit, cost = out, after
    return result
