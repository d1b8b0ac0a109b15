"""Amplitudes contracted from Aer's saved MPS == the exact statevector, also where Aer's own
save_amplitudes reads permuted basis states (qiskit-aer #2235)."""

import numpy as np
from qiskit.quantum_info import Statevector
from qiskit_aer import AerSimulator

from qdl.passes.mps_amplitudes import low_amplitudes


def test_low_amplitudes_equal_the_statevector(scrambled):
    qc = scrambled(5, 12, 3)
    want = Statevector(qc).data
    for k in (0, 1, 3, 5):
        assert np.abs(low_amplitudes(qc, k) - want[:1 << k]).max() < 1e-10


def test_save_amplitudes_is_the_wrong_tool_here(scrambled):
    """Why the module exists: on this circuit Aer's save_amplitudes disagrees with the exact
    state (if a fixed Aer makes this fail, the contraction may be replaced by it again)."""
    qc = scrambled(5, 12, 3)
    want = Statevector(qc).data[:8]
    qc.save_amplitudes(list(range(8)))
    got = AerSimulator(method="matrix_product_state").run(qc, shots=1).result().data(0)
    assert np.abs(np.asarray(got["amplitudes"]) - want).max() > 0.1
