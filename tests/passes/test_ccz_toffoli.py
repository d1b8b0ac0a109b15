"""H·CCZ·H read back as a Toffoli: exact, and what lets the AND pass see PyZX's `tof`."""

from qiskit import QuantumCircuit

from qdl.passes.ccz_toffoli import ccz_to_toffolis
from qdl.passes.circuit_count import count_circuit
from qdl.passes.equivalence import check_equivalent
from qdl.passes.temporary_and import ToffoliToTemporaryAnd


def _tof_as_ccz() -> QuantumCircuit:
    qc = QuantumCircuit(4)
    qc.h(2)
    qc.x(3)               # another wire: commutes, may sit between
    qc.ccz(0, 1, 2)
    qc.cx(0, 3)
    qc.h(2)
    return qc


def test_h_ccz_h_becomes_ccx_exactly():
    qc = _tof_as_ccz()
    out = ccz_to_toffolis(qc)
    names = [i.operation.name for i in out.data]
    assert names.count("ccx") == 1 and "ccz" not in names and "h" not in names
    ccx = next(i for i in out.data if i.operation.name == "ccx")
    assert out.find_bit(ccx.qubits[2]).index == 2  # the wire between the H's is the target
    assert count_circuit(out).toffoli == count_circuit(qc).toffoli
    assert check_equivalent(qc, out).status == "proved"


def test_ccz_without_hadamards_on_both_sides_is_left_alone():
    qc = QuantumCircuit(3)
    qc.h(2)
    qc.ccz(0, 1, 2)
    qc.t(2)
    qc.h(2)
    assert ccz_to_toffolis(qc) is qc


def test_and_pass_finds_a_clean_target_behind_hadamards():
    qc = QuantumCircuit(3)
    for _ in range(2):  # compute a·b into the clean wire 2, then uncompute it
        qc.h(2)
        qc.ccz(0, 1, 2)
        qc.h(2)
    out = ToffoliToTemporaryAnd(clean=[2]).transform(qc)
    cost = count_circuit(out)
    assert (cost.and_, cost.toffoli, cost.measurements) == (1, 0, 1)
    # no clean wire: nothing to gain, the input comes back untouched
    assert ToffoliToTemporaryAnd(clean=[]).transform(qc) is qc
