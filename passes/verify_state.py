"""Verifier for blocks with ``reference_kind = "state"``: prepared state == target state.

The block's ``target_state()`` is the normalised vector its circuit must prepare from
|0…0⟩ on its signature registers (little-endian basis index, registers in signature order);
ancillas must end in |0⟩. The built circuit runs on Aer's statevector method and passes when
the fidelity |⟨target ⊗ 0_anc|out⟩|² ≥ 1 − 1e−9. qdl.passes.verify imports this module the
first time it meets a block of this kind.
"""

from __future__ import annotations

import numpy as np
from qiskit import QuantumCircuit
from qiskit_aer import AerSimulator

from qdl.circuits.block import Block
from qdl.passes.verify import expand_for_aer, register_verifier

#: Fidelity a prepared state must reach.
STATE_FIDELITY = 1 - 1e-9
#: Widest circuit simulated (statevector memory doubles per qubit).
MAX_STATE_QUBITS = 24


def state_fidelity(block: Block, built: QuantumCircuit, seed: int = 1234) -> float:
    """|⟨target ⊗ 0|out⟩|² for the built circuit run from |0…0⟩."""
    qc = expand_for_aer(built).copy()
    qc.save_statevector()
    out = np.asarray(AerSimulator(method="statevector").run(qc, shots=1, seed_simulator=seed)
                     .result().get_statevector())
    target = np.zeros(1 << built.num_qubits, dtype=complex)
    want = block.target_state()
    target[:len(want)] = want  # signature registers are the low qubits, ancillas above
    return float(abs(np.vdot(target, out)) ** 2)


def verify_state(block: Block, built: QuantumCircuit, seed: int,
                 random_cases: int) -> tuple[str, int, list[str]]:
    if built.num_qubits > MAX_STATE_QUBITS:
        return "aer:statevector", 0, [f"{built.num_qubits} qubits: too wide for the state check "
                                      f"(at most {MAX_STATE_QUBITS})"]
    fidelity = state_fidelity(block, built, seed)
    failures = [] if fidelity >= STATE_FIDELITY else [
        f"prepared state has fidelity {fidelity:.12f} < 1 − 1e−9 with the target"]
    return f"aer:statevector, fidelity {fidelity:.12f}", 1, failures


register_verifier("state", verify_state)
