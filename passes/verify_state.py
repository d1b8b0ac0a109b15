"""Verifier for blocks with ``reference_kind = "state"``: output state == target state.

For each basis input of the block's THRU registers (``qdl.passes.verify.input_cases``: all of
them when small; a block without THRU registers has the single input |0…0⟩), the block's
``target_state(**inputs)`` is the normalised vector its circuit must output over all its
signature registers (little-endian basis index, registers in signature order); ancillas must
end in |0⟩. The built circuit runs on Aer's statevector method and passes when the fidelity
|⟨target ⊗ 0_anc|out⟩|² ≥ 1 − 1e−9 for every input. qdl.passes.verify imports this module the
first time it meets a block of this kind.
"""

from __future__ import annotations

import numpy as np
from qiskit import QuantumCircuit
from qiskit_aer import AerSimulator

from qdl.circuits.block import Block
from qdl.passes.verify import expand_for_aer, input_cases, register_verifier

#: Fidelity a prepared state must reach.
STATE_FIDELITY = 1 - 1e-9
#: Widest circuit simulated (statevector memory doubles per qubit).
MAX_STATE_QUBITS = 24


def state_fidelity(block: Block, built: QuantumCircuit, seed: int = 1234,
                   inputs: dict[str, int] | None = None) -> float:
    """|⟨target ⊗ 0|out⟩|² for the built circuit run from the basis input ``inputs``."""
    inputs = inputs or {}
    qc = built.copy_empty_like()
    position = 0
    for reg in block.signature:
        for bit in range(reg.width):
            if (inputs.get(reg.name, 0) >> bit) & 1:
                qc.x(position + bit)
        position += reg.width
    qc.compose(expand_for_aer(built), inplace=True)
    qc.save_statevector()
    out = np.asarray(AerSimulator(method="statevector").run(qc, shots=1, seed_simulator=seed)
                     .result().get_statevector())
    target = np.zeros(1 << built.num_qubits, dtype=complex)
    want = block.target_state(**inputs)
    target[:len(want)] = want  # signature registers are the low qubits, ancillas above
    return float(abs(np.vdot(target, out)) ** 2)


def verify_state(block: Block, built: QuantumCircuit, seed: int,
                 random_cases: int) -> tuple[str, int, list[str]]:
    if built.num_qubits > MAX_STATE_QUBITS:
        return "aer:statevector", 0, [f"{built.num_qubits} qubits: too wide for the state check "
                                      f"(at most {MAX_STATE_QUBITS})"]
    cases, exhaustive = input_cases(block, np.random.default_rng(seed), random_cases)
    failures, worst = [], 1.0
    for case in cases:
        fidelity = state_fidelity(block, built, seed, case)
        worst = min(worst, fidelity)
        if fidelity < STATE_FIDELITY:
            failures.append(f"input {case}: output fidelity {fidelity:.12f} < 1 − 1e−9")
    kind = "exhaustive" if exhaustive else "random"
    return f"aer:statevector, {kind}, min fidelity {worst:.12f}", len(cases), failures


register_verifier("state", verify_state)
