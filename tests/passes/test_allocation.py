"""Ancilla reuse: released scratch wires carry later lifetimes, only when that saves width;
data and outputs never move."""

from qiskit import QuantumCircuit, QuantumRegister
from qiskit.circuit import AncillaRegister

from qdl.passes.allocation import ORIGIN, reuse_ancillas
from qdl.passes.equivalence import check_equivalent
from qdl.passes.flatten import clean_qubits
from qdl.passes.temporary_and import ToffoliToTemporaryAnd, toffolis_to_temporary_ands


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


def test_lifetimes_share_one_wire_after_measured_uncompute():
    qc = two_sequential_ands()
    with_resets = ToffoliToTemporaryAnd().transform(qc)
    packed = reuse_ancillas(with_resets, clean_qubits(with_resets))
    assert (qc.num_qubits, packed.num_qubits) == (9, 6)  # t1, t2 → one; idle ones dropped
    assert [r.name for r in packed.qregs] == ["x", "out", "t1"]
    assert packed.metadata[ORIGIN] == [0, 1, 2, 3, 4, 5]
    assert check_equivalent(qc, packed).passed


def test_without_resets_nothing_is_shared():
    qc = two_sequential_ands()
    packed = reuse_ancillas(qc, clean_qubits(qc))
    assert packed.num_qubits == 7  # only the two idle ancillas go: no reset, no reuse
    assert check_equivalent(qc, packed).passed


def test_no_width_saved_means_no_permutation():
    # the old pass moved anc[1]'s lifetime onto anc[0] although the width stayed 2+2
    x, anc = QuantumRegister(2, "x"), AncillaRegister(2, "anc")
    qc = QuantumCircuit(x, anc)
    qc.cx(x[0], anc[1])
    qc.cx(x[1], anc[0])
    qc.cx(anc[1], x[1])
    qc.cx(x[0], anc[1])
    qc.reset(anc[1])
    assert reuse_ancillas(qc, clean_qubits(qc)) is qc


def test_outputs_never_move():
    # res starts in |0⟩ and holds a result: clean, not scratch. Only scratch is packed.
    x, res, work = QuantumRegister(2, "x"), QuantumRegister(2, "res"), QuantumRegister(2, "w")
    qc = QuantumCircuit(x, res, work)
    for k in range(2):
        qc.ccx(x[0], x[1], work[k])
        qc.cx(work[k], res[k])
        qc.ccx(x[0], x[1], work[k])
    clean = frozenset(range(2, 6))
    scratch = frozenset({4, 5})
    anded = toffolis_to_temporary_ands(qc, clean)
    packed = reuse_ancillas(anded, scratch)
    assert packed.num_qubits == 5 and packed.metadata[ORIGIN] == [0, 1, 2, 3, 4]
    assert check_equivalent(qc, packed, clean=clean, scratch=scratch).passed
    # declared as outputs, the same wires are left where they are
    assert reuse_ancillas(anded, frozenset()) is anded


def test_scratch_qubits_inside_one_register():
    # OpenQASM files of the benchmark suite have one register q: scratch is a range of it
    q = QuantumRegister(5, "q")
    qc = QuantumCircuit(q)
    for t in (3, 4):
        qc.ccx(0, 1, t)
        qc.cx(t, 2)
        qc.ccx(0, 1, t)
    scratch = frozenset({3, 4})
    packed = reuse_ancillas(toffolis_to_temporary_ands(qc, scratch), scratch)
    assert packed.num_qubits == 4 and packed.qregs[0].size == 4
    assert check_equivalent(qc, packed, clean=scratch).passed
    result = check_equivalent(qc, packed, clean=frozenset({3}), scratch=frozenset({3}))
    assert not result.passed  # q[4] is not declared scratch: it may not disappear
