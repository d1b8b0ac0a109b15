"""Carleman embedding of gradient descent and the linear system the quantum solver inverts.

The GD map θ ↦ A₁θ + A₂(θ⊗θ) (see ``dissipativity``) acts on the tensor powers y_j = θ^{⊗j}
linearly: expanding (A₁θ + A₂θ⊗θ)^{⊗j}, each of the j factors takes A₁ (one θ) or A₂ (two θ),

    y_j(t+1) = Σ_{k=0}^{j} B_{j,j+k} y_{j+k}(t),   B_{j,j+k} = Σ_{k of j factors are A₂} ⊗ factors,

(discrete-time Carleman linearisation, Liu et al. 2024, Nat. Commun. 15, 434, Methods, after
Liu et al. 2021, PNAS 118, e2026805118, Eq. 4.1). Truncating at order N drops every y_i with
i > N. The T steps, plus P padding steps that copy the final state (so that it carries a
constant share of the solution's norm; PNAS Sec. 4.2), form one lower block-bidiagonal system

    L·Y = (y_in, 0, ..., 0),   L = I − Σ_t |t+1⟩⟨t| ⊗ (B if t < T else I),

with Y = (y(0), ..., y(T+P)). Everything here works on u = θ/‖θ₀‖ (‖u₀‖ = 1), so the
nonlinearity entering the bounds is c = η‖F₂‖‖θ₀‖.

Bounds used for models too large to build (each checked against the exact numbers on small
instances in tests/estimators/training/test_carleman.py):
- truncation: ‖θ_t − ‖θ₀‖ŷ₁(t)‖ ≤ ‖θ₀‖·R^N when R < 1 (the form of PNAS Lemma 4.2, which
  bounds the j = 1 error by ‖u_in‖R^N), so N = ⌈ln(ε/‖θ₀‖)/ln R⌉; N = 1 for a quadratic loss;
- ‖B‖ ≤ b := ‖M‖₂ with M_{j,j+k} = C(j,k)·a^{j−k}·c^k (the norms of the blocks), and
  ‖L‖ ≤ 1 + max(1, b), ‖L⁻¹‖ ≤ (T+P+1)·max(1, b)^T (every block of L⁻¹ is a product of at
  most T copies of B), so κ(L) ≤ (1 + max(1,b))·(T+P+1)·max(1,b)^T: O(T) when b ≤ 1;
- row sparsity of B: (s₁ + s₂)^N for N-fold tensor factors (s₁, s₂ = row non-zeros of A₁, A₂);
  of L: that plus one.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np


def _kron_all(mats: list[np.ndarray]) -> np.ndarray:
    out = np.ones((1, 1))
    for m in mats:
        out = np.kron(out, m)
    return out


def carleman_matrix(a1: np.ndarray, a2: np.ndarray, order: int) -> np.ndarray:
    """The truncated Carleman step matrix B over (y_1, ..., y_N), dimension Σ_j n^j."""
    n = a1.shape[0]
    dims = [n ** j for j in range(1, order + 1)]
    offsets = np.concatenate([[0], np.cumsum(dims)])
    b = np.zeros((offsets[-1], offsets[-1]))
    for j in range(1, order + 1):
        for choice in itertools.product((0, 1), repeat=j):  # 1 = this factor takes A₂
            i = j + sum(choice)
            if i > order:
                continue
            block = _kron_all([a2 if c else a1 for c in choice])
            b[offsets[j - 1]:offsets[j], offsets[i - 1]:offsets[i]] += block
    return b


def carleman_initial(u0: np.ndarray, order: int) -> np.ndarray:
    """(u₀, u₀⊗u₀, ..., u₀^{⊗N})."""
    parts, power = [], np.ones(1)
    for _ in range(order):
        power = np.kron(power, u0)
        parts.append(power)
    return np.concatenate(parts)


def gd_trajectory(a1: np.ndarray, a2: np.ndarray, theta0: np.ndarray, steps: int) -> np.ndarray:
    """Direct gradient descent: rows θ_0, ..., θ_T of θ ↦ A₁θ + A₂(θ⊗θ)."""
    out = [np.asarray(theta0, dtype=float)]
    for _ in range(steps):
        th = out[-1]
        out.append(a1 @ th + a2 @ np.kron(th, th))
    return np.array(out)


def carleman_trajectory(a1: np.ndarray, a2: np.ndarray, theta0: np.ndarray, order: int,
                        steps: int) -> np.ndarray:
    """θ_t ≈ ‖θ₀‖·ŷ₁(t) from the order-N truncated embedding (rescaled to ‖u₀‖ = 1)."""
    scale = float(np.linalg.norm(theta0))
    b = carleman_matrix(a1, a2 * scale, order)
    y = carleman_initial(np.asarray(theta0) / scale, order)
    n = a1.shape[0]
    out = [y[:n] * scale]
    for _ in range(steps):
        y = b @ y
        out.append(y[:n] * scale)
    return np.array(out)


def history_system(b: np.ndarray, steps: int, padding: int) -> np.ndarray:
    """L = I − Σ_t |t+1⟩⟨t| ⊗ (B for t < T, I after): the (T+P+1)·D square system."""
    d = b.shape[0]
    blocks = steps + padding + 1
    ell = np.eye(blocks * d)
    for t in range(steps + padding):
        step = b if t < steps else np.eye(d)
        ell[(t + 1) * d:(t + 2) * d, t * d:(t + 1) * d] -= step
    return ell


def truncation_order(r: float, eps: float, theta0_norm: float, nonlinear: bool) -> int:
    """Smallest N with ‖θ₀‖·R^N ≤ ε; 1 for a linear map (quadratic loss)."""
    if not nonlinear or r == 0.0 or theta0_norm <= eps:
        return 1
    if not r < 1.0:
        raise ValueError(f"R = {r:.4g} ≥ 1: the Carleman truncation does not converge")
    return max(1, math.ceil(math.log(eps / theta0_norm) / math.log(r)))


def step_norm_bound(a: float, c: float, order: int) -> float:
    """b = ‖M‖₂, M_{j,j+k} = C(j,k)·a^{j−k}·c^k: a bound on ‖B‖ from the blocks' norms."""
    m = np.zeros((order, order))
    for j in range(1, order + 1):
        for k in range(0, j + 1):
            if j + k <= order:
                m[j - 1, j + k - 1] = math.comb(j, k) * a ** (j - k) * c ** k
    return float(np.linalg.norm(m, 2))


