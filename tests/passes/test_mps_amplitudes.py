"""Amplitudes contracted from Aer's saved MPS == the exact statevector, also where Aer's own
save_amplitudes reads permuted basis states (qiskit-aer #2235)."""

import numpy as np
from qiskit.quantum_info import Statevector

from qdl.passes.mps_amplitudes import low_amplitudes


def test_low_amplitudes_equal_the_statevector(scrambled):
    qc = scrambled(5, 12, 3)
    want = Statevector(qc).data
    for k in (0, 1, 3, 5):
        assert np.abs(low_amplitudes(qc, k) - want[:1 << k]).max() < 1e-10
