"""Gate programs: controlled forms, repeats, and both faces agreeing."""

import numpy as np
import pytest
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


@pytest.mark.parametrize("count", [3, 5, 16])
def test_repeat_counts_like_the_unrolled_program(count):
    def grow(prog):
        with prog.when_equal([0, 1], 2):
            prog.mux("ry", [2], 3, np.array([0.3, np.pi / 4]))
            prog.cx(3, 2)

    folded, unrolled = Program(4), Program(4)
    with folded.controlled(1):
        folded.repeat(count, lambda: grow(folded))
    with unrolled.controlled(1):
        for _ in range(count):
            grow(unrolled)
    assert any(op[0] == "repeat" for op in folded.ops)
    assert folded.cost() == unrolled.cost() == count_circuit(folded.circuit())
