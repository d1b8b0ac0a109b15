"""chebyshev_series: DCD re-preparation by Clenshaw's recurrence, in place and garbage free."""

import numpy as np
import pytest
from pydantic import ValidationError

from qdl.circuits.dtm.qrom import QROM
from qdl.circuits.qam.clenshaw import ChebyshevSeries, chebyshev_value
from qdl.circuits.qam.constant_addition import ConstantAdder
from qdl.circuits.qam.mac import FixedPointMac, signed
from qdl.circuits.registry import lookup
from qdl.compiler.cli import main
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block

SMALL = [ChebyshevSeries(3, 1, (1,)), ChebyshevSeries(3, 1, (2, 5)),
         ChebyshevSeries(3, 2, (1, 7, 3))]


@pytest.mark.parametrize("block", SMALL + [ChebyshevSeries(6, 3, (9, 60, 3, 33, 1))])
def test_hierarchy_equals_circuit(block):
    assert block.cost() == count_circuit(build_circuit(block))


@pytest.mark.parametrize("block", SMALL)
def test_aer_every_t(block):
    result = verify_block(block)
    assert result.passed and "exhaustive" in result.method, result.failures


@pytest.mark.slow
def test_aer_every_t_four_bits():
    assert verify_block(ChebyshevSeries(4, 2, (3, 1, 15, 2))).passed


@pytest.mark.slow  # ~20 s: three inputs through six 8-bit macs on MPS
def test_aer_random_8_bits():
    result = verify_block(ChebyshevSeries(8, 4, (100, 40, 7)), random_cases=1)
    assert result.passed, result.failures


@pytest.mark.parametrize("n,f,r", [(16, 8, 16), (8, 4, 3), (12, 1, 1)])
def test_cost_is_2r_macs_and_constant_adders(n, f, r):
    coeffs = tuple(range(r))
    cost = ChebyshevSeries(n, f, coeffs).cost()
    macs = 2 * (r - 1) * FixedPointMac(n, f - 1).cost().and_ + 2 * FixedPointMac(n, f).cost().and_
    adds = 2 * sum(ConstantAdder(n, (c + 1) % (1 << n)).cost().and_ for c in coeffs)
    assert cost.and_ == macs + adds
    assert cost.qubits == 8 * n + 1


def test_against_the_n_word_table():
    """r = 16 at (16, 8): 132,000 T, below a QROM of the N-word reconstruction from N ≈ 33,000
    (a 224×224 image has 50,176 positions), with 129 qubits and T-depth 17,415."""
    cost = ChebyshevSeries(16, 8, (0,) * 16).cost()
    assert cost.t_count == 132_000 and cost.t_depth == 17_415 and cost.qubits == 129
    assert QROM(50_176, 16).cost().t_count == 200_696 > cost.t_count
    assert QROM(1 << 15, 16).cost().t_count < cost.t_count


def test_rounding_error_is_within_the_clenshaw_bound():
    """Each step floors once (δ ∈ (−1, 0] ulp) and the errors propagate like U_k(t), |U_k| ≤
    k + 1 on [−1, 1]: |error| ≤ r(r+1)/2 ulp against the exact series of the same quantized
    coefficients at the same quantized t."""
    rng = np.random.default_rng(3)
    n, f = 16, 10
    for r in (2, 5, 12):
        coeffs = [int(np.floor(x * 2 ** f + 0.5))
                  for x in rng.uniform(-0.5, 0.5, r) / np.arange(1, r + 1)]
        block = ChebyshevSeries(n, f, tuple(c % (1 << n) for c in coeffs))
        for t in range(-(1 << f), (1 << f) + 1, 37):
            got = signed(block.evaluate(t % (1 << n)), n)
            exact = chebyshev_value(np.array(coeffs, dtype=float), t / 2 ** f)
            assert abs(got - exact) <= r * (r + 1) / 2


def test_model_file(tmp_path, capsys):
    prim = lookup("chebyshev_series")
    assert prim.block(prim.params(bits=8, frac_bits=4, terms=3)) == ChebyshevSeries(8, 4, (0,) * 3)
    block = prim.block(prim.params(bits=8, frac_bits=4, coefficients=[0.5, -0.25]))
    assert block.coefficients == (8, 252)
    model = tmp_path / "c.yaml"
    model.write_text("name: c\nprimitive: chebyshev_series\nparams: {bits: 8, frac_bits: 0, "
                     "terms: 2}\n")
    assert main([str(model)]) == 2
    assert "frac_bits" in capsys.readouterr().err


@pytest.mark.parametrize("params, words", [
    ({"bits": 8, "frac_bits": 4, "terms": 1025}, "less than or equal to 1024"),
    ({"bits": 1 << 24, "frac_bits": 4, "terms": 2}, "bits × terms = 33,554,432 exceeds"),
    ({"bits": 8, "frac_bits": 4, "coefficients": [0.0] * 1025}, "1,025 coefficients"),
])
def test_declared_maxima_keep_counting_under_a_second(params, words):
    # counting is one block per term with n-bit constants (benchmarks/primitive_maxima.py)
    with pytest.raises(ValidationError, match=words):
        lookup("chebyshev_series").params(**params)
