"""The re-verification catches broken optimisations: wrong bits, and phases bits cannot see."""

from qiskit import QuantumCircuit, QuantumRegister
from qiskit.circuit import AncillaRegister

from qdl.passes.equivalence import check_basis, check_equivalent


def adder_bit() -> QuantumCircuit:
    x, s = QuantumRegister(2, "x"), QuantumRegister(1, "s")
    qc = QuantumCircuit(x, s, AncillaRegister(1, "anc"))
    qc.ccx(x[0], x[1], 3)
    qc.cx(3, s[0])
    qc.ccx(x[0], x[1], 3)
    return qc


def test_identical_circuits_pass_both_checks():
    result = check_equivalent(adder_bit(), adder_bit())
    assert result.passed and "unitary" in result.method and "exhaustive" in result.method


def test_a_dropped_gate_is_caught_on_basis_inputs():
    broken = adder_bit()
    broken.data.pop(1)
    assert not check_basis(adder_bit(), broken).passed


def test_a_dirty_ancilla_is_caught():
    broken = adder_bit()
    broken.data.pop(2)  # the uncompute
    result = check_basis(adder_bit(), broken)
    assert result.failures and "dirty" in result.failures[0]


def test_a_wrong_phase_is_caught_only_by_the_unitary_check():
    broken = adder_bit()
    broken.s(0)
    assert check_basis(adder_bit(), broken).passed
    assert not check_equivalent(adder_bit(), broken).passed
