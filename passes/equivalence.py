"""Re-verification of an optimised circuit against the circuit it came from, phases included.

What is checked. Wires are matched by ``metadata["qdl_origin"]`` (left by ancilla reuse) or
by register name and index; wires only the optimised circuit has (T-depth ancillas) and
*clean* wires of the original (``clean``: start in |0⟩) are *zero wires*. Both circuits are
padded to the same wires, and for every state ψ of the other wires the optimised circuit
must map ψ ⊗ |0…0⟩ to exactly what the original does, up to one global phase. An original
wire that the optimised circuit dropped must be *scratch* (``scratch``: clean and back to |0⟩
at the end). With no ``clean`` given, the ancilla registers are clean and scratch
(:func:`qdl.passes.flatten.clean_qubits`).

How, in this order (the first that decides, decides):

1. **sum-over-paths proof** (both unitary Clifford+T(+Toffoli), any width):
   :func:`qdl.passes.verify_pathsum.pathsum_compare` reduces the path sum of
   original† · optimised; reaching the identity is a proof (*proved*), reaching another
   map without path variables is a counterexample (*failed*), anything else decides nothing.
2. **exact unitary** (both circuits unitary, ≤ :data:`UNITARY_QUBITS` wires): the operators'
   columns for zero-wire inputs are compared up to one global phase, to 1e−8: *proved* or
   *failed*.
3. **ZX proof** (both unitary Clifford+T(+Toffoli), PyZX installed, ≤ 40 wires):
   :func:`qdl.passes.verify_zx.zx_prove_equal`. Reducing to the identity is a proof; not
   reducing decides nothing.
4. **random product states** (≤ :data:`SIMULATED_QUBITS` wires): each free wire is put in a
   random eigenstate of X, Y or Z (``cases`` inputs, seeded), the zero wires in |0⟩; the
   circuit prepare · optimised · original† · prepare† runs on Aer (``statevector`` up to
   :data:`STATEVECTOR_QUBITS` wires, ``matrix_product_state`` above; mid-circuit measurements
   sampled with one shot per input) and its amplitude on |0…0⟩ must have modulus 1. A
   modulus below 1 − 1e−6 is a counterexample (*failed*); all inputs at 1 is *passed
   (sampled)*: strong evidence, not a proof, and the method says so. A circuit with
   measurements is inverted on the other side; if neither side is unitary the outputs are
   compared as state vectors (≤ :data:`STATEVECTOR_QUBITS` wires).

When nothing applies, or every applicable check is inconclusive, the answer is *undecided*,
which never counts as passed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from qiskit import QuantumCircuit
from qiskit.quantum_info import Operator
from qiskit_aer import AerSimulator

from qdl.passes.allocation import ORIGIN
from qdl.passes.flatten import clean_qubits, flatten
from qdl.passes.verify import expand_for_aer
from qdl.passes.verify_pathsum import pathsum_applicable, pathsum_compare
from qdl.passes.verify_zx import zx_applicable, zx_prove_equal

UNITARY_QUBITS = 10
STATEVECTOR_QUBITS = 20
SIMULATED_QUBITS = 40
TOLERANCE = 1e-6
NON_UNITARY = frozenset({"measure", "reset", "if_else"})
#: Single-qubit preparations of the six X, Y and Z eigenstates from |0⟩.
PAULI_STATES = {"0": (), "1": ("x",), "+": ("h",), "-": ("x", "h"), "+i": ("h", "s"),
                "-i": ("x", "h", "s")}


@dataclass
class Equivalence:
    status: str  # "proved", "passed" (sampled), "failed" or "undecided"
    method: str
    cases: int
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.status in ("proved", "passed")


@dataclass
class Padded:
    """Both circuits on one set of wires, and the wires that start (and end) in |0⟩."""
    original: QuantumCircuit
    optimized: QuantumCircuit
    zero: frozenset[int]


def is_unitary(qc: QuantumCircuit) -> bool:
    return not any(inst.operation.name in NON_UNITARY for inst in qc.data)


def _key(qc: QuantumCircuit, q) -> tuple:
    loc = qc.find_bit(q)
    return (loc.registers[0][0].name, loc.registers[0][1]) if loc.registers else ("", loc.index)


def wire_origins(original: QuantumCircuit, optimized: QuantumCircuit) -> list[int | None]:
    """For each optimised qubit, the original qubit it carries (None: a new one)."""
    meta = (optimized.metadata or {}).get(ORIGIN)
    if meta is not None:
        return [meta[i] if i < len(meta) else None for i in range(optimized.num_qubits)]
    where = {_key(original, q): i for i, q in enumerate(original.qubits)}
    return [where.get(_key(optimized, q)) for q in optimized.qubits]


def pad(original: QuantumCircuit, optimized: QuantumCircuit, clean: frozenset[int],
        scratch: frozenset[int]) -> Padded | str:
    """Both circuits on common wires (original's first, then the optimised one's new ones),
    or why that is impossible."""
    origins = wire_origins(original, optimized)
    n = original.num_qubits
    kept = {o for o in origins if o is not None}
    dropped = set(range(n)) - kept
    if dropped - scratch:
        return (f"qubits {sorted(dropped - scratch)} of the input are gone, but they are not "
                "scratch (declared to end in |0⟩)")
    extra = [i for i, o in enumerate(origins) if o is None]
    wires = n + len(extra)
    to_wire = [o if o is not None else n + extra.index(i) for i, o in enumerate(origins)]
    a = QuantumCircuit(wires, original.num_clbits)
    a.compose(expand_for_aer(flatten(original)), qubits=range(n),
              clbits=range(original.num_clbits), inplace=True)
    b = QuantumCircuit(wires, optimized.num_clbits)
    b.compose(expand_for_aer(flatten(optimized)), qubits=to_wire,
              clbits=range(optimized.num_clbits), inplace=True)
    return Padded(a, b, frozenset(clean) | frozenset(range(n, wires)))


def check_unitary(padded: Padded) -> Equivalence:
    """Equal operators up to one global phase on the inputs whose zero wires are |0⟩."""
    u, v = Operator(padded.original).data, Operator(padded.optimized).data
    mask = sum(1 << q for q in padded.zero)
    cols = [i for i in range(u.shape[0]) if not i & mask]
    want, got = u[:, cols], v[:, cols]
    k = np.unravel_index(np.argmax(np.abs(want)), want.shape)
    phase = got[k] / want[k]
    ok = abs(abs(phase) - 1) < 1e-8 and np.allclose(got, phase * want, atol=1e-8)
    return Equivalence("proved" if ok else "failed", "exact unitary, up to global phase",
                       len(cols), [] if ok else ["operators differ (beyond a global phase)"])


def random_inputs(free: list[int], cases: int, seed: int) -> list[dict[int, str]]:
    """All-|0⟩, all-|1⟩, then seeded random X/Y/Z eigenstates on the free wires."""
    rng = np.random.default_rng(seed)
    names = sorted(PAULI_STATES)
    out = [dict.fromkeys(free, "0"), dict.fromkeys(free, "1")]
    out += [{q: names[rng.integers(len(names))] for q in free} for _ in range(cases)]
    return out


def _prepare(qc: QuantumCircuit, state: dict[int, str], inverse: bool = False) -> None:
    for q, name in state.items():
        gates = PAULI_STATES[name]
        for gate in (reversed(gates) if inverse else gates):
            if inverse and gate == "s":
                qc.sdg(q)
            else:
                getattr(qc, gate)(q)


def _method(wires: int) -> str:
    return "statevector" if wires <= STATEVECTOR_QUBITS else "matrix_product_state"


def check_states(padded: Padded, cases: int, seed: int) -> Equivalence:
    """The random product-state check of the module docstring."""
    a, b = padded.original, padded.optimized
    wires = a.num_qubits
    free = [q for q in range(wires) if q not in padded.zero]
    inputs = random_inputs(free, cases, seed)
    forward, backward = (b, a) if is_unitary(a) else (a, b)
    if not is_unitary(backward):
        return _compare_states(padded, inputs, seed)
    method = _method(wires)
    sim = AerSimulator(method=method)
    failures = []
    for k, state in enumerate(inputs):
        qc = QuantumCircuit(wires, forward.num_clbits)
        _prepare(qc, state)
        qc.compose(forward, inplace=True)
        qc.compose(backward.inverse(), qubits=range(wires), inplace=True)
        _prepare(qc, state, inverse=True)
        qc.save_amplitudes([0])
        if method == "matrix_product_state":  # Aer's MPS lacks ccz: its definition H·CCX·H
            qc = qc.decompose(gates_to_decompose=["ccz"])
        amp = sim.run(qc, shots=1, seed_simulator=seed + k).result().data()["amplitudes"][0]
        if abs(amp) < 1 - TOLERANCE:
            failures.append(f"input {_show(state)}: overlap {abs(amp):.6f} < 1")
    return Equivalence("failed" if failures else "passed",
                       f"{len(inputs)} random product states (X/Y/Z eigenstates), aer "
                       f"{method}, optimised·original†; sampled, not a proof",
                       len(inputs), failures)


def _compare_states(padded: Padded, inputs: list[dict[int, str]], seed: int) -> Equivalence:
    wires = padded.original.num_qubits
    if wires > STATEVECTOR_QUBITS:
        return Equivalence("undecided", "neither circuit is unitary and the state vectors are "
                           f"too wide ({wires} > {STATEVECTOR_QUBITS} qubits)", 0)
    sim, failures = AerSimulator(method="statevector"), []
    for k, state in enumerate(inputs):
        vectors = []
        for body in (padded.original, padded.optimized):
            qc = QuantumCircuit(wires, body.num_clbits)
            _prepare(qc, state)
            qc.compose(body, inplace=True)
            qc.save_statevector()
            vectors.append(np.asarray(sim.run(qc, shots=1, seed_simulator=seed + k).result()
                                      .get_statevector()))
        if abs(np.vdot(*vectors)) < 1 - TOLERANCE:
            failures.append(f"input {_show(state)}: output states differ")
    return Equivalence("failed" if failures else "passed",
                       f"{len(inputs)} random product states (X/Y/Z eigenstates), aer "
                       "statevector, outputs compared; sampled, not a proof",
                       len(inputs), failures)


def _show(state: dict[int, str]) -> str:
    return "".join(f"|{state[q]}⟩" for q in sorted(state)) or "|⟩"


def check_equivalent(original: QuantumCircuit, optimized: QuantumCircuit, *,
                     clean=None, scratch=None, seed: int = 1234,
                     random_cases: int = 8) -> Equivalence:
    """Is ``optimized`` the same operation as ``original``? See the module docstring."""
    clean = clean_qubits(original) if clean is None else frozenset(clean)
    scratch = clean if scratch is None else frozenset(scratch)
    padded = pad(original, optimized, clean, scratch)
    if isinstance(padded, str):
        return Equivalence("failed", "wire correspondence", 0, [padded])
    a, b = padded.original, padded.optimized
    unitary = is_unitary(a) and is_unitary(b)
    tried = []
    if unitary and pathsum_applicable(a, b):
        verdict = pathsum_compare(a, b, padded.zero)
        if verdict != "undecided":
            return Equivalence("proved" if verdict == "proved" else "failed",
                               "sum-over-paths (Amy 2018): original†·optimised reduced to "
                               + ("the identity" if verdict == "proved" else
                                  "a different map"), 1,
                               [] if verdict == "proved" else ["the maps differ"])
        tried.append("path-sum reduction incomplete")
    if unitary and a.num_qubits <= UNITARY_QUBITS:
        return check_unitary(padded)
    if unitary and zx_applicable(a, b):
        if zx_prove_equal(a, b, padded.zero):
            return Equivalence("proved", "ZX-calculus: original†·optimised reduces to the "
                               "identity (pyzx.full_reduce)", 1)
        tried.append("ZX rewriting did not reach the identity")
    if a.num_qubits <= SIMULATED_QUBITS:
        result = check_states(padded, random_cases, seed)
        if tried and result.status != "failed":
            result.method += f" ({'; '.join(tried)})"
        return result
    tried.append(f"{a.num_qubits} qubits: too wide to simulate")
    return Equivalence("undecided", "; ".join(tried), 0)
