"""State-preparation trees and diagonals: the states and phases they load."""

import numpy as np
import pytest
from qiskit.quantum_info import Operator

from qdl.circuits.qlam.loaders import (diagonal, index_width, mux_rows, prepare_tree,
                                      prepare_weights)
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


@pytest.mark.parametrize("k, live, controlled", [(3, 5, False), (3, 3, False), (4, 13, False),
                                                  (2, 1, False), (3, 6, True), (3, 8, False)])
def test_mux_rows_applies_the_live_angles_with_live_rotations(k, live, controlled):
    """R(θ_c) for every c < live, with live rotations (the binary digits of live); the
    angles it returns are those applied for every c, the free ones included."""
    theta = np.random.default_rng(k * 31 + live).uniform(-3, 3, 1 << k)
    prog = Program(k + 1 + controlled)
    if controlled:
        with prog.controlled(k + 1):
            eff = mux_rows(prog, "ry", list(range(k)), k, theta, live)
    else:
        eff = mux_rows(prog, "ry", list(range(k)), k, theta, live)
    assert np.allclose(eff[:live], theta[:live])
    u = unitary(prog)
    on = (1 << (k + 1)) if controlled else 0
    for c in range(1 << k):
        cos, sin = np.cos(eff[c] / 2), np.sin(eff[c] / 2)
        assert np.allclose(u[[c + on, c + on + (1 << k)], c + on], [cos, sin])
        if controlled:  # control off: the identity
            assert np.allclose(u[:, c], np.eye(len(u))[:, c])
    assert prog.cost() == count_circuit(prog.circuit())
    if not controlled:
        assert prog.cost().rotations == live


@pytest.mark.parametrize("n, w, rows", [(2, 2, 3), (3, 1, 2), (2, 3, 5)])
def test_tree_with_live_rows_prepares_them_with_rows_times_levels_rotations(n, w, rows):
    """Selector values s < rows get row s; R·(2^n − 1) rotations, with data and without."""
    table = np.random.default_rng(n + 7 * w).normal(size=(1 << w, 1 << n))
    prog = Program(n + w)
    prepare_tree(prog, list(range(n)), list(range(n, n + w)), table, rows=rows)
    u = unitary(prog)
    for s in range(rows):
        want = np.zeros(1 << (n + w))
        want[(s << n) + np.arange(1 << n)] = table[s] / np.linalg.norm(table[s])
        assert np.allclose(u[:, s << n], want)
    assert prog.cost() == count_circuit(prog.circuit())
    assert prog.cost().rotations == rows * ((1 << n) - 1)
    size_only = Program(n + w)
    prepare_tree(size_only, list(range(n)), list(range(n, n + w)), None, rows=rows)
    assert size_only.cost().rotations == rows * ((1 << n) - 1)
