"""Toffoli → temporary AND: rewrites exactly the Toffolis whose target is provably 0 or a·b."""

import warnings

from qiskit import QuantumCircuit, QuantumRegister
from qiskit.circuit import AncillaRegister
from qiskit.circuit.library import VBERippleCarryAdder

from qdl.passes.circuit_count import count_circuit
from qdl.passes.equivalence import check_equivalent
from qdl.passes.flatten import flatten
from qdl.passes.temporary_and import ToffoliToTemporaryAnd, classify_toffolis


def and_pair(target_register=AncillaRegister, between=None) -> QuantumCircuit:
    """out ^= a·b through a temporary t: ccx(a, b, t); cx(t, out); ccx(a, b, t)."""
    data, out = QuantumRegister(2, "x"), QuantumRegister(1, "out")
    t = target_register(1, "t")
    qc = QuantumCircuit(data, out, t)
    qc.ccx(data[0], data[1], t[0])
    qc.cx(t[0], out[0])
    if between:
        between(qc, data, t)
    qc.ccx(data[0], data[1], t[0])
    return qc


def test_pair_becomes_and_plus_measured_uncompute():
    qc = and_pair()
    out = ToffoliToTemporaryAnd().transform(qc)
    before, after = count_circuit(qc), count_circuit(out)
    assert (before.toffoli, before.t_count) == (2, 8)
    assert (after.toffoli, after.and_, after.measurements, after.t_count) == (0, 1, 1, 4)
    assert check_equivalent(qc, out).passed  # exhaustive over x and out


def test_target_that_is_not_clean_is_left_alone():
    # a data qubit's input value is unknown: it must never be taken for |0⟩ (DESIGN §2)
    qc = and_pair(target_register=QuantumRegister)
    assert classify_toffolis(qc, frozenset()) == {}


def test_control_changed_in_between_blocks_the_uncompute():
    qc = and_pair(between=lambda qc, data, t: qc.cx(data[1], data[0]))
    kinds = classify_toffolis(qc, frozenset({3}))
    assert list(kinds.values()) == ["compute"]  # the second Toffoli no longer sees t = a·b
    out = ToffoliToTemporaryAnd().transform(qc)
    assert count_circuit(out).toffoli == 1
    assert check_equivalent(qc, out).passed


def test_vbe_carries_are_found_through_the_intermediate_toffoli():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        qc = flatten(VBERippleCarryAdder(3))
    out = ToffoliToTemporaryAnd().transform(qc)
    before, after = count_circuit(qc), count_circuit(out)
    assert after.and_ == 2 and after.measurements == 2  # carries c1, c2 (helper ancillas)
    assert after.t_count == before.t_count - 8
    assert check_equivalent(qc, out).passed
