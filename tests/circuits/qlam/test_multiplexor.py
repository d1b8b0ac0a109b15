"""Multiplexed rotations: angle transform, and cost from angles == cost from the circuit."""

import math

import numpy as np
import pytest

from qdl.circuits.qlam.multiplexor import (
    angle_kind, angle_kinds, control_order, gray_angles, walsh)
from qdl.circuits.qlam.program import Program
from qdl.passes.circuit_count import count_circuit


def test_walsh_is_the_hadamard_transform():
    v = np.arange(8.0)
    h = np.array([[(-1) ** bin(c & m).count("1") for c in range(8)] for m in range(8)])
    assert np.allclose(walsh(v), h @ v)


@pytest.mark.parametrize("k", [1, 2, 3])
def test_gray_sequence_applies_theta_c_for_each_control_value(k):
    theta = np.random.default_rng(k).uniform(-3, 3, 1 << k)
    phi = gray_angles(theta)
    order = control_order(k)
    for c in range(1 << k):
        flips, total = 0, 0.0
        for i in range(1 << k):  # rotation i sees the parity of the CNOTs before it
            total += phi[i] * (-1) ** flips
            flips ^= (c >> order[i]) & 1
        assert flips == 0 and total == pytest.approx(theta[c])


def test_angle_kinds_follow_circuit_count():
    kinds = angle_kinds(np.array([0.0, math.pi / 4, math.pi / 2, 0.3, -3 * math.pi / 4]))
    assert kinds[0].tolist() == [False, True, False, False, True]
    assert kinds[1].tolist() == [False, False, False, True, False]


ANGLES = ([j * math.pi / 4 for j in range(-9, 10)] + [j * math.pi / 4 + 5e-10 for j in (-3, 1, 2)]
          + [j * math.pi / 4 + 2e-9 for j in (-3, 1, 2)] + [2.5 * math.pi / 4, -0.5 * math.pi / 4]
          + list(np.random.default_rng(3).uniform(-20, 20, 40)) + [1e6 * math.pi / 4])


def test_one_angle_kind_is_the_array_rule():
    """The scalar fast path (single rotations' costs) classifies as angle_kinds does."""
    t_mask, r_mask = angle_kinds(np.array(ANGLES))
    assert [angle_kind(a) for a in ANGLES] == list(zip(t_mask.tolist(), r_mask.tolist()))
    assert angle_kind(float("nan")) is None


@pytest.mark.parametrize("angle", [0.0, math.pi / 4, -math.pi / 2, 0.3, None])
def test_single_rotation_cost_is_its_circuit(angle):
    from qdl.circuits.qlam.wire_gates import Mux

    theta = None if angle is None else np.array([angle])
    prog = Program(1)
    prog.raw_mux("ry", (), 0, theta)
    cost = Mux("ry", 0, theta).cost()
    assert cost == prog.cost() == count_circuit(prog.circuit())


@pytest.mark.parametrize("k", [0, 2, 4])
def test_mixed_angle_multiplexors_count_exactly(k):
    """Clifford, T and generic angles mixed: counts and every depth equal the circuit's."""
    rng = np.random.default_rng(10 + k)
    width = k + 2
    prog = Program(width)
    for rep in range(3):
        # multiples of π/4 (Clifford or T after the transform) and generic angles
        theta = rng.integers(-4, 5, 1 << k) * math.pi / 4 * (1 << k)
        theta[rng.random(1 << k) < 0.3] += rng.uniform(0.1, 1)
        prog.mux("ry", list(range(k)), k + (rep % 2), theta)
        prog.mux("rz", list(range(1, k + 1)), 0, None)
        prog.x(k + 1)
        prog.ccx(0, k, k + 1) if k else prog.cx(0, 1)
    assert prog.cost().differences(count_circuit(prog.circuit())) == {}
