"""State-preparation trees and diagonals: the states and phases they load."""

import numpy as np
import pytest
from qiskit.quantum_info import Operator

from qdl.circuits.qlam.loaders import diagonal, index_width, prepare_tree, prepare_weights
from qdl.circuits.qlam.program import Program
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import fold_global_phase


def unitary(prog):
    return Operator(fold_global_phase(prog.circuit())).data


@pytest.mark.parametrize("n,w", [(1, 0), (3, 0), (2, 2), (3, 1)])
def test_tree_prepares_each_selected_signed_vector(n, w):
    table = np.random.default_rng(n + w).normal(size=(1 << w, 1 << n))
    prog = Program(n + w)
    prepare_tree(prog, list(range(n)), list(range(n, n + w)), table)
    u = unitary(prog)
    for s in range(1 << w):
        want = np.zeros(1 << (n + w))
        want[(s << n) + np.arange(1 << n)] = table[s] / np.linalg.norm(table[s])
        assert np.allclose(u[:, s << n], want)
    assert prog.cost() == count_circuit(prog.circuit())
    assert prog.cost().rotations == (1 << w) * ((1 << n) - 1)  # 2^w (2^n − 1)


def test_tree_adjoint_undoes_it():
    table = np.random.default_rng(1).normal(size=(1, 8))
    prog = Program(3)
    prepare_tree(prog, [0, 1, 2], (), table)
    prepare_tree(prog, [0, 1, 2], (), table, adjoint=True)
    assert np.allclose(unitary(prog), np.eye(8))


@pytest.mark.parametrize("m", [1, 2, 4])
def test_diagonal_loads_phases_including_the_global_one(m):
    phases = np.random.default_rng(m).uniform(-np.pi, np.pi, 1 << m)
    prog = Program(m)
    diagonal(prog, list(range(m)), phases)
    assert np.allclose(unitary(prog), np.diag(np.exp(1j * phases)))
    assert prog.cost().rotations == (1 << m) - 1


def test_weights_and_index_width():
    assert [index_width(k) for k in (1, 2, 3, 4, 5, 9)] == [1, 1, 2, 2, 3, 4]
    prog = Program(2)
    amps = np.sqrt([0.5, 0.3, 0.2])
    prepare_weights(prog, [0, 1], amps)
    assert np.allclose(unitary(prog)[:, 0], list(amps) + [0])
