import pytest

from qdl.circuits.qam.activation import ReLU
from qdl.circuits.registry import lookup
from qdl.compiler.cli import main
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


@pytest.mark.parametrize("n", [1, 2, 3, 6, 16, 32])
def test_hierarchical_cost_equals_circuit_count(n):
    block = ReLU(n)
    assert block.cost() == count_circuit(build_circuit(block))


@pytest.mark.parametrize("n", [2, 8, 32])
def test_n_minus_1_ands(n):
    cost = ReLU(n, 3 if n > 3 else 0).cost()
    assert cost.and_ == n - 1 and cost.t_count == 4 * n - 4 and cost.measurements == 0
    assert cost.t_depth == n and cost.qubits == 2 * n


@pytest.mark.parametrize("n", [1, 2, 4])
def test_exhaustive_on_aer(n):
    result = verify_block(ReLU(n))
    assert result.passed, result.failures


@pytest.mark.parametrize("n", [16, 32])
def test_random_on_aer(n):
    result = verify_block(ReLU(n, 8), random_cases=4)
    assert result.passed, result.failures


def test_reference_is_max_with_zero_in_twos_complement():
    relu = ReLU(4)
    assert relu.reference(x=5, y=0) == {"x": 5, "y": 5}
    assert relu.reference(x=0b1011, y=0) == {"x": 0b1011, "y": 0}  # −5 → 0


def test_registered_as_relu():
    prim = lookup("relu")
    assert prim.block(prim.params(bits=8, frac_bits=4)) == ReLU(8, 4)


def test_frac_bits_not_below_bits_is_a_located_error(tmp_path, capsys):
    model = tmp_path / "relu.yaml"
    model.write_text("name: r\nprimitive: relu\nparams: {bits: 4, frac_bits: 4}\n")
    assert main([str(model)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {model}:3:") and "frac_bits" in err
    assert len(err.splitlines()) == 1
