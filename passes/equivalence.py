"""Re-verification of an optimised circuit against the circuit it came from.

Two checks, both against the *original* circuit, so they apply to any circuit, qdl's or not:

- **basis** (always): data qubits (every qubit outside the ancilla registers of
  :func:`qdl.passes.flatten.clean_qubits`) are set to a basis input, ancillas start in |0⟩,
  both circuits run on Aer (one shot: mid-circuit measurements make Aer simulate shot by shot;
  ``matrix_product_state`` keeps wide arithmetic cheap) and every data qubit, found by register
  name and index, must read the same; the optimised circuit's ancillas must read 0 wherever
  the original's do. Inputs are exhaustive up to :data:`EXHAUSTIVE_QUBITS` data qubits,
  otherwise all-zeros, all-ones and seeded random ones.
- **unitary** (≤ :data:`UNITARY_QUBITS` qubits, no measurement, reset or conditional in
  either): on every input whose ancillas are |0⟩, ``Operator(optimised)`` must equal
  ``Operator(original)`` up to one global phase (``Operator.equiv`` restricted to those
  columns), with the optimised circuit's extra ancillas taken in |0⟩ and returned to |0⟩.
  This is the check that sees phases, which basis inputs cannot.

qdl blocks are checked against their own classical reference instead, with
:func:`qdl.passes.verify.verify_circuit`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from qiskit import ClassicalRegister, QuantumCircuit
from qiskit.quantum_info import Operator
from qiskit_aer import AerSimulator

from qdl.passes.flatten import clean_qubits, flatten
from qdl.passes.verify import _read_out, expand_for_aer

EXHAUSTIVE_QUBITS = 6
UNITARY_QUBITS = 10
NON_UNITARY = frozenset({"measure", "reset", "if_else"})


@dataclass
class Equivalence:
    method: str
    cases: int
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def _locations(qc: QuantumCircuit) -> dict[tuple[str, int], int]:
    """(register name, index in register) → qubit index, for data qubits."""
    out = {}
    ancillas = clean_qubits(qc)
    for reg in qc.qregs:
        for k, q in enumerate(reg):
            i = qc.find_bit(q).index
            if i not in ancillas:
                out[(reg.name, k)] = i
    return out


def _run(qc: QuantumCircuit, inputs: list[list[int]], seed: int) -> list[str]:
    body = expand_for_aer(flatten(qc))
    circuits = []
    for ones in inputs:
        c = QuantumCircuit(*body.qregs, *body.cregs)
        for q in ones:
            c.x(q)
        c.compose(body, inplace=True)
        out = ClassicalRegister(body.num_qubits, "out")
        c.add_register(out)
        c.measure(range(body.num_qubits), out)
        circuits.append(c)
    result = AerSimulator(method="matrix_product_state").run(
        circuits, shots=1, seed_simulator=seed).result()
    return [_read_out(result.get_counts(i)) for i in range(len(circuits))]


def basis_inputs(n: int, rng: np.random.Generator, random_cases: int) -> list[int]:
    if n <= EXHAUSTIVE_QUBITS:
        return list(range(1 << n))
    values = [0, (1 << n) - 1]
    for _ in range(random_cases):
        values.append(sum(int(b) << k for k, b in enumerate(rng.integers(0, 2, size=n))))
    return values


def check_basis(original: QuantumCircuit, optimized: QuantumCircuit, *, seed: int = 1234,
                random_cases: int = 8) -> Equivalence:
    """Same data outputs (and clean ancillas) on Aer for basis inputs; see the module doc."""
    src, dst = _locations(original), _locations(optimized)
    if set(src) != set(dst):
        return Equivalence("basis", 0, [f"data qubits differ: {sorted(set(src) ^ set(dst))}"])
    keys = sorted(src)
    rng = np.random.default_rng(seed)
    values = basis_inputs(len(keys), rng, random_cases)
    bits = [[k for k in range(len(keys)) if (v >> k) & 1] for v in values]
    before = _run(original, [[src[keys[k]] for k in ones] for ones in bits], seed)
    after = _run(optimized, [[dst[keys[k]] for k in ones] for ones in bits], seed)
    anc_src = sorted(clean_qubits(original))
    anc_dst = sorted(clean_qubits(optimized))
    failures = []
    for v, b, a in zip(values, before, after):
        want = [b[src[key]] for key in keys]
        got = [a[dst[key]] for key in keys]
        if want != got:
            failures.append(f"input {v:#x}: data outputs differ")
        elif all(b[i] == "0" for i in anc_src) and any(a[i] != "0" for i in anc_dst):
            failures.append(f"input {v:#x}: ancillas left dirty")
    kind = "exhaustive" if len(keys) <= EXHAUSTIVE_QUBITS else "random"
    return Equivalence(f"aer basis ({kind})", len(values), failures)


def _layout(qc: QuantumCircuit) -> list[tuple[str, int]]:
    return [(loc.registers[0][0].name, loc.registers[0][1]) if loc.registers else ("", i)
            for i, loc in enumerate(qc.find_bit(q) for q in qc.qubits)]


def unitary_applicable(original: QuantumCircuit, optimized: QuantumCircuit) -> bool:
    """Small, no non-unitary instruction, and the original's qubits first in the optimised
    circuit (by register name and index), any extra ones after them."""
    return (optimized.num_qubits <= UNITARY_QUBITS
            and optimized.num_qubits >= original.num_qubits
            and _layout(optimized)[:original.num_qubits] == _layout(original)
            and not any(i.operation.name in NON_UNITARY
                        for qc in (original, optimized) for i in qc.data))


def check_unitary(original: QuantumCircuit, optimized: QuantumCircuit) -> Equivalence:
    """Equal operators up to global phase on the inputs whose ancillas are |0⟩, the optimised
    circuit's extra qubits taken in |0⟩ and required back in |0⟩."""
    u = Operator(expand_for_aer(flatten(original))).data
    v = Operator(expand_for_aer(optimized)).data
    d = u.shape[0]
    # extra qubits are the most significant: index < d means they are |0⟩
    clean = sum(1 << q for q in clean_qubits(original))
    inputs = [i for i in range(d) if not i & clean]
    want, got = u[:, inputs], v[:d, inputs]
    k = np.unravel_index(np.argmax(np.abs(want)), want.shape)
    phase = got[k] / want[k]
    ok = abs(abs(phase) - 1) < 1e-8 and np.allclose(got, phase * want, atol=1e-8)
    return Equivalence("unitary up to global phase", 1,
                       [] if ok else ["operators differ (beyond a global phase)"])


def check_equivalent(original: QuantumCircuit, optimized: QuantumCircuit, *,
                     seed: int = 1234, random_cases: int = 8) -> Equivalence:
    """The basis check, plus the unitary check where it applies."""
    result = check_basis(original, optimized, seed=seed, random_cases=random_cases)
    if unitary_applicable(original, optimized):
        unitary = check_unitary(original, optimized)
        result = Equivalence(f"{result.method} + {unitary.method}", result.cases,
                             result.failures + unitary.failures)
    return result
