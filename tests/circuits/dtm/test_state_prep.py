"""Amplitude state preparation: fidelity ≥ 1 − 1e−9 on Aer, exact counts both ways."""

import numpy as np
import pytest

from qdl.circuits.cost import rotation_t_count
from qdl.circuits.dtm.state_prep import StatePreparation
from qdl.circuits.registry import lookup
from qdl.compiler.cli import main
from qdl.passes.build import build_circuit
from qdl.passes.verify import verify_block
from qdl.passes.verify_state import state_fidelity


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_random_signed_vectors(n):
    x = tuple(float(v) for v in np.random.default_rng(n).normal(size=1 << n))
    result = verify_block(StatePreparation(n, x))
    assert result.passed, result.failures


@pytest.mark.parametrize("x", [(1.0, 1.0, 1.0, 1.0), (1.0, 0, 0, 0, 0, 0, 0, 1.0),
                               (0, 0, 1.0, -1.0, 2.0, 0, 0, 0)])
def test_special_angles_are_counted_as_the_circuit_counts_them(x):
    n = len(x).bit_length() - 1
    assert verify_block(StatePreparation(n, x)).passed


@pytest.mark.parametrize("n", [2, 4, 20])
def test_generic_cost_formula(n):
    N = 1 << n
    cost = StatePreparation(n, rotation_eps=1e-6).cost()
    assert cost.rotations == N - 1 and cost.clifford == N - 2
    assert cost.rotation_t == (N - 1) * rotation_t_count(1e-6) == (N - 1) * 60
    assert cost.rotation_depth == N - n and cost.t_count == 0


def test_size_only_blocks_verify_at_three_sizes():
    for n in (2, 3, 5):
        assert verify_block(StatePreparation(n, rotation_eps=1e-4)).passed


def test_wrong_circuit_is_caught():
    good = StatePreparation(2, (1.0, 2.0, 3.0, 4.0))
    other = StatePreparation(2, (4.0, 3.0, 2.0, 1.0))
    assert state_fidelity(good, build_circuit(other)) < 0.9


def test_primitive_pads_and_validates(tmp_path, capsys):
    prim = lookup("state_prep")
    block = prim.block(prim.params(amplitudes=[1, 2, 3]))
    assert block.qubits_n == 2 and verify_block(block).passed
    model = tmp_path / "sp.yaml"
    model.write_text("name: s\nprimitive: state_prep\nparams:\n  amplitudes: [0, 0]\n")
    assert main([str(model)]) == 2
    assert "all zero" in capsys.readouterr().err
    model.write_text("name: s\nprimitive: state_prep\nparams:\n  size: 8\n  amplitudes: [1]\n")
    assert main([str(model)]) == 2
    assert "exactly one" in capsys.readouterr().err
    model.write_text("name: s\nprimitive: state_prep\nparams:\n  amplitudes: x.csv\n")
    (tmp_path / "x.csv").write_text("0.5,-0.5,0.5,0.5\n")
    assert main([str(model), "--verify"]) == 0
