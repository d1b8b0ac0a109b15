import pytest

from qdl.circuits import builder as builder_module
from qdl.circuits.qam.addition import CuccaroAdder, GidneyAdder
from qdl.circuits.registry import lookup
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block

SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 16, 32, 64]


@pytest.mark.parametrize("adder", [GidneyAdder, CuccaroAdder])
@pytest.mark.parametrize("n", SIZES)
def test_hierarchical_cost_equals_circuit_cost_on_every_field(adder, n):
    block = adder(n)
    assert block.cost().differences(count_circuit(build_circuit(block))) == {}


@pytest.mark.parametrize("n", SIZES)
def test_gidney_literature_costs(n):
    cost = GidneyAdder(n).cost()
    assert cost.t_count == 4 * n - 4  # Gidney 2018, abstract and §3
    assert cost.and_ == n - 1 and cost.toffoli == 0 and cost.t == 0
    assert cost.measurements == n - 1  # every AND uncomputed by measurement
    assert cost.qubits == (3 * n - 1 if n > 1 else 2)


@pytest.mark.parametrize("n", SIZES)
def test_cuccaro_literature_costs(n):
    cost = CuccaroAdder(n).cost()
    assert cost.toffoli == 2 * n - 2  # Cuccaro et al. 2004, mod 2^n without carry-out
    assert cost.qubits == (2 * n + 1 if n > 1 else 2)  # one ancilla


@pytest.mark.parametrize("adder", [GidneyAdder, CuccaroAdder])
@pytest.mark.parametrize("n", [1, 2, 3, 4, 8, 16, 32, 64])
def test_adders_compute_a_plus_b_on_aer(adder, n):
    result = verify_block(adder(n))
    assert result.passed, result.failures
    exhaustive = n <= 4
    assert ("exhaustive" in result.method) == exhaustive
    assert result.cases == (4**n if exhaustive else 18)
    assert ("phase check" in result.method) == exhaustive


def test_gidney_t_depth_beats_cuccaro():
    assert GidneyAdder(32).cost().t_depth == 32
    assert CuccaroAdder(32).cost().t_depth == 6 * 31


def test_counting_a_huge_adder_never_builds(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("counting must not build a circuit")

    monkeypatch.setattr(builder_module.Builder, "__init__", refuse)
    cost = lookup("add").block(lookup("add").params(bits=100_000)).cost()
    assert cost.t_count == 4 * 100_000 - 4


def test_registry_entry_defaults_to_gidney():
    prim = lookup("add")
    assert isinstance(prim.block(prim.params(bits=8)), GidneyAdder)
    assert isinstance(prim.block(prim.params(bits=8, variant="cdkm")), CuccaroAdder)
