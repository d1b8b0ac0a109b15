"""Readout applied to a batch of layer outputs, with qdl's protocols' statistics, fast enough to
sit in a CNN's forward pass (qdl.estimators.readout_study).

A layer output h (any shape per example) is read out as the state |x⟩ = h/‖h‖ over its
d = h.size amplitudes; the estimate is multiplied back by ‖h‖ (convention: the norm is known to
the classical controller, as in the seed's architecture; reading it costs another amplitude
estimation that is not counted here).

- Tomography: :func:`qdl.estimators.readout_protocols.run_tomography` itself, one vector at a
  time (multinomial magnitude counts, sign-stage counts; S = ⌈36·ln d/δ²⌉ per stage).
- DCD: the rank-r Chebyshev projection plus each overlap's estimation error drawn from the
  protocol of :func:`~qdl.estimators.readout_protocols.run_dcd` (median of K canonical AE runs on
  a 2^bits-point phase register, ô = 2·median(ã) − 1), vectorised over the batch. Two exact
  shortcuts make it fast: (i) ã = sin²(πy/2^bits) takes the same value at y and 2^bits − y, so
  the law of ã is that of sin²(πy/2^bits) with y ~ F(y − 2^bits·ω) (one Fejér peak instead of
  two); (ii) the median of K i.i.d. draws is the quantile transform of one Beta(m, m) variable,
  m = (K+1)/2, so one draw replaces K. One approximation: y is drawn within ±``window`` points of
  the peak (exact when 2·window+1 ≥ 2^bits); the law's mass beyond is ≤ 2/(π²·window) per run
  (1.3 % at 16) and moves the median of K = 25 runs only if 13 runs land there.
"""

from __future__ import annotations

import numpy as np
from scipy.fft import dct, idct

from qdl.estimators import readout
from qdl.estimators.readout_protocols import NumpySampler, phase_bits, run_tomography

#: half-width of the outcome window around the AE peak (module docstring)
WINDOW = 16


def _fejer(delta: np.ndarray, m: int) -> np.ndarray:
    num = np.sin(np.pi * delta) ** 2
    den = (m * np.sin(np.pi * delta / m)) ** 2
    near = np.abs(den) < 1e-300
    return np.where(near, 1.0, num / np.where(near, 1.0, den))


def ae_median_law(a: np.ndarray, bits: int, window: int = WINDOW
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Values ã = sin²(πy/M) and probabilities of one AE run, per success probability a
    (shape (n,) → (n, L)), y within ±window of the peak M·ω (all M outcomes when that covers
    them)."""
    m = 1 << bits
    omega = np.arcsin(np.sqrt(np.clip(a, 0, 1))) / np.pi
    if 2 * window + 1 >= m:
        y = np.broadcast_to(np.arange(m), (len(a), m))
        # both peaks, exactly as readout_protocols.ae_distribution
        p = 0.5 * (_fejer(y - m * omega[:, None], m) + _fejer(y + m * omega[:, None], m))
    else:
        y = np.floor(m * omega)[:, None] + np.arange(-window, window + 1)
        p = _fejer(y - m * omega[:, None], m)
    p = p / p.sum(axis=1, keepdims=True)
    return np.sin(np.pi * y / m) ** 2, p


def median_of_runs(values: np.ndarray, probs: np.ndarray, runs: int,
                   rng: np.random.Generator) -> np.ndarray:
    """One draw of the median of ``runs`` (odd) i.i.d. outcomes per row: the quantile of the
    sorted law at U ~ Beta(m, m), m = (runs+1)/2."""
    order = np.argsort(values, axis=1)
    v = np.take_along_axis(values, order, axis=1)
    cdf = np.cumsum(np.take_along_axis(probs, order, axis=1), axis=1)
    m = (runs + 1) // 2
    u = rng.beta(m, m, size=len(values))
    idx = np.minimum((cdf < u[:, None]).sum(axis=1), values.shape[1] - 1)
    return v[np.arange(len(values)), idx]


def dcd_batch(h: np.ndarray, rank: int, epsilon: float, rng: np.random.Generator,
              failure: float = 0.01) -> np.ndarray:
    """DCD readout of every example of the batch h (first axis), same shape back."""
    flat = h.reshape(len(h), -1)
    size = flat.shape[1]
    rank = min(rank, size)
    norms = np.linalg.norm(flat, axis=1)
    unit = flat / np.where(norms > 0, norms, 1.0)[:, None]
    # the orthonormal Chebyshev basis at the nodes cos(π(k+½)/N) is the orthonormal DCT-II
    # basis (w_j[k] ∝ cos(πj(k+½)/N)), so overlaps and reconstruction are O(d log d) DCTs;
    # tests/estimators/test_readout_emulation.py checks this against chebyshev.orthonormal_basis
    o = dct(unit, type=2, norm="ortho", axis=1)[:, :rank]
    cost = readout.dcd(size, rank, epsilon, failure)
    bits = phase_bits(int(cost.constants["M"]))
    a = np.clip((1 + o.ravel()) / 2, 0, 1)
    est = np.empty_like(a)
    for start in range(0, len(a), 65536):  # bounded memory: rows × (2·window+1)
        part = slice(start, start + 65536)
        values, probs = ae_median_law(a[part], bits)
        est[part] = median_of_runs(values, probs, int(cost.constants["K"]), rng)
    coeffs = np.zeros_like(unit)
    coeffs[:, :rank] = (2 * est - 1).reshape(o.shape)
    return (idct(coeffs, type=2, norm="ortho", axis=1) * norms[:, None]).reshape(h.shape)


def tomography_batch(h: np.ndarray, delta: float, rng: np.random.Generator,
                     sign_stage: bool = True) -> np.ndarray:
    """ℓ∞ tomography of every example (qdl's executable protocol, one vector at a time)."""
    flat = h.reshape(len(h), -1)
    out = np.zeros_like(flat)
    sampler = NumpySampler(0)
    sampler.rng = rng
    for i, x in enumerate(flat):
        norm = float(np.linalg.norm(x))
        if norm > 0:
            out[i] = norm * run_tomography(x, delta, sampler, sign_stage=sign_stage).estimate
    return out.reshape(h.shape)
