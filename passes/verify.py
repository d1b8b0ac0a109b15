"""Verification pass: run a block's built circuit on Aer and compare with its reference.

Two checks for blocks with basis-state semantics (:meth:`Block.reference`):

- **basis**: for each input case the registers are set by X gates, the circuit runs with one
  shot (mid-circuit measurements make Aer simulate shot by shot), every qubit is measured and
  each register must equal the reference while every ancilla is back in |0⟩. Cases are
  exhaustive when every input register has at most 4 bits (and there are at most 4096
  combinations); otherwise seeded random values plus the edge values 0 and 2^n−1. The
  ``matrix_product_state`` method keeps wide basis-state arithmetic cheap (DESIGN §2).
- **phase**: for small exhaustive blocks, the uniform superposition of all inputs is run on the
  statevector method, for several measurement seeds, and the final state must equal the
  reference permutation of that superposition (fidelity ≥ 1 − 1e−9). This catches what basis
  states cannot: a wrong relative phase, e.g. a missing CZ fix-up after a measured uncompute.

Before simulating, the cost counted on the built circuit must equal the hierarchical cost on
every field (the first invariant of DESIGN §2); a mismatch is a verification failure.

Custom gates (the ``and`` gate) are expanded to their Clifford+T definitions before Aer sees
them, so the circuit simulated is the one counted, gate for gate. Circuits go to
``AerSimulator.run`` directly: transpiling against the simulator's target caps it at 63 qubits.
"""

from __future__ import annotations

import importlib
import itertools
import time
from contextlib import contextmanager
from contextvars import ContextVar
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
from qiskit import ClassicalRegister, QuantumCircuit
from qiskit_aer import AerSimulator

from qdl.circuits.block import Block, Role
from qdl.passes.build import build_circuit, check_buildable
from qdl.errors import QdlError
from qdl.passes.circuit_count import DEFAULT_ROTATION_EPS, count_circuit

#: Inputs with at most this many bits per register are checked exhaustively.
EXHAUSTIVE_BITS = 4
#: ... as long as the number of combinations stays below this.
EXHAUSTIVE_CASES = 4096
_EXHAUSTIVE_LIMIT: ContextVar[int] = ContextVar("exhaustive_limit", default=EXHAUSTIVE_CASES)


@contextmanager
def exhaustive_cases_at_most(limit: int) -> Iterator[None]:
    """Within this context, blocks with more input combinations than ``limit`` are checked on
    random cases instead (a network's --verify checks dozens of blocks and must stay quick)."""
    token = _EXHAUSTIVE_LIMIT.set(min(limit, EXHAUSTIVE_CASES))
    try:
        yield
    finally:
        _EXHAUSTIVE_LIMIT.reset(token)
#: The phase check runs on the statevector method up to this width.
PHASE_CHECK_QUBITS = 18
PHASE_CHECK_SEEDS = 3
#: Largest circuit (estimated gates) simulated for verification.
MAX_VERIFY_GATES = 200_000


