"""A Hessian spectrum measured on a real (small) model, pruned as the seed describes.

Model: a one-hidden-layer tanh network 64 → h → 10 with softmax cross-entropy on scikit-learn's
8×8 digits (shipped in the package; pixels /16), trained by full-batch gradient descent from a
seeded initialisation. Pruning (seed 002, Liu et al. 2024: train, prune by magnitude, then
continue sparse training): keep the ``keep_fraction`` largest-magnitude weights (biases always
kept) and study the loss restricted to the kept parameters at the pruned point.

Hessian-vector products of the restricted loss are central finite differences of the exact
(backpropagated) gradient, Hv ≈ (g(θ + hv) − g(θ − hv))/2h with h = 1e−4 (error O(h²)).
The extreme eigenvalues come from Lanczos on those products (scipy.sparse.linalg.eigsh on a
LinearOperator); because the model is small, the whole spectrum is also computed from the
dense matrix assembled column by column from the same products, and the two must agree —
that is the check the report prints.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qdl.errors import require

#: what the optional packages are needed for (the one-line error when one is missing)
_PURPOSE = "the measured Hessian (training.hessian.measured: digits data, Lanczos)"


@dataclass
class MLP:
    hidden: int

    def unpack(self, theta: np.ndarray):
        h = self.hidden
        w1 = theta[:64 * h].reshape(h, 64)
        b1 = theta[64 * h:65 * h]
        w2 = theta[65 * h:65 * h + 10 * h].reshape(10, h)
        return w1, b1, w2, theta[65 * h + 10 * h:]

    @property
    def size(self) -> int:
        return 65 * self.hidden + 10 * self.hidden + 10

    def weight_mask(self) -> np.ndarray:
        """True on weights, False on biases."""
        m = np.ones(self.size, bool)
        h = self.hidden
        m[64 * h:65 * h] = False
        m[65 * h + 10 * h:] = False
        return m

    def loss_grad(self, theta: np.ndarray, x: np.ndarray, y: np.ndarray):
        w1, b1, w2, b2 = self.unpack(theta)
        a = np.tanh(x @ w1.T + b1)
        z = a @ w2.T + b2
        p = np.exp(z - z.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        n = len(y)
        loss = float(-np.log(p[np.arange(n), y]).mean())
        p[np.arange(n), y] -= 1
        dz = p / n
        da = (dz @ w2) * (1 - a * a)
        grad = np.concatenate([(da.T @ x).ravel(), da.sum(0), (dz.T @ a).ravel(), dz.sum(0)])
        return loss, grad


def _digits(samples: int, seed: int):
    datasets = require("sklearn.datasets", "studies", _PURPOSE)
    d = datasets.load_digits()
    order = np.random.default_rng(seed).permutation(len(d.target))[:samples]
    return d.data[order] / 16.0, d.target[order]


def measure(hidden: int = 16, keep_fraction: float = 0.1, train_steps: int = 300,
            learning_rate: float = 0.5, samples: int = 1000, seed: int = 0,
            lanczos_k: int = 6, step: float = 1e-4) -> dict:
    """Train, prune, and measure the restricted Hessian's spectrum (module docstring)."""
    linalg = require("scipy.sparse.linalg", "studies", _PURPOSE)
    LinearOperator, eigsh = linalg.LinearOperator, linalg.eigsh
    x, y = _digits(samples, seed)
    net = MLP(hidden)
    rng = np.random.default_rng(seed)
    theta = np.concatenate([rng.normal(0, 1 / 8, 64 * hidden), np.zeros(hidden),
                            rng.normal(0, 1 / np.sqrt(hidden), 10 * hidden), np.zeros(10)])
    for _ in range(train_steps):
        theta -= learning_rate * net.loss_grad(theta, x, y)[1]
    weights = net.weight_mask()
    kept_weights = max(1, round(keep_fraction * weights.sum()))
    threshold = np.sort(np.abs(theta[weights]))[-kept_weights]
    keep = ~weights | (np.abs(theta) >= threshold)
    theta = np.where(keep, theta, 0.0)
    idx = np.flatnonzero(keep)

    def hvp(v: np.ndarray) -> np.ndarray:
        full = np.zeros_like(theta)
        full[idx] = np.ravel(v)
        g_plus = net.loss_grad(theta + step * full, x, y)[1]
        g_minus = net.loss_grad(theta - step * full, x, y)[1]
        return ((g_plus - g_minus) / (2 * step))[idx]

    n = len(idx)
    op = LinearOperator((n, n), matvec=hvp, dtype=float)
    # a seeded start vector: ARPACK's own is random per call, and the report must repeat
    start = np.random.default_rng(seed).standard_normal(n)
    k = min(lanczos_k, n - 1)
    top = np.sort(eigsh(op, k=k, which="LA", v0=start, return_eigenvectors=False))
    bottom = np.sort(eigsh(op, k=k, which="SA", v0=start, return_eigenvectors=False))
    dense = np.stack([hvp(e) for e in np.eye(n)], axis=1)
    dense = 0.5 * (dense + dense.T)
    eig = np.linalg.eigvalsh(dense)
    loss = net.loss_grad(theta, x, y)[0]
    return {"model": f"tanh MLP 64-{hidden}-10 on {samples} digits, {train_steps} GD steps "
                     f"(η = {learning_rate:g}), magnitude-pruned to {keep_fraction:g} of the "
                     "weights (biases kept)",
            "dense_parameters": net.size, "kept_parameters": n, "loss_after_pruning": loss,
            "eigenvalues": eig, "lanczos_top": top, "lanczos_bottom": bottom,
            "lanczos_vs_dense": float(max(np.abs(top - eig[-len(top):]).max(),
                                          np.abs(bottom - eig[:len(bottom)]).max()))}
