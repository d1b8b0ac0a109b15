import pytest

from qdl.circuits.cost import rotation_t_count
from qdl.circuits.qam.qft_addition import DraperAdder
from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


@pytest.mark.parametrize("n", [*range(1, 9), 16, 31, 32, 33])
def test_hierarchical_cost_equals_circuit_count(n):
    block = DraperAdder(n)
    assert block.cost() == count_circuit(build_circuit(block))


@pytest.mark.parametrize("n", [2, 3, 16, 1024])
def test_draper_counts(n):
    cost = DraperAdder(n).cost()
    assert cost.t == 9 * (n - 1)  # the 3(n−1) controlled-S gates
    tiny = 9 * (n - 31) * (n - 30) // 2 if n > 31 else 0  # π/2^k, k ≥ 32: identity
    assert cost.rotations == 9 * (n - 1) * (n - 2) // 2 - tiny
    assert cost.rotation_t == cost.rotations * rotation_t_count(1e-3)
    assert cost.clifford == 2 * n + n + 3 * n * (n - 1)
    assert cost.qubits == 2 * n and cost.measurements == 0 and cost.and_ == 0
    assert cost.t_depth == 4 * n - 2
    assert cost.rotation_depth == max(0, min(10 * n - 24, 8 * n + 38))


def test_precision_reaches_the_circuit_count():
    block = DraperAdder(6, rotation_eps=1e-6)
    built = build_circuit(block)
    assert built.metadata["rotation_eps"] == 1e-6
    assert block.cost() == count_circuit(built)
    assert block.cost().rotation_t == 9 * 5 * 4 // 2 * rotation_t_count(1e-6)


@pytest.mark.parametrize("n", [1, 2, 3, pytest.param(4, marks=pytest.mark.slow)])
def test_exhaustive_on_aer(n):
    result = verify_block(DraperAdder(n))
    assert result.passed, result.failures


@pytest.mark.parametrize("n", [16, 32])
def test_random_on_aer(n):
    result = verify_block(DraperAdder(n), random_cases=3)
    assert result.passed, result.failures


def test_registered_as_add_variant():
    prim = lookup("add")
    assert prim.block(prim.params(bits=5, variant="draper_qft", rotation_eps=1e-4)) == \
        DraperAdder(5, 1e-4)


def test_counts_at_the_declared_maximum_in_constant_children():
    # d ≥ 31 controlled phases are listed as their CX pairs: 2^24 bits count without 2^25 kids
    block = DraperAdder(1 << 24)
    assert len(block.children()) == 2 + 2 * 30 + 1
    n, tail = 1 << 24, (1 << 24) - 31
    assert block.cost().rotations == 9 * (n - 1) * (n - 2) // 2 - 9 * tail * (tail + 1) // 2
