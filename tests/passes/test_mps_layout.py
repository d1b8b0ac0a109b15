"""The first-touch wire layout used for basis-state runs on Aer's MPS method."""

from __future__ import annotations

import numpy as np
from qiskit import ClassicalRegister, QuantumCircuit
from qiskit_aer import AerSimulator

from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.mps_layout import MPS_OPTIONS, first_touch_layout, first_touch_order
from qdl.passes.verify import _basis_circuit, expand_for_aer, run_basis_cases


def test_order_follows_first_multi_qubit_gate():
    qc = QuantumCircuit(6)
    qc.x(5)  # single-qubit gates do not place a wire
    qc.cx(4, 1)
    qc.ccx(1, 3, 0)
    assert first_touch_order(qc) == [4, 1, 3, 0, 2, 5]


def test_measurements_keep_their_classical_bits():
    qc = QuantumCircuit(3)
    qc.add_register(ClassicalRegister(3, "out"))
    qc.x(2)
    qc.cx(2, 0)
    qc.measure([0, 1, 2], [0, 1, 2])
    moved = first_touch_layout(qc)
    assert moved.cregs == qc.cregs
    counts = AerSimulator(**MPS_OPTIONS).run(moved, shots=1).result().get_counts()
    assert counts == {"101": 1}  # wires 0 and 2 set, read in the original clbit order


def test_adder_runs_identically_in_both_layouts():
    """A 24-bit adder with its measurement-based uncompute (mid-circuit measurements and
    conditional CZs): the relaid circuit gives the same bits as the original, case by case."""
    prim = lookup("add")
    block = prim.block(prim.params(bits=24))
    body = expand_for_aer(build_circuit(block))
    rng = np.random.default_rng(7)
    sim = AerSimulator(method="matrix_product_state")
    for _ in range(3):
        case = {"a": int(rng.integers(1 << 24)), "b": int(rng.integers(1 << 24))}
        qc = _basis_circuit(body, block, case)
        plain = sim.run(qc, shots=1, seed_simulator=5).result().get_counts()
        moved = AerSimulator(**MPS_OPTIONS).run(first_touch_layout(qc), shots=1,
                                                seed_simulator=5).result().get_counts()
        assert plain == moved
    (got, dirty), = run_basis_cases(block, body, [case], seed=5)
    assert got == block.reference(**case) and not dirty


def test_the_body_order_is_the_basis_circuits_order():
    """run_basis_cases lays every case out by its body's order: the input X gates and the
    measurements added around the body are single-qubit and do not change it."""
    prim = lookup("add")
    block = prim.block(prim.params(bits=5))
    body = expand_for_aer(build_circuit(block))
    qc = _basis_circuit(body, block, {"a": 9, "b": 22})
    assert first_touch_order(qc) == first_touch_order(body)
