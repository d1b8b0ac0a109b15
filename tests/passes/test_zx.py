"""PyZX T-count reduction: exact where it applies, a no-op where it does not."""

from pathlib import Path

import pytest
from qiskit import QuantumCircuit

from qdl.compiler.circuit_input import load_circuit
from qdl.passes import zx
from qdl.passes.circuit_count import count_circuit
from qdl.passes.equivalence import check_equivalent

SUITE = Path(__file__).parents[2] / "benchmarks" / "tpar"


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
    assert check_equivalent(qc, out).status == "proved"


def test_phase_teleportation_result_is_used():
    # the old pass dropped teleport_reduce's return value and re-extracted the untouched
    # graph: mod5_4 stayed at 16 T where PyZX gives 8 (reference.json)
    pytest.importorskip("pyzx")
    qc = load_circuit(str(SUITE / "mod5_4.qasm"))
    out = zx.zx_reduce(qc)
    assert count_circuit(qc).t == 28 and count_circuit(out).t == 8
    assert check_equivalent(qc, out).status == "proved"


def test_todd_is_seeded_and_leaves_the_global_random_state_alone():
    pytest.importorskip("pyzx")
    import random

    qc = load_circuit(str(SUITE / "mod_mult_55.qasm"))
    random.seed(7)
    before = random.random()
    random.seed(7)
    first = zx.zx_reduce(qc, use_todd=True)
    assert random.random() == before
    second = zx.zx_reduce(qc, use_todd=True)
    assert count_circuit(first).t == count_circuit(second).t == 27  # PyZX alone: 35
    assert check_equivalent(qc, first).status == "proved"


def test_without_pyzx_the_circuit_is_returned(monkeypatch):
    monkeypatch.setattr(zx, "available", lambda: False)
    qc = redundant()
    assert zx.zx_reduce(qc) is qc


def test_measurement_makes_it_not_applicable():
    qc = redundant()
    qc.measure_all()
    assert not zx.applicable(qc)