@dataclass
class VerificationResult:
    block: str
    params: dict
    method: str
    cases: int
    passed: bool
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: "proved" or "passed" (passed), "failed" or "undecided" (a check that could not decide:
    #: not passed); empty: "passed" or "failed" from ``passed``
    status: str = ""

    @property
    def state(self) -> str:
        """The status, consistent with ``passed`` (which callers may set afterwards)."""
        agrees = ("proved", "passed") if self.passed else ("failed", "undecided")
        return self.status if self.status in agrees else agrees[-1 if self.passed else 0]

    @property
    def verdict(self) -> str:
        """What a report shows: the status, with the first failures when there are any."""
        if self.passed:
            return self.state
        return ": ".join([self.state.upper(), "; ".join(self.failures[:3])]).rstrip(": ")

    def as_dict(self) -> dict:
        return {"block": self.block, "params": self.params, "method": self.method,
                "cases": self.cases, "passed": self.passed, "status": self.state,
                "failures": self.failures[:10], "seconds": round(self.seconds, 3)}


def expand_for_aer(qc: QuantumCircuit, keep: frozenset = frozenset()) -> QuantumCircuit:
    """Replace custom gates (qdl's ``and``, named block gates, gates re-loaded from a file) by
    their definitions, level by level, until Aer knows every gate (or it is in ``keep``);
    ``global_phase`` gates (standard in Qiskit, unknown to Aer) become the circuit's phase."""
    from qiskit.circuit.library import get_standard_gate_name_mapping

    known = set(get_standard_gate_name_mapping()) | {"if_else", "barrier",
                                                     "save_statevector"} | keep
    while True:
        custom = gate_names(qc) - known
        if not custom:
            return fold_global_phase(qc)
        qc = qc.decompose(gates_to_decompose=sorted(custom))


def fold_global_phase(qc: QuantumCircuit) -> QuantumCircuit:
    """Move ``global_phase`` gates into the circuit's phase: neither Aer nor OpenQASM 3 has
    zero-qubit gates (Qiskit would export one that no importer reads back). Inside a
    conditional body the phase is global to that branch, unobservable, so it is dropped."""
    if "global_phase" not in gate_names(qc):
        return qc
    out = qc.copy_empty_like()
    for inst in qc.data:
        op = inst.operation
        if op.name == "global_phase":
            out.global_phase += float(op.params[0])
            continue
        if getattr(op, "blocks", None):
            bodies = [fold_global_phase(b) for b in op.blocks]
            for body in bodies:
                body.global_phase = 0
            inst = inst.replace(operation=op.replace_blocks(bodies))
        out.append(inst)
    return out


def gate_names(qc: QuantumCircuit) -> set[str]:
    """Names of every instruction, control-flow bodies included."""
    names = set()
    for inst in qc.data:
        names.add(inst.operation.name)
        for body in getattr(inst.operation, "blocks", ()):
            names |= gate_names(body)
    return names


def input_cases(block: Block, rng: np.random.Generator, random_cases: int) -> tuple[list[dict], bool]:
    """Input values per THRU register (outputs start at 0) and whether they are exhaustive."""
    thru = [r for r in block.signature if r.role is Role.THRU]
    total = 1
    for r in thru:
        total *= 1 << r.width
    if all(r.width <= EXHAUSTIVE_BITS for r in thru) and total <= _EXHAUSTIVE_LIMIT.get():
        ranges = [range(1 << r.width) for r in thru]
        cases = [dict(zip([r.name for r in thru], vals)) for vals in itertools.product(*ranges)]
        return [c for c in cases if block.accepts(**_full_inputs(block, c))], True
    cases = [{r.name: 0 for r in thru}, {r.name: (1 << r.width) - 1 for r in thru}]
    for _ in range(random_cases):
        cases.append({r.name: int.from_bytes(rng.bytes((r.width + 7) // 8), "little")
                      % (1 << r.width) for r in thru})
    return [c for c in cases if block.accepts(**_full_inputs(block, c))], False


def _full_inputs(block: Block, case: dict) -> dict:
    return {r.name: case.get(r.name, 0) for r in block.signature}


def register_offsets(block: Block) -> dict[str, int]:
    """Position of each signature register's bit 0 in the built circuit."""
    out, pos = {}, 0
    for r in block.signature:
        out[r.name] = pos
        pos += r.width
    return out


def _basis_circuit(body: QuantumCircuit, block: Block, values: dict) -> QuantumCircuit:
    qc = QuantumCircuit(*body.qregs, *body.cregs)
    offsets = register_offsets(block)
    for reg in block.signature:
        v = values[reg.name]
        for i in range(reg.width):
            if (v >> i) & 1:
                qc.x(offsets[reg.name] + i)
    qc.compose(body, inplace=True)
    out = ClassicalRegister(body.num_qubits, "out")
    qc.add_register(out)
    qc.measure(range(body.num_qubits), out)
    return qc


def _read_out(counts: dict) -> str:
    """Bits of the last-added register ``out`` (Qiskit prints registers last-first), LSB first."""
    (key,) = counts
    return key.split(" ")[0][::-1]


#: Verifiers by Block.reference_kind: (block, built circuit, seed, random_cases) ->
#: (method description, number of cases, failures). Modules defining blocks with another kind
#: of reference (unitaries, prepared states) register theirs with :func:`register_verifier`.
Verifier = Callable[[Block, QuantumCircuit, int, int], tuple[str, int, list[str]]]
VERIFIERS: dict[str, Verifier] = {}


def register_verifier(kind: str, verifier: Verifier) -> Verifier:
    VERIFIERS[kind] = verifier
    return verifier


def _load_verifier(kind: str) -> Verifier | None:
    """Verifiers for kind K live in qdl.passes.verify_K and register themselves on import."""
    try:
        importlib.import_module(f"qdl.passes.verify_{kind}")
    except ModuleNotFoundError:
        return None
    return VERIFIERS.get(kind)


def verify_block(block: Block, *, seed: int = 1234, random_cases: int = 16) -> VerificationResult:
    """Check both invariants for ``block``: circuit counts == hierarchical counts, and the
    circuit run on Aer == the block's reference (by its ``reference_kind``)."""
    start = time.perf_counter()
    check_buildable(block, MAX_VERIFY_GATES, "simulates",
                    "verify at a smaller size; counting at this size needs no verification run")
    built = build_circuit(block)
    eps = getattr(block, "rotation_eps", DEFAULT_ROTATION_EPS)  # the block's synthesis precision
    failures = [f"hierarchical {k}={h:,} but the built circuit has {c:,}"
                for k, (h, c) in block.cost().differences(count_circuit(built, eps)).items()]
    result = verify_circuit(block, built, seed=seed, random_cases=random_cases)
    result.failures = failures + result.failures
    result.passed = not result.failures
    result.method += " + count check"
    result.seconds = time.perf_counter() - start
    return result


def verify_circuit(block: Block, circuit: QuantumCircuit, *, seed: int = 1234,
                   random_cases: int = 16) -> VerificationResult:
    """Aer check of ``circuit`` against ``block``'s reference, without the count check.

    ``circuit`` must be laid out like :func:`build_circuit`'s: the signature registers first,
    in order, ancillas after them (an optimised build, for instance)."""
    start = time.perf_counter()
    verifier = VERIFIERS.get(block.reference_kind) or _load_verifier(block.reference_kind)
    if verifier is None:
        raise QdlError(f"no verifier for reference kind '{block.reference_kind}'",
                       "register one with qdl.passes.verify.register_verifier")
    method, n_cases, failures = verifier(block, circuit, seed, random_cases)
    return VerificationResult(type(block).__name__, block.params(), method, n_cases,
                              not failures, failures, time.perf_counter() - start)


def run_basis_cases(block: Block, body: QuantumCircuit, cases: list[dict],
                    seed: int) -> list[tuple[dict[str, int], bool]]:
    """Run ``body`` (laid out like build_circuit's, custom gates expanded) once per input case
    on the MPS method with one shot: the measured value of every signature register and
    whether any ancilla ended outside |0⟩. Registers missing from a case start at 0."""
    from qdl import progress

    from qdl.passes.mps_layout import MPS_OPTIONS, first_touch_layout, first_touch_order

    # One layout for every case, ``body``'s: the X gates that set inputs and the measurements
    # are single-qubit, so they do not move it; the measured clbits are not renumbered, so
    # results read as from ``body``.
    order = first_touch_order(body)
    circuits = [first_touch_layout(_basis_circuit(body, block, _full_inputs(block, case)), order)
                for case in cases]
    sim = AerSimulator(**MPS_OPTIONS)
    # In about 20 batches, so a terminal shows cases done and an ETA (a 16-bit reciprocal's
    # 18 cases take minutes); each batch's seed is offset so no two batches repeat one.
    batch = max(1, -(-len(circuits) // 20))
    counts = []
    with progress.bar(f"{type(block).__name__}: basis cases on Aer", total=len(circuits)) as task:
        for start in range(0, len(circuits), batch):
            part = circuits[start:start + batch]
            result = sim.run(part, shots=1, seed_simulator=seed + start).result()
            counts += [result.get_counts(i) for i in range(len(part))]
            task.advance(len(part))
    offsets = register_offsets(block)
    width = block.signature.width
    out = []
    for i in range(len(cases)):
        bits = _read_out(counts[i])
        got = {r.name: int(bits[offsets[r.name]:offsets[r.name] + r.width][::-1], 2)
               for r in block.signature}
        out.append((got, bool(bits[width:].strip("0"))))
    return out


def verify_basis(block: Block, built: QuantumCircuit, seed: int,
                 random_cases: int) -> tuple[str, int, list[str]]:
    """Basis-state cases on the MPS method, plus the phase check when small and exhaustive."""
    rng = np.random.default_rng(seed)
    body = expand_for_aer(built)
    cases, exhaustive = input_cases(block, rng, random_cases)
    expected = [block.reference(**_full_inputs(block, case)) for case in cases]
    failures = []
    for case, want, (got, dirty) in zip(cases, expected,
                                        run_basis_cases(block, body, cases, seed)):
        if got != want or dirty:
            failures.append(f"input {case}: expected {want}, got {got}"
                            + (" with dirty ancillas" if dirty else ""))
    method = f"aer:matrix_product_state, {'exhaustive' if exhaustive else 'random'}"
    # The phase check prepares every input at once, so it needs every input to be valid.
    all_valid = type(block).accepts is Block.accepts
    if exhaustive and all_valid and body.num_qubits <= PHASE_CHECK_QUBITS:
        failures += _phase_check(block, body, cases, seed)
        method += " + statevector phase check"
    return method, len(cases), failures


register_verifier("basis", verify_basis)


def _phase_check(block: Block, body: QuantumCircuit, cases: list[dict], seed: int) -> list[str]:
    thru = [r for r in block.signature if r.role is Role.THRU]
    offsets = register_offsets(block)
    n = body.num_qubits
    expected = np.zeros(1 << n, dtype=complex)
    for case in cases:
        out = block.reference(**_full_inputs(block, case))
        index = sum(v << offsets[name] for name, v in out.items())
        expected[index] += 1
    expected /= np.linalg.norm(expected)
    qc = QuantumCircuit(*body.qregs, *body.cregs)
    for r in thru:
        qc.h(range(offsets[r.name], offsets[r.name] + r.width))
    qc.compose(body, inplace=True)
    qc.save_statevector()
    sim = AerSimulator(method="statevector")
    failures = []
    for s in range(PHASE_CHECK_SEEDS):
        sv = np.asarray(sim.run(qc, shots=1, seed_simulator=seed + s).result().get_statevector())
        fidelity = abs(np.vdot(expected, sv)) ** 2
        if fidelity < 1 - 1e-9:
            failures.append(f"superposition of all inputs: fidelity {fidelity:.12f} < 1 - 1e-9 "
                            f"(seed {seed + s})")
    return failures
