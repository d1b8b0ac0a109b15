"""Flattening is exact and the clean-qubit convention is the register one."""

import warnings

import pytest
from qiskit import QuantumCircuit, QuantumRegister
from qiskit.circuit import AncillaRegister, Gate
from qiskit.circuit.library import CDKMRippleCarryAdder
from qiskit.quantum_info import Operator

from qdl.errors import QdlError
from qdl.passes.flatten import KNOWN, clean_qubits, flatten


def test_flatten_inlines_library_gates_exactly():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        adder = CDKMRippleCarryAdder(2)
    flat = flatten(adder)
    assert {i.operation.name for i in flat.data} <= KNOWN
    assert "MAJ" not in flat.count_ops()
    assert Operator(flat) == Operator(adder)  # exact, global phase included


def test_clean_qubits_are_ancilla_registers_only():
    qc = QuantumCircuit(QuantumRegister(2, "x"), AncillaRegister(1, "helper"),
                        QuantumRegister(2, "anc"))
    assert clean_qubits(qc) == {2, 3, 4}


def test_gate_without_definition_is_an_error():
    qc = QuantumCircuit(1)
    qc.append(Gate("mystery", 1, []), [0])
    with pytest.raises(QdlError, match="mystery"):
        flatten(qc)
