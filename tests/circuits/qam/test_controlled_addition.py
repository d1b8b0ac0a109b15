
import pytest

from qdl.circuits.qam.addition import GidneyAdder
from qdl.circuits.qam.controlled_addition import ControlledAdder, ControlledCopy
from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


@pytest.mark.parametrize("n", [1, 2, 3, 8, 32, 1000])
def test_gidney_target_2n_minus_1_ands(n):
    cost = ControlledAdder(n).cost()
    assert cost.and_ == 2 * n - 1 and cost.toffoli == 0 and cost.t == 0
    assert cost.t_count == 8 * n - 4
    assert cost.t_depth == n + 1 and cost.qubits == 4 * n
    # n ANDs more than the plain adder it reuses
    assert cost.and_ - GidneyAdder(n).cost().and_ == n


def test_carry_out_row_costs_2n_ands():
    assert ControlledAdder(7, carry_out=True).cost().and_ == 14
    assert ControlledAdder(7, carry_out=True).cost().qubits == 4 * 7 + 3
    sub = ControlledAdder(7, subtract=True).cost()
    add = ControlledAdder(7).cost()
    assert sub.t_count == add.t_count and sub.clifford == add.clifford + 14


@pytest.mark.parametrize("n", [1, 2, 3, 5, 9])
@pytest.mark.parametrize("carry_out,subtract", [(False, False), (True, False), (True, True)])
def test_hierarchy_equals_circuit_on_every_field(n, carry_out, subtract):
    block = ControlledAdder(n, carry_out, subtract)
    assert block.cost() == count_circuit(build_circuit(block))


@pytest.mark.parametrize("uncompute", [False, True])
def test_controlled_copy_counts(uncompute):
    block = ControlledCopy(5, uncompute)
    assert block.cost() == count_circuit(build_circuit(block))


@pytest.mark.parametrize("block", [ControlledAdder(1), ControlledAdder(2), ControlledAdder(3),
                                   ControlledAdder(3, carry_out=True, subtract=True),
                                   ControlledAdder(2, carry_out=True), ControlledCopy(3)])
def test_aer_exhaustive(block):
    result = verify_block(block)
    assert result.passed, result.failures
    assert "exhaustive" in result.method


def test_aer_random_16_bits():
    result = verify_block(ControlledAdder(16), random_cases=6)
    assert result.passed, result.failures


def test_registry_and_counting_work(python_calls):
    prim = lookup("ctrl_add")
    block = prim.block(prim.params(bits=1 << 20))
    calls, cost = python_calls(block.cost)  # closed form: a few hundred calls, not 2^20
    assert cost.and_ == 2 * (1 << 20) - 1
    assert calls < 5_000
