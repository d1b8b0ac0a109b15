import pytest

from qdl.circuits.builder import Builder
from qdl.circuits.cost import rotation_t_count
from qdl.circuits.rotations import IDENTITY_POWER, ControlledPhase, PhaseRotation
from qdl.passes.circuit_count import count_circuit


def built(block):
    bb = Builder()
    wires = {r.name: bb.alloc(r.width) for r in block.signature}
    block.build(bb, **wires)
    return bb.to_circuit(block.signature, wires)


@pytest.mark.parametrize("power", [0, 1, 2, 3, 10, IDENTITY_POWER - 1, IDENTITY_POWER, 40])
@pytest.mark.parametrize("negative", [False, True])
def test_dyadic_classification_matches_the_circuit_count(power, negative):
    block = PhaseRotation(power, negative)
    assert block.cost() == count_circuit(built(block))


def test_kinds():
    assert PhaseRotation(1).cost().clifford == 1
    assert PhaseRotation(2, True).cost().t == 1
    assert PhaseRotation(5, rotation_eps=1e-6).cost().rotation_t == rotation_t_count(1e-6)
    assert PhaseRotation(IDENTITY_POWER).cost().clifford == 0


@pytest.mark.parametrize("power", [0, 1, 2, 7, IDENTITY_POWER - 2, IDENTITY_POWER - 1, 40])
def test_controlled_phase_costs_and_depth(power):
    block = ControlledPhase(power)
    assert block.cost() == count_circuit(built(block))
    if power == 1:
        assert block.cost().t == 3 and block.cost().t_depth == 2
    if power >= IDENTITY_POWER - 1:  # halves by π/2^32 and finer: two CX, no rotation layer
        assert block.cost().rotations == block.cost().rotation_depth == 0
    elif power >= 2:
        assert block.cost().rotations == 3 and block.cost().rotation_depth == 2
