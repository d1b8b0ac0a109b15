"""Gate programs: controlled forms, repeats, and both faces agreeing."""

import numpy as np
import pytest
from qiskit.quantum_info import Operator

from qdl.circuits.qlam.loaders import diagonal, prepare_tree
from qdl.circuits.qlam.program import Program
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import expand_for_aer, fold_global_phase
from qdl.passes.verify_unitary import encoded_block


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
    got, _ = encoded_block(expand_for_aer(qc), 16, 16, seed=3)
    want = np.zeros((16, 16), dtype=complex)
    want[:8, :8] = np.eye(8)
    want[8:, 8:] = u
    assert np.allclose(got, want, atol=1e-10)


@pytest.mark.parametrize("controlled", [False, True])
def test_replay_and_its_inverse(controlled):
    """Replaying a program then its inverse is the identity; both count like their circuit."""
    inner = Program(3)
    body(inner, [0, 1, 2])
    with inner.when_equal([0, 1], 1):
        inner.x(2)
    inner.repeat(3, lambda: inner.mux("ry", [0], 2, np.array([0.4, 1.3])))
    prog = Program(4)
    if controlled:
        with prog.controlled(3):
            prog.replay(inner.ops, [0, 1, 2])
            prog.replay(inner.ops, [0, 1, 2], inverse=True)
    else:
        prog.replay(inner.ops, [0, 1, 2])
        prog.replay(inner.ops, [0, 1, 2], inverse=True)
    qc = prog.circuit()
    assert prog.cost().differences(count_circuit(qc)) == {}
    got, _ = encoded_block(expand_for_aer(qc), 16, 16, seed=2)
    assert np.allclose(got, np.eye(16), atol=1e-10)
