import math

import pytest

from qdl.circuits.qam.addition import GidneyAdder
from qdl.circuits.qam.lookahead import LookaheadAdder, brent_kung, tree_size
from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


# every n to 17, then both sides of each depth step: S = ⌊log2(n−1)⌋ grows at n = 2^S + 1,
# the top down-sweep round appears at n − 1 = 3·2^{S−1}
@pytest.mark.parametrize("n", [*range(1, 18), 24, 25, 32, 33, 48, 49, 64, 65, 96, 97,
                               *(pytest.param(n, marks=pytest.mark.slow)
                                 for n in (128, 129, 192, 193, 256, 257))])
def test_closed_form_cost_equals_circuit_count(n):
    block = LookaheadAdder(n)
    assert block.cost() == count_circuit(build_circuit(block))


@pytest.mark.parametrize("leaves", [*range(1, 70), 383, 384, 1000, 1024])
def test_tree_size_counts_the_schedule(leaves):
    schedule = brent_kung(leaves)
    assert tree_size(leaves) == (len(schedule), sum(need_p for _, _, need_p in schedule))


def test_declared_maximum_counts_in_closed_form():
    # 2^24 bits: the plan would hold ~3·10^8 ops; the closed form needs no plan at all
    n = 1 << 24
    cost = LookaheadAdder(n).cost()
    combines, p_nodes = tree_size(n - 1)
    assert cost.and_ == 2 * (n - 1 + combines + p_nodes) and cost.t_count == 4 * cost.and_
    assert (cost.t_depth, cost.toffoli_depth) == (6 * 23 - 1 + 2, 6 * 23)  # S = 23, 3·2^22 ≤ L
    assert "plan" not in vars(LookaheadAdder(n))


def prefixes(leaves):
    """Run the combine schedule on blocks (start, end) and return each node's block."""
    node = [(k, k) for k in range(leaves)]
    for k, j, _ in brent_kung(leaves):
        assert node[j][1] + 1 == node[k][0], "combined blocks must be adjacent"
        node[k] = (node[j][0], node[k][1])
    return node


@pytest.mark.parametrize("leaves", [*range(1, 40), 127, 128, 1000])
def test_brent_kung_gives_every_prefix(leaves):
    assert prefixes(leaves) == [(0, k) for k in range(leaves)]


@pytest.mark.parametrize("n", [64, 256, 1024, 4096])
def test_t_depth_is_logarithmic(n):
    cost = LookaheadAdder(n).cost()
    assert cost.t_depth <= 6 * math.ceil(math.log2(n)) < GidneyAdder(n).cost().t_depth
    assert cost.toffoli == 0 and cost.and_ == cost.measurements  # every AND measured away


def test_t_count_known_values():
    # two Brent–Kung trees of ANDs: 8 T per tree node
    assert [LookaheadAdder(n).cost().t_count for n in (2, 3, 4, 8, 32)] == [8, 24, 40, 136, 840]


@pytest.mark.parametrize("n", [2, 3, pytest.param(4, marks=pytest.mark.slow)])
def test_exhaustive_on_aer(n):
    result = verify_block(LookaheadAdder(n))
    assert result.passed, result.failures


@pytest.mark.parametrize("n", [16, pytest.param(32, marks=pytest.mark.slow)])
def test_random_on_aer(n):
    result = verify_block(LookaheadAdder(n), random_cases=4)
    assert result.passed, result.failures


def test_registered_as_add_variant():
    prim = lookup("add")
    assert prim.block(prim.params(bits=9, variant="lookahead")) == LookaheadAdder(9)
