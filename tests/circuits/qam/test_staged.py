import pytest

from qdl.circuits.qam._fixed_point import FloorGuess, LeadingOneGuess, Reflect, XorConstant
from qdl.circuits.qam._staged import Fanout, Sync, inverse
from qdl.circuits.qam.addition import GidneyAdder
from qdl.circuits.qam.constant_addition import ConstantAdder
from qdl.circuits.qam.multiplication import SchoolbookMultiplier
from qdl.circuits.qam.subtraction import GidneySubtractor
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block

GUESSES = [LeadingOneGuess(4, (3, 2, 1, 0)), LeadingOneGuess(4, (3, 2, 2, 1)),
           LeadingOneGuess(3, (-1, 2, 0)), LeadingOneGuess(1, (0,))]


@pytest.mark.parametrize("block", GUESSES + [Reflect(4, 8), Reflect(3, 6), Sync(4),
                                             Fanout(3), XorConstant(4, 0b1011),
                                             XorConstant(3, 0b101, controlled=True)])
def test_helpers_exhaustive_on_aer(block):
    result = verify_block(block)
    assert result.passed, result.failures


@pytest.mark.parametrize("n", [2, 5, 9])
def test_guess_cost_formula(n):
    block = LeadingOneGuess(n, tuple(n - 1 - i for i in range(n)))
    cost = block.cost()
    assert cost == count_circuit(build_circuit(block))
    assert (cost.and_, cost.t_depth, cost.toffoli_depth, cost.qubits) == (
        n - 1, n, n - 1, 3 * n - 1)


def test_guess_rejects_scattered_positions():
    with pytest.raises(ValueError, match="interval"):
        LeadingOneGuess(3, (1, 0, 1)).cost()


def test_inverses():
    assert inverse(SchoolbookMultiplier(3, 2)) == SchoolbookMultiplier(3, 2, True)
    assert inverse(ConstantAdder(4, 3)) == ConstantAdder(4, 13)
    assert inverse(GidneyAdder(4)) == GidneySubtractor(4)
    assert inverse(GidneySubtractor(4)) == GidneyAdder(4)
    assert inverse(Reflect(4, 8)) == Reflect(4, 8)
    with pytest.raises(TypeError):
        inverse(Sync(2).__class__.__mro__[1]())  # the Block base has no known inverse


def test_floor_guess_counts_as_its_listed_exponents():
    """FloorGuess (reciprocal's and inv_sqrt's rule) counts in O(1) what the listed form
    counts from its intervals, for every rule near the format's edges."""
    for n in range(1, 12):
        for base in range(-2, 2 * n + 2):
            for shift in range(-n - 1, 3):
                for step in (1, 2, 3):
                    rule = FloorGuess(n, base, shift, step)
                    listed = LeadingOneGuess(n, tuple(rule.exponent(i) for i in range(n)))
                    assert rule.cost() == listed.cost()
                    assert all(rule.guess(x) == listed.guess(x) for x in range(1 << min(n, 6)))


def test_floor_guess_equals_its_circuit():
    for rule in (FloorGuess(6, 5, 0, 1), FloorGuess(7, 3, -2, 2)):
        assert rule.cost() == count_circuit(build_circuit(rule))
        assert verify_block(rule).passed