@dataclass(frozen=True)
class LinearSystem:
    """Size, sparsity and conditioning of the Carleman history system for one model."""

    order: int
    params: int
    steps: int
    padding: int
    step_norm: float
    carleman_dim_log2: float
    rows_log2: float
    row_sparsity: int
    norm_bound: float
    kappa_bound: float

    @property
    def qubits(self) -> int:
        """System register: time, Carleman level, N copies of the parameter index."""
        return (math.ceil(math.log2(self.steps + self.padding + 1))
                + math.ceil(math.log2(self.order)) + self.order * math.ceil(math.log2(self.params)))


def linear_system(params: int, steps: int, padding: int, order: int, a: float, c: float,
                  s1: int, s2: int) -> LinearSystem:
    """Sizes from formulas (the module docstring); never builds the matrix."""
    b = step_norm_bound(a, c, order)
    top = max(1.0, b)
    # log2 Σ_{j≤N} n^j = N·log2 n + log2 Σ_{k<N} n^{−k}, exact without forming n^N
    dim_log2 = order * math.log2(params) + math.log2(sum(params ** -k for k in range(order)))
    rows_log2 = dim_log2 + math.log2(steps + padding + 1)
    norm_l = 1.0 + top
    try:
        inv_l = (steps + padding + 1) * top ** steps
    except OverflowError:                # b > 1 raised to a large T: κ is effectively infinite
        inv_l = math.inf
    sparsity = (s1 + (s2 if c > 0 else 0)) ** order + 1
    return LinearSystem(order, params, steps, padding, b, dim_log2, rows_log2, sparsity,
                        norm_l, norm_l * inv_l)
