"""The discrete Chebyshev (DCT-II) basis that the DCD readout projects a state onto.

Nodes ``t_k = cos(π(k+½)/N)``, k = 0..N−1. The coefficients of a vector x are

    c_j = (2/N) Σ_k x_k T_j(t_k),   c_0 halved,

so that ``x_k = Σ_{j<N} c_j T_j(t_k)`` exactly (discrete orthogonality of T_j on the nodes:
Σ_k T_i(t_k) T_j(t_k) = 0 for i ≠ j, N for i = j = 0, N/2 otherwise). Seed 000 §II.4.

The DCD protocol estimates overlaps with *unit* vectors, so it works with the orthonormal basis
``w_j = T_j(t)/‖T_j(t)‖`` and overlaps ``o_j = ⟨w_j|x⟩``; then ``c_j = o_j·√(2/N)`` (j ≥ 1) and
``c_0 = o_0/√N``. The rank-r reconstruction ``Σ_{j<r} o_j w_j`` is the orthogonal projection of
x on the first r basis vectors, so its ℓ2 error is exactly the tail ``(Σ_{j≥r} o_j²)^½``.
"""

from __future__ import annotations

import numpy as np


def nodes(size: int) -> np.ndarray:
    """t_k = cos(π(k+½)/N)."""
    return np.cos(np.pi * (np.arange(size) + 0.5) / size)


def chebyshev_matrix(size: int, rank: int) -> np.ndarray:
    """T[j, k] = T_j(t_k) for j < rank, via T_j(cos φ) = cos(jφ) (exact, no recurrence drift)."""
    phi = np.pi * (np.arange(size) + 0.5) / size
    return np.cos(np.outer(np.arange(rank), phi))


def orthonormal_basis(size: int, rank: int) -> np.ndarray:
    """Rows w_j = T_j(t)/‖T_j(t)‖: ‖T_0‖² = N, ‖T_j‖² = N/2 for j ≥ 1."""
    return chebyshev_matrix(size, rank) * coefficient_scale(size, rank)[:, None]


def coefficient_scale(size: int, rank: int) -> np.ndarray:
    """s_j = 1/‖T_j(t)‖ = √(2/N) for j ≥ 1 and 1/√N for j = 0. The same factor turns an
    overlap into a coefficient: c_j = (2/N)·‖T_j‖·o_j (halved for j = 0) = s_j·o_j."""
    scale = np.full(rank, np.sqrt(2.0 / size))
    scale[0] = 1.0 / np.sqrt(size)
    return scale


def coefficients(x: np.ndarray, rank: int) -> np.ndarray:
    """c_j = (2/N) Σ_k x_k T_j(t_k) for j < rank, c_0 halved."""
    x = np.asarray(x, dtype=float)
    c = (2.0 / x.size) * chebyshev_matrix(x.size, rank) @ x
    c[0] /= 2
    return c


def overlaps(x: np.ndarray, rank: int) -> np.ndarray:
    """o_j = ⟨w_j|x⟩ for j < rank."""
    x = np.asarray(x, dtype=float)
    return orthonormal_basis(x.size, rank) @ x


def reconstruct(c: np.ndarray, size: int) -> np.ndarray:
    """x̃_k = Σ_j c_j T_j(t_k) from Chebyshev coefficients c (any rank ≤ N)."""
    c = np.asarray(c, dtype=float)
    return chebyshev_matrix(size, c.size).T @ c


def truncation_error(x: np.ndarray, rank: int) -> dict[str, float]:
    """ℓ2 and ℓ∞ distance between x and its rank-r Chebyshev truncation (the DCT tail)."""
    x = np.asarray(x, dtype=float)
    diff = x - reconstruct(coefficients(x, rank), x.size)
    return {"l2": float(np.linalg.norm(diff)), "linf": float(np.max(np.abs(diff)))}


def smooth_test_vector(size: int) -> np.ndarray:
    """The default state to read out when a model gives no amplitudes: a smooth bump plus a
    ripple, f(t) = exp(−4(t−0.3)²) + 0.3·sin(5t) sampled at the nodes t_k, normalised: the
    amplitudes are values of a smooth function (seed 000 §II.4.1), so its Chebyshev
    coefficients decay exponentially, the regime DCD is built for."""
    t = nodes(size)
    f = np.exp(-4.0 * (t - 0.3) ** 2) + 0.3 * np.sin(5.0 * t)
    return f / np.linalg.norm(f)
