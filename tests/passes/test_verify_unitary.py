"""The unitary verifier catches a wrong block-encoding and a wrong α."""

from dataclasses import dataclass

import numpy as np
import pytest

from qdl.circuits.qlam.block_encoding import DenseBlockEncoding
from qdl.passes.verify import verify_block


def as_tuple(a):
    return tuple(tuple(complex(v) for v in row) for row in a)


@dataclass(frozen=True)
class WrongAlpha(DenseBlockEncoding):
    @property
    def alpha(self):
        return 1.1 * super().alpha


@dataclass(frozen=True)
class WrongTarget(DenseBlockEncoding):
    def target(self):
        return super().target().T


def test_correct_block_passes_and_wrong_ones_fail():
    a = as_tuple(np.random.default_rng(0).normal(size=(4, 4)))
    assert verify_block(DenseBlockEncoding(2, a)).passed
    for bad in (WrongAlpha(2, a), WrongTarget(2, a)):
        result = verify_block(bad)
        assert not result.passed
        assert "alpha * top-left block differs" in result.failures[-1]


def test_size_only_block_is_checked_for_counts_only():
    result = verify_block(DenseBlockEncoding(2))
    assert result.passed and "counts only" in result.method


def _wide_with_measurement(scrambled, seed: int):
    """A 17-qubit circuit (above the statevector limit: the MPS column form runs) whose low
    5 qubits get a scrambling unitary U and whose top qubit is measured (in |0⟩, so the
    outcome is fixed), and U[:4, :4] computed exactly by qiskit's Statevector."""
    from qiskit import QuantumCircuit
    from qiskit.quantum_info import Operator

    u = scrambled(5, 12, seed)
    body = QuantumCircuit(17, 1)
    body.compose(u, range(5), inplace=True)
    body.measure(16, 0)
    return body, np.asarray(Operator(u).data)[:4, :4]


def test_wide_mps_column_check_equals_the_statevector(scrambled):
    """α · top-left block on the MPS path == the exact block (α = 1): the true matrix passes,
    a matrix with one entry changed by 0.05 fails. The code before qdl.passes.mps_amplitudes
    read the block with Aer's save_amplitudes, got permuted entries (qiskit-aer #2235) and
    failed the true matrix."""
    from types import SimpleNamespace

    from qdl.passes.verify_unitary import MAX_COLUMN_QUBITS, verify_unitary

    body, exact = _wide_with_measurement(scrambled, 3)
    assert body.num_qubits > MAX_COLUMN_QUBITS
    good = SimpleNamespace(target=lambda: exact, alpha=1.0)
    method, cases, failures = verify_unitary(good, body, seed=1, random_cases=0)
    assert "matrix_product_state" in method and cases == 16 and failures == []
    wrong = exact.copy()
    wrong[2, 1] += 0.05
    bad = SimpleNamespace(target=lambda: wrong, alpha=1.0)
    assert verify_unitary(bad, body, seed=1, random_cases=0)[2]


@pytest.mark.slow
def test_wide_lcu_pauli_block_on_mps_equals_the_statevector(monkeypatch):
    """An 18-qubit lcu_pauli block-encoding of a 4 × 4 matrix (alias PREPARE, measured AND
    uncomputations): its block on the contracted-MPS path == Aer's statevector column form
    (the limit raised for the reference), the block's check passes, and the same check
    against a target with one entry changed by 2/α fails."""
    from types import SimpleNamespace

    from qdl.circuits.registry import lookup
    from qdl.passes import verify_unitary as VU
    from qdl.passes.build import build_circuit
    from qdl.passes.verify import expand_for_aer

    prim = lookup("block_encoding")
    be = prim.block(prim.params(variant="lcu_pauli", mu=2, block=1,
                                matrix=np.random.default_rng(5).normal(size=(4, 4)).tolist()))
    qc = expand_for_aer(build_circuit(be))
    assert qc.num_qubits == 18 > VU.MAX_COLUMN_QUBITS and VU.has_measurements(qc)
    method, _, failures = VU.verify_unitary(be, qc, seed=1, random_cases=0)
    assert "matrix_product_state" in method and failures == []
    mps, _ = VU.encoded_block(qc, 4, 4, seed=1)
    monkeypatch.setattr(VU, "MAX_COLUMN_QUBITS", 18)
    exact, how = VU.encoded_block(qc, 4, 4, seed=1)
    assert "statevector" in how and np.abs(mps - exact).max() < 1e-8
    wrong = be.target().copy()
    wrong[1, 3] += 2 / be.alpha
    bad = SimpleNamespace(target=lambda: wrong, alpha=be.alpha)
    monkeypatch.undo()
    assert VU.verify_unitary(bad, qc, seed=1, random_cases=0)[2]
