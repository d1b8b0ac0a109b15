"""The error-proxy plot: (1/n)·Σ_ν |1 − ηλ_ν|^t against t (Liu et al. 2024, Fig. 2 style).

matplotlib is an optional extra (``pip install 'qdl-compiler[plots]'``); without it the plot is
skipped and the report says so.
"""

from __future__ import annotations

import numpy as np

from qdl.estimators.training.dissipativity import Spectrum, error_proxy


def plot_error_proxy(spectrum: Spectrum, eta: float, steps: int, path: str, title: str) -> str | None:
    """Write the PNG to ``path``; return the path, or None when matplotlib is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    # At most ~2·10^7 terms in all: a 10^7-step run over a 4M-mode spectrum would otherwise
    # need a 10^7 × 4·10^6 array; a few hundred steps draw the same curve.
    points = max(50, min(steps + 1, 1000, 20_000_000 // max(len(spectrum.weights), 1)))
    t = np.unique(np.linspace(0, steps, points).round())
    fig, ax = plt.subplots(figsize=(5, 3.5), dpi=100)
    ax.semilogy(t, error_proxy(spectrum, eta, t))
    ax.set_xlabel("step t")
    ax.set_ylabel(r"$(1/n)\sum_\nu |1-\eta\lambda_\nu|^t$")
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
