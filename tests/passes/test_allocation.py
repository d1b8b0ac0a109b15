"""Ancilla reuse: released (reset) ancillas carry later lifetimes; data qubits never move."""

from qiskit import QuantumCircuit, QuantumRegister
from qiskit.circuit import AncillaRegister

from qdl.passes.allocation import reuse_ancillas
from qdl.passes.equivalence import check_equivalent
from qdl.passes.flatten import clean_qubits
from qdl.passes.temporary_and import ToffoliToTemporaryAnd


def two_sequential_ands() -> QuantumCircuit:
    """out0 ^= x0·x1 then out1 ^= x1·x2, each through its own ancilla register."""
    x, out = QuantumRegister(3, "x"), QuantumRegister(2, "out")
    t1, t2, idle = AncillaRegister(1, "t1"), AncillaRegister(1, "t2"), AncillaRegister(2, "idle")
    qc = QuantumCircuit(x, out, t1, t2, idle)
    for (a, b), t, o in (((x[0], x[1]), t1[0], out[0]), ((x[1], x[2]), t2[0], out[1])):
        qc.ccx(a, b, t)
        qc.cx(t, o)
        qc.ccx(a, b, t)
    return qc


def test_lifetimes_share_one_physical_ancilla_after_measured_uncompute():
    qc = two_sequential_ands()
    with_resets = ToffoliToTemporaryAnd().transform(qc)
    packed = reuse_ancillas(with_resets, clean_qubits(with_resets))
    assert (qc.num_qubits, packed.num_qubits) == (9, 6)  # t1, t2 → one; idle ones dropped
    assert [r.name for r in packed.qregs] == ["x", "out", "anc"]
    assert check_equivalent(qc, packed).passed


def test_without_resets_nothing_is_shared():
    qc = two_sequential_ands()
    packed = reuse_ancillas(qc, clean_qubits(qc))
    assert packed.num_qubits == 7  # only the two idle ancillas go: no reset, no reuse
    assert check_equivalent(qc, packed).passed
