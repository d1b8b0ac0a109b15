"""Dissipativity of gradient descent on a polynomial loss, mode by mode.

Gradient descent on L(θ) = ½θᵀHθ + (1/3)·F₂(θ,θ,θ)-type cubic loss is the quadratic map

    θ_{t+1} = A₁θ_t + A₂(θ_t ⊗ θ_t),   A₁ = I − ηH,   A₂ = −ηF₂,

where F₂ is the quadratic part of the gradient (zero for a quadratic loss). A Hessian
eigenmode ν is *dissipative* when |1 − ηλ_ν| < 1, i.e. 0 < ηλ_ν < 2: its component shrinks at
every step (Liu et al. 2024, Nat. Commun. 15, 434, Sec. "Dissipation"). The error proxy the
paper plots is the mean surviving amplitude after t steps, (1/n)·Σ_ν |1 − ηλ_ν|^t.

The nonlinearity condition is the discrete analogue of R in Liu et al. 2021 (PNAS 118,
e2026805118, Eq. 4.3, without forcing): with a = ‖A₁‖ = max_ν |1 − ηλ_ν| and the rescaled
nonlinearity c = η‖F₂‖‖θ₀‖,

    R = c / (1 − a) = ‖F₂‖‖θ₀‖ / |λ_min|   when every mode is dissipative and ηλ_max ≤ 1,

which is PNAS's R = ‖u_in‖‖F₂‖/|Re λ₁| exactly. R < 1 ⇔ a + c < 1, the condition under
which ‖θ_{t+1}‖ ≤ (a + c)‖θ_t‖ never grows and the Carleman truncation error decays like R^N.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Spectrum:
    """Hessian eigenvalues with multiplicities (weights sum to the number of modes)."""

    values: np.ndarray
    weights: np.ndarray

    @classmethod
    def from_eigenvalues(cls, eigenvalues) -> "Spectrum":
        values = np.asarray(eigenvalues, dtype=float)
        return cls(values, np.ones_like(values))

    @classmethod
    def from_histogram(cls, edges, counts) -> "Spectrum":
        """Bin centres carry the bin counts (the paper reports spectra as histograms)."""
        edges = np.asarray(edges, dtype=float)
        return cls(0.5 * (edges[1:] + edges[:-1]), np.asarray(counts, dtype=float))

    @classmethod
    def from_matrix(cls, hessian) -> "Spectrum":
        """The spectrum of a small symmetric Hessian, computed here."""
        h = np.asarray(hessian, dtype=float)
        return cls.from_eigenvalues(np.linalg.eigvalsh(0.5 * (h + h.T)))

    @property
    def modes(self) -> float:
        return float(self.weights.sum())

    @property
    def lambda_min(self) -> float:
        return float(self.values[self.weights > 0].min())

    @property
    def lambda_max(self) -> float:
        return float(self.values[self.weights > 0].max())


def mode_factors(spectrum: Spectrum, eta: float) -> np.ndarray:
    """|1 − ηλ_ν| for every listed eigenvalue (per bin for a histogram)."""
    return np.abs(1.0 - eta * spectrum.values)


def dissipative_fraction(spectrum: Spectrum, eta: float) -> float:
    """Fraction of modes (weighted) with |1 − ηλ| < 1."""
    ok = mode_factors(spectrum, eta) < 1.0
    return float(spectrum.weights[ok].sum() / spectrum.modes)


def linear_norm(spectrum: Spectrum, eta: float) -> float:
    """a = ‖I − ηH‖ = max_ν |1 − ηλ_ν| (H symmetric)."""
    return float(mode_factors(spectrum, eta)[spectrum.weights > 0].max())


def error_proxy(spectrum: Spectrum, eta: float, steps) -> np.ndarray:
    """(1/n)·Σ_ν |1 − ηλ_ν|^t for each t in ``steps`` (Liu et al. 2024, Fig. 2)."""
    f = mode_factors(spectrum, eta)
    t = np.asarray(steps, dtype=float)
    return (spectrum.weights[None, :] * f[None, :] ** t[:, None]).sum(axis=1) / spectrum.modes


def mean_square_decay(spectrum: Spectrum, eta: float, steps) -> np.ndarray:
    """‖θ_t‖²/‖θ₀‖² for the linear part when θ₀ spreads evenly over the eigenmodes."""
    f = mode_factors(spectrum, eta)
    t = np.asarray(steps, dtype=float)
    return (spectrum.weights[None, :] * f[None, :] ** (2 * t[:, None])).sum(axis=1) / spectrum.modes


def r_number(a: float, c: float) -> float:
    """Discrete R = c/(1 − a): 0 without nonlinearity, infinite when a ≥ 1 and c > 0."""
    if c == 0.0:
        return 0.0
    if a >= 1.0:
        return float("inf")
    return c / (1.0 - a)
