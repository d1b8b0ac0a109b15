"""Re-verification: proofs where they exist, counterexamples for wrong bits and wrong phases at
any width, and "undecided" (never "passed") when no check can decide."""

import pytest
from qiskit import QuantumCircuit, QuantumRegister
from qiskit.circuit import AncillaRegister

from qdl.passes import equivalence
from qdl.passes.equivalence import check_equivalent


def adder_bit() -> QuantumCircuit:
    x, s = QuantumRegister(2, "x"), QuantumRegister(1, "s")
    qc = QuantumCircuit(x, s, AncillaRegister(1, "anc"))
    qc.ccx(x[0], x[1], 3)
    qc.cx(3, s[0])
    qc.ccx(x[0], x[1], 3)
    return qc


def wide_ghz(n: int = 12) -> QuantumCircuit:
    """Its outputs are superpositions: one measured shot of two correct circuits can differ."""
    qc = QuantumCircuit(n)
    qc.h(0)
    for k in range(n - 1):
        qc.cx(k, k + 1)
        qc.t(k + 1)
    return qc


def same_with_hadamard_as_phases(qc: QuantumCircuit) -> QuantumCircuit:
    out = QuantumCircuit(qc.num_qubits)
    out.s(0)  # H = e^{iπ/4}·S·H·S·H·S... written here as H·S·S† (a different gate list)
    out.sdg(0)
    out.compose(qc, inplace=True)
    return out


def test_identical_circuits_are_proved():
    result = check_equivalent(adder_bit(), adder_bit())
    assert result.status == "proved" and "sum-over-paths" in result.method


def test_exact_unitary_decides_what_the_path_sum_cannot(monkeypatch):
    monkeypatch.setattr(equivalence, "pathsum_compare", lambda *args: "undecided")
    result = check_equivalent(adder_bit(), adder_bit())
    assert result.status == "proved" and "unitary" in result.method
    broken = adder_bit()
    broken.s(0)
    assert check_equivalent(adder_bit(), broken).status == "failed"


def test_a_dropped_gate_fails():
    broken = adder_bit()
    broken.data.pop(1)
    assert check_equivalent(adder_bit(), broken).status == "failed"


def test_a_dirty_ancilla_fails():
    broken = adder_bit()
    broken.data.pop(2)  # the uncompute
    assert check_equivalent(adder_bit(), broken).status == "failed"


def test_a_wrong_phase_fails():
    broken = adder_bit()
    broken.s(0)
    assert check_equivalent(adder_bit(), broken).status == "failed"


def test_superposition_outputs_are_proved_above_the_unitary_width():
    # the old basis check compared one measured shot: correct circuits with superposed
    # outputs failed (grover_5, qcla_com_7)
    qc = wide_ghz()
    result = check_equivalent(qc, same_with_hadamard_as_phases(qc))
    assert result.status == "proved"


def test_zx_proves_what_the_path_sum_leaves_open(monkeypatch):
    pytest.importorskip("pyzx")
    monkeypatch.setattr(equivalence, "pathsum_compare", lambda *args: "undecided")
    qc = wide_ghz()
    result = check_equivalent(qc, same_with_hadamard_as_phases(qc))
    assert result.status == "proved" and "ZX" in result.method


def test_a_wrong_phase_is_caught_above_the_unitary_width(monkeypatch):
    # the old check was phase-blind above 10 qubits: this passed
    broken = wide_ghz()
    broken.s(5)
    assert check_equivalent(wide_ghz(), broken).status == "failed"  # by the path sum
    monkeypatch.setattr(equivalence, "pathsum_compare", lambda *args: "undecided")
    result = check_equivalent(wide_ghz(), broken)
    assert result.status == "failed" and "random product states" in result.method


def test_a_wrong_phase_with_measurements_is_caught(monkeypatch):
    qc = wide_ghz(6)
    broken = wide_ghz(6)
    broken.z(3)
    monkeypatch.setattr(equivalence, "UNITARY_QUBITS", 2)
    measured = QuantumCircuit(6, 1)
    measured.compose(broken, inplace=True)
    measured.reset(0)  # not unitary: the ZX and unitary checks cannot apply
    original = QuantumCircuit(6, 1)
    original.compose(qc, inplace=True)
    original.reset(0)
    assert check_equivalent(original, measured).status == "failed"
    assert check_equivalent(original, original.copy()).status == "passed"


def test_undecided_is_not_passed(monkeypatch):
    qc = wide_ghz()
    other = wide_ghz()
    other.rz(0.3, 2)  # outside the ZX gate set
    other.rz(-0.3, 2)
    monkeypatch.setattr(equivalence, "SIMULATED_QUBITS", 8)
    result = check_equivalent(qc, other)
    assert result.status == "undecided" and not result.passed


def test_dropped_data_qubit_fails():
    qc = QuantumCircuit(QuantumRegister(2, "q"))
    qc.cx(0, 1)
    out = QuantumCircuit(QuantumRegister(1, "q"))
    out.metadata = {"qdl_origin": [0]}
    result = check_equivalent(qc, out)
    assert result.status == "failed" and "not scratch" in result.failures[0]


@pytest.mark.parametrize("zero", [True, False])
def test_zx_proof_closes_clean_wires(zero):
    from qdl.passes.verify_zx import zx_prove_equal

    pytest.importorskip("pyzx")
    a = QuantumCircuit(2)
    a.h(0)
    b = QuantumCircuit(2)
    b.h(0)
    b.cx(1, 0)  # harmless when wire 1 is |0⟩, wrong otherwise
    assert zx_prove_equal(a, b, frozenset({1}) if zero else frozenset()) is zero


def test_sampled_check_above_statevector_width_reads_ccz():
    # Aer's matrix-product-state method has no ccz: the check decomposed nothing and raised
    # (qcla_com_7 from the .qc suite, 24 wires); a CCZ and its H·CCX·H form now compare
    n = equivalence.STATEVECTOR_QUBITS + 2
    a = QuantumCircuit(n)
    a.h(range(n))
    a.ccz(0, 1, n - 1)
    b = QuantumCircuit(n)
    b.h(range(n))
    b.h(n - 1)
    b.ccx(0, 1, n - 1)
    b.h(n - 1)
    padded = equivalence.pad(a, b, frozenset(), frozenset())
    assert equivalence.check_states(padded, cases=2, seed=3).status == "passed"
    b.s(2)
    padded = equivalence.pad(a, b, frozenset(), frozenset())
    assert equivalence.check_states(padded, cases=2, seed=3).status == "failed"
