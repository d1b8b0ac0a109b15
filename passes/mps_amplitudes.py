"""Amplitudes of a circuit's final state on Aer's matrix-product-state method, contracted
from the saved MPS rather than read with ``save_amplitudes``.

``low_amplitudes(qc, k)[x] = ⟨x, 0…0|ψ⟩`` for every basis state x of the k lowest qubits
(wires ≥ k fixed to 0). Aer's ``save_amplitudes`` on this method returns amplitudes of
permuted basis states once non-adjacent gates have made the simulator reorder its qubits
(qiskit-aer issue #2235, seen with 0.18.2; a measurement does not undo it), so both users —
the block-encoding check (qdl.passes.verify_unitary) and the A·V stage check
(qdl.estimators.network.verify_values) — contract ``save_matrix_product_state``'s
(Γ_q[bit], λ_q) instead, whose qubit order Aer restores before saving.
"""

from __future__ import annotations

import numpy as np


def low_amplitudes(qc, k: int, seed: int | None = None) -> np.ndarray:
    """⟨x, 0…0|ψ⟩ for every basis state x of the k lowest qubits of ``qc``'s final state ψ.

    Exact up to Aer's bond truncation (1e−16); one shot, ``seed`` fixing the outcomes of any
    mid-circuit measurement. With wires ≥ k fixed to 0 the right part of the chain
    Γ_0 λ_0 Γ_1 … λ_{n−2} Γ_{n−1} is one vector; the left part is built bit by bit, row x
    holding the amplitude's left factor for x < 2^q."""
    from qiskit_aer import AerSimulator

    qc = qc.copy()
    qc.save_matrix_product_state()
    result = AerSimulator(method="matrix_product_state").run(
        qc, shots=1, seed_simulator=seed).result()
    gammas, lambdas = result.data(0)["matrix_product_state"]
    n = len(gammas)
    right = np.ones(1, dtype=complex)
    for q in reversed(range(k, n)):
        if q < n - 1:
            right = np.asarray(lambdas[q]) * right
        right = np.asarray(gammas[q][0]) @ right
    left = np.ones((1, 1), dtype=complex)
    for q in range(k):
        if q:
            left = left * np.asarray(lambdas[q - 1])
        left = np.concatenate([left @ np.asarray(gammas[q][0]),  # bit q = 0, then 1 (+2^q)
                               left @ np.asarray(gammas[q][1])])
    if 0 < k < n:
        left = left * np.asarray(lambdas[k - 1])
    return left @ right
