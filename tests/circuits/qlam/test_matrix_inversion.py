"""Chebyshev-series matrix inversion over a block-encoding (circuits/qlam/matrix_inversion.py)."""

import math

import numpy as np
import pytest

from qdl.circuits.qlam.block_encoding import BlockEncodingParams, make_block_encoding
from qdl.circuits.qlam.matrix_inversion import (ChebyshevInverse, cks_coefficients,
                                                encoded_condition_number)
from qdl.passes.build import build_circuit
from qdl.passes.circuit_count import count_circuit
from qdl.passes.verify import verify_block


def test_alternating_product_is_the_chebyshev_singular_value_transform():
    """Π U (R U† R U)^k Π = T_{2k+1}^SV(A) for a generic unitary U (no Hermitian A needed)."""
    rng = np.random.default_rng(3)
    z = rng.normal(size=(8, 8)) + 1j * rng.normal(size=(8, 8))
    u, _ = np.linalg.qr(z)
    a = u[:4, :4]
    proj = np.diag([1.0] * 4 + [0.0] * 4)
    refl = 2 * proj - np.eye(8)
    w, s, vh = np.linalg.svd(a)
    v = u.copy()
    for k in range(5):
        want = (w * np.cos((2 * k + 1) * np.arccos(s))) @ vh
        assert np.allclose(v[:4, :4], want, atol=1e-12)
        v = v @ refl @ u.conj().T @ refl @ u


@pytest.mark.parametrize("kappa,eps", [(2.0, 1e-2), (5.0, 1e-3)])
def test_chebyshev_series_approximates_the_inverse_within_its_bound(kappa, eps):
    c, degree, bound = cks_coefficients(kappa, eps)
    x = np.concatenate([np.linspace(1 / kappa, 1, 200), -np.linspace(1 / kappa, 1, 200)])
    series = np.zeros(2 * len(c))
    series[1::2] = c
    err = np.abs(np.polynomial.chebyshev.chebval(x, series) - 1 / x).max()
    assert err <= bound <= eps
    assert degree == 2 * len(c) - 1


def _inverse(matrix, variant="dense", eps=1e-2):
    inner = make_block_encoding(BlockEncodingParams(variant=variant, matrix=matrix))
    return ChebyshevInverse(inner, eps)


def test_target_is_the_inverse_of_the_encoded_matrix_within_the_polynomial_error():
    a = np.array([[1.0, 0.0], [-0.7, 1.0]])  # one GD step: not Hermitian, not normal
    inv = _inverse(a.tolist())
    alpha = inv.inner.alpha
    assert inv.condition_number == pytest.approx(alpha / np.linalg.svd(a, compute_uv=False)[-1])
    # α'·(top-left block) = p(A†/α) ≈ (A/α)⁻¹, each singular value within the bound
    err = np.linalg.norm(inv.target() - alpha * np.linalg.inv(a), 2)
    assert err <= inv.polynomial_error_bound
    assert inv.calls == 1 + 2 * ((1 << inv.index_bits) - 1)


def test_built_circuit_encodes_the_polynomial_and_counts_match():
    """verify_block: hierarchy == circuit on every field, and α'·(top-left block) of the
    circuit as built (measured uncomputes included) equals p(A†/α) on Aer."""
    inv = _inverse([[1.0, 0.0], [-0.7, 1.0]], eps=5e-2)
    result = verify_block(inv)
    assert result.passed, result.failures
    assert inv.cost() == count_circuit(build_circuit(inv))


class _WrongSign(ChebyshevInverse):
    """The claimed target with every coefficient negated: the circuit no longer matches."""

    def target(self):
        return -super().target()


def test_a_wrong_target_is_caught_on_aer():
    inner = make_block_encoding(BlockEncodingParams(variant="dense",
                                                    matrix=[[1.0, 0.0], [-0.7, 1.0]]))
    result = verify_block(_WrongSign(inner, 5e-2))
    assert not result.passed


def test_needs_the_matrix():
    inner = make_block_encoding(BlockEncodingParams(variant="dense", size=4))
    with pytest.raises(ValueError, match="needs the matrix"):
        ChebyshevInverse(inner)


def test_condition_number_ignores_the_padding():
    # 3x3 padded to 4x4: the zero singular value of the padding is not the smallest one
    a = np.diag([1.0, 0.5, 0.25])
    inner = make_block_encoding(BlockEncodingParams(variant="dense", matrix=a.tolist()))
    assert encoded_condition_number(inner) == pytest.approx(inner.alpha / 0.25)


def test_a_unitary_encoding_needs_only_the_first_chebyshev_term():
    inv = _inverse(np.diag([1.0, -1.0]).tolist(), variant="sparse")  # α = 1, κ = 1
    assert inv.condition_number == pytest.approx(1.0)
    assert list(inv.coefficients) == [1.0] and inv.polynomial_error_bound == 0.0
    assert np.allclose(inv.target(), np.diag([1.0, -1.0]))    # (A/α)⁻¹ = A here


def test_primitive_from_a_model_file_verifies_and_reports_its_polynomial(tmp_path, capsys):
    import json

    from qdl.compiler.cli import main

    model = tmp_path / "mi.yaml"
    model.write_text("name: mi\nprimitive: matrix_inversion\n"
                     "params: {matrix: [[1.0, 0.0], [-0.7, 1.0]], variant: dense}\n")
    assert main([str(model), "--verify", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    notes = report["notes"]
    assert notes["inner_calls"] == 1 + 2 * (2 ** math.ceil(math.log2((notes["degree"] + 1) // 2))
                                            - 1)
    assert report["verification"][0]["passed"]


@pytest.mark.parametrize("params,message", [
    ("{matrix: [[1.0, 2.0], [2.0, 4.0]]}", "singular"),
    ("{matrix: [[1.0, 2.0, 3.0], [2.0, 4.0, 1.0]]}", "square"),
    ("{matrix: [[1.0, 0.0], [0.0, 1.0]], eps: 2}", "less than 1"),
    ("{size: 4}", "missing required key 'params.matrix'"),
    # κ = 10^4: degree 2.6·10⁹, refused before any interpolation (no hang, no MemoryError)
    ("{matrix: [[1.0, 0.0], [0.0, 0.0001]], variant: dense}", "needs a polynomial of degree"),
])
def test_primitive_bad_parameters_are_one_line_errors(tmp_path, capsys, params, message):
    from qdl.compiler.cli import main

    model = tmp_path / "mi.yaml"
    model.write_text(f"name: mi\nprimitive: matrix_inversion\nparams: {params}\n")
    assert main([str(model)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_interpolation_by_dct_equals_numpys_and_scales():
    from qdl.circuits.qlam.matrix_inversion import _chebyshev_interpolate

    def f(x):
        return np.sin(3 * x) + x ** 5

    assert np.allclose(_chebyshev_interpolate(f, 41),
                       np.polynomial.chebyshev.chebinterpolate(f, 41), atol=1e-13)
    c, degree, bound = cks_coefficients(250.0, 0.05)   # b ≈ 5.8·10⁵: a 1.2M-point DCT
    assert degree == 2 * len(c) - 1 and bound <= 0.05
