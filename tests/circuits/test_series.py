"""Affine runs (qdl.circuits.series): the families summed in closed form are affine over the
sizes they are used at, and a run's sum equals the members' costs added one by one."""

import pytest

from qdl.circuits.cost import DEPTHS
from qdl.circuits.qam.addition import GidneyAdder
from qdl.circuits.qam.controlled_addition import ControlledAdder
from qdl.circuits.qam.subtraction import GidneySubtractor
from qdl.circuits.series import leaf_counts, run_sum

FAMILIES = {  # family → the smallest size from which it is affine (as its users assume)
    "gidney_adder": (GidneyAdder, 2),
    "gidney_subtractor": (GidneySubtractor, 2),
    "controlled_adder": (lambda k: ControlledAdder(k, carry_out=True), 1),
}


@pytest.mark.parametrize("name", FAMILIES)
def test_families_are_affine_in_their_size(name):
    """Second differences of every leaf count, depth and ancilla count vanish."""
    family, low = FAMILIES[name]
    profiles = []
    for k in range(low, low + 40):
        block = family(k)
        cost = block.cost()
        profile = {("leaf", b): m for b, m in leaf_counts(block).items()}
        profile.update({f: getattr(cost, f) for f in DEPTHS})
        profile["ancillas"] = cost.qubits - block.signature.width
        profiles.append(profile)
    for a, b, c in zip(profiles, profiles[1:], profiles[2:]):
        for key in a.keys() | b.keys() | c.keys():
            assert a.get(key, 0) - 2 * b.get(key, 0) + c.get(key, 0) == 0, key


@pytest.mark.parametrize("name", FAMILIES)
@pytest.mark.parametrize("first,step,count", [(2, 1, 1), (2, 1, 2), (3, 1, 17), (40, -2, 19),
                                              (41, -3, 13), (5, 4, 6)])
def test_run_sum_equals_the_members_added(name, first, step, count):
    family, low = FAMILIES[name]
    run = run_sum(family, first, step, count)
    leaves, depths, widest = {}, dict.fromkeys(DEPTHS, 0), 0
    for j in range(count):
        block = family(first + step * j)
        for leaf, mult in leaf_counts(block).items():
            leaves[leaf] = leaves.get(leaf, 0) + mult
        for f in DEPTHS:
            depths[f] += getattr(block.cost(), f)
        widest = max(widest, block.cost().qubits - block.signature.width)
    assert run.leaves == leaves and run.depths == depths and run.ancillas == widest
    assert run.count == count


def test_run_sum_refuses_a_family_that_is_not_affine():
    """GidneyAdder(1) is a lone CNOT: a run from width 1 is not affine, and its ends say so."""
    with pytest.raises(ValueError, match="not affine"):
        run_sum(GidneyAdder, 1, 1, 9)
