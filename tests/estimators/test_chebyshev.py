"""The DCT-II / Chebyshev basis of the DCD readout."""

import numpy as np
import pytest

from qdl.estimators import chebyshev


@pytest.mark.parametrize("n", [2, 7, 16, 64])
def test_full_rank_expansion_is_exact_and_basis_orthonormal(n):
    x = np.random.default_rng(n).normal(size=n)
    assert np.allclose(chebyshev.reconstruct(chebyshev.coefficients(x, n), n), x)
    w = chebyshev.orthonormal_basis(n, n)
    assert np.allclose(w @ w.T, np.eye(n))
    scale = chebyshev.coefficient_scale(n, n)
    assert np.allclose(scale * chebyshev.overlaps(x, n), chebyshev.coefficients(x, n))


def test_coefficients_match_the_definition_and_the_tail_is_the_truncation_error():
    n, r = 32, 5
    x = chebyshev.smooth_test_vector(n)
    t = np.cos(np.pi * (np.arange(n) + 0.5) / n)
    direct = [(2 / n) * sum(x[k] * np.polynomial.chebyshev.chebval(t[k], [0] * j + [1])
                            for k in range(n)) for j in range(r)]
    direct[0] /= 2
    assert np.allclose(chebyshev.coefficients(x, r), direct)
    tail = np.linalg.norm(chebyshev.overlaps(x, n)[r:])
    assert chebyshev.truncation_error(x, r)["l2"] == pytest.approx(tail)
    errs = [chebyshev.truncation_error(x, r)["l2"] for r in (2, 4, 8, 16)]
    assert errs == sorted(errs, reverse=True) and errs[-1] < 1e-4
