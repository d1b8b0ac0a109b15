"""PyZX T-count reduction: exact where it applies, a no-op where it does not."""

import pytest
from qiskit import QuantumCircuit

from qdl.passes import zx
from qdl.passes.circuit_count import count_circuit
from qdl.passes.equivalence import check_unitary


def redundant() -> QuantumCircuit:
    qc = QuantumCircuit(3)
    for _ in range(2):  # T on a twice, across CNOTs it controls: the phases fuse into an S
        qc.t(0)
        qc.cx(0, 1)
        qc.h(2)
        qc.cx(0, 2)
    return qc


def test_zx_lowers_t_count_exactly():
    pytest.importorskip("pyzx")
    qc = redundant()
    out = zx.zx_reduce(qc)
    assert count_circuit(out).t < count_circuit(qc).t
    assert check_unitary(qc, out).passed


def test_without_pyzx_the_circuit_is_returned(monkeypatch):
    monkeypatch.setattr(zx, "available", lambda: False)
    qc = redundant()
    assert zx.zx_reduce(qc) is qc


def test_measurement_makes_it_not_applicable():
    qc = redundant()
    qc.measure_all()
    assert not zx.applicable(qc)
