"""Gate programs: controlled forms, repeats, and both faces agreeing."""

import numpy as np
from qiskit.quantum_info import Operator

from qdl.circuits.qlam.loaders import diagonal, prepare_tree
from qdl.circuits.qlam.program import Program
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import expand_for_aer
from qdl.passes.verify_unitary import encoded_block, fold_global_phase


def body(prog, wires):
    rng = np.random.default_rng(5)
    diagonal(prog, wires[:3], rng.uniform(-3, 3, 8))
    prepare_tree(prog, wires[:2], [wires[2]], rng.normal(size=(2, 4)))
    prog.swap(wires[0], wires[1])
    prog.h(wires[2])
    prog.ccx(wires[0], wires[1], wires[2])
    prog.global_phase(0.7)


def test_controlled_program_is_the_controlled_unitary():
    plain = Program(3)
    body(plain, [0, 1, 2])
    u = Operator(fold_global_phase(plain.circuit())).data
    ctrl = Program(4)
    with ctrl.controlled(3):
        body(ctrl, [0, 1, 2])
    qc = ctrl.circuit()
    assert ctrl.cost().differences(count_circuit(qc)) == {}
    got, _ = encoded_block(fold_global_phase(expand_for_aer(qc)), 16, 16, seed=3)
    want = np.zeros((16, 16), dtype=complex)
    want[:8, :8] = np.eye(8)
    want[8:, 8:] = u
    assert np.allclose(got, want, atol=1e-10)
